//! Must-visit events (五必访): someone records what happened at a household; a visit task is
//! due within the event's days (county setting, default 3), held by the household's first
//! paired cadre, or by the one who recorded it when nobody is paired.

use super::entity::trigger;
use super::kinds::TaskKind;
use super::model::TaskLine;
use super::options::{self, OptionKind, TRIGGER_DAYS};
use super::tasks;
use crate::access::{Action, Actor};
use crate::audit;
use crate::error::{AppError, Reason, text_field};
use crate::format;
use crate::households::{self, first_cadres};
use crate::tenancy::Mode;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

#[derive(Clone, Debug, Deserialize)]
pub struct TriggerInput {
    pub household_id: Uuid,
    /// The event's code from the county's list.
    pub kind: String,
    /// When it happened; today when empty.
    #[serde(default)]
    pub occurred_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerLine {
    pub id: String,
    pub household_id: String,
    pub kind: String,
    pub label: String,
    pub occurred_on: String,
    pub note: String,
    pub recorded_at: String,
}

fn line(t: trigger::Model) -> TriggerLine {
    TriggerLine {
        id: t.id.to_string(),
        household_id: t.household_id.to_string(),
        kind: t.kind,
        label: t.label,
        occurred_on: format::date(t.occurred_on),
        note: t.note,
        recorded_at: format::datetime(t.created_at),
    }
}

/// Records the event and returns the task it created.
pub async fn record(
    db: &DatabaseConnection,
    actor: &Actor,
    input: TriggerInput,
) -> Result<TaskLine, AppError> {
    if let Err(e) = actor
        .decide(Action::VisitsRecord, None)
        .or_deny(Action::VisitsRecord)
    {
        return Err(audit::denied(db, actor, e).await);
    }
    let today = format::today();
    let occurred_on = match input.occurred_on.trim() {
        "" => today,
        raw => match format::parse_date(raw) {
            Some(d) if d <= today => d,
            _ => return Err(AppError::invalid("occurred_on", Reason::BadDate)),
        },
    };
    let note = match input.note.trim() {
        "" => String::new(),
        n => text_field("note", n, 500).map_err(|i| AppError::Invalid(vec![i]))?,
    };
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = households::find(tx, actor, Action::VisitsRecord, input.household_id).await?;
        let event = options::active(tx, OptionKind::Trigger)
            .await?
            .into_iter()
            .find(|c| c.code == input.kind.trim())
            .ok_or(AppError::invalid("kind", Reason::UnknownOption))?;
        let t = trigger::Model {
            county_id: h.county_id,
            id: Uuid::now_v7(),
            household_id: h.id,
            path: h.path.clone(),
            kind: event.code,
            label: event.label,
            occurred_on,
            note,
            recorded_by: actor.user_id,
            created_at: OffsetDateTime::now_utc(),
        };
        trigger::Entity::insert(trigger::ActiveModel::from(t.clone()))
            .exec_without_returning(tx.conn())
            .await?;
        let due = today + Duration::days(i64::from(event.days.unwrap_or(TRIGGER_DAYS)));
        let holder = first_cadres(tx, &[h.id])
            .await?
            .get(&h.id)
            .copied()
            .unwrap_or(actor.user_id);
        let task = tasks::new_task(&h, TaskKind::Trigger, None, Some(t.id), Some(holder), due);
        tasks::insert(tx, vec![task.clone()]).await?;
        let audited = audit::Event::new(audit::AuditAction::TriggerRecord, audit::Outcome::Success)
            .target("visit_task", task.id, t.label.clone())
            .detail(serde_json::json!({ "household": h.id, "kind": t.kind, "due_on": format::date(due) }));
        audit::record(tx, &audit::Who::actor(actor, &actor.ip), audited).await?;
        tasks::lines(tx, vec![task])
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    })
    .await
}

/// The events recorded at a household, newest first.
pub async fn of_household(
    db: &DatabaseConnection,
    actor: &Actor,
    household_id: Uuid,
) -> Result<Vec<TriggerLine>, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let h = households::find(tx, actor, Action::VisitsView, household_id).await?;
        Ok(tx
            .select::<trigger::Entity>()?
            .filter(trigger::Column::HouseholdId.eq(h.id))
            .order_by_desc(trigger::Column::CreatedAt)
            .limit(50)
            .all(tx.conn())
            .await?
            .into_iter()
            .map(line)
            .collect())
    })
    .await
}
