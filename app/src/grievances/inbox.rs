//! The in-app inbox: items addressed to an org unit, read by everyone in it. An item is unique
//! per (unit, case, kind, deadline), so the deadline job and retried steps never write one twice.

use super::entity::{grievance, inbox_item};
use super::kinds::InboxKind;
use super::model::InboxLine;
use super::rollup::statement;
use crate::access::{Action, Actor};
use crate::error::AppError;
use crate::format;
use crate::tenancy::{Mode, Tx};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
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

/// Inbox items name cases and quote them: only those who may read the ledger have an inbox
/// (an auditor sits at the county root, where the leaders' items arrive).
fn reader(actor: &Actor) -> Result<(), AppError> {
    actor
        .decide(Action::GrievancesView, None)
        .or_deny(Action::GrievancesView)
}

/// The newest items of the caller's own unit.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    limit: u64,
) -> Result<Vec<InboxLine>, AppError> {
    reader(actor)?;
    let home = actor.home.as_ref().ok_or(AppError::NotFound)?;
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let items = inbox_item::Entity::find()
        .filter(inbox_item::Column::CountyId.eq(home.county_id))
        .filter(inbox_item::Column::UnitId.eq(home.org_unit_id))
        .order_by_desc(inbox_item::Column::CreatedAt)
        .limit(limit.min(200))
        .all(tx.conn())
        .await?;
    let ids: Vec<Uuid> = items.iter().map(|i| i.grievance_id).collect();
    let cases: HashMap<Uuid, grievance::Model> = grievance::Entity::find()
        .filter(grievance::Column::CountyId.eq(home.county_id))
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
                summary: super::ledger::summary(&g.description),
                status: g.status,
                at: format::datetime(i.created_at),
                read: i.read_at.is_some(),
            })
        })
        .collect())
}

/// How many unread items the caller's unit has.
pub async fn unread(db: &DatabaseConnection, actor: &Actor) -> Result<u64, AppError> {
    reader(actor)?;
    let home = actor.home.as_ref().ok_or(AppError::NotFound)?;
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    use sea_orm::PaginatorTrait;
    Ok(inbox_item::Entity::find()
        .filter(inbox_item::Column::CountyId.eq(home.county_id))
        .filter(inbox_item::Column::UnitId.eq(home.org_unit_id))
        .filter(inbox_item::Column::ReadAt.is_null())
        .count(tx.conn())
        .await?)
}

/// Marks every item of the caller's unit read.
pub async fn mark_read(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    reader(actor)?;
    let home = actor.home.as_ref().ok_or(AppError::NotFound)?;
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    inbox_item::Entity::update_many()
        .col_expr(
            inbox_item::Column::ReadAt,
            Expr::value(OffsetDateTime::now_utc()),
        )
        .filter(inbox_item::Column::CountyId.eq(home.county_id))
        .filter(inbox_item::Column::UnitId.eq(home.org_unit_id))
        .filter(inbox_item::Column::ReadAt.is_null())
        .exec(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(())
}
