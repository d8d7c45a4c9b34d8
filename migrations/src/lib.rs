//! The schema, one file per change. Never edit a migration that has been applied anywhere:
//! add a new one. Applied at server start and by `minqing migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_counties_and_org_units;
mod m20261122_000001_access;

pub use m20261122_000001_access::TENANT_TABLES;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_counties_and_org_units::Migration),
            Box::new(m20261122_000001_access::Migration),
        ]
    }
}
