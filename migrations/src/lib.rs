//! The schema, one file per change. Never edit a migration that has been applied anywhere:
//! add a new one. Applied at server start and by `minqing migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_counties_and_org_units;
mod m20261122_000001_access;
mod m20261122_000002_import_jobs;
mod m20261123_000001_households_and_visits;
mod m20261124_000001_grievances;
mod m20261201_000001_visitor_index;
mod m20261201_000002_grievance_reach;
mod m20261202_000001_second_factor;

/// Every table holding a `county_id`, each with forced row-level security on PostgreSQL. The
/// catalog test checks each of them, and every other table with a `county_id` too.
pub const TENANT_TABLES: &[&str] = &[
    "org_units",
    "users",
    "sessions",
    "refresh_tokens",
    "sign_in_failures",
    "audit_heads",
    "audit_events",
    "import_jobs",
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
    "grievance_reach",
    "second_factors",
    "recovery_codes",
    "second_factor_settings",
];

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_counties_and_org_units::Migration),
            Box::new(m20261122_000001_access::Migration),
            Box::new(m20261122_000002_import_jobs::Migration),
            Box::new(m20261123_000001_households_and_visits::Migration),
            Box::new(m20261124_000001_grievances::Migration),
            Box::new(m20261201_000001_visitor_index::Migration),
            Box::new(m20261201_000002_grievance_reach::Migration),
            Box::new(m20261202_000001_second_factor::Migration),
        ]
    }
}
