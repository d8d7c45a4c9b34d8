//! Visit campaigns (走访活动): a scope, a date range, target households (all, or by tags),
//! allowed modes and a coverage target. Creating one makes a task per target household,
//! assigned to its first paired cadre; households that join the scope later join the campaign.

use super::entity::{campaign, task};
use super::kinds::{CampaignStatus, TaskKind, TaskStatus, VisitMode, join_set, split_set};
use super::model::Campaign;
use super::tasks;
use crate::access::{Action, Actor, Target};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Invalid, Reason, text_field};
use crate::households::entity::household;
use crate::households::{CADRE_ROLES, first_cadres, known_tags};
use crate::org::{entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use crate::{format, org::OrgKind};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use serde::Deserialize;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(Clone, Debug, Deserialize)]
pub struct NewCampaign {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub unit_id: Uuid,
    #[serde(default)]
    pub tags: Vec<String>,
    pub modes: Vec<VisitMode>,
    pub target_percent: i32,
}

fn view(c: campaign::Model, unit_name: String) -> Campaign {
    Campaign {
        id: c.id.to_string(),
        name: c.name,
        starts_on: format::date(c.starts_on),
        ends_on: format::date(c.ends_on),
        unit_id: c.org_unit_id.to_string(),
        unit_name,
        tags: split_set(&c.tags),
        modes: split_set(&c.modes)
            .iter()
            .filter_map(|m| VisitMode::from_code(m))
            .collect(),
        target_percent: c.target_percent,
        status: c.status,
        target: c.target,
    }
}

/// Does a household carry one of the campaign's tags (or does the campaign target everyone)?
fn targets(c: &campaign::Model, h: &household::Model) -> bool {
    let wanted = split_set(&c.tags);
    wanted.is_empty() || wanted.iter().any(|t| h.tags.contains(&format!("|{t}|")))
}

pub(crate) fn allows(c: &campaign::Model, mode: VisitMode) -> bool {
    c.modes.contains(&format!("|{}|", mode.code()))
}

/// Campaigns the caller may see: those inside their reach, and those whose scope covers the
/// caller's own unit (a village cadre sees the county's campaign).
fn visible(actor: &Actor) -> Result<Condition, AppError> {
    let scope = actor
        .scope_path(Action::VisitsView)
        .ok_or(AppError::Denied {
            action: Action::VisitsView,
            hidden: false,
        })?;
    let mut any = Condition::any().add(tree::path_within(campaign::Column::Path, scope));
    if let Some(home) = &actor.home {
        any = any.add(campaign::Column::Path.is_in(tree::ancestors(&home.path)));
    }
    Ok(any)
}

/// One campaign the caller may see (the rule of `visible`, for one row); others are a hidden
/// denial.
pub(crate) async fn find(tx: &Tx, actor: &Actor, id: Uuid) -> Result<campaign::Model, AppError> {
    let c = tx.get::<campaign::Entity>(id).await?;
    let action = Action::VisitsView;
    let scope = actor.scope_path(action).ok_or(AppError::Denied {
        action,
        hidden: false,
    })?;
    let above = actor
        .home
        .as_ref()
        .is_some_and(|h| h.path.starts_with(&c.path));
    if c.path.starts_with(scope) || above {
        Ok(c)
    } else {
        Err(AppError::Denied {
            action,
            hidden: true,
        })
    }
}

async fn unit_name(tx: &Tx, id: Uuid) -> Result<String, AppError> {
    Ok(tx
        .select_by_id::<org_unit::Entity>(id)?
        .one(tx.conn())
        .await?
        .map(|u| u.name)
        .unwrap_or_default())
}

pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<Campaign>, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let rows = tx
            .select::<campaign::Entity>()?
            .filter(visible(actor)?)
            .order_by_desc(campaign::Column::CreatedAt)
            .limit(200)
            .all(tx.conn())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for c in rows {
            let name = unit_name(tx, c.org_unit_id).await?;
            out.push(view(c, name));
        }
        Ok(out)
    })
    .await
}

pub async fn get(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Campaign, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let c = find(tx, actor, id).await?;
        get_in(tx, c).await
    })
    .await
}

