//! Per-unit statistics for a period: sums over the rollup (one row per unit and day), plus
//! two indexed counts — cases overdue now and yellow cards issued in the period.

use super::display::unit_names;
use super::entity::{grievance, unit_day, yellow_card};
use super::kinds::{Alert, Status};
use super::model::{CardLine, UnitStats};
use crate::access::{Action, Actor};
use crate::error::AppError;
use crate::org::{OrgKind, entity as org_unit, tree};
use crate::tenancy::Mode;
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

/// The units whose numbers the caller may see: departments and townships in their reach (a
/// department sees itself, a township itself). The county is not one of them: it is who
/// supervises them, and no yellow card goes to it.
async fn units_in_reach(
    tx: &crate::tenancy::Tx,
    actor: &Actor,
) -> Result<Vec<org_unit::Model>, AppError> {
    let prefix = actor
        .scope_path(Action::GrievancesView)
        .ok_or(AppError::Denied {
            action: Action::GrievancesView,
            hidden: false,
        })?;
    let kinds = [OrgKind::Department, OrgKind::Township];
    Ok(tx
        .select::<org_unit::Entity>()?
        .filter(tree::in_subtree(prefix))
        .filter(org_unit::Column::Kind.is_in(kinds))
        .all(tx.conn())
        .await?)
}

/// The period a leader looks at unless they choose: the last 30 days (a calendar month to date
/// is nearly empty in its first week).
pub fn default_period(today: Date) -> (Date, Date) {
    (today - time::Duration::days(29), today)
}

/// What a leader looks for first: the most cases overdue now, then the lowest share handled on
/// time, then the busiest; units with nothing to show last, by name.
fn worst_first(a: &UnitStats, b: &UnitStats) -> std::cmp::Ordering {
    let on_time = |r: &UnitStats| UnitStats::percent(r.closed_on_time, r.closed).unwrap_or(101.0);
    b.overdue_now
        .cmp(&a.overdue_now)
        .then(on_time(a).total_cmp(&on_time(b)))
        .then(b.received.cmp(&a.received))
        .then(a.unit.cmp(&b.unit))
}

/// The yellow cards issued to units in the caller's reach from `from` to `until`, newest first.
pub async fn cards(
    db: &DatabaseConnection,
    actor: &Actor,
    from: Date,
    until: Date,
) -> Result<Vec<CardLine>, AppError> {
    crate::audit::guarded(db, actor, Mode::Read, async |tx| {
        actor
            .decide(Action::GrievancesView, None)
            .or_deny(Action::GrievancesView)?;
        let units = units_in_reach(tx, actor).await?;
        let ids: Vec<Uuid> = units.iter().map(|u| u.id).collect();
        let found = tx
            .select::<yellow_card::Entity>()?
            .filter(yellow_card::Column::UnitId.is_in(ids.clone()))
            .filter(yellow_card::Column::IssuedOn.gte(from))
            .filter(yellow_card::Column::IssuedOn.lte(until))
            .order_by_desc(yellow_card::Column::CreatedAt)
            .limit(200)
            .all(tx.conn())
            .await?;
        let cases: HashMap<Uuid, String> = tx
            .select::<grievance::Entity>()?
            .select_only()
            .column(grievance::Column::Id)
            .column(grievance::Column::Code)
            .filter(grievance::Column::Id.is_in(found.iter().filter_map(|c| c.grievance_id)))
            .into_tuple::<(Uuid, String)>()
            .all(tx.conn())
            .await?
            .into_iter()
            .collect();
        let names = unit_names(tx, ids).await?;
        Ok(found
            .into_iter()
            .map(|c| CardLine {
                unit_id: c.unit_id.to_string(),
                unit: names.get(&c.unit_id).cloned().unwrap_or_default(),
                reason: c.reason,
                issued_on: crate::format::date(c.issued_on),
                grievance_id: c.grievance_id.map(|g| g.to_string()),
                grievance_code: c.grievance_id.and_then(|g| cases.get(&g).cloned()),
            })
            .collect())
    })
    .await
}

