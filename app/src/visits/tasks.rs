//! Visit tasks: what a cadre must do at which household by when. Campaigns, 补访 and 五必访
//! create them; a visit closes them (`record`).

use super::entity::{campaign, task, trigger};
use super::kinds::{TaskKind, TaskStatus};
use super::model::TaskLine;
use super::progress::{self, Delta, Key};
use crate::access::{Action, Actor};
use crate::audit;
use crate::error::AppError;
use crate::format;
use crate::households::entity::household;
use crate::org::{entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The rollup key a task is counted under (campaign tasks and campaign 补访 only).
pub(crate) fn key_of(t: &task::Model) -> Option<Key> {
    Some(Key {
        campaign: t.campaign_id?,
        unit: t.org_unit_id,
        path: t.path.clone(),
        assignee: t.assignee_id,
    })
}

/// What a task adds to its rollup row while it exists as it is.
pub(crate) fn weight(t: &task::Model) -> Delta {
    match t.kind {
        TaskKind::Campaign => Delta {
            target: 1,
            visited: i32::from(t.visited),
            met: i32::from(t.met),
            follow_ups: 0,
        },
        TaskKind::FollowUp if t.status == TaskStatus::Open => Delta {
            follow_ups: 1,
            ..Delta::default()
        },
        _ => Delta::default(),
    }
}

/// Inserts tasks and counts them in the rollup. The caller has checked that it may.
pub async fn insert(tx: &Tx, tasks: Vec<task::Model>) -> Result<(), AppError> {
    let mut sums: HashMap<Key, Delta> = HashMap::new();
    for t in &tasks {
        if let Some(key) = key_of(t) {
            let w = weight(t);
            let d = sums.entry(key).or_default();
            d.target += w.target;
            d.visited += w.visited;
            d.met += w.met;
            d.follow_ups += w.follow_ups;
        }
    }
    for chunk in tasks.chunks(1000) {
        task::Entity::insert_many(chunk.iter().cloned().map(task::ActiveModel::from))
            .exec_without_returning(tx.conn())
            .await?;
    }
    for (key, delta) in sums {
        progress::bump(tx, &key, delta).await?;
    }
    Ok(())
}

/// Writes a changed task and moves its counts from what it was to what it is.
pub(crate) async fn replace(tx: &Tx, old: &task::Model, new: &task::Model) -> Result<(), AppError> {
    tx.update::<task::Entity>()?
        .col_expr(task::Column::AssigneeId, Expr::value(new.assignee_id))
        .col_expr(task::Column::Status, Expr::value(new.status.code()))
        .col_expr(task::Column::Visited, Expr::value(new.visited))
        .col_expr(task::Column::Met, Expr::value(new.met))
        .col_expr(task::Column::VisitId, Expr::value(new.visit_id))
        .col_expr(task::Column::ClosedAt, Expr::value(new.closed_at))
        .filter(task::Column::Id.eq(old.id))
        .exec(tx.conn())
        .await?;
    let (before, after) = (key_of(old), key_of(new));
    match (before, after) {
        (Some(b), Some(a)) if b == a => {
            let (wo, wn) = (weight(old), weight(new));
            let d = Delta {
                target: wn.target - wo.target,
                visited: wn.visited - wo.visited,
                met: wn.met - wo.met,
                follow_ups: wn.follow_ups - wo.follow_ups,
            };
            progress::bump(tx, &a, d).await?;
        }
        (b, a) => {
            if let Some(b) = b {
                progress::bump(tx, &b, weight(old).negate()).await?;
            }
            if let Some(a) = a {
                progress::bump(tx, &a, weight(new)).await?;
            }
        }
    }
    Ok(())
}

/// Gives the household's open tasks that nobody holds to `user` (its first paired cadre).
pub async fn assign_unheld(tx: &Tx, household: Uuid, user: Uuid) -> Result<(), AppError> {
    let unheld = tx
        .select::<task::Entity>()?
        .filter(task::Column::HouseholdId.eq(household))
        .filter(task::Column::Status.eq(TaskStatus::Open.code()))
        .filter(task::Column::AssigneeId.is_null())
        .all(tx.conn())
        .await?;
    for t in unheld {
        let new = task::Model {
            assignee_id: Some(user),
            ..t.clone()
        };
        replace(tx, &t, &new).await?;
    }
    Ok(())
}

/// Task models as lines: with their household, village, campaign, reason and assignee.
pub(crate) async fn lines(tx: &Tx, tasks: Vec<task::Model>) -> Result<Vec<TaskLine>, AppError> {
    let today = format::today();
    let ids = |f: fn(&task::Model) -> Option<Uuid>| -> HashSet<Uuid> {
        tasks.iter().filter_map(f).collect()
    };
    let households: HashMap<Uuid, household::Model> = tx
        .select::<household::Entity>()?
        .filter(household::Column::Id.is_in(ids(|t| Some(t.household_id))))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|h| (h.id, h))
        .collect();
    let names = |rows: Vec<(Uuid, String)>| rows.into_iter().collect::<HashMap<_, _>>();
    let villages = names(
        tx.select::<org_unit::Entity>()?
            .select_only()
            .column(org_unit::Column::Id)
            .column(org_unit::Column::Name)
            .filter(org_unit::Column::Id.is_in(ids(|t| Some(t.org_unit_id))))
            .into_tuple()
            .all(tx.conn())
            .await?,
    );
    let campaigns = names(
        tx.select::<campaign::Entity>()?
            .select_only()
            .column(campaign::Column::Id)
            .column(campaign::Column::Name)
            .filter(campaign::Column::Id.is_in(ids(|t| t.campaign_id)))
            .into_tuple()
            .all(tx.conn())
            .await?,
    );
    let reasons = names(
        tx.select::<trigger::Entity>()?
            .select_only()
            .column(trigger::Column::Id)
            .column(trigger::Column::Label)
            .filter(trigger::Column::Id.is_in(ids(|t| t.trigger_id)))
            .into_tuple()
            .all(tx.conn())
            .await?,
    );
    let people = names(
        tx.select::<user::Entity>()?
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::DisplayName)
            .filter(user::Column::Id.is_in(ids(|t| t.assignee_id)))
            .into_tuple()
            .all(tx.conn())
            .await?,
    );
    Ok(tasks
        .into_iter()
        .map(|t| {
            let h = households.get(&t.household_id);
            TaskLine {
                id: t.id.to_string(),
                kind: t.kind,
                status: t.status,
                household_id: t.household_id.to_string(),
                head_name: h.map(|h| h.head_name.clone()).unwrap_or_default(),
                place: h
                    .map(|h| {
                        format!("{} {}", h.group_name, h.house_number)
                            .trim()
                            .to_owned()
                    })
                    .unwrap_or_default(),
                village_name: villages.get(&t.org_unit_id).cloned().unwrap_or_default(),
                campaign_id: t.campaign_id.map(|c| c.to_string()),
                campaign_name: t.campaign_id.and_then(|c| campaigns.get(&c).cloned()),
                reason: t.trigger_id.and_then(|r| reasons.get(&r).cloned()),
                assignee_id: t.assignee_id.map(|a| a.to_string()),
                assignee_name: t.assignee_id.and_then(|a| people.get(&a).cloned()),
                due_on: format::date(t.due_on),
                overdue: t.status == TaskStatus::Open && t.due_on < today,
                visited: t.visited,
                met: t.met,
            }
        })
        .collect())
}

