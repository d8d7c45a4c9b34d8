//! Acting on a case: the only writer of a case's state. It loads the case, checks that the
//! caller sees it and holds the command's duty, asks `lifecycle::step`, and writes the step —
//! the row (guarded by its version), the timeline event, the handling units, the rollup and
//! the inbox — in one transaction.

use super::categories;
use super::deadlines;
use super::entity::{event, grievance, handling_unit, yellow_card};
use super::inbox;
use super::kinds::{EventKind, InboxKind, Satisfaction, Status};
use super::ledger::{self, holds, visible};
use super::lifecycle::{self, Command, Step};
use super::rollup;
use crate::access::{Action, Actor, Role};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Reason, text_field};
use crate::org::{OrgKind, entity as org_unit};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use time::OffsetDateTime;
use uuid::Uuid;

/// Who gave a command: as the timeline names them, and as the audit log records them.
#[derive(Clone, Debug)]
pub struct Doer {
    pub id: Option<Uuid>,
    pub name: String,
    pub who: Who,
}

impl Doer {
    pub fn actor(actor: &Actor) -> Doer {
        Doer {
            id: Some(actor.user_id),
            name: actor.display_name.clone(),
            who: Who::actor(actor, &actor.ip),
        }
    }

    /// The resident (no account), through the public form or tracking page from `ip`.
    pub fn resident(ip: &str) -> Doer {
        Doer {
            id: None,
            name: "群众".into(),
            who: Who {
                id: None,
                name: "resident".into(),
                role: None,
                ip: ip.to_owned(),
            },
        }
    }

    /// The deadline job.
    pub fn system() -> Doer {
        Doer {
            id: None,
            name: "系统".into(),
            who: Who {
                id: None,
                name: "system".into(),
                role: None,
                ip: String::new(),
            },
        }
    }
}

/// Gives `command` on case `id` as `actor`.
pub async fn act(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    command: Command,
) -> Result<grievance::Model, AppError> {
    act_seen(db, actor, id, None, command).await
}

/// [`act`], refused as stale when the case is no longer at the version `seen` (what the
/// caller's page showed): two dispatchers on one page cannot both assign it, even when the
/// second step would still be legal on the case as it is now.
pub async fn act_seen(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    seen: Option<i32>,
    command: Command,
) -> Result<grievance::Model, AppError> {
    let command = clean(command)?;
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let (g, units) = ledger::load(tx, id).await?;
        visible(actor, &g, &units).or_deny(Action::GrievancesView)?;
        if seen.is_some_and(|v| v != g.version) {
            return Err(AppError::Conflict(Reason::StaleCase));
        }
        // A role that can never give the command hears "forbidden"; one that can, but not on
        // this case as it stands, hears why (409 with the state's reason), and only a step the
        // case allows is refused for not being the caller's unit's to take.
        let action = duty_action(command.duty());
        let denied = AppError::Denied {
            action,
            hidden: false,
        };
        if !actor.can(action) {
            return Err(denied);
        }
        lifecycle::step(&g.state(), &command).map_err(|r| AppError::Conflict(r.reason()))?;
        if !holds(actor, command.duty(), &g, &units) {
            return Err(denied);
        }
        apply(tx, g, &command, &Doer::actor(actor)).await
    })
    .await
}

fn duty_action(duty: lifecycle::Duty) -> Action {
    match duty {
        lifecycle::Duty::Dispatch => Action::GrievancesDispatch,
        lifecycle::Duty::Handle | lifecycle::Duty::Participate => Action::GrievancesHandle,
        lifecycle::Duty::Supervise => Action::GrievancesSupervise,
    }
}

/// Length and character checks on the command's text (the state machine checks presence).
fn clean(command: Command) -> Result<Command, AppError> {
    let long = |field: &'static str, s: &str, max: usize| -> Result<(), AppError> {
        if s.trim().is_empty() {
            return Ok(());
        }
        text_field(field, &s.replace(['\r', '\n'], " "), max)
            .map(|_| ())
            .map_err(|i| AppError::Invalid(vec![i]))
    };
    match &command {
        Command::Reject { reason } | Command::Return { reason } => long("reason", reason, 2000)?,
        Command::RequestExtension { reason, .. } => long("reason", reason, 2000)?,
        Command::Reply { text } | Command::Note { text } => long("text", text, 4000)?,
        Command::FollowUp { note, .. }
        | Command::DecideExtension { note, .. }
        | Command::Supervise { note } => long("note", note, 2000)?,
        _ => {}
    }
    Ok(command)
}

