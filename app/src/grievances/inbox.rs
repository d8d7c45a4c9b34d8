//! The in-app inbox: a unit's to-do list of cases, read by everyone in it. It shows each case
//! once (its newest item), and a case's items leave every inbox when a step moves the case
//! (`resolve`, called by `act::apply`), so what is listed still needs this unit now. An item is
//! unique per (unit, case, kind, deadline), so the deadline job and retried steps never write
//! one twice.

use super::entity::{grievance, inbox_item};
use super::kinds::InboxKind;
use super::model::InboxLine;
use super::rollup::statement;
use crate::access::{Action, Actor};
use crate::error::AppError;
use crate::format;
use crate::tenancy::{Mode, Tx};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Puts a case in a unit's inbox, once per `due_at` (the deadline for reminders, the moment
/// of the step for everything else).
pub async fn notify(
    tx: &Tx,
    county: Uuid,
    unit: Uuid,
    grievance: Uuid,
    kind: InboxKind,
    due_at: OffsetDateTime,
) -> Result<(), AppError> {
    let sql = "INSERT INTO inbox_items (county_id, id, unit_id, grievance_id, kind, due_at, created_at) \
               VALUES (?, ?, ?, ?, ?, ?, ?) \
               ON CONFLICT (county_id, unit_id, grievance_id, kind, due_at) DO NOTHING";
    let values = vec![
        county.into(),
        Uuid::now_v7().into(),
        unit.into(),
        grievance.into(),
        kind.code().into(),
        due_at.into(),
        OffsetDateTime::now_utc().into(),
    ];
    tx.conn().execute_raw(statement(tx, sql, values)).await?;
    Ok(())
}

/// Takes a case's items out of every inbox: what they asked for has been done.
pub async fn resolve(tx: &Tx, grievance: Uuid) -> Result<(), AppError> {
    tx.delete::<inbox_item::Entity>()?
        .filter(inbox_item::Column::GrievanceId.eq(grievance))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Inbox items name cases and quote them: only those who may read the ledger have an inbox
/// (an auditor sits at the county root, where the leaders' items arrive).
/// A refusal is audited like every other.
async fn reader(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    match actor
        .decide(Action::GrievancesView, None)
        .or_deny(Action::GrievancesView)
    {
        Ok(()) => Ok(()),
        Err(e) => Err(crate::audit::denied(db, actor, e).await),
    }
}

/// The caller's own unit's cases, newest first, each once (with its newest item; unread when
/// any of its items is).
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    limit: u64,
) -> Result<Vec<InboxLine>, AppError> {
    reader(db, actor).await?;
    let home = actor.home.as_ref().ok_or(AppError::NotFound)?;
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let limit = limit.clamp(1, 200) as usize;
    // A case has a handful of items at most (its step's, a reminder, an escalation).
    let all = tx
        .select::<inbox_item::Entity>()?
        .filter(inbox_item::Column::UnitId.eq(home.org_unit_id))
        .order_by_desc(inbox_item::Column::CreatedAt)
        .order_by_desc(inbox_item::Column::Id)
        .limit((limit * 4) as u64)
        .all(tx.conn())
        .await?;
    let unread: std::collections::HashSet<Uuid> = all
        .iter()
        .filter(|i| i.read_at.is_none())
        .map(|i| i.grievance_id)
        .collect();
    let mut seen = std::collections::HashSet::new();
    let items: Vec<inbox_item::Model> = all
        .into_iter()
        .filter(|i| seen.insert(i.grievance_id))
        .take(limit)
        .collect();
    let ids: Vec<Uuid> = items.iter().map(|i| i.grievance_id).collect();
    let cases: HashMap<Uuid, grievance::Model> = tx
        .select::<grievance::Entity>()?
        .filter(grievance::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    Ok(items
        .into_iter()
        .filter_map(|i| {
            let g = cases.get(&i.grievance_id)?;
            Some(InboxLine {
                id: i.id.to_string(),
                kind: i.kind,
                grievance_id: g.id.to_string(),
                code: g.code.clone(),
                summary: super::display::summary(&g.description),
                status: g.status,
                at: format::datetime(i.created_at),
                read: !unread.contains(&g.id),
            })
        })
        .collect())
}

/// How many of the caller's unit's cases have unread items.
pub async fn unread(db: &DatabaseConnection, actor: &Actor) -> Result<u64, AppError> {
    reader(db, actor).await?;
    let home = actor.home.as_ref().ok_or(AppError::NotFound)?;
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let cases: Vec<Uuid> = tx
        .select::<inbox_item::Entity>()?
        .select_only()
        .column(inbox_item::Column::GrievanceId)
        .distinct()
        .filter(inbox_item::Column::UnitId.eq(home.org_unit_id))
        .filter(inbox_item::Column::ReadAt.is_null())
        .into_tuple()
        .all(tx.conn())
        .await?;
    Ok(cases.len() as u64)
}

/// Marks every item of the caller's unit read.
pub async fn mark_read(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    reader(db, actor).await?;
    let home = actor.home.as_ref().ok_or(AppError::NotFound)?;
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    tx.update::<inbox_item::Entity>()?
        .col_expr(
            inbox_item::Column::ReadAt,
            Expr::value(OffsetDateTime::now_utc()),
        )
        .filter(inbox_item::Column::UnitId.eq(home.org_unit_id))
        .filter(inbox_item::Column::ReadAt.is_null())
        .exec(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(())
}
