//! Households and visits: the registry (households, their members, their paired cadres), the
//! county's lists (tags, 五必访 events, policies, the 补访 delay), campaigns, visit tasks, visits
//! with their concerns and photos, must-visit events, and the campaign rollup that coverage
//! pages read instead of counting tasks. Every table is a tenant table with forced row-level
//! security on PostgreSQL; every index that serves a tenant query starts with `county_id`.
//!
//! Records that belong to a place carry that place's `path`, so a subtree is one index range.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables, in creation order (drop in reverse).
const TABLES: &[&str] = &[
    "visit_options",
    "households",
    "household_members",
    "household_cadres",
    "campaigns",
    "trigger_events",
    "visit_tasks",
    "visits",
    "visit_photos",
    "visit_concerns",
    "campaign_progress",
];

fn c(name: &str) -> Alias {
    Alias::new(name)
}

/// A table whose first column is `county_id` (a foreign key to `counties`).
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
            // A county's editable lists. `kind`: tag, trigger (五必访, with `days` until due),
            // policy (publicity a visit can deliver), follow_up (one row: days until a 补访 is due).
            // A county that has never edited a kind uses the built-in defaults.
            tenant_table("visit_options")
                .col(string_len(c("kind"), 16))
                .col(string_len(c("code"), 32))
                .col(string_len(c("label"), 64))
                .col(integer_null(c("days")))
                .col(boolean(c("active")))
                .col(integer(c("position")))
                .primary_key(
                    Index::create()
                        .col(c("county_id"))
                        .col(c("kind"))
                        .col(c("code")),
                )
                .to_owned(),
            tenant_table("households")
                .col(pk_uuid(c("id")))
                .col(uuid(c("org_unit_id")))
                .col(string_len(c("path"), 255))
                .col(string_len(c("group_name"), 32))
                .col(string_len(c("house_number"), 32))
                .col(string_len(c("address"), 128))
                .col(string_len(c("head_name"), 32))
                .col(string_len_null(c("phone"), 16))
                .col(text(c("tags")))
                .col(text(c("notes")))
                .col(integer(c("members")))
                .col(timestamp_with_time_zone(c("created_at")))
                .col(timestamp_with_time_zone(c("updated_at")))
                .foreign_key(&mut fk("households", "org_unit_id", "org_units"))
                .to_owned(),
            tenant_table("household_members")
                .col(pk_uuid(c("id")))
                .col(uuid(c("household_id")))
                .col(string_len(c("name"), 32))
                .col(string_len(c("relation"), 16))
                .col(string_len_null(c("gender"), 8))
                .col(date_null(c("birth_date")))
                .col(string_len_null(c("id_number"), 18))
                .col(string_len_null(c("phone"), 16))
                .col(integer(c("position")))
                .foreign_key(&mut fk("household_members", "household_id", "households"))
                .to_owned(),
            tenant_table("household_cadres")
                .col(uuid(c("household_id")))
                .col(uuid(c("user_id")))
                .col(timestamp_with_time_zone(c("created_at")))
                .primary_key(Index::create().col(c("household_id")).col(c("user_id")))
                .foreign_key(&mut fk("household_cadres", "household_id", "households"))
                .foreign_key(&mut fk("household_cadres", "user_id", "users"))
                .to_owned(),
            tenant_table("campaigns")
                .col(pk_uuid(c("id")))
                .col(string_len(c("name"), 64))
                .col(date(c("starts_on")))
                .col(date(c("ends_on")))
                .col(uuid(c("org_unit_id")))
                .col(string_len(c("path"), 255))
                .col(text(c("tags")))
                .col(string_len(c("modes"), 64))
                .col(integer(c("target_percent")))
                .col(string_len(c("status"), 16))
                .col(integer(c("target")))
                .col(uuid(c("created_by")))
                .col(timestamp_with_time_zone(c("created_at")))
                .foreign_key(&mut fk("campaigns", "org_unit_id", "org_units"))
                .foreign_key(&mut fk("campaigns", "created_by", "users"))
                .to_owned(),
            tenant_table("trigger_events")
                .col(pk_uuid(c("id")))
                .col(uuid(c("household_id")))
                .col(string_len(c("path"), 255))
                .col(string_len(c("kind"), 32))
                .col(string_len(c("label"), 64))
                .col(date(c("occurred_on")))
                .col(text(c("note")))
                .col(uuid(c("recorded_by")))
                .col(timestamp_with_time_zone(c("created_at")))
                .foreign_key(&mut fk("trigger_events", "household_id", "households"))
                .foreign_key(&mut fk("trigger_events", "recorded_by", "users"))
                .to_owned(),
            // One row per thing a cadre must do at a household. `kind`: campaign (one per target
            // household; `met` turns true with the first visit where someone was met), follow_up
            // (补访), trigger (五必访). `status`: open, done, cancelled.
            tenant_table("visit_tasks")
                .col(pk_uuid(c("id")))
                .col(uuid(c("household_id")))
                .col(uuid(c("org_unit_id")))
                .col(string_len(c("path"), 255))
                .col(string_len(c("kind"), 16))
                .col(uuid_null(c("campaign_id")))
                .col(uuid_null(c("trigger_id")))
                .col(uuid_null(c("assignee_id")))
                .col(date(c("due_on")))
                .col(string_len(c("status"), 16))
                .col(boolean(c("visited")))
                .col(boolean(c("met")))
                .col(uuid_null(c("visit_id")))
                .col(timestamp_with_time_zone(c("created_at")))
                .col(timestamp_with_time_zone_null(c("closed_at")))
                .foreign_key(&mut fk("visit_tasks", "household_id", "households"))
                .foreign_key(&mut fk("visit_tasks", "campaign_id", "campaigns"))
                .foreign_key(&mut fk("visit_tasks", "trigger_id", "trigger_events"))
                .foreign_key(&mut fk("visit_tasks", "assignee_id", "users"))
                .to_owned(),
            tenant_table("visits")
                .col(pk_uuid(c("id")))
                .col(uuid(c("household_id")))
                .col(uuid(c("org_unit_id")))
                .col(string_len(c("path"), 255))
                .col(uuid_null(c("task_id")))
                .col(uuid_null(c("campaign_id")))
                .col(uuid(c("visitor_id")))
                .col(timestamp_with_time_zone(c("visited_at")))
                .col(string_len(c("mode"), 16))
                .col(boolean(c("met")))
                .col(string_len(c("met_whom"), 32))
                .col(string_len_null(c("attitude"), 16))
                .col(text(c("notes")))
                .col(text(c("policies")))
                .col(double_null(c("latitude")))
                .col(double_null(c("longitude")))
                .col(boolean(c("has_photo")))
                .col(uuid(c("submission_key")))
                .col(timestamp_with_time_zone(c("created_at")))
                .foreign_key(&mut fk("visits", "household_id", "households"))
                .foreign_key(&mut fk("visits", "task_id", "visit_tasks"))
                .foreign_key(&mut fk("visits", "campaign_id", "campaigns"))
                .foreign_key(&mut fk("visits", "visitor_id", "users"))
                .to_owned(),
            tenant_table("visit_photos")
                .col(pk_uuid(c("visit_id")))
                .col(string_len(c("content_type"), 32))
                .col(blob(c("bytes")))
                .foreign_key(&mut fk("visit_photos", "visit_id", "visits"))
                .to_owned(),
            // What a family raised during a visit; `grievance_id` links it to the case the
            // grievance ledger opens from it.
            tenant_table("visit_concerns")
                .col(pk_uuid(c("id")))
                .col(uuid(c("visit_id")))
                .col(uuid(c("household_id")))
                .col(string_len(c("path"), 255))
                .col(integer(c("position")))
                .col(string_len(c("text"), 500))
                .col(uuid_null(c("grievance_id")))
                .col(timestamp_with_time_zone(c("created_at")))
                .foreign_key(&mut fk("visit_concerns", "visit_id", "visits"))
                .to_owned(),
            // The rollup behind coverage pages, per campaign × village × assignee (the nil uuid for
            // unassigned tasks). Kept current in the same transaction as every change it counts.
            tenant_table("campaign_progress")
                .col(uuid(c("campaign_id")))
                .col(uuid(c("org_unit_id")))
                .col(uuid(c("assignee_key")))
                .col(string_len(c("path"), 255))
                .col(integer(c("target")))
                .col(integer(c("visited")))
                .col(integer(c("met")))
                .col(integer(c("follow_ups")))
                .primary_key(
                    Index::create()
                        .col(c("campaign_id"))
                        .col(c("org_unit_id"))
                        .col(c("assignee_key")),
                )
                .foreign_key(&mut fk("campaign_progress", "campaign_id", "campaigns"))
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

