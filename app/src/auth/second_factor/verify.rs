//! The code step of signing in, after `sign_in` answered with a challenge: a current TOTP code
//! or an unused recovery code (`Verify`), or, past the grace period, enrolling (`Enrol`). Both
//! are throttled like passwords: each wrong code counts as a failed sign-in of that account
//! from that address (`guessing`), and an address that must wait is told so before any code
//! is looked at.

use super::challenge::{self, Passed, Purpose};
use super::codes;
use super::store::{self, Spent};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::auth::AuthSettings;
use crate::auth::attempts::{record_failure, start_session, throttled};
use crate::auth::model::EnrolView;
use crate::auth::sessions::{Client, Issued};
use crate::counties::entity as county;
use crate::error::{AppError, Reason};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// The challenge in `token`, for `purpose`, and its account (active), with the guessing
/// throttle applied; the failures already counted at it from here.
async fn open(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    token: &str,
    purpose: Purpose,
    client: &Client,
) -> Result<(Passed, user::Model, bool), AppError> {
    let passed = challenge::check(&settings.second_factor.keys, token, super::now_secs())?;
    if passed.purpose != purpose || settings.second_factor.spent.is_spent(&passed) {
        return Err(AppError::Unauthenticated);
    }
    if let Some(retry_after_secs) = settings.ip.blocked(&client.ip) {
        return Err(AppError::Throttled { retry_after_secs });
    }
    let tx = Tx::for_county(db, passed.county_id, Mode::Read).await?;
    let account = tx
        .select_by_id::<user::Entity>(passed.user_id)?
        .filter(user::Column::Active.eq(true))
        .one(tx.conn())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let (history, wait) = throttled(&tx, settings, &account, client).await?;
    tx.commit().await?;
    if let Some(retry_after_secs) = wait {
        return Err(AppError::Throttled { retry_after_secs });
    }
    Ok((passed, account, history.here > 0))
}

fn who(account: &user::Model, client: &Client) -> Who {
    Who {
        id: Some(account.id),
        name: account.username.clone(),
        role: Some(account.role.code()),
        ip: client.ip.to_string(),
    }
}