/// Writes one step of `g`. The caller has checked who may give the command.
pub async fn apply(
    tx: &Tx,
    g: grievance::Model,
    command: &Command,
    doer: &Doer,
) -> Result<grievance::Model, AppError> {
    let before = g.state();
    let Step { next, event, note } =
        lifecycle::step(&before, command).map_err(|r| AppError::Conflict(r.reason()))?;
    let now = OffsetDateTime::now_utc();
    let county = g.county_id;
    let mut after = g.clone();
    after.status = next.status;
    after.lead_unit_id = next.lead;
    after.extension = next.extension;
    after.redo_count = next.redo_count;
    after.satisfaction = next.satisfaction;
    after.supervised = next.supervised;
    after.leader_id = next.leader;
    after.updated_at = now;
    after.version = g.version + 1;
    let mut detail = None;

    // The decision on acceptance (accepting, refusing, or assigning straight away).
    if g.status == Status::Registered && next.status != Status::Registered {
        after.accepted_on_time = Some(now <= g.accept_due);
        if next.status != Status::NotAccepted {
            after.accepted_at = Some(now);
            let category = categories::find(tx, g.category_id).await?;
            after.handle_due = Some(deadlines::handle_due(now, category.handle_days, 0));
        }
    }
    match command {
        Command::Reject { .. } => after.reply = note.clone(),
        Command::Reply { text } => {
            after.reply = Some(text.trim().to_owned());
            after.replied_at = Some(now);
        }
        Command::Close => {
            after.closed_at = Some(now);
            after.closed_on_time = Some(after.handle_due.is_none_or(|due| now <= due));
        }
        Command::DecideExtension { approve: true, .. } => {
            if let Some(due) = g.handle_due {
                after.handle_due = Some(due + time::Duration::days(i64::from(next.extension_days)));
            }
            after.extension_days = next.extension_days;
            detail = Some(format!("+{}", next.extension_days));
        }
        Command::DecideExtension { approve: false, .. } => after.extension_days = 0,
        Command::RequestExtension { days, .. } => {
            // Held as the request's days until decided; the deadline moves only on approval.
            after.extension_days = *days;
            detail = Some(format!("+{days}"));
        }
        Command::FollowUp { satisfaction, .. } => detail = Some(satisfaction.code().into()),
        Command::NameLeader { leader } => {
            let u = tx
                .select_by_id::<user::Entity>(*leader)?
                .one(tx.conn())
                .await?
                .filter(|u| u.role == Role::CountyLeader && u.active)
                .ok_or(AppError::invalid("leader", Reason::NotALeader))?;
            detail = Some(u.display_name);
        }
        _ => {}
    }
    let (_, soon_days) = categories::settings(tx).await?;
    after.alert = deadlines::alert(
        deadlines::running(after.status, after.accept_due, after.handle_due),
        now,
        soon_days,
    );

    // The units: set on assignment, cleared on return.
    match command {
        Command::Assign { lead, co } => {
            let mut rows = Vec::new();
            let mut names = Vec::new();
            for (unit, is_lead) in
                std::iter::once((*lead, true)).chain(co.iter().map(|c| (*c, false)))
            {
                if rows
                    .iter()
                    .any(|r: &handling_unit::Model| r.unit_id == unit)
                {
                    continue;
                }
                let u = super::routing::handler_unit(tx, unit).await?;
                names.push(u.name.clone());
                rows.push(handling_unit::Model {
                    county_id: county,
                    grievance_id: g.id,
                    unit_id: u.id,
                    path: u.path,
                    lead: is_lead,
                });
            }
            tx.delete::<handling_unit::Entity>()?
                .filter(handling_unit::Column::GrievanceId.eq(g.id))
                .exec(tx.conn())
                .await?;
            super::reach::set(tx, g.id, &g.path, rows.iter().map(|r| r.path.as_str())).await?;
            handling_unit::Entity::insert_many(
                rows.into_iter().map(handling_unit::ActiveModel::from),
            )
            .exec_without_returning(tx.conn())
            .await?;
            detail = Some(names.join("、"));
        }
        Command::Return { .. } => {
            tx.delete::<handling_unit::Entity>()?
                .filter(handling_unit::Column::GrievanceId.eq(g.id))
                .exec(tx.conn())
                .await?;
            super::reach::set(tx, g.id, &g.path, []).await?;
        }
        _ => {}
    }

    save(tx, &g, &after).await?;
    write_event(tx, &after, Some(g.status), event, doer, note, detail, now).await?;
    rollup::shift(tx, Some(&g), &after).await?;

    // Who must act next. A step that moved the case (its status, its lead, its extension) has
    // done what every earlier item asked for: those leave every inbox, and the new ones arrive.
    let moved = after.status != g.status
        || after.lead_unit_id != g.lead_unit_id
        || after.extension != g.extension;
    if moved {
        inbox::resolve(tx, g.id).await?;
    }
    let lead = after.lead_unit_id;
    let notify = |unit: Uuid, kind: InboxKind| inbox::notify(tx, county, unit, g.id, kind, now);
    match (command, lead) {
        (Command::Assign { co, .. }, Some(lead)) => {
            notify(lead, InboxKind::Assigned).await?;
            for c in co {
                notify(*c, InboxKind::Assigned).await?;
            }
        }
        (Command::Return { .. }, _) => notify(g.dispatch_unit_id, InboxKind::Returned).await?,
        (
            Command::FollowUp {
                satisfaction: Satisfaction::Dissatisfied,
                ..
            },
            Some(lead),
        ) => notify(lead, InboxKind::Redo).await?,
        (Command::RequestExtension { .. }, _) => {
            notify(county_root(tx).await?, InboxKind::Extension).await?
        }
        (Command::Supervise { .. }, Some(lead)) => notify(lead, InboxKind::Supervised).await?,
        _ => {}
    }
    Ok(after)
}

