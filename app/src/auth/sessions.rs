//! Signing in and out, refreshing, and turning a bearer token back into an `Actor`.
//!
//! A refresh token is `<county>.<64 hex>`: the county part lets the lookup run inside that
//! county's row-level security; only the SHA-256 of the whole string is stored.

use super::entity::{refresh_token, session};
use super::{AuthSettings, password, token::Claims};
use crate::access::{Actor, Home, Role};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::counties::{CountyStatus, entity as county};
use crate::error::{AppError, Reason};
use crate::org::entity as org_unit;
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, FromQueryResult,
    JoinType, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// What a client sends to sign in.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The county's 6-digit code; `None` for platform and province accounts.
    pub county: Option<String>,
    pub username: String,
    pub password: String,
}

/// Where a request comes from, for throttles, the audit log and the sessions list.
#[derive(Clone, Debug)]
pub struct Client {
    pub ip: IpAddr,
    pub user_agent: String,
}

/// Tokens for a new or refreshed session.
#[derive(Clone, Debug)]
pub struct Issued {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
    pub actor: Actor,
    /// Set when the account must enrol a second factor and is in its grace period: the
    /// deadline (Unix seconds).
    pub second_factor_deadline: Option<i64>,
}

/// One of the caller's sessions, for "My account".
#[derive(Clone, Debug)]
pub struct SessionInfo {
    pub id: Uuid,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub ip: String,
    pub user_agent: String,
    pub current: bool,
}

pub(super) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

pub(super) fn since(d: std::time::Duration) -> OffsetDateTime {
    now() - Duration::try_from(d).unwrap_or(Duration::ZERO)
}

/// Which rows of a nullable `county_id` belong to this county (or to the platform).
pub(super) fn in_county<C: ColumnTrait>(column: C, county: Option<Uuid>) -> Condition {
    Condition::all().add(match county {
        Some(c) => column.eq(c),
        None => column.is_null(),
    })
}

/// The caller behind an access token, if the token is valid and its session is live now.
pub async fn authenticate(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    token: &str,
    ip: IpAddr,
) -> Result<Actor, AppError> {
    let claims = settings
        .keys
        .decode(token)
        .ok_or(AppError::Unauthenticated)?;
    let tx = Tx::for_county(db, claims.cty, Mode::Read).await?;
    let caller = caller(&tx, claims.sid, claims.cty, ip)
        .await?
        .live(settings)?;
    tx.commit().await?;
    if caller.user_id != claims.sub {
        return Err(AppError::Unauthenticated);
    }
    // Idle tracking to the minute is enough, and saves a write on almost every request.
    if now() - caller.last_seen_at > Duration::MINUTE {
        let tx = Tx::for_county(db, claims.cty, Mode::Write).await?;
        tx.update::<session::Entity>()?
            .col_expr(session::Column::LastSeenAt, Expr::value(now()))
            .filter(session::Column::Id.eq(claims.sid))
            .exec(tx.conn())
            .await?;
        tx.commit().await?;
    }
    Ok(caller.actor)
}

