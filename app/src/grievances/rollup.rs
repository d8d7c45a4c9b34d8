//! The statistics rollup. Every case contributes a fixed set of counts to one row — its
//! responsible unit (the lead, else the dispatcher) × the day it was received — and every
//! change moves its contribution in the same transaction: the table is always Σ contributions,
//! so a period's numbers for a unit are a few hundred rows, never a scan of the ledger.

use super::entity::{grievance, unit_day};
use super::kinds::{Satisfaction, Status};
use crate::error::AppError;
use crate::tenancy::Tx;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use time::Date;
use uuid::Uuid;

/// received, accepted (decided), accepted on time, closed, closed on time, followed up,
/// satisfied, redone, repeats.
pub type Counts = [i32; 9];

pub fn contribution(g: &grievance::Model) -> (Uuid, Date, Counts) {
    let unit = g.lead_unit_id.unwrap_or(g.dispatch_unit_id);
    let counts = [
        1,
        i32::from(g.accepted_on_time.is_some()),
        i32::from(g.accepted_on_time == Some(true)),
        i32::from(g.status == Status::Closed),
        i32::from(g.closed_on_time == Some(true)),
        i32::from(g.satisfaction.is_some()),
        i32::from(matches!(
            g.satisfaction,
            Some(Satisfaction::Satisfied | Satisfaction::Fair)
        )),
        i32::from(g.redo_count > 0),
        i32::from(g.repeat_of.is_some()),
    ];
    (unit, g.received_on, counts)
}

/// Moves a case's contribution from what it was (`None` for a new case) to what it is.
pub async fn shift(
    tx: &Tx,
    before: Option<&grievance::Model>,
    after: &grievance::Model,
) -> Result<(), AppError> {
    let new = contribution(after);
    if let Some(before) = before {
        let old = contribution(before);
        if old == new {
            return Ok(());
        }
        add(tx, after.county_id, old.0, old.1, old.2.map(|n| -n)).await?;
    }
    add(tx, after.county_id, new.0, new.1, new.2).await
}

const COLUMNS: [&str; 9] = [
    "received",
    "accepted",
    "accepted_on_time",
    "closed",
    "closed_on_time",
    "followed_up",
    "satisfied",
    "redone",
    "repeats",
];

async fn add(tx: &Tx, county: Uuid, unit: Uuid, day: Date, counts: Counts) -> Result<(), AppError> {
    let updates: Vec<String> = COLUMNS
        .iter()
        .map(|c| format!("{c} = grievance_unit_days.{c} + excluded.{c}"))
        .collect();
    let sql = format!(
        "INSERT INTO grievance_unit_days (county_id, unit_id, day, {}) VALUES (?, ?, ?, {}) \
         ON CONFLICT (county_id, unit_id, day) DO UPDATE SET {}",
        COLUMNS.join(", "),
        ["?"; 9].join(", "),
        updates.join(", ")
    );
    let mut values: Vec<Value> = vec![county.into(), unit.into(), day.into()];
    values.extend(counts.iter().map(|n| Value::from(*n)));
    tx.conn().execute_raw(statement(tx, &sql, values)).await?;
    Ok(())
}

/// A statement with `?` placeholders, numbered for PostgreSQL.
pub(super) fn statement(tx: &Tx, sql: &str, values: Vec<Value>) -> Statement {
    let backend = tx.conn().get_database_backend();
    let sql = if backend == DatabaseBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for ch in sql.chars() {
            if ch == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(ch);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The rollup recomputed from the ledger, for tests and repairs: (unit, day) → counts.
pub async fn recount(
    tx: &Tx,
) -> Result<std::collections::BTreeMap<(Uuid, Date), Counts>, AppError> {
    let mut out = std::collections::BTreeMap::new();
    for g in tx.select::<grievance::Entity>()?.all(tx.conn()).await? {
        let (unit, day, counts) = contribution(&g);
        let sum: &mut Counts = out.entry((unit, day)).or_insert([0; 9]);
        for (s, c) in sum.iter_mut().zip(counts) {
            *s += c;
        }
    }
    Ok(out)
}

/// The rollup as stored, without all-zero rows.
pub async fn stored(tx: &Tx) -> Result<std::collections::BTreeMap<(Uuid, Date), Counts>, AppError> {
    Ok(tx
        .select::<unit_day::Entity>()?
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|r| {
            let counts = [
                r.received,
                r.accepted,
                r.accepted_on_time,
                r.closed,
                r.closed_on_time,
                r.followed_up,
                r.satisfied,
                r.redone,
                r.repeats,
            ];
            ((r.unit_id, r.day), counts)
        })
        .filter(|(_, c)| c.iter().any(|n| *n != 0))
        .collect())
}
