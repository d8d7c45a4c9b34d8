//! Per-unit statistics for a period: sums over the rollup (one row per unit and day), plus
//! two indexed counts — cases overdue now and yellow cards issued in the period.

use super::entity::{grievance, unit_day, yellow_card};
use super::kinds::{Alert, Status};
use super::ledger::unit_names;
use super::model::UnitStats;
use crate::access::{Action, Actor, Reach};
use crate::error::AppError;
use crate::org::{OrgKind, entity as org_unit, tree};
use crate::tenancy::Mode;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

/// The units whose numbers the caller may see: departments and townships in their reach (a
/// department sees itself, a township itself), plus the county itself for county roles.
async fn units_in_reach(
    tx: &crate::tenancy::Tx,
    actor: &Actor,
) -> Result<Vec<org_unit::Model>, AppError> {
    let county = tx.require_county()?;
    let prefix = actor
        .scope_path(Action::GrievancesView)
        .ok_or(AppError::Denied {
            action: Action::GrievancesView,
            hidden: false,
        })?;
    let county_wide =
        crate::access::matrix::reach(actor.role, Action::GrievancesView) == Some(Reach::County);
    let mut kinds = vec![OrgKind::Department, OrgKind::Township];
    if county_wide {
        kinds.push(OrgKind::County);
    }
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::CountyId.eq(county))
        .filter(tree::in_subtree(prefix))
        .filter(org_unit::Column::Kind.is_in(kinds))
        .all(tx.conn())
        .await?)
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
        let county = tx.require_county()?;
        let units = units_in_reach(tx, actor).await?;
        let ids: Vec<Uuid> = units.iter().map(|u| u.id).collect();
        let sums: Vec<Sums> = unit_day::Entity::find()
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
            .filter(unit_day::Column::CountyId.eq(county))
            .filter(unit_day::Column::UnitId.is_in(ids.clone()))
            .filter(unit_day::Column::Day.gte(from))
            .filter(unit_day::Column::Day.lte(until))
            .group_by(unit_day::Column::UnitId)
            .into_tuple()
            .all(tx.conn())
            .await?;
        // Overdue now, by the responsible unit (the lead, else the dispatcher).
        let overdue: Vec<(Option<Uuid>, Uuid)> = grievance::Entity::find()
            .select_only()
            .column(grievance::Column::LeadUnitId)
            .column(grievance::Column::DispatchUnitId)
            .filter(grievance::Column::CountyId.eq(county))
            .filter(grievance::Column::Alert.eq(Alert::Overdue.code()))
            .filter(grievance::Column::Status.is_in(Status::OPEN.iter().map(|s| s.code())))
            .into_tuple()
            .all(tx.conn())
            .await?;
        let mut overdue_by: HashMap<Uuid, i64> = HashMap::new();
        for (lead, dispatch) in overdue {
            *overdue_by.entry(lead.unwrap_or(dispatch)).or_default() += 1;
        }
        let cards: Vec<(Uuid, i64)> = yellow_card::Entity::find()
            .select_only()
            .column(yellow_card::Column::UnitId)
            .column_as(yellow_card::Column::Id.count(), "n")
            .filter(yellow_card::Column::CountyId.eq(county))
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
        // Busiest first; units with nothing at the end, by name.
        rows.sort_by(|a, b| b.received.cmp(&a.received).then(a.unit.cmp(&b.unit)));
        Ok(rows)
    })
    .await
}