/// A cadre's open tasks: everything assigned to them, and, for accounts that record visits,
/// the open tasks nobody holds in their own unit's subtree, so nothing waits unseen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTasks {
    /// Due today or earlier (overdue first).
    pub due: Vec<TaskLine>,
    pub upcoming: Vec<TaskLine>,
    pub unassigned: Vec<TaskLine>,
    /// More open tasks than shown.
    pub more: bool,
}

/// How many open tasks of each list the home page shows.
pub const HOME_LIMIT: u64 = 100;

pub async fn mine(db: &DatabaseConnection, actor: &Actor) -> Result<MyTasks, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let today = format::today();
        let open = tx
            .select::<task::Entity>()?
            .filter(task::Column::AssigneeId.eq(actor.user_id))
            .filter(task::Column::Status.eq(TaskStatus::Open.code()))
            .order_by_asc(task::Column::DueOn)
            .order_by_asc(task::Column::Id)
            .limit(HOME_LIMIT + 1)
            .all(tx.conn())
            .await?;
        let more = open.len() as u64 > HOME_LIMIT;
        let (due, upcoming): (Vec<_>, Vec<_>) = open
            .into_iter()
            .take(HOME_LIMIT as usize)
            .partition(|t| t.due_on <= today);
        let unassigned = match (actor.can(Action::VisitsRecord), &actor.home) {
            (true, Some(home)) => {
                tx.select::<task::Entity>()?
                    .filter(tree::path_within(task::Column::Path, &home.path))
                    .filter(task::Column::Status.eq(TaskStatus::Open.code()))
                    .filter(task::Column::AssigneeId.is_null())
                    .order_by_asc(task::Column::DueOn)
                    .limit(HOME_LIMIT)
                    .all(tx.conn())
                    .await?
            }
            _ => Vec::new(),
        };
        Ok(MyTasks {
            due: lines(tx, due).await?,
            upcoming: lines(tx, upcoming).await?,
            unassigned: lines(tx, unassigned).await?,
            more,
        })
    })
    .await
}