/// Writes `after` if nobody changed the case since it was read (its version).
pub(super) async fn save(
    tx: &Tx,
    before: &grievance::Model,
    after: &grievance::Model,
) -> Result<(), AppError> {
    // `reset_all` marks every column as changed (`from` alone would mark none).
    let mut active = grievance::ActiveModel::from(after.clone()).reset_all();
    // Only the columns a step can change.
    active.county_id = sea_orm::ActiveValue::NotSet;
    active.id = sea_orm::ActiveValue::NotSet;
    active.code = sea_orm::ActiveValue::NotSet;
    active.created_at = sea_orm::ActiveValue::NotSet;
    let result = tx
        .update::<grievance::Entity>()?
        .set(active)
        .filter(grievance::Column::Id.eq(before.id))
        .filter(grievance::Column::Version.eq(before.version))
        .exec(tx.conn())
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Conflict(Reason::StaleCase));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)] // one line of the timeline, every field named here
pub(super) async fn write_event(
    tx: &Tx,
    g: &grievance::Model,
    from: Option<Status>,
    kind: EventKind,
    doer: &Doer,
    note: Option<String>,
    detail: Option<String>,
    at: OffsetDateTime,
) -> Result<(), AppError> {
    event::Entity::insert(event::ActiveModel {
        county_id: Set(g.county_id),
        id: Set(Uuid::now_v7()),
        grievance_id: Set(g.id),
        kind: Set(kind),
        from_status: Set(from),
        to_status: Set(g.status),
        actor_id: Set(doer.id),
        actor_name: Set(doer.name.chars().take(64).collect()),
        note: Set(note),
        detail: Set(detail.map(|d| d.chars().take(255).collect())),
        created_at: Set(at),
    })
    .exec_without_returning(tx.conn())
    .await?;
    // Every line of a timeline is a state change of a case: the audit log has it too, without
    // the note (free text may hold personal details).
    let action = if from.is_none() {
        AuditAction::GrievanceRegister
    } else {
        AuditAction::GrievanceStep
    };
    let audited = Event::new(action, Outcome::Success)
        .target("grievance", g.id, g.code.clone())
        .detail(serde_json::json!({
            "step": kind.code(),
            "from": from.map(Status::code),
            "to": g.status.code(),
        }));
    audit::record(tx, &doer.who, audited).await?;
    Ok(())
}

/// The county root unit of the transaction's county (where leaders' inbox items go).
pub(super) async fn county_root(tx: &Tx) -> Result<Uuid, AppError> {
    tx.select::<org_unit::Entity>()?
        .filter(org_unit::Column::Kind.eq(OrgKind::County))
        .one(tx.conn())
        .await?
        .map(|u| u.id)
        .ok_or(AppError::NotFound)
}

/// 黄牌警告: a county leader warns a slow unit, optionally about one case.
pub async fn yellow_card(
    db: &DatabaseConnection,
    actor: &Actor,
    unit: Uuid,
    grievance: Option<Uuid>,
    reason: &str,
) -> Result<(), AppError> {
    let reason = text_field("reason", &reason.replace(['\r', '\n'], " "), 500)
        .map_err(|i| AppError::Invalid(vec![i]))?;
    audit::guarded(db, actor, Mode::Write, async |tx| {
        actor
            .decide(Action::GrievancesSupervise, None)
            .or_deny(Action::GrievancesSupervise)?;
        let county = tx.require_county()?;
        let u = super::routing::handler_unit(tx, unit).await?;
        if let Some(id) = grievance {
            ledger::find(tx, actor, id).await?;
        }
        let now = OffsetDateTime::now_utc();
        yellow_card::Entity::insert(yellow_card::ActiveModel::from(yellow_card::Model {
            county_id: county,
            id: Uuid::now_v7(),
            unit_id: u.id,
            grievance_id: grievance,
            reason: reason.clone(),
            issued_by: actor.user_id,
            issued_on: crate::format::today(),
            created_at: now,
        }))
        .exec_without_returning(tx.conn())
        .await?;
        let event = Event::new(AuditAction::YellowCard, Outcome::Success).target(
            "org_unit",
            u.id,
            u.name.clone(),
        );
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        Ok(())
    })
    .await
}
