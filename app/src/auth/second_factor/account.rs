//! The owner's side on "My account": where they stand, setting up (a pending secret shown as a
//! QR code and as text, confirmed with a current code, then ten recovery codes shown once), and
//! turning it off with a current code (after which it can be set up again).

use super::store;
use super::verify::{account_label, enrol_view};
use super::{Standing, codes};
use crate::access::Actor;
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::auth::AuthSettings;
use crate::auth::model::Status;
use crate::error::{AppError, Reason};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::DatabaseConnection;
use time::OffsetDateTime;

async fn own_account(tx: &Tx, actor: &Actor) -> Result<user::Model, AppError> {
    tx.select_by_id::<user::Entity>(actor.user_id)?
        .one(tx.conn())
        .await?
        .ok_or(AppError::Unauthenticated)
}

pub async fn status(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    actor: &Actor,
) -> Result<Status, AppError> {
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let account = own_account(&tx, actor).await?;
    let required = store::rule(&tx).await?.applies(account.role);
    let standing = store::standing(&tx, &account).await?;
    let row = store::find(&tx, actor.user_id).await?;
    let recovery_left = store::recovery_left(&tx, actor.user_id).await?;
    tx.commit().await?;
    let label = account_label(
        &actor.username,
        actor.home.as_ref().map(|h| h.county_code.as_str()),
    );
    let pending = match &row {
        Some(r) if r.confirmed_at.is_none() => Some(enrol_view(settings, r, &label)?),
        _ => None,
    };
    let deadline = match standing {
        Standing::Grace { deadline } => OffsetDateTime::from_unix_timestamp(deadline)
            .ok()
            .map(crate::format::datetime),
        _ => None,
    };
    Ok(Status {
        enrolled: standing == Standing::Enrolled,
        required,
        deadline,
        pending,
        recovery_left,
    })
}

/// Starts setting up: a pending secret (the one already waiting, if any).
pub async fn begin(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    actor: &Actor,
) -> Result<(), AppError> {
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    if store::confirmed(&tx, actor.user_id).await?.is_some() {
        return Err(AppError::Conflict(Reason::SecondFactorEnrolled));
    }
    store::ensure_pending(&tx, &settings.second_factor.keys, actor.user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms the pending secret with a current code from the app; the recovery codes, to be
/// shown once.
pub async fn confirm(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    actor: &Actor,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let keys = &settings.second_factor.keys;
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    let row = store::find(&tx, actor.user_id)
        .await?
        .filter(|r| r.confirmed_at.is_none())
        .ok_or(AppError::Conflict(Reason::SecondFactorNotPending))?;
    let spent = store::spend(&tx, keys, &row, code, false).await?;
    let who = Who::actor(actor, &actor.ip);
    let target = |e: Event| e.target("user", actor.user_id, actor.username.clone());
    if !spent.ok() {
        let event = target(Event::new(AuditAction::SecondFactorEnrol, Outcome::Failure))
            .detail(serde_json::json!({ "reason": spent.reason() }));
        audit::record(&tx, &who, event).await?;
        tx.commit().await?;
        return Err(AppError::invalid("code", Reason::WrongSecondFactor));
    }
    store::confirm(&tx, actor.user_id).await?;
    let shown = store::replace_recovery_codes(&tx, keys, actor.user_id).await?;
    let event = target(Event::new(AuditAction::SecondFactorEnrol, Outcome::Success));
    audit::record(&tx, &who, event).await?;
    tx.commit().await?;
    Ok(shown)
}

/// Turns the second factor off, with a current code (or a recovery code): it proves the
/// person at the keyboard holds the authenticator, not merely a session left open.
pub async fn disable(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    actor: &Actor,
    code: &str,
) -> Result<(), AppError> {
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    let Some(row) = store::find(&tx, actor.user_id).await? else {
        return Err(AppError::Conflict(Reason::SecondFactorNotEnrolled));
    };
    let who = Who::actor(actor, &actor.ip);
    let target = |e: Event| e.target("user", actor.user_id, actor.username.clone());
    // A pending enrolment was never in use: dropping it needs no code.
    if row.confirmed_at.is_some() {
        let spent = store::spend(&tx, &settings.second_factor.keys, &row, code, true).await?;
        if !spent.ok() {
            let event = target(Event::new(
                AuditAction::SecondFactorDisable,
                Outcome::Failure,
            ))
            .detail(serde_json::json!({
                "reason": spent.reason(),
                "method": if codes::looks_like_recovery(code) { "recovery_code" } else { "totp" },
            }));
            audit::record(&tx, &who, event).await?;
            tx.commit().await?;
            return Err(AppError::invalid("code", Reason::WrongSecondFactor));
        }
    }
    store::remove(&tx, actor.user_id).await?;
    let event = target(Event::new(
        AuditAction::SecondFactorDisable,
        Outcome::Success,
    ))
    .detail(serde_json::json!({ "was_confirmed": row.confirmed_at.is_some() }));
    audit::record(&tx, &who, event).await?;
    tx.commit().await?;
    Ok(())
}
