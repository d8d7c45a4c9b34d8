//! Reading the log: the auditor's filters, newest first, keyset-paginated by sequence number.

use super::model::AuditQuery;
use super::{AuditAction, Outcome, entity};
use crate::access::{Action, Actor, Decision};
use crate::error::AppError;
use crate::tenancy::{Mode, Tx};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use time::{Date, Month, OffsetDateTime};

#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub from: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    /// The username of whoever acted (exact).
    pub actor: Option<String>,
    pub action: Option<AuditAction>,
    pub outcome: Option<Outcome>,
    /// Rows older than this sequence number (the previous page's `next`).
    pub before: Option<i64>,
    pub limit: u64,
}

pub struct AuditPage {
    pub rows: Vec<entity::Model>,
    /// Pass as `before` for the next page; `None` on the last page.
    pub next: Option<i64>,
}

pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &AuditFilter,
) -> Result<AuditPage, AppError> {
    if actor.decide(Action::AuditView, None) != Decision::Allow {
        let error = AppError::Denied {
            action: Action::AuditView,
            hidden: false,
        };
        return Err(super::denied(db, actor, error).await);
    }
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let limit = filter.limit.clamp(1, 10_000);
    let mut query = tx.select::<entity::Entity>()?;
    if let Some(from) = filter.from {
        query = query.filter(entity::Column::At.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(entity::Column::At.lt(until));
    }
    if let Some(name) = &filter.actor {
        query = query.filter(entity::Column::ActorName.eq(name.trim().to_lowercase()));
    }
    if let Some(action) = filter.action {
        query = query.filter(entity::Column::Action.eq(action.code()));
    }
    if let Some(outcome) = filter.outcome {
        query = query.filter(entity::Column::Outcome.eq(outcome.code()));
    }
    if let Some(before) = filter.before {
        query = query.filter(entity::Column::Seq.lt(before));
    }
    let mut rows = query
        .order_by_desc(entity::Column::Seq)
        .limit(limit + 1)
        .all(tx.conn())
        .await?;
    let next = (rows.len() as u64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.seq)
    });
    Ok(AuditPage {
        rows,
        next: next.flatten(),
    })
}

/// `YYYY-MM-DD`.
pub(super) fn day(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = Month::try_from(parts.next()?.parse::<u8>().ok()?).ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// The domain filter for the viewer's query: `from` and `until` are whole China-time days,
/// both included; values that do not parse filter nothing.
impl AuditQuery {
    pub fn filter(&self, limit: u64) -> AuditFilter {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        AuditFilter {
            from: day(&self.from).map(crate::format::china_midnight),
            until: day(&self.until)
                .and_then(Date::next_day)
                .map(crate::format::china_midnight),
            actor: text(&self.actor),
            action: AuditAction::from_code(self.action.trim()),
            outcome: Outcome::from_code(self.outcome.trim()),
            before: self.before.trim().parse().ok(),
            limit,
        }
    }
}
