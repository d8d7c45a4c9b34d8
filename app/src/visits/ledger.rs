//! The visit ledger (走访台账) as a spreadsheet: every visit under a unit in the caller's reach,
//! optionally of one campaign and between two days, village by village. Streamed through
//! `export_file`, so a county's million visits never sit in memory: each village's visits are
//! read in keyset pages (`path` equal, `id` after the last) on `ix_visits_path`, with the
//! names they need looked up per page. The export writes a `ledger_export` audit row with its
//! filters and row count, committed before the file is handed out.

use super::campaigns;
use super::entity::{campaign, concern, visit};
use super::kinds::{Attitude, VisitMode, split_set};
use super::options::{self, OptionKind};
use crate::access::{Action, Actor};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Reason};
use crate::export_file::{Column, SheetWriter, Written};
use crate::format;
use crate::households::{self, entity::household};
use crate::i18n::Locale;
use crate::org::{OrgKind, entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect, RelationDef,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// Visits read per query.
const PAGE: u64 = 5_000;
/// Ids per `IN (…)` list. Every list has exactly this many (the last is padded), so each
/// lookup is one prepared statement: lists of every length would each be prepared and
/// cached per connection, costing time and memory across a county's villages.
const IN_LIST: usize = 500;

/// `ids` in lists of exactly `IN_LIST`, the last one padded with its own last id.
fn padded(ids: &[Uuid]) -> Vec<Vec<Uuid>> {
    ids.chunks(IN_LIST)
        .map(|chunk| {
            let mut list = chunk.to_vec();
            if let Some(&last) = chunk.last() {
                list.resize(IN_LIST, last);
            }
            list
        })
        .collect()
}

/// The filters, as the request gives them.
#[derive(Clone, Debug, Default)]
pub struct LedgerQuery {
    pub campaign: Option<Uuid>,
    /// At this unit or below; the caller's whole reach when none.
    pub unit: Option<Uuid>,
    /// `YYYY-MM-DD`, China days, both included.
    pub from: Option<String>,
    pub until: Option<String>,
}

/// An export that passed its checks, ready to write.
#[derive(Clone, Debug)]
pub struct Prepared {
    prefix: String,
    unit: Option<(Uuid, String, String)>,
    campaign: Option<(Uuid, String)>,
    from: Option<Date>,
    until: Option<Date>,
    /// `visits-YYYYMMDD.xlsx`.
    pub file_name: String,
    /// `走访台账-正定镇-YYYYMMDD.xlsx`.
    pub label: String,
}

fn day(field: &'static str, value: Option<&str>) -> Result<Option<Date>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => format::parse_date(v)
            .map(Some)
            .ok_or(AppError::invalid(field, Reason::BadDate)),
    }
}

/// Checks the caller may export the ledger under `unit` and sees `campaign`. Refusals are
/// audited; a unit or campaign outside the caller's reach is "not found".
pub async fn prepare(
    db: &DatabaseConnection,
    actor: &Actor,
    query: &LedgerQuery,
) -> Result<Prepared, AppError> {
    if let Err(e) = actor
        .decide(Action::LedgerExport, None)
        .or_deny(Action::LedgerExport)
    {
        return Err(audit::denied(db, actor, e).await);
    }
    let from = day("from", query.from.as_deref())?;
    let until = day("until", query.until.as_deref())?;
    if let (Some(from), Some(until)) = (from, until)
        && from > until
    {
        return Err(AppError::invalid("until", Reason::BadDateRange));
    }
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let prefix = households::scope(tx, actor, Action::LedgerExport, query.unit).await?;
        let unit = match query.unit {
            Some(id) => {
                let u = tree::find(tx, actor, Action::LedgerExport, id).await?;
                Some((u.id, u.code, u.name))
            }
            None => None,
        };
        let campaign = match query.campaign {
            Some(id) => {
                let c = campaigns::find(tx, actor, id).await?;
                Some((c.id, c.name))
            }
            None => None,
        };
        let place = unit
            .as_ref()
            .map(|(_, _, name)| name.clone())
            .or_else(|| actor.home.as_ref().map(|h| h.org_unit_name.clone()))
            .unwrap_or_default();
        let today = format::date(format::today()).replace('-', "");
        let t = Locale::ZhCn.texts();
        Ok(Prepared {
            prefix,
            unit,
            campaign,
            from,
            until,
            file_name: format!("visits-{today}.xlsx"),
            label: format!("{}-{place}-{today}.xlsx", t.ledger_file()),
        })
    })
    .await
}

