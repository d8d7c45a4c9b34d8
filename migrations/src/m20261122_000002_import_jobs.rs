//! Spreadsheet import jobs: the uploaded file waits here between preview and apply, so a
//! preview survives a restart and apply reads exactly what was checked. The file is dropped
//! once the job ends. A tenant table: row-level security like every other.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too (the migrator's default there is none): a migration
    /// applies whole or not at all, and all its statements share one connection.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportJobs::Table)
                    .col(uuid(ImportJobs::CountyId))
                    .col(pk_uuid(ImportJobs::Id))
                    .col(uuid(ImportJobs::CreatedBy))
                    .col(string_len(ImportJobs::Kind, 16))
                    .col(string_len(ImportJobs::Status, 16))
                    .col(string_len(ImportJobs::FileName, 255))
                    .col(blob(ImportJobs::File))
                    .col(string_len_null(ImportJobs::PasswordHash, 128))
                    .col(integer(ImportJobs::Rows))
                    .col(text_null(ImportJobs::Summary))
                    .col(text_null(ImportJobs::Problems))
                    .col(text_null(ImportJobs::Error))
                    .col(timestamp_with_time_zone(ImportJobs::CreatedAt))
                    .col(timestamp_with_time_zone(ImportJobs::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImportJobs::Table, ImportJobs::CountyId)
                            .to(Counties::Table, Counties::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImportJobs::Table, ImportJobs::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_import_jobs_county_creator")
                    .table(ImportJobs::Table)
                    .col(ImportJobs::CountyId)
                    .col(ImportJobs::CreatedBy)
                    .col(ImportJobs::CreatedAt)
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(&format!(
                    "ALTER TABLE import_jobs ENABLE ROW LEVEL SECURITY; \
                     ALTER TABLE import_jobs FORCE ROW LEVEL SECURITY; \
                     CREATE POLICY tenant_isolation ON import_jobs \
                       USING ({POLICY}) WITH CHECK ({POLICY}); \
                     GRANT SELECT, INSERT, UPDATE, DELETE ON import_jobs TO minqing_app;"
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportJobs::Table).to_owned())
            .await
    }
}

/// The same policy as every tenant table (see the access migration).
const POLICY: &str =
    "county_id IS NOT DISTINCT FROM NULLIF(current_setting('app.county_id', true), '')::uuid";

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    CountyId,
    Id,
    CreatedBy,
    Kind,
    Status,
    FileName,
    File,
    PasswordHash,
    Rows,
    Summary,
    Problems,
    Error,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Counties {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