/// Trades a refresh token for new tokens. A token is good once: a second use ends the session.
pub async fn refresh(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    presented: &str,
    client: &Client,
) -> Result<Issued, AppError> {
    let (county_part, _) = presented.split_once('.').ok_or(AppError::Unauthenticated)?;
    let county_id = match county_part {
        "p" => None,
        other => Some(Uuid::parse_str(other).map_err(|_| AppError::Unauthenticated)?),
    };
    let tx = Tx::for_county(db, county_id, Mode::Write).await?;
    let hash = sha256_hex(presented);
    let stored = tx
        .select_by_id::<refresh_token::Entity>(hash.clone())?
        .one(tx.conn())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let claimed = tx
        .update::<refresh_token::Entity>()?
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now()))
        .filter(refresh_token::Column::TokenHash.eq(&hash))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(tx.conn())
        .await?
        .rows_affected
        == 1;
    if !claimed {
        // Used before: someone holds a copy. End the session so neither copy works.
        let ended = revoke(&tx, Some(stored.session_id), None, "refresh_reuse").await?;
        if let Some(s) = ended.first() {
            let who = Who {
                id: Some(s.user_id),
                name: String::new(),
                role: None,
                ip: client.ip.to_string(),
            };
            let event = Event::new(AuditAction::TokenRefreshReuse, Outcome::Denied).target(
                "session",
                stored.session_id,
                "",
            );
            audit::record(&tx, &who, event).await?;
        }
        tx.commit().await?;
        return Err(AppError::Unauthenticated);
    }
    let actor = caller(&tx, stored.session_id, county_id, client.ip)
        .await?
        .live(settings)?
        .actor;
    tx.update::<session::Entity>()?
        .col_expr(session::Column::LastSeenAt, Expr::value(now()))
        .filter(session::Column::Id.eq(stored.session_id))
        .exec(tx.conn())
        .await?;
    let refresh = new_refresh_token(&tx, stored.session_id).await?;
    tx.commit().await?;
    issue(settings, actor, refresh)
}