fn columns() -> Vec<Column> {
    let t = Locale::ZhCn.texts();
    [
        (t.ledger_col_time(), 17.0),
        (t.ledger_col_township(), 12.0),
        (t.ledger_col_village(), 12.0),
        (t.ledger_col_head(), 10.0),
        (t.ledger_col_house(), 12.0),
        (t.ledger_col_visitor(), 10.0),
        (t.ledger_col_mode(), 8.0),
        (t.ledger_col_met(), 8.0),
        (t.ledger_col_met_whom(), 10.0),
        (t.ledger_col_attitude(), 10.0),
        (t.ledger_col_concerns(), 40.0),
        (t.ledger_col_policies(), 24.0),
        (t.ledger_col_notes(), 30.0),
        (t.ledger_col_campaign(), 20.0),
    ]
    .into_iter()
    .map(|(header, width)| Column::new(header, width, false))
    .collect()
}

struct Village {
    path: String,
    code: String,
    name: String,
    township: String,
}

/// The villages under `prefix`, by division code (townships in order, then their villages).
async fn villages(tx: &Tx, prefix: &str) -> Result<Vec<Village>, AppError> {
    let units = tx.select::<org_unit::Entity>()?.all(tx.conn()).await?;
    let names: HashMap<Uuid, &str> = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let mut villages: Vec<Village> = units
        .iter()
        .filter(|u| u.kind == OrgKind::Village && u.path.starts_with(prefix))
        .map(|u| Village {
            path: u.path.clone(),
            code: u.code.clone(),
            name: u.name.clone(),
            township: u
                .parent_id
                .and_then(|p| names.get(&p))
                .map_or(String::new(), |n| (*n).to_owned()),
        })
        .collect();
    villages.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(villages)
}

/// Names looked up once and kept: visitors, campaigns.
#[derive(Default)]
struct Names {
    users: HashMap<Uuid, String>,
    campaigns: HashMap<Uuid, String>,
}

impl Names {
    async fn fill(&mut self, tx: &Tx, page: &[&Line]) -> Result<(), AppError> {
        let users: HashSet<Uuid> = page
            .iter()
            .map(|v| v.visitor_id)
            .filter(|id| !self.users.contains_key(id))
            .collect();
        for list in padded(&users.into_iter().collect::<Vec<_>>()) {
            let found: Vec<(Uuid, String)> = tx
                .select::<user::Entity>()?
                .select_only()
                .column(user::Column::Id)
                .column(user::Column::DisplayName)
                .filter(user::Column::Id.is_in(list))
                .into_tuple()
                .all(tx.conn())
                .await?;
            self.users.extend(found);
        }
        let campaigns: HashSet<Uuid> = page
            .iter()
            .filter_map(|v| v.campaign_id)
            .filter(|id| !self.campaigns.contains_key(id))
            .collect();
        for list in padded(&campaigns.into_iter().collect::<Vec<_>>()) {
            let found: Vec<(Uuid, String)> = tx
                .select::<campaign::Entity>()?
                .select_only()
                .column(campaign::Column::Id)
                .column(campaign::Column::Name)
                .filter(campaign::Column::Id.is_in(list))
                .into_tuple()
                .all(tx.conn())
                .await?;
            self.campaigns.extend(found);
        }
        Ok(())
    }
}