/// The yellow cards the caller's own unit received in the last 30 days: its people see them on
/// their workbench and in their inbox.
pub async fn own_cards(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<CardLine>, AppError> {
    let Some(home) = actor.home.as_ref() else {
        return Ok(Vec::new());
    };
    crate::audit::guarded(db, actor, Mode::Read, async |tx| {
        let (from, until) = default_period(crate::format::today());
        let found = tx
            .select::<yellow_card::Entity>()?
            .filter(yellow_card::Column::UnitId.eq(home.org_unit_id))
            .filter(yellow_card::Column::IssuedOn.gte(from))
            .filter(yellow_card::Column::IssuedOn.lte(until))
            .order_by_desc(yellow_card::Column::CreatedAt)
            .limit(20)
            .all(tx.conn())
            .await?;
        Ok(found
            .into_iter()
            .map(|c| CardLine {
                unit_id: c.unit_id.to_string(),
                unit: String::new(),
                reason: c.reason,
                issued_on: crate::format::date(c.issued_on),
                grievance_id: c.grievance_id.map(|g| g.to_string()),
                grievance_code: None,
            })
            .collect())
    })
    .await
}

/// A unit and its nine rollup sums, as the query returns them.
type Sums = (Uuid, i64, i64, i64, i64, i64, i64, i64, i64, i64);

/// One row per unit in reach for cases received from `from` to `until` (inclusive).
pub async fn by_unit(
    db: &DatabaseConnection,
    actor: &Actor,
    from: Date,
    until: Date,
) -> Result<Vec<UnitStats>, AppError> {
    crate::audit::guarded(db, actor, Mode::Read, async |tx| {
        actor
            .decide(Action::GrievancesView, None)
            .or_deny(Action::GrievancesView)?;
        let units = units_in_reach(tx, actor).await?;
        let ids: Vec<Uuid> = units.iter().map(|u| u.id).collect();
        let sums: Vec<Sums> = tx
            .select::<unit_day::Entity>()?
            .select_only()
            .column(unit_day::Column::UnitId)
            .column_as(unit_day::Column::Received.sum(), "received")
            .column_as(unit_day::Column::Accepted.sum(), "accepted")
            .column_as(unit_day::Column::AcceptedOnTime.sum(), "aot")
            .column_as(unit_day::Column::Closed.sum(), "closed")
            .column_as(unit_day::Column::ClosedOnTime.sum(), "cot")
            .column_as(unit_day::Column::FollowedUp.sum(), "fu")
            .column_as(unit_day::Column::Satisfied.sum(), "sat")
            .column_as(unit_day::Column::Redone.sum(), "redone")
            .column_as(unit_day::Column::Repeats.sum(), "repeats")
            .filter(unit_day::Column::UnitId.is_in(ids.clone()))
            .filter(unit_day::Column::Day.gte(from))
            .filter(unit_day::Column::Day.lte(until))
            .group_by(unit_day::Column::UnitId)
            .into_tuple()
            .all(tx.conn())
            .await?;
        // Overdue now, by the responsible unit (the lead, else the dispatcher).
        let overdue: Vec<(Option<Uuid>, Uuid)> = tx
            .select::<grievance::Entity>()?
            .select_only()
            .column(grievance::Column::LeadUnitId)
            .column(grievance::Column::DispatchUnitId)
            .filter(grievance::Column::Alert.eq(Alert::Overdue.code()))
            .filter(grievance::Column::Status.is_in(Status::OPEN.iter().map(|s| s.code())))
            .into_tuple()
            .all(tx.conn())
            .await?;
        let mut overdue_by: HashMap<Uuid, i64> = HashMap::new();
        for (lead, dispatch) in overdue {
            *overdue_by.entry(lead.unwrap_or(dispatch)).or_default() += 1;
        }
        let cards: Vec<(Uuid, i64)> = tx
            .select::<yellow_card::Entity>()?
            .select_only()
            .column(yellow_card::Column::UnitId)
            .column_as(yellow_card::Column::Id.count(), "n")
            .filter(yellow_card::Column::UnitId.is_in(ids.clone()))
            .filter(yellow_card::Column::IssuedOn.gte(from))
            .filter(yellow_card::Column::IssuedOn.lte(until))
            .group_by(yellow_card::Column::UnitId)
            .into_tuple()
            .all(tx.conn())
            .await?;
        let cards: HashMap<Uuid, i64> = cards.into_iter().collect();
        let sums: HashMap<Uuid, _> = sums.into_iter().map(|s| (s.0, s)).collect();
        let names = unit_names(tx, ids).await?;
        let mut rows: Vec<UnitStats> = units
            .iter()
            .map(|u| {
                let mut row = UnitStats {
                    unit_id: u.id.to_string(),
                    unit: names.get(&u.id).cloned().unwrap_or_default(),
                    overdue_now: overdue_by.get(&u.id).copied().unwrap_or(0),
                    yellow_cards: cards.get(&u.id).copied().unwrap_or(0),
                    ..UnitStats::default()
                };
                if let Some(s) = sums.get(&u.id) {
                    row.received = s.1;
                    row.accepted = s.2;
                    row.accepted_on_time = s.3;
                    row.closed = s.4;
                    row.closed_on_time = s.5;
                    row.followed_up = s.6;
                    row.satisfied = s.7;
                    row.redone = s.8;
                    row.repeats = s.9;
                }
                row
            })
            .collect();
        rows.sort_by(worst_first);
        Ok(rows)
    })
    .await
}
