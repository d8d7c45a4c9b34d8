//! What every sign-in attempt touches, with a password or with a second factor's code: the
//! failures that slow guessing, the throttle's view of them, and starting the session.

use super::AuthSettings;
use super::entity::{session, sign_in_failure};
use super::guessing::{History, Rule};
use super::sessions::{Client, Issued, caller, issue, new_refresh_token, now, since};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::AppError;
use crate::tenancy::Tx;
use crate::users::entity as user;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use time::Duration;
use uuid::Uuid;

/// How far back "signed in from this address before" looks.
const KNOWN_ADDRESS_DAYS: i64 = 90;

/// A new session for `account` in `tx` (which it commits): forgets this address's failures at
/// the account when `forgive`, and audits the sign-in with `detail`.
pub(super) async fn start_session(
    tx: Tx,
    settings: &AuthSettings,
    account: &user::Model,
    client: &Client,
    who: &Who,
    forgive: bool,
    detail: serde_json::Value,
) -> Result<Issued, AppError> {
    let county_id = tx.county_id();
    // This address got it right: its earlier slips at this account are forgiven.
    if forgive {
        tx.delete::<sign_in_failure::Entity>()?
            .filter(sign_in_failure::Column::Username.eq(&account.username))
            .filter(sign_in_failure::Column::Ip.eq(client.ip.to_string()))
            .exec(tx.conn())
            .await?;
    }
    let started = now();
    let session_id = Uuid::now_v7();
    session::Entity::insert(session::ActiveModel {
        county_id: Set(county_id),
        id: Set(session_id),
        user_id: Set(account.id),
        created_at: Set(started),
        last_seen_at: Set(started),
        expires_at: Set(
            started + Duration::try_from(settings.session_lifetime).unwrap_or(Duration::HOUR)
        ),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        ip: Set(client.ip.to_string()),
        user_agent: Set(client.user_agent.chars().take(160).collect()),
    })
    .exec_without_returning(tx.conn())
    .await?;
    let refresh = new_refresh_token(&tx, session_id).await?;
    let event = Event::new(AuditAction::SignIn, Outcome::Success)
        .target("session", session_id, "")
        .detail(detail);
    audit::record(&tx, who, event).await?;
    let actor = caller(&tx, session_id, county_id, client.ip).await?.actor;
    tx.commit().await?;
    issue(settings, actor, refresh)
}

/// Counts a refused attempt at `username` from the client, as a wrong password does: the
/// guessing throttle (`guessing`) then slows this address at this account.
pub(super) async fn record_failure(
    tx: &Tx,
    settings: &AuthSettings,
    username: &str,
    client: &Client,
) -> Result<(), AppError> {
    settings.ip.hit(client.ip);
    sign_in_failure::Entity::insert(sign_in_failure::ActiveModel {
        county_id: Set(tx.county_id()),
        id: Set(Uuid::now_v7()),
        username: Set(username.chars().take(64).collect()),
        ip: Set(client.ip.to_string()),
        at: Set(now()),
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// The wait the guessing rule asks of this client at `username`, if any.
pub(super) async fn throttled(
    tx: &Tx,
    settings: &AuthSettings,
    account: &user::Model,
    client: &Client,
) -> Result<(History, Option<u64>), AppError> {
    let history = history(tx, settings, &account.username, Some(account), client).await?;
    let rule = Rule {
        free: settings.account_failures,
        window: settings.failure_window,
        spread: settings.spread_failures,
    };
    Ok((history, rule.retry_after(history)))
}

/// The failures that bear on this attempt (see `guessing`): at this account from this address,
/// from everywhere, and whether the account has signed in from this address before.
pub(super) async fn history(
    tx: &Tx,
    settings: &AuthSettings,
    username: &str,
    account: Option<&user::Model>,
    client: &Client,
) -> Result<History, AppError> {
    let ip = client.ip.to_string();
    let failures = tx.select::<sign_in_failure::Entity>()?;
    let recent = || {
        failures
            .clone()
            .filter(sign_in_failure::Column::Username.eq(username))
            .filter(sign_in_failure::Column::At.gt(since(settings.failure_window)))
    };
    let here = recent()
        .filter(sign_in_failure::Column::Ip.eq(&ip))
        .count(tx.conn())
        .await?;
    let last = if here > 0 {
        recent()
            .filter(sign_in_failure::Column::Ip.eq(&ip))
            .order_by_desc(sign_in_failure::Column::At)
            .one(tx.conn())
            .await?
            .map(|f| f.at)
    } else {
        None
    };
    let everywhere = recent().count(tx.conn()).await?;
    let mut known_address = false;
    if everywhere >= u64::from(settings.spread_failures)
        && let Some(account) = account
    {
        known_address = tx
            .select::<session::Entity>()?
            .filter(session::Column::UserId.eq(account.id))
            .filter(session::Column::Ip.eq(&ip))
            .filter(session::Column::CreatedAt.gt(now() - Duration::days(KNOWN_ADDRESS_DAYS)))
            .count(tx.conn())
            .await?
            > 0;
    }
    Ok(History {
        here: u32::try_from(here).unwrap_or(u32::MAX),
        since_last_here: last.map(|t| u64::try_from((now() - t).whole_seconds()).unwrap_or(0)),
        everywhere: u32::try_from(everywhere).unwrap_or(u32::MAX),
        known_address,
    })
}