pub(crate) async fn get_in(tx: &Tx, c: campaign::Model) -> Result<Campaign, AppError> {
    let name = unit_name(tx, c.org_unit_id).await?;
    Ok(view(c, name))
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewCampaign,
) -> Result<Campaign, AppError> {
    if let Err(e) = actor
        .decide(Action::CampaignsManage, None)
        .or_deny(Action::CampaignsManage)
    {
        return Err(audit::denied(db, actor, e).await);
    }
    let mut problems = Vec::new();
    let mut bad = |field, reason| problems.push(Invalid { field, reason });
    let name = text_field("name", &input.name, 64)
        .map_err(|i| bad(i.field, i.reason))
        .ok();
    let starts = format::parse_date(&input.starts_on);
    let ends = format::parse_date(&input.ends_on);
    if starts.is_none() {
        bad("starts_on", Reason::BadDate);
    }
    if ends.is_none() {
        bad("ends_on", Reason::BadDate);
    }
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        bad("ends_on", Reason::BadDateRange);
    }
    if input.modes.is_empty() {
        bad("modes", Reason::Required);
    }
    if !(1..=100).contains(&input.target_percent) {
        bad("target_percent", Reason::BadPercent);
    }
    let (Some(name), Some(starts), Some(ends), true) = (name, starts, ends, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let unit = match tree::find(tx, actor, Action::CampaignsManage, input.unit_id).await {
            Ok(u) if u.kind != OrgKind::Department && u.active => u,
            Ok(_) => return Err(AppError::invalid("unit_id", Reason::UnknownUnit)),
            Err(AppError::Denied { hidden: true, .. } | AppError::NotFound) => {
                return Err(AppError::invalid("unit_id", Reason::UnknownUnit));
            }
            Err(e) => return Err(e),
        };
        let known = known_tags(tx).await?;
        let mut tags: Vec<&str> = Vec::new();
        for t in input
            .tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            if !known.contains(t) {
                return Err(AppError::invalid("tags", Reason::UnknownTag));
            }
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let mut modes: Vec<&str> = Vec::new();
        for m in VisitMode::ALL {
            if input.modes.contains(m) {
                modes.push(m.code());
            }
        }
        let c = campaign::Model {
            county_id: unit.county_id,
            id: Uuid::now_v7(),
            name,
            starts_on: starts,
            ends_on: ends,
            org_unit_id: unit.id,
            path: unit.path.clone(),
            tags: join_set(tags),
            modes: join_set(modes),
            target_percent: input.target_percent,
            status: CampaignStatus::Open,
            target: 0,
            created_by: actor.user_id,
            created_at: OffsetDateTime::now_utc(),
        };
        let c = open(tx, c).await?;
        let event = Event::new(AuditAction::CampaignCreate, Outcome::Success)
            .target("campaign", c.id, c.name.clone())
            .detail(serde_json::json!({ "unit": unit.code, "target": c.target }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        Ok(view(c, unit.name))
    })
    .await
}

/// Stores a checked campaign and makes its tasks; answers it with its target. The caller has
/// checked the scope (the demo seed calls this directly).
pub async fn open(tx: &Tx, mut c: campaign::Model) -> Result<campaign::Model, AppError> {
    campaign::Entity::insert(campaign::ActiveModel::from(c.clone()))
        .exec_without_returning(tx.conn())
        .await?;
    c.target = generate(tx, &c).await?;
    set_target(tx, &c).await?;
    Ok(c)
}