/// Writes the ledger and records the export. The file is complete and the audit row
/// committed when this returns.
pub async fn write(
    db: DatabaseConnection,
    actor: Arc<Actor>,
    prepared: Prepared,
) -> Result<Written, AppError> {
    let t = Locale::ZhCn.texts();
    let from = prepared.from.map(format::china_midnight);
    let until = prepared
        .until
        .and_then(Date::next_day)
        .map(format::china_midnight);
    let (county, villages, policies) = {
        let tx = Tx::begin(&db, &actor, Mode::Read).await?;
        let policies: HashMap<String, String> = options::list(&tx, OptionKind::Policy)
            .await?
            .into_iter()
            .map(|c| (c.code, c.label))
            .collect();
        (
            tx.require_county()?,
            villages(&tx, &prepared.prefix).await?,
            policies,
        )
    };
    let mut names = Names::default();
    let mut writer = SheetWriter::start(t.ledger_sheet(), columns());
    for village in &villages {
        let mut after: Option<Uuid> = None;
        loop {
            let tx = Tx::begin(&db, &actor, Mode::Read).await?;
            let mut query = tx
                .select::<visit::Entity>()?
                .select_only()
                .columns([
                    visit::Column::Id,
                    visit::Column::VisitorId,
                    visit::Column::VisitedAt,
                    visit::Column::Mode,
                    visit::Column::Met,
                    visit::Column::MetWhom,
                    visit::Column::Attitude,
                    visit::Column::Notes,
                    visit::Column::Policies,
                    visit::Column::CampaignId,
                ])
                .column(household::Column::HeadName)
                .column(household::Column::GroupName)
                .column(household::Column::HouseNumber)
                .join(JoinType::LeftJoin, to_household(county))
                .filter(visit::Column::Path.eq(village.path.as_str()));
            if let Some((id, _)) = &prepared.campaign {
                query = query.filter(visit::Column::CampaignId.eq(*id));
            }
            // A day's margin in SQL (SQLite compares stored times as text, and they may carry
            // different offsets); the exact bounds are applied below.
            if let Some(from) = from {
                query = query.filter(visit::Column::VisitedAt.gte(from - Duration::days(1)));
            }
            if let Some(until) = until {
                query = query.filter(visit::Column::VisitedAt.lt(until + Duration::days(1)));
            }
            if let Some(after) = after {
                query = query.filter(visit::Column::Id.gt(after));
            }
            let page = query
                .order_by_asc(visit::Column::Id)
                .limit(PAGE)
                .into_model::<Line>()
                .all(tx.conn())
                .await?;
            let rows = lines(&tx, &page, village, &policies, &mut names, from, until).await?;
            drop(tx);
            writer.push(rows).await?;
            match page.last() {
                Some(last) if page.len() as u64 == PAGE => after = Some(last.id),
                _ => break,
            }
        }
    }
    let written = writer.finish().await?;

    let mut event =
        Event::new(AuditAction::LedgerExport, Outcome::Success).detail(serde_json::json!({
            "ledger": "visits",
            "unit": prepared.unit.as_ref().map(|(_, code, _)| code.clone()),
            "campaign": prepared.campaign.as_ref().map(|(id, _)| id.to_string()),
            "from": prepared.from.map(format::date),
            "until": prepared.until.map(format::date),
            "rows": written.rows,
            "truncated": written.truncated,
        }));
    if let Some((id, _, name)) = &prepared.unit {
        event = event.target("org_unit", id, name.clone());
    }
    let tx = Tx::begin(&db, &actor, Mode::Write).await?;
    audit::record(&tx, &Who::actor(&actor, &actor.ip), event).await?;
    tx.commit().await?;
    Ok(written)
}

/// The household a visit was made at, joined by its primary key (a left join, so the
/// visits' index drives the query; an `IN` list of household ids would let SQLite, without
/// statistics, walk the county's households instead).
fn to_household(county: Uuid) -> RelationDef {
    let relation: RelationDef = visit::Entity::belongs_to(household::Entity)
        .from(visit::Column::HouseholdId)
        .to(household::Column::Id)
        .into();
    relation.on_condition(move |_, households| {
        Expr::col((households, household::Column::CountyId))
            .eq(county)
            .into_condition()
    })
}

/// A visit with the household's names, as the ledger reads it.
#[derive(Debug, FromQueryResult)]
struct Line {
    id: Uuid,
    visitor_id: Uuid,
    visited_at: OffsetDateTime,
    mode: VisitMode,
    met: bool,
    met_whom: String,
    attitude: Option<Attitude>,
    notes: String,
    policies: String,
    campaign_id: Option<Uuid>,
    head_name: Option<String>,
    group_name: Option<String>,
    house_number: Option<String>,
}