/// Plain SQL that both databases read the same way (partial indexes included).
const INDEXES: &[&str] = &[
    // A subtree's households in creation order (keyset on id).
    "CREATE INDEX ix_households_county_path ON households (county_id, path, id)",
    // People are the same person by ID number within a county.
    "CREATE UNIQUE INDEX ux_household_members_id_number ON household_members (county_id, id_number)",
    "CREATE INDEX ix_household_members_household ON household_members (county_id, household_id, position)",
    "CREATE INDEX ix_household_cadres_user ON household_cadres (county_id, user_id, household_id)",
    "CREATE INDEX ix_campaigns_county_path ON campaigns (county_id, path, created_at)",
    "CREATE INDEX ix_trigger_events_household ON trigger_events (county_id, household_id, created_at)",
    // A cadre's home: open tasks by due date.
    "CREATE INDEX ix_visit_tasks_assignee ON visit_tasks (county_id, assignee_id, status, due_on)",
    // A supervisor's overdue tasks in a subtree, and a household's open tasks.
    "CREATE INDEX ix_visit_tasks_path ON visit_tasks (county_id, path, status, due_on)",
    "CREATE INDEX ix_visit_tasks_household ON visit_tasks (county_id, household_id, status)",
    // A campaign's overdue tasks, and its drill-down lists.
    "CREATE INDEX ix_visit_tasks_campaign ON visit_tasks (county_id, campaign_id, status, due_on)",
    // One campaign task per household: generation can be repeated without duplicates.
    "CREATE UNIQUE INDEX ux_visit_tasks_campaign_household ON visit_tasks (campaign_id, household_id) \
     WHERE kind = 'campaign'",
    // A retried submission finds the visit it already made.
    "CREATE UNIQUE INDEX ux_visits_submission ON visits (county_id, submission_key)",
    "CREATE INDEX ix_visits_household ON visits (county_id, household_id, visited_at)",
    "CREATE INDEX ix_visits_visitor ON visits (county_id, visitor_id, visited_at)",
    // The ledger of a subtree in time order.
    "CREATE INDEX ix_visits_path ON visits (county_id, path, visited_at)",
    "CREATE INDEX ix_visit_concerns_visit ON visit_concerns (county_id, visit_id, position)",
    "CREATE INDEX ix_campaign_progress_path ON campaign_progress (county_id, campaign_id, path)",
];
