//! The deadline job: marks open cases due soon and overdue, puts them in the responsible unit's
//! inbox, and escalates overdue ones to the county leaders (督办). It carries each county
//! explicitly, works in small batches, and changes a case only with a version-guarded update,
//! so any number of server instances can run it at once without doing anything twice.

use super::act::{Doer, write_event};
use super::categories;
use super::deadlines;
use super::entity::grievance;
use super::inbox;
use super::kinds::{Alert, EventKind, InboxKind, Status};
use crate::counties::entity as county;
use crate::error::AppError;
use crate::tenancy::{Mode, Tx};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Cases looked at per transaction.
const BATCH: u64 = 500;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub counties: usize,
    pub due_soon: usize,
    pub overdue: usize,
}

/// One pass over every active county.
pub async fn run(db: &DatabaseConnection, now: OffsetDateTime) -> Result<Report, AppError> {
    let counties: Vec<Uuid> = county::Entity::find()
        .select_only()
        .column(county::Column::Id)
        .filter(county::Column::Status.eq(crate::counties::CountyStatus::Active))
        .into_tuple()
        .all(db)
        .await?;
    let mut report = Report::default();
    for c in counties {
        let (soon, overdue) = run_county(db, c, now).await?;
        report.counties += 1;
        report.due_soon += soon;
        report.overdue += overdue;
    }
    Ok(report)
}

/// One pass over one county: (newly due soon, newly overdue).
pub async fn run_county(
    db: &DatabaseConnection,
    county: Uuid,
    now: OffsetDateTime,
) -> Result<(usize, usize), AppError> {
    let (mut soon, mut overdue) = (0, 0);
    // Rows another instance changed first are skipped, so each batch shrinks the candidates;
    // a batch that changes nothing ends the pass.
    loop {
        let tx = Tx::for_county(db, Some(county), Mode::Write).await?;
        let (_, soon_days) = categories::settings(&tx).await?;
        let horizon = now + Duration::days(i64::from(soon_days));
        let handling = [Status::Accepted, Status::Assigned, Status::InProgress].map(Status::code);
        // Exactly the rows whose alert must change: due within the horizon and not yet
        // flagged, or past due and not yet overdue.
        let due_soon = |col: grievance::Column| {
            Condition::all()
                .add(col.lte(horizon))
                .add(grievance::Column::Alert.eq(Alert::None.code()))
        };
        let past = |col: grievance::Column| {
            Condition::all()
                .add(col.lt(now))
                .add(grievance::Column::Alert.ne(Alert::Overdue.code()))
        };
        let candidates = tx
            .select::<grievance::Entity>()?
            .filter(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(grievance::Column::Status.eq(Status::Registered.code()))
                            .add(
                                Condition::any()
                                    .add(due_soon(grievance::Column::AcceptDue))
                                    .add(past(grievance::Column::AcceptDue)),
                            ),
                    )
                    .add(
                        Condition::all()
                            .add(grievance::Column::Status.is_in(handling))
                            .add(
                                Condition::any()
                                    .add(due_soon(grievance::Column::HandleDue))
                                    .add(past(grievance::Column::HandleDue)),
                            ),
                    ),
            )
            .limit(BATCH)
            .all(tx.conn())
            .await?;
        let found = candidates.len();
        let mut changed = 0;
        for g in candidates {
            let Some(due) = deadlines::running(g.status, g.accept_due, g.handle_due) else {
                continue;
            };
            let alert = deadlines::alert(Some(due), now, soon_days);
            if alert == g.alert || alert == Alert::None {
                continue;
            }
            let updated = tx
                .update::<grievance::Entity>()?
                .col_expr(grievance::Column::Alert, Expr::value(alert.code()))
                .col_expr(
                    grievance::Column::Supervised,
                    Expr::value(g.supervised || alert == Alert::Overdue),
                )
                .col_expr(grievance::Column::Version, Expr::value(g.version + 1))
                .filter(grievance::Column::Id.eq(g.id))
                .filter(grievance::Column::Version.eq(g.version))
                .exec(tx.conn())
                .await?;
            if updated.rows_affected != 1 {
                continue;
            }
            changed += 1;
            let unit = g.lead_unit_id.unwrap_or(g.dispatch_unit_id);
            let kind = if alert == Alert::Overdue {
                overdue += 1;
                inbox::notify(&tx, county, unit, g.id, InboxKind::Overdue, due).await?;
                let root = super::act::county_root(&tx).await?;
                inbox::notify(&tx, county, root, g.id, InboxKind::Escalated, due).await?;
                EventKind::Overdue
            } else {
                soon += 1;
                inbox::notify(&tx, county, unit, g.id, InboxKind::DueSoon, due).await?;
                EventKind::DueSoon
            };
            let detail = Some(crate::format::datetime(due));
            write_event(
                &tx,
                &g,
                Some(g.status),
                kind,
                &Doer::system(),
                None,
                detail,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        if changed == 0 || (found as u64) < BATCH {
            break;
        }
    }
    Ok((soon, overdue))
}