/// A page of one village's visits as ledger rows.
async fn lines(
    tx: &Tx,
    page: &[Line],
    village: &Village,
    policies: &HashMap<String, String>,
    names: &mut Names,
    from: Option<OffsetDateTime>,
    until: Option<OffsetDateTime>,
) -> Result<Vec<Vec<String>>, AppError> {
    let page: Vec<&Line> = page
        .iter()
        .filter(|v| {
            from.is_none_or(|f| v.visited_at >= f) && until.is_none_or(|u| v.visited_at < u)
        })
        .collect();
    if page.is_empty() {
        return Ok(Vec::new());
    }
    names.fill(tx, &page).await?;
    let ids: Vec<Uuid> = page.iter().map(|v| v.id).collect();
    let mut concerns: HashMap<Uuid, Vec<String>> = HashMap::new();
    for list in padded(&ids) {
        for (visit_id, text) in tx
            .select::<concern::Entity>()?
            .select_only()
            .column(concern::Column::VisitId)
            .column(concern::Column::Text)
            .filter(concern::Column::VisitId.is_in(list))
            .order_by_asc(concern::Column::VisitId)
            .order_by_asc(concern::Column::Position)
            .into_tuple::<(Uuid, String)>()
            .all(tx.conn())
            .await?
        {
            concerns.entry(visit_id).or_default().push(text);
        }
    }
    let t = Locale::ZhCn.texts();
    Ok(page
        .into_iter()
        .map(|v| {
            let text = |s: &Option<String>| s.as_deref().unwrap_or_default().to_owned();
            vec![
                format::datetime(v.visited_at),
                village.township.clone(),
                village.name.clone(),
                text(&v.head_name),
                format!("{}{}", text(&v.group_name), text(&v.house_number)),
                names.users.get(&v.visitor_id).cloned().unwrap_or_default(),
                v.mode.label(t).to_owned(),
                if v.met { t.ledger_yes() } else { t.ledger_no() }.to_owned(),
                v.met_whom.clone(),
                v.attitude.map_or("", |a| a.label(t)).to_owned(),
                concerns.remove(&v.id).unwrap_or_default().join("；"),
                split_set(&v.policies)
                    .into_iter()
                    .map(|code| policies.get(&code).cloned().unwrap_or(code))
                    .collect::<Vec<_>>()
                    .join("、"),
                v.notes.clone(),
                v.campaign_id
                    .and_then(|c| names.campaigns.get(&c).cloned())
                    .unwrap_or_default(),
            ]
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_checked() {
        assert_eq!(day("from", None).unwrap(), None);
        assert_eq!(day("from", Some(" ")).unwrap(), None);
        assert!(day("from", Some("2026-02-30")).is_err());
        assert_eq!(
            day("from", Some("2026-03-01")).unwrap(),
            Date::from_calendar_date(2026, time::Month::March, 1).ok()
        );
        let start =
            format::china_midnight(Date::from_calendar_date(2026, time::Month::March, 1).unwrap());
        assert_eq!(start, time::macros::datetime!(2026-02-28 16:00 UTC));
        // Stored and compared as text on SQLite: the offset must be the database's (UTC).
        assert_eq!(start.offset(), time::UtcOffset::UTC);
    }

    #[test]
    fn in_lists_all_have_one_length() {
        let ids: Vec<Uuid> = (0..1234u128).map(Uuid::from_u128).collect();
        let lists = padded(&ids);
        assert_eq!(lists.len(), 3);
        assert!(lists.iter().all(|l| l.len() == IN_LIST));
        assert_eq!(
            lists[2][233..],
            vec![Uuid::from_u128(1233); IN_LIST - 233][..]
        );
        assert!(padded(&[]).is_empty());
    }

    #[test]
    fn the_ledger_has_the_fourteen_columns() {
        let headers: Vec<String> = columns().into_iter().map(|c| c.header).collect();
        assert_eq!(headers.len(), 14);
        assert_eq!(headers[0], "走访时间");
        assert_eq!(headers[10], "反映问题");
        assert_eq!(headers[13], "活动");
    }
}