async fn set_target(tx: &Tx, c: &campaign::Model) -> Result<(), AppError> {
    tx.update::<campaign::Entity>()?
        .col_expr(campaign::Column::Target, Expr::value(c.target))
        .filter(campaign::Column::Id.eq(c.id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Households read per round while generating tasks.
const BATCH: u64 = 1000;

/// Makes the campaign's tasks, a thousand households at a time; returns how many.
async fn generate(tx: &Tx, c: &campaign::Model) -> Result<i32, AppError> {
    let mut after: Option<Uuid> = None;
    let mut count = 0;
    loop {
        let mut query = tx
            .select::<household::Entity>()?
            .filter(tree::path_within(household::Column::Path, &c.path));
        let wanted = split_set(&c.tags);
        if !wanted.is_empty() {
            let mut any = Condition::any();
            for t in &wanted {
                any = any.add(household::Column::Tags.contains(format!("|{t}|")));
            }
            query = query.filter(any);
        }
        if let Some(a) = after {
            query = query.filter(household::Column::Id.gt(a));
        }
        let batch = query
            .order_by_asc(household::Column::Id)
            .limit(BATCH)
            .all(tx.conn())
            .await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        let ids: Vec<Uuid> = batch.iter().map(|h| h.id).collect();
        let cadres = first_cadres(tx, &ids).await?;
        let new: Vec<task::Model> = batch
            .iter()
            .map(|h| {
                tasks::new_task(
                    h,
                    TaskKind::Campaign,
                    Some(c.id),
                    None,
                    cadres.get(&h.id).copied(),
                    c.ends_on,
                )
            })
            .collect();
        count += new.len() as i32;
        tasks::insert(tx, new).await?;
    }
    Ok(count)
}

/// Lets a household that was added (or newly tagged) join the open campaigns that cover it.
pub async fn join_open(tx: &Tx, h: &household::Model) -> Result<(), AppError> {
    let today = format::today();
    let open = tx
        .select::<campaign::Entity>()?
        .filter(campaign::Column::Path.is_in(tree::ancestors(&h.path)))
        .filter(campaign::Column::Status.eq(CampaignStatus::Open.code()))
        .filter(campaign::Column::EndsOn.gte(today))
        .all(tx.conn())
        .await?;
    for mut c in open.into_iter().filter(|c| targets(c, h)) {
        let has = tx
            .select::<task::Entity>()?
            .filter(task::Column::HouseholdId.eq(h.id))
            .filter(task::Column::CampaignId.eq(c.id))
            .filter(task::Column::Kind.eq(TaskKind::Campaign.code()))
            .one(tx.conn())
            .await?
            .is_some();
        if has {
            continue;
        }
        let cadre = first_cadres(tx, &[h.id]).await?.get(&h.id).copied();
        tasks::insert(
            tx,
            vec![tasks::new_task(
                h,
                TaskKind::Campaign,
                Some(c.id),
                None,
                cadre,
                c.ends_on,
            )],
        )
        .await?;
        c.target += 1;
        set_target(tx, &c).await?;
    }
    Ok(())
}

/// Ends a campaign early or at its end: its open tasks are cancelled (coverage stays as it was).
pub async fn close(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Campaign, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let c = manageable(tx, actor, id).await?;
        if c.status == CampaignStatus::Closed {
            return Err(AppError::Conflict(Reason::CampaignClosed));
        }
        let open = tx
            .select::<task::Entity>()?
            .filter(task::Column::CampaignId.eq(c.id))
            .filter(task::Column::Status.eq(TaskStatus::Open.code()))
            .all(tx.conn())
            .await?;
        let now = OffsetDateTime::now_utc();
        for t in open {
            let new = task::Model {
                status: TaskStatus::Cancelled,
                closed_at: Some(now),
                ..t.clone()
            };
            tasks::replace(tx, &t, &new).await?;
        }
        tx.update::<campaign::Entity>()?
            .col_expr(
                campaign::Column::Status,
                Expr::value(CampaignStatus::Closed.code()),
            )
            .filter(campaign::Column::Id.eq(c.id))
            .exec(tx.conn())
            .await?;
        let event = Event::new(AuditAction::CampaignUpdate, Outcome::Success)
            .target("campaign", c.id, c.name.clone())
            .detail(serde_json::json!({ "status": "closed" }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        let name = unit_name(tx, c.org_unit_id).await?;
        Ok(view(
            campaign::Model {
                status: CampaignStatus::Closed,
                ..c
            },
            name,
        ))
    })
    .await
}

/// The campaign, if the caller may manage it (its scope inside the caller's reach).
async fn manageable(tx: &Tx, actor: &Actor, id: Uuid) -> Result<campaign::Model, AppError> {
    let c = find(tx, actor, id).await?;
    actor
        .decide(
            Action::CampaignsManage,
            Some(Target {
                county_id: c.county_id,
                path: &c.path,
            }),
        )
        .or_deny(Action::CampaignsManage)?;
    Ok(c)
}

/// Gives the campaign's open tasks nobody holds at `unit` (a village, or any unit above one)
/// to `cadre`, who must be an active cadre at or above that unit. Returns how many moved.
pub async fn assign(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    unit_id: Uuid,
    cadre: Uuid,
) -> Result<u64, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let c = manageable(tx, actor, id).await?;
        let unit = tree::find(tx, actor, Action::CampaignsManage, unit_id).await?;
        let (account, home) = tx
            .select_by_id::<user::Entity>(cadre)?
            .find_also_related(org_unit::Entity)
            .one(tx.conn())
            .await?
            .ok_or(AppError::invalid("cadre", Reason::NotACadre))?;
        let fits = account.active
            && CADRE_ROLES.contains(&account.role)
            && home.is_some_and(|h| unit.path.starts_with(&h.path));
        if !fits {
            return Err(AppError::invalid("cadre", Reason::NotACadre));
        }
        let unheld = tx
            .select::<task::Entity>()?
            .filter(task::Column::CampaignId.eq(c.id))
            .filter(task::Column::Status.eq(TaskStatus::Open.code()))
            .filter(task::Column::AssigneeId.is_null())
            .filter(tree::path_within(task::Column::Path, &unit.path))
            .all(tx.conn())
            .await?;
        let moved = unheld.len() as u64;
        for t in unheld {
            let new = task::Model {
                assignee_id: Some(cadre),
                ..t.clone()
            };
            tasks::replace(tx, &t, &new).await?;
        }
        let event = Event::new(AuditAction::CampaignUpdate, Outcome::Success)
            .target("campaign", c.id, c.name.clone())
            .detail(serde_json::json!({
                "assigned": moved,
                "unit": unit.code,
                "cadre": account.username,
            }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        Ok(moved)
    })
    .await
}

/// Campaigns a visit at this household can count for, by id.
pub(crate) async fn by_ids(
    tx: &Tx,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, campaign::Model>, AppError> {
    Ok(tx
        .select::<campaign::Entity>()?
        .filter(campaign::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// Today is inside the campaign's dates.
pub(crate) fn running(c: &campaign::Model, today: Date) -> bool {
    c.status == CampaignStatus::Open && c.starts_on <= today && today <= c.ends_on
}
