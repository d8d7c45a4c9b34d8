//! Which org units find a case in their ledger: one row per (county, unit path, case) for the
//! case's place, its handling units and all their ancestors (`app::grievances::reach`). A
//! township's or department's ledger becomes one index range read newest first; before, it was
//! "place in the subtree OR handled by a unit in it" and walked the county's every case.
//! Existing cases are filled in here, county by county (row-level security shows a migration
//! one county at a time on PostgreSQL too).

use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{
    ConnectionTrait, DatabaseBackend, FromQueryResult, Statement, Value,
};
use sea_orm_migration::{prelude::*, schema::*};
use std::collections::{BTreeMap, BTreeSet};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Rows per INSERT while filling in (three values each, far below either database's limit).
const BATCH: usize = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too: the table and its rows appear together.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        // Built like every table (not raw SQL) so the columns get the same types: on SQLite a
        // `uuid` column has another affinity than the `uuid_text` of `grievances.id`, and the
        // join could not use the key (a department's page took 1.4 s).
        manager
            .create_table(
                Table::create()
                    .table(c("grievance_reach"))
                    .col(uuid(c("county_id")))
                    .col(string_len(c("path"), 255))
                    .col(uuid(c("grievance_id")))
                    .primary_key(
                        Index::create()
                            .col(c("county_id"))
                            .col(c("path"))
                            .col(c("grievance_id")),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(c("grievance_reach"), c("county_id"))
                            .to(c("counties"), c("id"))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(c("grievance_reach"), c("grievance_id"))
                            .to(c("grievances"), c("id"))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // Setting a case's reach replaces its rows.
        db.execute_unprepared(
            "CREATE INDEX ix_grievance_reach_case ON grievance_reach (county_id, grievance_id)",
        )
        .await?;
        if postgres {
            db.execute_unprepared(&format!(
                "ALTER TABLE grievance_reach ENABLE ROW LEVEL SECURITY; \
                 ALTER TABLE grievance_reach FORCE ROW LEVEL SECURITY; \
                 CREATE POLICY tenant_isolation ON grievance_reach \
                   USING ({POLICY}) WITH CHECK ({POLICY}); \
                 GRANT SELECT, INSERT, UPDATE, DELETE ON grievance_reach TO minqing_app;"
            ))
            .await?;
        }
        fill_in(db, postgres).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(c("grievance_reach")).to_owned())
            .await
    }
}

fn c(name: &str) -> Alias {
    Alias::new(name)
}

/// The same policy as every tenant table (see the access migration).
const POLICY: &str =
    "county_id IS NOT DISTINCT FROM NULLIF(current_setting('app.county_id', true), '')::uuid";

#[derive(FromQueryResult)]
struct Id {
    id: Uuid,
}

#[derive(FromQueryResult)]
struct Placed {
    grievance_id: Uuid,
    path: String,
}

/// Every existing case's rows, county by county.
async fn fill_in(db: &SchemaManagerConnection<'_>, postgres: bool) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let counties = Id::find_by_statement(Statement::from_string(
        backend,
        "SELECT id FROM counties ORDER BY id",
    ))
    .all(db)
    .await?;
    for county in counties {
        if postgres {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT set_config('app.county_id', $1, true)",
                [Value::from(county.id.to_string())],
            ))
            .await?;
        }
        let cases = Query::select()
            .expr_as(Expr::col(c("id")), c("grievance_id"))
            .column(c("path"))
            .from(c("grievances"))
            .and_where(Expr::col(c("county_id")).eq(county.id))
            .to_owned();
        let handled = Query::select()
            .columns([c("grievance_id"), c("path")])
            .from(c("grievance_units"))
            .and_where(Expr::col(c("county_id")).eq(county.id))
            .to_owned();
        let mut placed = Vec::new();
        for q in [cases, handled] {
            placed.extend(Placed::find_by_statement(backend.build(&q)).all(db).await?);
        }
        let mut reach: BTreeMap<Uuid, BTreeSet<String>> = BTreeMap::new();
        for p in placed {
            reach
                .entry(p.grievance_id)
                .or_default()
                .extend(ancestors(&p.path));
        }
        let rows: Vec<(Uuid, String)> = reach
            .into_iter()
            .flat_map(|(id, paths)| paths.into_iter().map(move |p| (id, p)))
            .collect();
        for chunk in rows.chunks(BATCH) {
            let mut insert = Query::insert();
            insert.into_table(c("grievance_reach")).columns([
                c("county_id"),
                c("path"),
                c("grievance_id"),
            ]);
            for (id, path) in chunk {
                insert
                    .values([county.id.into(), path.clone().into(), (*id).into()])
                    .map_err(|e| DbErr::Custom(e.to_string()))?;
            }
            db.execute(&insert).await?;
        }
    }
    Ok(())
}

/// `/1/4/9/` → `/1/`, `/1/4/`, `/1/4/9/` (as `app::org::tree::ancestors`; migrations do not
/// depend on the app).
fn ancestors(path: &str) -> Vec<String> {
    path.char_indices()
        .filter(|(i, c)| *c == '/' && *i > 0)
        .map(|(i, _)| path[..=i].to_owned())
        .collect()
}