/// Which tasks a list shows.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TaskFilter {
    pub campaign: Option<Uuid>,
    pub household: Option<Uuid>,
    /// At this unit or below.
    pub unit: Option<Uuid>,
    pub kind: Option<TaskKind>,
    pub status: Option<TaskStatus>,
    /// Open and past due.
    #[serde(default)]
    pub overdue: bool,
    /// Campaign tasks by coverage: visited at all, someone met.
    pub visited: Option<bool>,
    pub met: Option<bool>,
    pub assignee: Option<Uuid>,
    /// Keyset: ids after this one.
    pub after: Option<Uuid>,
    #[serde(default)]
    pub limit: u64,
}

pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &TaskFilter,
) -> Result<(Vec<TaskLine>, Option<String>), AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let prefix = crate::households::scope(tx, actor, Action::VisitsView, filter.unit).await?;
        let limit = filter.limit.clamp(1, 500);
        let mut query = tx
            .select::<task::Entity>()?
            .filter(tree::path_within(task::Column::Path, &prefix));
        if let Some(c) = filter.campaign {
            query = query.filter(task::Column::CampaignId.eq(c));
        }
        if let Some(h) = filter.household {
            query = query.filter(task::Column::HouseholdId.eq(h));
        }
        if let Some(k) = filter.kind {
            query = query.filter(task::Column::Kind.eq(k.code()));
        }
        if filter.overdue {
            query = query
                .filter(task::Column::Status.eq(TaskStatus::Open.code()))
                .filter(task::Column::DueOn.lt(format::today()));
        } else if let Some(s) = filter.status {
            query = query.filter(task::Column::Status.eq(s.code()));
        }
        if let Some(v) = filter.visited {
            query = query.filter(task::Column::Visited.eq(v));
        }
        if let Some(m) = filter.met {
            query = query.filter(task::Column::Met.eq(m));
        }
        if let Some(a) = filter.assignee {
            query = query.filter(task::Column::AssigneeId.eq(a));
        }
        if let Some(after) = filter.after {
            query = query.filter(task::Column::Id.gt(after));
        }
        let mut rows = query
            .order_by_asc(task::Column::Id)
            .limit(limit + 1)
            .all(tx.conn())
            .await?;
        let next = (rows.len() as u64 > limit).then(|| {
            rows.truncate(limit as usize);
            rows.last().map(|t| t.id.to_string())
        });
        Ok((lines(tx, rows).await?, next.flatten()))
    })
    .await
}

/// One task the caller may see.
pub(crate) async fn find(
    tx: &Tx,
    actor: &Actor,
    action: Action,
    id: Uuid,
) -> Result<task::Model, AppError> {
    tx.find_for::<task::Entity>(actor, action, id).await
}

pub async fn get(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<TaskLine, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let t = find(tx, actor, Action::VisitsView, id).await?;
        lines(tx, vec![t])
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    })
    .await
}

/// A new open task at a household.
pub fn new_task(
    h: &household::Model,
    kind: TaskKind,
    campaign: Option<Uuid>,
    trigger: Option<Uuid>,
    assignee: Option<Uuid>,
    due_on: Date,
) -> task::Model {
    task::Model {
        county_id: h.county_id,
        id: Uuid::now_v7(),
        household_id: h.id,
        org_unit_id: h.org_unit_id,
        path: h.path.clone(),
        kind,
        campaign_id: campaign,
        trigger_id: trigger,
        assignee_id: assignee,
        due_on,
        status: TaskStatus::Open,
        visited: false,
        met: false,
        visit_id: None,
        created_at: OffsetDateTime::now_utc(),
        closed_at: None,
    }
}