pub async fn sign_out(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    revoke(&tx, Some(actor.session_id), None, "sign_out").await?;
    let event =
        Event::new(AuditAction::SignOut, Outcome::Success).target("session", actor.session_id, "");
    audit::record(&tx, &Who::actor(actor, &actor.ip), event).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every other session of the caller ("sign out other devices").
pub async fn sign_out_others(db: &DatabaseConnection, actor: &Actor) -> Result<u64, AppError> {
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    let ended = revoke_user(
        &tx,
        actor.user_id,
        Some(actor.session_id),
        "signed_out_elsewhere",
    )
    .await?;
    let event = Event::new(AuditAction::SessionsRevoke, Outcome::Success)
        .target("user", actor.user_id, actor.username.clone())
        .detail(serde_json::json!({ "sessions": ended }));
    audit::record(&tx, &Who::actor(actor, &actor.ip), event).await?;
    tx.commit().await?;
    Ok(ended)
}

pub async fn list_sessions(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<SessionInfo>, AppError> {
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let rows = tx
        .select::<session::Entity>()?
        .filter(session::Column::UserId.eq(actor.user_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now()))
        .order_by_desc(session::Column::LastSeenAt)
        .all(tx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|s| SessionInfo {
            current: s.id == actor.session_id,
            id: s.id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .collect())
}

/// Changes the caller's own password; other sessions end, this one continues.
pub async fn change_password(
    db: &DatabaseConnection,
    actor: &Actor,
    current: String,
    new: String,
) -> Result<(), AppError> {
    password::check_strength("new_password", &new, &actor.username)
        .map_err(|i| AppError::Invalid(vec![i]))?;
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let account = active_user(&tx, actor.user_id, actor.county_id()).await?;
    tx.commit().await?;
    if !password::verify(current, Some(account.password_hash)).await? {
        return Err(AppError::invalid(
            "current_password",
            Reason::WrongCurrentPassword,
        ));
    }
    let hash = password::hash(new).await?;
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    tx.update::<user::Entity>()?
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::MustChangePassword, Expr::value(false))
        .col_expr(user::Column::UpdatedAt, Expr::value(now()))
        .filter(user::Column::Id.eq(actor.user_id))
        .exec(tx.conn())
        .await?;
    let ended = revoke_user(
        &tx,
        actor.user_id,
        Some(actor.session_id),
        "password_changed",
    )
    .await?;
    let event = Event::new(AuditAction::PasswordChange, Outcome::Success)
        .target("user", actor.user_id, actor.username.clone())
        .detail(serde_json::json!({ "other_sessions_ended": ended }));
    audit::record(&tx, &Who::actor(actor, &actor.ip), event).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a user's live sessions (all, or all but `except`). Returns how many ended.
pub async fn revoke_user(
    tx: &Tx,
    user_id: Uuid,
    except: Option<Uuid>,
    reason: &str,
) -> Result<u64, AppError> {
    let mut query = tx
        .update::<session::Entity>()?
        .col_expr(session::Column::RevokedAt, Expr::value(now()))
        .col_expr(session::Column::RevokedReason, Expr::value(reason))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = except {
        query = query.filter(session::Column::Id.ne(keep));
    }
    Ok(query.exec(tx.conn()).await?.rows_affected)
}

/// Ends every live session of the transaction's county (a suspended county).
pub async fn revoke_county(tx: &Tx, reason: &str) -> Result<u64, AppError> {
    Ok(tx
        .update::<session::Entity>()?
        .col_expr(session::Column::RevokedAt, Expr::value(now()))
        .col_expr(session::Column::RevokedReason, Expr::value(reason))
        .filter(session::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?
        .rows_affected)
}

async fn revoke(
    tx: &Tx,
    session_id: Option<Uuid>,
    user_id: Option<Uuid>,
    reason: &str,
) -> Result<Vec<session::Model>, AppError> {
    let mut find = tx.select::<session::Entity>()?;
    if let Some(id) = session_id {
        find = find.filter(session::Column::Id.eq(id));
    }
    if let Some(id) = user_id {
        find = find.filter(session::Column::UserId.eq(id));
    }
    let rows = find.all(tx.conn()).await?;
    for s in &rows {
        tx.update::<session::Entity>()?
            .col_expr(session::Column::RevokedAt, Expr::value(now()))
            .col_expr(session::Column::RevokedReason, Expr::value(reason))
            .filter(session::Column::Id.eq(s.id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(tx.conn())
            .await?;
    }
    Ok(rows)
}

async fn active_user(tx: &Tx, id: Uuid, _county: Option<Uuid>) -> Result<user::Model, AppError> {
    tx.select_by_id::<user::Entity>(id)?
        .filter(user::Column::Active.eq(true))
        .one(tx.conn())
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// A live session's caller, read in one statement: the session, its account, the account's
/// county and org unit. (Four statements before, on every authenticated request.)
#[derive(FromQueryResult)]
struct CallerRow {
    user_id: Uuid,
    revoked_at: Option<OffsetDateTime>,
    expires_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    username: String,
    display_name: String,
    role: Role,
    must_change_password: bool,
    county_id: Option<Uuid>,
    org_unit_id: Option<Uuid>,
    county_code: Option<String>,
    county_name: Option<String>,
    county_status: Option<CountyStatus>,
    unit_county_id: Option<Uuid>,
    unit_name: Option<String>,
    unit_path: Option<String>,
}

/// The caller behind a session, with the session's times.
pub(super) struct Caller {
    pub(super) actor: Actor,
    user_id: Uuid,
    revoked_at: Option<OffsetDateTime>,
    expires_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
}

impl Caller {
    /// The caller if the session is still live: not revoked, not expired, not idle too long.
    fn live(self, settings: &AuthSettings) -> Result<Caller, AppError> {
        let idle = Duration::try_from(settings.idle_timeout).unwrap_or(Duration::ZERO);
        let t = now();
        if self.revoked_at.is_some() || self.expires_at <= t || self.last_seen_at + idle <= t {
            return Err(AppError::Unauthenticated);
        }
        Ok(self)
    }
}

/// Who is behind session `id`, if its account is active and the account's county and org
/// unit exist and are active right now.
pub(super) async fn caller(
    tx: &Tx,
    id: Uuid,
    county: Option<Uuid>,
    ip: IpAddr,
) -> Result<Caller, AppError> {
    let row = tx
        .select_by_id::<session::Entity>(id)?
        .select_only()
        .column(session::Column::UserId)
        .column(session::Column::RevokedAt)
        .column(session::Column::ExpiresAt)
        .column(session::Column::LastSeenAt)
        .column(user::Column::Username)
        .column(user::Column::DisplayName)
        .column(user::Column::Role)
        .column(user::Column::MustChangePassword)
        .column(user::Column::CountyId)
        .column(user::Column::OrgUnitId)
        .column_as(county::Column::Code, "county_code")
        .column_as(county::Column::Name, "county_name")
        .column_as(county::Column::Status, "county_status")
        .column_as(org_unit::Column::CountyId, "unit_county_id")
        .column_as(org_unit::Column::Name, "unit_name")
        .column_as(org_unit::Column::Path, "unit_path")
        .join(
            JoinType::InnerJoin,
            session::Entity::belongs_to(user::Entity)
                .from(session::Column::UserId)
                .to(user::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            user::Entity::belongs_to(county::Entity)
                .from(user::Column::CountyId)
                .to(county::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            user::Entity::belongs_to(org_unit::Entity)
                .from(user::Column::OrgUnitId)
                .to(org_unit::Column::Id)
                .into(),
        )
        .filter(in_county(user::Column::CountyId, county))
        .filter(user::Column::Active.eq(true))
        .into_model::<CallerRow>()
        .one(tx.conn())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let home = match (row.county_id, row.org_unit_id) {
        (Some(county_id), Some(org_unit_id)) => {
            let county_live = row.county_status == Some(CountyStatus::Active);
            let unit_here = row.unit_county_id == Some(county_id);
            match (
                row.county_code,
                row.county_name,
                row.unit_name,
                row.unit_path,
            ) {
                (Some(county_code), Some(county_name), Some(org_unit_name), Some(path))
                    if county_live && unit_here =>
                {
                    Some(Home {
                        county_id,
                        county_code,
                        county_name,
                        org_unit_id,
                        org_unit_name,
                        path,
                    })
                }
                _ => return Err(AppError::Unauthenticated),
            }
        }
        (None, None) => None,
        _ => return Err(AppError::Unauthenticated),
    };
    let actor = Actor::new(
        row.user_id,
        id,
        row.username,
        row.display_name,
        row.role,
        home,
        row.must_change_password,
        ip.to_string(),
    )
    .ok_or(AppError::Unauthenticated)?;
    Ok(Caller {
        actor,
        user_id: row.user_id,
        revoked_at: row.revoked_at,
        expires_at: row.expires_at,
        last_seen_at: row.last_seen_at,
    })
}

pub(super) async fn new_refresh_token(tx: &Tx, session_id: Uuid) -> Result<String, AppError> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| AppError::Internal(e.to_string()))?;
    let county = tx
        .county_id()
        .map_or_else(|| "p".to_owned(), |c| c.simple().to_string());
    let token = format!("{county}.{}", hex(&secret));
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        county_id: Set(tx.county_id()),
        token_hash: Set(sha256_hex(&token)),
        session_id: Set(session_id),
        issued_at: Set(now()),
        used_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(token)
}

pub(super) fn issue(
    settings: &AuthSettings,
    actor: Actor,
    refresh_token: String,
) -> Result<Issued, AppError> {
    let issued_at = now().unix_timestamp();
    let ttl = settings.access_ttl.as_secs().min(15 * 60);
    let claims = Claims {
        iss: super::token::ISSUER.into(),
        aud: super::token::AUDIENCE.into(),
        typ: super::token::ACCESS.into(),
        sub: actor.user_id,
        sid: actor.session_id,
        cty: actor.county_id(),
        iat: issued_at,
        nbf: issued_at,
        exp: issued_at + ttl as i64,
    };
    let access_token = settings
        .keys
        .encode(&claims)
        .map_err(|e| AppError::Internal(format!("signing a token: {e}")))?;
    Ok(Issued {
        access_token,
        refresh_token,
        expires_in: ttl,
        actor,
        second_factor_deadline: None,
    })
}

fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
