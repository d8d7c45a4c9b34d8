//! Two-factor sign-in (TOTP, RFC 6238): each account's encrypted secret, its one-time recovery
//! codes (keyed hashes only), and each county's rule for who must use it.
//!
//! `second_factor_settings` gets a row for every county that exists now and one for the
//! platform (NULL county), with `required_since` = now: accounts created before this migration
//! count their grace period from today, not from their creation, so an upgrade never locks an
//! administrator out on the spot. Counties made later have no row until their admin saves one;
//! then the defaults apply (grace counted from each account's creation).

use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement};
use sea_orm_migration::sea_orm::{Value, prelude::Uuid};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["second_factors", "recovery_codes", "second_factor_settings"];

/// The grace period's default, in days (also `app::auth::second_factor::policy`).
const GRACE_DAYS: i32 = 7;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        // One per account; `confirmed_at` NULL while the owner has not yet proved it with a code.
        // `last_step` is the latest 30-second step accepted: a code is good once.
        manager
            .create_table(
                Table::create()
                    .table(c("second_factors"))
                    .col(uuid_null(c("county_id")))
                    .col(pk_uuid(c("user_id")))
                    .col(string_len(c("secret"), 255))
                    .col(timestamp_with_time_zone(c("created_at")))
                    .col(timestamp_with_time_zone_null(c("confirmed_at")))
                    .col(big_integer_null(c("last_step")))
                    .foreign_key(&mut fk("second_factors", "county_id", "counties", "id"))
                    .foreign_key(&mut fk("second_factors", "user_id", "users", "id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(c("recovery_codes"))
                    .col(uuid_null(c("county_id")))
                    .col(pk_uuid(c("id")))
                    .col(uuid(c("user_id")))
                    .col(string_len(c("code_hash"), 64))
                    .col(timestamp_with_time_zone(c("created_at")))
                    .col(timestamp_with_time_zone_null(c("used_at")))
                    .foreign_key(&mut fk("recovery_codes", "county_id", "counties", "id"))
                    .foreign_key(&mut fk("recovery_codes", "user_id", "users", "id"))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_recovery_codes_user ON recovery_codes (county_id, user_id)",
        )
        .await?;
        // `extra_roles`: role codes beyond the always-required ones, comma-separated. Times are
        // Unix seconds, so this migration can write them the same way on both databases.
        manager
            .create_table(
                Table::create()
                    .table(c("second_factor_settings"))
                    .col(uuid_null(c("county_id")))
                    .col(pk_uuid(c("id")))
                    .col(string_len(c("extra_roles"), 255))
                    .col(integer(c("grace_days")))
                    .col(big_integer(c("required_since")))
                    .col(big_integer(c("extra_since")))
                    .foreign_key(&mut fk(
                        "second_factor_settings",
                        "county_id",
                        "counties",
                        "id",
                    ))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_second_factor_settings_county ON second_factor_settings (county_id)",
        )
        .await?;
        if postgres {
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
        start_grace_now(db, postgres).await
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

fn c(name: &str) -> Alias {
    Alias::new(name)
}

fn fk(from: &str, column: &str, to: &str, key: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(c(from), c(column))
        .to(c(to), c(key))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

/// The same policy as every tenant table (see the access migration).
const POLICY: &str =
    "county_id IS NOT DISTINCT FROM NULLIF(current_setting('app.county_id', true), '')::uuid";

#[derive(FromQueryResult)]
struct Id {
    id: Uuid,
}

/// A settings row saying "required since now" for the platform and every existing county,
/// each written inside its own county's row-level security on PostgreSQL.
async fn start_grace_now(db: &SchemaManagerConnection<'_>, postgres: bool) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| {
            <i64 as std::convert::TryFrom<u64>>::try_from(d.as_secs()).unwrap_or(i64::MAX)
        });
    let counties = Id::find_by_statement(Statement::from_string(
        backend,
        "SELECT id FROM counties ORDER BY id",
    ))
    .all(db)
    .await?;
    let places = std::iter::once(None).chain(counties.into_iter().map(|c| Some(c.id)));
    for county in places {
        if postgres {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT set_config('app.county_id', $1, true)",
                [Value::from(
                    county.map(|c| c.to_string()).unwrap_or_default(),
                )],
            ))
            .await?;
        }
        let insert = Query::insert()
            .into_table(c("second_factor_settings"))
            .columns([
                c("county_id"),
                c("id"),
                c("extra_roles"),
                c("grace_days"),
                c("required_since"),
                c("extra_since"),
            ])
            .values([
                county.into(),
                Uuid::now_v7().into(),
                String::new().into(),
                GRACE_DAYS.into(),
                now.into(),
                now.into(),
            ])
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        db.execute(&insert).await?;
    }
    if postgres {
        db.execute_unprepared("SELECT set_config('app.county_id', '', true)")
            .await?;
    }
    Ok(())
}
