//! Accounts, sessions, refresh tokens, sign-in failures and the audit log; and, on PostgreSQL,
//! row-level security on every tenant table plus the `minqing_app` role the server runs as.
//!
//! `county_id` is NULL only for platform rows (operators, province viewers, their sessions and
//! the platform's own audit chain). The policy compares with `IS NOT DISTINCT FROM`, so a
//! transaction that set no county sees platform rows only and never a county's.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tenant tables this migration creates (all of them, later ones included: `TENANT_TABLES`).
const TENANT_TABLES: &[&str] = &[
    "org_units",
    "users",
    "sessions",
    "refresh_tokens",
    "sign_in_failures",
    "audit_heads",
    "audit_events",
];

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
                    .table(Users::Table)
                    .col(uuid_null(Users::CountyId))
                    .col(pk_uuid(Users::Id))
                    .col(uuid_null(Users::OrgUnitId))
                    .col(string_len(Users::Username, 32))
                    .col(string_len(Users::DisplayName, 64))
                    .col(string_len(Users::Role, 24))
                    .col(string_len(Users::PasswordHash, 128))
                    .col(boolean(Users::Active))
                    .col(boolean(Users::MustChangePassword))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .foreign_key(&mut fk(
                        Users::Table,
                        Users::CountyId,
                        Counties::Table,
                        Counties::Id,
                    ))
                    .foreign_key(&mut fk(
                        Users::Table,
                        Users::OrgUnitId,
                        OrgUnits::Table,
                        OrgUnits::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_users_county_username",
            Users::Table,
            &[Users::CountyId, Users::Username],
            true,
        )
        .await?;
        index(
            manager,
            "ix_users_county_org_unit",
            Users::Table,
            &[Users::CountyId, Users::OrgUnitId],
            false,
        )
        .await?;
        // Platform accounts have no county; NULLs never collide in a unique index, so they get
        // their own (partial) one.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_users_platform_username ON users (username) \
                 WHERE county_id IS NULL",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(uuid_null(Sessions::CountyId))
                    .col(pk_uuid(Sessions::Id))
                    .col(uuid(Sessions::UserId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                    .col(string_len_null(Sessions::RevokedReason, 24))
                    .col(string_len(Sessions::Ip, 64))
                    .col(string_len(Sessions::UserAgent, 160))
                    .foreign_key(&mut fk(
                        Sessions::Table,
                        Sessions::CountyId,
                        Counties::Table,
                        Counties::Id,
                    ))
                    .foreign_key(&mut fk(
                        Sessions::Table,
                        Sessions::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_sessions_county_user",
            Sessions::Table,
            &[Sessions::CountyId, Sessions::UserId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(uuid_null(RefreshTokens::CountyId))
                    .col(string_len(RefreshTokens::TokenHash, 64).primary_key())
                    .col(uuid(RefreshTokens::SessionId))
                    .col(timestamp_with_time_zone(RefreshTokens::IssuedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .foreign_key(&mut fk(
                        RefreshTokens::Table,
                        RefreshTokens::SessionId,
                        Sessions::Table,
                        Sessions::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_refresh_tokens_county_session",
            RefreshTokens::Table,
            &[RefreshTokens::CountyId, RefreshTokens::SessionId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInFailures::Table)
                    .col(uuid_null(SignInFailures::CountyId))
                    .col(pk_uuid(SignInFailures::Id))
                    .col(string_len(SignInFailures::Username, 64))
                    .col(string_len(SignInFailures::Ip, 64))
                    .col(timestamp_with_time_zone(SignInFailures::At))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_sign_in_failures_county_username_at",
            SignInFailures::Table,
            &[
                SignInFailures::CountyId,
                SignInFailures::Username,
                SignInFailures::At,
            ],
            false,
        )
        .await?;

        // One row per chain (a county, or "platform"): the last sequence number and hash. Bumping
        // it first thing in a transaction serialises appends to the chain on both databases.
        manager
            .create_table(
                Table::create()
                    .table(AuditHeads::Table)
                    .col(uuid_null(AuditHeads::CountyId))
                    .col(string_len(AuditHeads::Chain, 36).primary_key())
                    .col(big_integer(AuditHeads::Seq))
                    .col(string_len(AuditHeads::Hash, 64))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(uuid_null(AuditEvents::CountyId))
                    .col(pk_uuid(AuditEvents::Id))
                    .col(big_integer(AuditEvents::Seq))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(uuid_null(AuditEvents::ActorId))
                    .col(string_len(AuditEvents::ActorName, 64))
                    .col(string_len_null(AuditEvents::ActorRole, 24))
                    .col(string_len(AuditEvents::Action, 48))
                    .col(string_len_null(AuditEvents::TargetKind, 24))
                    .col(string_len_null(AuditEvents::TargetId, 64))
                    .col(string_len(AuditEvents::TargetLabel, 128))
                    .col(string_len(AuditEvents::Outcome, 16))
                    .col(string_len(AuditEvents::Ip, 64))
                    .col(text(AuditEvents::Detail))
                    .col(string_len(AuditEvents::PrevHash, 64))
                    .col(string_len(AuditEvents::Hash, 64))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_audit_events_county_at",
            AuditEvents::Table,
            &[AuditEvents::CountyId, AuditEvents::At],
            false,
        )
        .await?;
        index(
            manager,
            "ix_audit_events_county_seq",
            AuditEvents::Table,
            &[AuditEvents::CountyId, AuditEvents::Seq],
            false,
        )
        .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for op in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER audit_events_no_{op} BEFORE {op} ON audit_events \
                         BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
                    ))
                    .await?;
                }
            }
            DatabaseBackend::Postgres => {
                db.execute_unprepared(POSTGRES_APPEND_ONLY).await?;
                for table in TENANT_TABLES {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY; \
                         ALTER TABLE {table} FORCE ROW LEVEL SECURITY; \
                         CREATE POLICY tenant_isolation ON {table} \
                           USING ({POLICY}) WITH CHECK ({POLICY});"
                    ))
                    .await?;
                }
                db.execute_unprepared(POSTGRES_APP_ROLE).await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            AuditHeads::Table.into_iden(),
            SignInFailures::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// The row is visible and writable only inside its own county's transaction (or, for platform
/// rows, outside any county). Unset means the empty string after a transaction-local set ends.
const POLICY: &str =
    "county_id IS NOT DISTINCT FROM NULLIF(current_setting('app.county_id', true), '')::uuid";

const POSTGRES_APPEND_ONLY: &str = "
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
";

/// The server connects as a login role that is a member of `minqing_app`: it owns nothing, has
/// no BYPASSRLS, and may not change or delete audit rows. Creating the role needs CREATEROLE
/// once; a deployment may create it beforehand instead.
const POSTGRES_APP_ROLE: &str = "
DO $$ BEGIN
  CREATE ROLE minqing_app NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO minqing_app;
GRANT SELECT ON counties, seaql_migrations TO minqing_app;
GRANT INSERT, UPDATE ON counties TO minqing_app;
GRANT SELECT, INSERT, UPDATE, DELETE
  ON org_units, users, sessions, refresh_tokens, sign_in_failures, audit_heads TO minqing_app;
GRANT SELECT, INSERT ON audit_events TO minqing_app;
";

fn fk(
    from: impl IntoIden,
    from_col: impl IntoIden,
    to: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, from_col)
        .to(to, to_col)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

async fn index<C: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: &[C],
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

#[derive(DeriveIden)]
enum Counties {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrgUnits {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    CountyId,
    Id,
    OrgUnitId,
    Username,
    DisplayName,
    Role,
    PasswordHash,
    Active,
    MustChangePassword,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    CountyId,
    Id,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    RevokedAt,
    RevokedReason,
    Ip,
    UserAgent,
}

#[derive(DeriveIden, Clone, Copy)]
enum RefreshTokens {
    Table,
    CountyId,
    TokenHash,
    SessionId,
    IssuedAt,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SignInFailures {
    Table,
    CountyId,
    Id,
    Username,
    Ip,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditHeads {
    Table,
    CountyId,
    Chain,
    Seq,
    Hash,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvents {
    Table,
    CountyId,
    Id,
    Seq,
    At,
    ActorId,
    ActorName,
    ActorRole,
    Action,
    TargetKind,
    TargetId,
    TargetLabel,
    Outcome,
    Ip,
    Detail,
    PrevHash,
    Hash,
}
