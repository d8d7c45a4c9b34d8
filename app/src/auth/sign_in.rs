//! The password step of signing in: the county, the throttles (`guessing`), the password, and
//! then either a new session or, for an account that must give a second factor, a challenge
//! for the code step (`second_factor::verify`). Kept apart from `sessions` (which turns tokens
//! back into callers) because this is the part an attacker works on.

use super::attempts::{history, start_session};
use super::entity::sign_in_failure;
use super::guessing::Rule;
use super::second_factor::{Purpose, Standing, store};
use super::sessions::{Client, Credentials, Issued, now};
use super::{AuthSettings, password};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::counties::{CountyStatus, entity as county};
use crate::error::{AppError, Reason};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Where a right password leads.
#[derive(Clone, Debug)]
pub enum SignInStep {
    /// Signed in.
    Done(Box<Issued>),
    /// The account has a second factor: a code must follow, with this challenge.
    SecondFactor { challenge: String },
    /// The account must have a second factor and its grace period is over: the challenge opens
    /// enrolment only.
    Enrol { challenge: String },
}

pub async fn sign_in(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    credentials: Credentials,
    client: &Client,
) -> Result<SignInStep, AppError> {
    let username = credentials.username.trim().to_lowercase();
    if username.is_empty() || credentials.password.is_empty() {
        return Err(AppError::invalid("username", Reason::Required));
    }
    if let Some(retry_after_secs) = settings.ip.blocked(&client.ip) {
        return Err(AppError::Throttled { retry_after_secs });
    }
    let county = match credentials
        .county
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(code) if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) => {
            let found = county::Entity::find()
                .filter(county::Column::Code.eq(code))
                .one(db)
                .await?;
            match found {
                Some(c) => Some(c),
                None => {
                    // Same answer as a wrong password: nothing to learn by probing.
                    settings.ip.hit(client.ip);
                    return Err(AppError::Conflict(Reason::Credentials));
                }
            }
        }
        Some(_) => return Err(AppError::invalid("county", Reason::BadCountyCode)),
    };
    // A suspended county answers every attempt alike, before any password is looked at:
    // answering so only for the right password would confirm it.
    if county
        .as_ref()
        .is_some_and(|c| c.status != CountyStatus::Active)
    {
        return Err(AppError::Conflict(Reason::CountySuspended));
    }
    let county_id = county.as_ref().map(|c| c.id);

    let tx = Tx::for_county(db, county_id, Mode::Read).await?;
    let account = tx
        .select::<user::Entity>()?
        .filter(user::Column::Username.eq(&username))
        .one(tx.conn())
        .await?;
    let history = history(&tx, settings, &username, account.as_ref(), client).await?;
    tx.commit().await?;
    let rule = Rule {
        free: settings.account_failures,
        window: settings.failure_window,
        spread: settings.spread_failures,
    };
    if let Some(retry_after_secs) = rule.retry_after(history) {
        return Err(AppError::Throttled { retry_after_secs });
    }

    let verified = password::verify(
        credentials.password,
        account.as_ref().map(|a| a.password_hash.clone()),
    )
    .await?;
    let who = Who {
        id: account.as_ref().map(|a| a.id),
        name: username.clone(),
        role: account.as_ref().map(|a| a.role.code()),
        ip: client.ip.to_string(),
    };
    let account = match account {
        Some(a) if verified && a.active => a,
        other => {
            settings.ip.hit(client.ip);
            let reason = match other {
                None => "unknown_user",
                Some(a) if !a.active => "disabled",
                Some(_) => "wrong_password",
            };
            let tx = Tx::for_county(db, county_id, Mode::Write).await?;
            sign_in_failure::Entity::insert(sign_in_failure::ActiveModel {
                county_id: Set(county_id),
                id: Set(Uuid::now_v7()),
                username: Set(username.chars().take(64).collect()),
                ip: Set(client.ip.to_string()),
                at: Set(now()),
            })
            .exec_without_returning(tx.conn())
            .await?;
            let event = Event::new(AuditAction::SignIn, Outcome::Failure)
                .detail(serde_json::json!({ "reason": reason }));
            audit::record(&tx, &who, event).await?;
            tx.commit().await?;
            return Err(AppError::Conflict(Reason::Credentials));
        }
    };

    let tx = Tx::for_county(db, county_id, Mode::Write).await?;
    let standing = store::standing(&tx, &account).await?;
    let detail = match standing {
        Standing::Enrolled => {
            tx.commit().await?;
            let challenge =
                settings
                    .second_factor
                    .challenge(Purpose::Verify, county_id, account.id)?;
            return Ok(SignInStep::SecondFactor { challenge });
        }
        Standing::Overdue => {
            // The password was right, but it is not enough any more: the way on is enrolment.
            store::ensure_pending(&tx, &settings.second_factor.keys, account.id).await?;
            let event = Event::new(AuditAction::SignIn, Outcome::Denied)
                .detail(serde_json::json!({ "reason": "second_factor_enrolment_required" }));
            audit::record(&tx, &who, event).await?;
            tx.commit().await?;
            let challenge =
                settings
                    .second_factor
                    .challenge(Purpose::Enrol, county_id, account.id)?;
            return Ok(SignInStep::Enrol { challenge });
        }
        Standing::Grace { deadline } => {
            serde_json::json!({ "second_factor": "grace", "deadline": deadline })
        }
        Standing::NotRequired => serde_json::Value::Null,
    };
    let mut issued = start_session(
        tx,
        settings,
        &account,
        client,
        &who,
        history.here > 0,
        detail,
    )
    .await?;
    if let Standing::Grace { deadline } = standing {
        issued.second_factor_deadline = Some(deadline);
    }
    Ok(SignInStep::Done(Box::new(issued)))
}
