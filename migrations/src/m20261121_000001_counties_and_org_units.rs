//! The tenant registry (`counties`) and the first tenant table (`org_units`). Tenant tables put
//! `county_id` first in every index that serves a tenant query.

use sea_orm_migration::{prelude::*, schema::*};

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
                    .table(Counties::Table)
                    .col(pk_uuid(Counties::Id))
                    .col(string_len(Counties::Code, 6).unique_key())
                    .col(string_len(Counties::Name, 64))
                    .col(string_len(Counties::Province, 64))
                    .col(string_len(Counties::City, 64))
                    .col(string_len(Counties::Status, 16))
                    .col(timestamp_with_time_zone(Counties::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrgUnits::Table)
                    .col(uuid(OrgUnits::CountyId))
                    .col(pk_uuid(OrgUnits::Id))
                    .col(uuid_null(OrgUnits::ParentId))
                    .col(string_len(OrgUnits::Kind, 16))
                    .col(string_len(OrgUnits::Code, 32))
                    .col(string_len(OrgUnits::Name, 128))
                    .col(integer(OrgUnits::Seq))
                    .col(string_len(OrgUnits::Path, 255))
                    .col(boolean(OrgUnits::Active))
                    .col(timestamp_with_time_zone(OrgUnits::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgUnits::Table, OrgUnits::CountyId)
                            .to(Counties::Table, Counties::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgUnits::Table, OrgUnits::ParentId)
                            .to(OrgUnits::Table, OrgUnits::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        for (name, columns, unique) in [
            (
                "ux_org_units_county_code",
                [OrgUnits::CountyId, OrgUnits::Code],
                true,
            ),
            (
                "ux_org_units_county_seq",
                [OrgUnits::CountyId, OrgUnits::Seq],
                true,
            ),
            (
                "ix_org_units_county_path",
                [OrgUnits::CountyId, OrgUnits::Path],
                false,
            ),
            (
                "ix_org_units_county_parent",
                [OrgUnits::CountyId, OrgUnits::ParentId],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(OrgUnits::Table);
            for column in columns {
                index.col(column);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrgUnits::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Counties::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Counties {
    Table,
    Id,
    Code,
    Name,
    Province,
    City,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrgUnits {
    Table,
    CountyId,
    Id,
    ParentId,
    Kind,
    Code,
    Name,
    Seq,
    Path,
    Active,
    CreatedAt,
}