/// Completes a sign-in with a code: a new session, or why not.
pub async fn complete(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    token: &str,
    code: &str,
    client: &Client,
) -> Result<Issued, AppError> {
    let (passed, account, forgive) = open(db, settings, token, Purpose::Verify, client).await?;
    let tx = Tx::for_county(db, passed.county_id, Mode::Write).await?;
    // Reset since the password step: nothing to check the code against.
    let row = store::confirmed(&tx, account.id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let spent = store::spend(&tx, &settings.second_factor.keys, &row, code, true).await?;
    let who = who(&account, client);
    let recovery = codes::looks_like_recovery(code);
    let action = if recovery {
        AuditAction::RecoveryCodeUse
    } else {
        AuditAction::SecondFactorVerify
    };
    if !spent.ok() {
        record_failure(&tx, settings, &account.username, client).await?;
        let event = Event::new(action, Outcome::Failure)
            .target("user", account.id, account.username.clone())
            .detail(serde_json::json!({ "reason": spent.reason() }));
        audit::record(&tx, &who, event).await?;
        tx.commit().await?;
        return Err(AppError::invalid("code", Reason::WrongSecondFactor));
    }
    if !settings
        .second_factor
        .spent
        .spend(&passed, super::now_secs())
    {
        return Err(AppError::Unauthenticated);
    }
    let detail = match spent {
        Spent::Recovery { left } => serde_json::json!({ "recovery_codes_left": left }),
        _ => serde_json::Value::Null,
    };
    let event = Event::new(action, Outcome::Success)
        .target("user", account.id, account.username.clone())
        .detail(detail);
    audit::record(&tx, &who, event).await?;
    let detail = serde_json::json!({ "second_factor": spent.method() });
    start_session(tx, settings, &account, client, &who, forgive, detail).await
}

/// `username@county-code` (or the username alone for platform accounts): what an
/// authenticator app lists the entry as, beside the issuer 民情.
pub fn account_label(username: &str, county_code: Option<&str>) -> String {
    match county_code {
        Some(code) => format!("{username}@{code}"),
        None => username.to_owned(),
    }
}

/// What an authenticator app needs for the account's pending secret.
pub(super) fn enrol_view(
    settings: &AuthSettings,
    row: &super::entity::second_factor::Model,
    label: &str,
) -> Result<EnrolView, AppError> {
    let secret = settings.second_factor.keys.open(row.user_id, &row.secret)?;
    let e = codes::enrolment(&secret, label)?;
    // Groups of four, as authenticator apps show and people type them.
    let grouped = e
        .secret_base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(EnrolView {
        qr_svg: codes::qr_svg(&e.uri)?,
        secret: grouped,
        uri: e.uri,
    })
}

/// The enrolment an overdue account is led to after its password: its pending secret.
pub async fn enrolment(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    token: &str,
) -> Result<EnrolView, AppError> {
    let passed = challenge::check(&settings.second_factor.keys, token, super::now_secs())?;
    if passed.purpose != Purpose::Enrol {
        return Err(AppError::Unauthenticated);
    }
    let tx = Tx::for_county(db, passed.county_id, Mode::Read).await?;
    let account = tx
        .select_by_id::<user::Entity>(passed.user_id)?
        .filter(user::Column::Active.eq(true))
        .one(tx.conn())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let code = match passed.county_id {
        Some(id) => county::Entity::find_by_id(id)
            .one(tx.conn())
            .await?
            .map(|c| c.code),
        None => None,
    };
    let row = store::find(&tx, account.id)
        .await?
        .filter(|r| r.confirmed_at.is_none())
        .ok_or(AppError::Unauthenticated)?;
    tx.commit().await?;
    enrol_view(
        settings,
        &row,
        &account_label(&account.username, code.as_deref()),
    )
}

/// Confirms an overdue account's enrolment with a code from the app, and signs it in: the
/// session and the recovery codes, to be shown once.
pub async fn complete_enrolment(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    token: &str,
    code: &str,
    client: &Client,
) -> Result<(Issued, Vec<String>), AppError> {
    let (passed, account, forgive) = open(db, settings, token, Purpose::Enrol, client).await?;
    let tx = Tx::for_county(db, passed.county_id, Mode::Write).await?;
    let row = store::find(&tx, account.id)
        .await?
        .filter(|r| r.confirmed_at.is_none())
        .ok_or(AppError::Unauthenticated)?;
    let keys = &settings.second_factor.keys;
    let spent = store::spend(&tx, keys, &row, code, false).await?;
    let who = who(&account, client);
    if !spent.ok() {
        record_failure(&tx, settings, &account.username, client).await?;
        let event = Event::new(AuditAction::SecondFactorEnrol, Outcome::Failure)
            .target("user", account.id, account.username.clone())
            .detail(serde_json::json!({ "reason": spent.reason() }));
        audit::record(&tx, &who, event).await?;
        tx.commit().await?;
        return Err(AppError::invalid("code", Reason::WrongSecondFactor));
    }
    if !settings
        .second_factor
        .spent
        .spend(&passed, super::now_secs())
    {
        return Err(AppError::Unauthenticated);
    }
    store::confirm(&tx, account.id).await?;
    let shown = store::replace_recovery_codes(&tx, keys, account.id).await?;
    let event = Event::new(AuditAction::SecondFactorEnrol, Outcome::Success)
        .target("user", account.id, account.username.clone())
        .detail(serde_json::json!({ "at_sign_in": true }));
    audit::record(&tx, &who, event).await?;
    let detail = serde_json::json!({ "second_factor": "enrolled" });
    let issued = start_session(tx, settings, &account, client, &who, forgive, detail).await?;
    Ok((issued, shown))
}
