//! A county's rule, as its admin edits it: which further roles must use a second factor, and
//! the grace period. Adding a role starts that role's grace from now.

use super::policy::{MAX_GRACE_DAYS, OPTIONAL, Rule};
use super::{entity::settings, now_secs, store};
use crate::access::{Action, Actor, Role};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::auth::model::RuleView;
use crate::error::{AppError, Reason};
use crate::tenancy::{Mode, Tx};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use uuid::Uuid;

fn view(rule: &Rule) -> RuleView {
    RuleView {
        extra_roles: rule.extra_roles.clone(),
        grace_days: rule.grace_days,
    }
}

pub async fn read(db: &DatabaseConnection, actor: &Actor) -> Result<RuleView, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        actor
            .decide(Action::SecuritySettings, None)
            .or_deny(Action::SecuritySettings)?;
        Ok(view(&store::rule(tx).await?))
    })
    .await
}

pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    extra_roles: &[String],
    grace_days: i64,
) -> Result<RuleView, AppError> {
    let grace_days = u32::try_from(grace_days)
        .ok()
        .filter(|d| *d <= MAX_GRACE_DAYS)
        .ok_or(AppError::invalid("grace_days", Reason::BadDays))?;
    let mut roles = Vec::new();
    for code in extra_roles {
        match Role::from_code(code.trim()) {
            Some(role) if OPTIONAL.contains(&role) => roles.push(role),
            _ => return Err(AppError::invalid("extra_roles", Reason::UnknownRole)),
        }
    }
    roles.sort();
    roles.dedup();
    audit::guarded(db, actor, Mode::Write, async |tx: &Tx| {
        actor
            .decide(Action::SecuritySettings, None)
            .or_deny(Action::SecuritySettings)?;
        let county = tx.require_county()?;
        let old = store::rule(tx).await?;
        let now = now_secs();
        let added = roles.iter().any(|r| !old.extra_roles.contains(r));
        let rule = Rule {
            extra_roles: roles.clone(),
            grace_days,
            // A county without a row so far counts the always-required roles from each
            // account's creation; saving keeps that.
            required_since: old.required_since,
            extra_since: if added { now } else { old.extra_since },
        };
        tx.delete::<settings::Entity>()?.exec(tx.conn()).await?;
        settings::Entity::insert(settings::ActiveModel {
            county_id: Set(Some(county)),
            id: Set(Uuid::now_v7()),
            extra_roles: Set(rule.roles_text()),
            grace_days: Set(i32::try_from(grace_days).unwrap_or(0)),
            required_since: Set(rule.required_since),
            extra_since: Set(rule.extra_since),
        })
        .exec_without_returning(tx.conn())
        .await?;
        let event = Event::new(AuditAction::SecuritySettingsUpdate, Outcome::Success)
            .target("second_factor_settings", county, "")
            .detail(serde_json::json!({
                "extra_roles": rule.roles_text(),
                "grace_days": grace_days,
            }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        Ok(view(&rule))
    })
    .await
}
