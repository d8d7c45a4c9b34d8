//! Grievances: the county's two-level categories with their deadlines, routing rules, the
//! ledger itself with its handling units, timeline and attachments, the in-app inbox the
//! deadline job fills, yellow cards, and the per-unit-per-day rollup behind the statistics.
//! Every table is a tenant table with forced row-level security on PostgreSQL; every index
//! that serves a tenant query starts with `county_id`.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables, in creation order (drop in reverse).
const TABLES: &[&str] = &[
    "grievance_settings",
    "grievance_categories",
    "routing_rules",
    "grievances",
    "grievance_units",
    "grievance_events",
    "grievance_attachments",
    "inbox_items",
    "yellow_cards",
    "grievance_unit_days",
];

fn c(name: &str) -> Alias {
    Alias::new(name)
}

fn tenant_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(c(name))
        .col(uuid(c("county_id")))
        .foreign_key(
            ForeignKey::create()
                .from(c(name), c("county_id"))
                .to(c("counties"), c("id"))
                .on_delete(ForeignKeyAction::Restrict),
        )
        .to_owned()
}

fn fk(table: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(c(table), c(column))
        .to(c(to), c("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too (the migrator's default there is none): a migration
    /// applies whole or not at all, and all its statements share one connection.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            // One row per county that changed the defaults (repeat window 90 days, "due soon"
            // 3 days before a deadline).
            tenant_table("grievance_settings")
                .col(integer(c("repeat_days")))
                .col(integer(c("soon_days")))
                .primary_key(Index::create().col(c("county_id")))
                .to_owned(),
            // Two levels: a top category (parent null) and its subcategories. Deadlines in days.
            tenant_table("grievance_categories")
                .col(pk_uuid(c("id")))
                .col(uuid_null(c("parent_id")))
                .col(string_len(c("code"), 32))
                .col(string_len(c("name"), 64))
                .col(integer(c("accept_days")))
                .col(integer(c("handle_days")))
                .col(boolean(c("active")))
                .col(integer(c("position")))
                .to_owned(),
            // Category → the department that leads its cases. Without a rule, the township of
            // the place leads.
            tenant_table("routing_rules")
                .col(pk_uuid(c("id")))
                .col(uuid(c("category_id")))
                .col(uuid(c("unit_id")))
                .col(timestamp_with_time_zone(c("created_at")))
                .foreign_key(&mut fk(
                    "routing_rules",
                    "category_id",
                    "grievance_categories",
                ))
                .foreign_key(&mut fk("routing_rules", "unit_id", "org_units"))
                .to_owned(),
            tenant_table("grievances")
                .col(pk_uuid(c("id")))
                // What the resident quotes on the tracking page.
                .col(string_len(c("code"), 16))
                .col(string_len(c("channel"), 16))
                .col(string_len(c("status"), 16))
                .col(string_len(c("urgency"), 16))
                .col(uuid(c("category_id")))
                // The place (down to the village) and its path: scope checks are a prefix.
                .col(uuid(c("place_id")))
                .col(string_len(c("path"), 255))
                // Who dispatches it: the place's township, else the county.
                .col(uuid(c("dispatch_unit_id")))
                .col(uuid_null(c("lead_unit_id")))
                .col(string_len(c("reporter_name"), 64))
                .col(string_len_null(c("reporter_phone"), 20))
                .col(uuid_null(c("household_id")))
                .col(uuid_null(c("person_id")))
                .col(string_len(c("description"), 4000))
                .col(string_len_null(c("reply"), 4000))
                .col(string_len_null(c("satisfaction"), 16))
                .col(string_len_null(c("extension"), 16))
                .col(integer(c("extension_days")))
                .col(integer(c("redo_count")))
                .col(uuid_null(c("repeat_of")))
                .col(boolean(c("supervised")))
                .col(uuid_null(c("leader_id")))
                // Set by the deadline job: none, soon, overdue.
                .col(string_len(c("alert"), 16))
                .col(timestamp_with_time_zone(c("accept_due")))
                .col(timestamp_with_time_zone_null(c("handle_due")))
                .col(timestamp_with_time_zone_null(c("accepted_at")))
                .col(timestamp_with_time_zone_null(c("replied_at")))
                .col(timestamp_with_time_zone_null(c("closed_at")))
                .col(boolean_null(c("accepted_on_time")))
                .col(boolean_null(c("closed_on_time")))
                // The day it was received (Asia/Shanghai), the rollup's period key.
                .col(date(c("received_on")))
                .col(uuid_null(c("concern_id")))
                .col(uuid_null(c("created_by")))
                .col(timestamp_with_time_zone(c("created_at")))
                .col(timestamp_with_time_zone(c("updated_at")))
                // Every change bumps it; an update that finds another version lost a race.
                .col(integer(c("version")))
                .foreign_key(&mut fk("grievances", "category_id", "grievance_categories"))
                .foreign_key(&mut fk("grievances", "place_id", "org_units"))
                .to_owned(),
            // The units handling a case: its lead (主办) and co-handlers (协办), with their
            // paths so a department's or township's cases are one index range.
            tenant_table("grievance_units")
                .col(uuid(c("grievance_id")))
                .col(uuid(c("unit_id")))
                .col(string_len(c("path"), 255))
                .col(boolean(c("lead")))
                .primary_key(Index::create().col(c("grievance_id")).col(c("unit_id")))
                .foreign_key(&mut fk("grievance_units", "grievance_id", "grievances"))
                .to_owned(),
            // The timeline: every state change, note, reminder and escalation.
            tenant_table("grievance_events")
                .col(pk_uuid(c("id")))
                .col(uuid(c("grievance_id")))
                .col(string_len(c("kind"), 24))
                .col(string_len_null(c("from_status"), 16))
                .col(string_len(c("to_status"), 16))
                .col(uuid_null(c("actor_id")))
                .col(string_len(c("actor_name"), 64))
                .col(string_len_null(c("note"), 2000))
                .col(string_len_null(c("detail"), 255))
                .col(timestamp_with_time_zone(c("created_at")))
                .foreign_key(&mut fk("grievance_events", "grievance_id", "grievances"))
                .to_owned(),
            tenant_table("grievance_attachments")
                .col(pk_uuid(c("id")))
                .col(uuid(c("grievance_id")))
                .col(string_len(c("file_name"), 128))
                .col(string_len(c("content_type"), 32))
                .col(integer(c("size")))
                .col(blob(c("bytes")))
                .col(timestamp_with_time_zone(c("created_at")))
                .foreign_key(&mut fk(
                    "grievance_attachments",
                    "grievance_id",
                    "grievances",
                ))
                .to_owned(),
            // A unit's inbox. `due_at` is part of the key so a reminder for one deadline is
            // written once however often (and on however many servers) the job runs.
            tenant_table("inbox_items")
                .col(pk_uuid(c("id")))
                .col(uuid(c("unit_id")))
                .col(uuid(c("grievance_id")))
                .col(string_len(c("kind"), 16))
                .col(timestamp_with_time_zone(c("due_at")))
                .col(timestamp_with_time_zone(c("created_at")))
                .col(timestamp_with_time_zone_null(c("read_at")))
                .foreign_key(&mut fk("inbox_items", "grievance_id", "grievances"))
                .to_owned(),
            tenant_table("yellow_cards")
                .col(pk_uuid(c("id")))
                .col(uuid(c("unit_id")))
                .col(uuid_null(c("grievance_id")))
                .col(string_len(c("reason"), 500))
                .col(uuid(c("issued_by")))
                .col(date(c("issued_on")))
                .col(timestamp_with_time_zone(c("created_at")))
                .foreign_key(&mut fk("yellow_cards", "unit_id", "org_units"))
                .to_owned(),
            // Σ of every case's contribution, per responsible unit and day received; kept
            // current in the transaction of every change.
            tenant_table("grievance_unit_days")
                .col(uuid(c("unit_id")))
                .col(date(c("day")))
                .col(integer(c("received")))
                .col(integer(c("accepted")))
                .col(integer(c("accepted_on_time")))
                .col(integer(c("closed")))
                .col(integer(c("closed_on_time")))
                .col(integer(c("followed_up")))
                .col(integer(c("satisfied")))
                .col(integer(c("redone")))
                .col(integer(c("repeats")))
                .primary_key(
                    Index::create()
                        .col(c("county_id"))
                        .col(c("unit_id"))
                        .col(c("day")),
                )
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }

        let db = manager.get_connection();
        for sql in INDEXES {
            db.execute_unprepared(sql).await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            for table in TABLES {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY; \
                     ALTER TABLE {table} FORCE ROW LEVEL SECURITY; \
                     CREATE POLICY tenant_isolation ON {table} \
                       USING ({POLICY}) WITH CHECK ({POLICY}); \
                     GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO minqing_app;"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(c(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// The same policy as every tenant table (see the access migration).
const POLICY: &str =
    "county_id IS NOT DISTINCT FROM NULLIF(current_setting('app.county_id', true), '')::uuid";

const INDEXES: &[&str] = &[
    "CREATE UNIQUE INDEX ux_grievance_categories_code ON grievance_categories (county_id, code)",
    "CREATE INDEX ix_grievance_categories_parent ON grievance_categories (county_id, parent_id, position)",
    "CREATE UNIQUE INDEX ux_routing_rules_category ON routing_rules (county_id, category_id)",
    // The tracking code is unique within its county (the public page names the county).
    "CREATE UNIQUE INDEX ux_grievances_code ON grievances (county_id, code)",
    // The ledger newest first (keyset on id, a UUIDv7, which also makes a date range an id
    // range), a subtree's, and its common filters.
    "CREATE INDEX ix_grievances_id ON grievances (county_id, id)",
    "CREATE INDEX ix_grievances_path ON grievances (county_id, path, id)",
    "CREATE INDEX ix_grievances_status ON grievances (county_id, status, id)",
    "CREATE INDEX ix_grievances_category ON grievances (county_id, category_id, id)",
    // Overdue cases, newest first (the ledger's filter, the statistics' count).
    "CREATE INDEX ix_grievances_alert ON grievances (county_id, alert, id)",
    // Repeat detection: the same phone or household within the window.
    "CREATE INDEX ix_grievances_phone ON grievances (county_id, reporter_phone, created_at)",
    "CREATE INDEX ix_grievances_household ON grievances (county_id, household_id, created_at)",
    "CREATE INDEX ix_grievance_units_path ON grievance_units (county_id, path, grievance_id)",
    "CREATE INDEX ix_grievance_events_case ON grievance_events (county_id, grievance_id, created_at)",
    "CREATE INDEX ix_grievance_attachments_case ON grievance_attachments (county_id, grievance_id)",
    "CREATE UNIQUE INDEX ux_inbox_items_once ON inbox_items (county_id, unit_id, grievance_id, kind, due_at)",
    "CREATE INDEX ix_inbox_items_unit ON inbox_items (county_id, unit_id, created_at)",
    "CREATE INDEX ix_yellow_cards_unit ON yellow_cards (county_id, unit_id, issued_on)",
];
