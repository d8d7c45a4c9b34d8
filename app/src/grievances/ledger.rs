//! Reading the ledger (台账) within the caller's reach. A case is visible to those whose
//! `grievances_view` reach covers its place, and to the units handling it: a department sees
//! exactly the cases routed to it, since no place lies under a department.

use super::categories;
use super::deadlines;
use super::display::{mask_name, summary, unit_names};
use super::entity::{attachment, event, grievance, handling_unit, reach};
use super::kinds::{Alert, Channel, Status, Urgency};
use super::lifecycle::{self, Command, Duty};
use super::model::{AttachmentView, CaseDetail, CaseLine, EventView, UnitRef};
use super::routing;
use crate::access::{Action, Actor, Decision, Target};
use crate::error::{AppError, Reason};
use crate::format;
use crate::households::personal::mask_phone;
use crate::org::{entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::sea_query::{ColumnRef, Expr, ExprTrait, IntoColumnRef, Query};
use sea_orm::{
    ColumnTrait, DatabaseConnection, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
    Select,
};
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

/// May the caller see this case? `NotFound` hides it.
pub fn visible(actor: &Actor, g: &grievance::Model, units: &[handling_unit::Model]) -> Decision {
    let place = actor.decide(
        Action::GrievancesView,
        Some(Target {
            county_id: g.county_id,
            path: &g.path,
        }),
    );
    if place == Decision::Allow {
        return Decision::Allow;
    }
    let handling = units.iter().any(|u| {
        actor.decide(
            Action::GrievancesView,
            Some(Target {
                county_id: g.county_id,
                path: &u.path,
            }),
        ) == Decision::Allow
    });
    if handling {
        Decision::Allow
    } else {
        Decision::NotFound
    }
}

/// Does the caller hold `duty` on this case? (Visibility is checked first, separately.)
pub fn holds(
    actor: &Actor,
    duty: Duty,
    g: &grievance::Model,
    units: &[handling_unit::Model],
) -> bool {
    let at = |action, path: &str| {
        actor.decide(
            action,
            Some(Target {
                county_id: g.county_id,
                path,
            }),
        ) == Decision::Allow
    };
    let lead = units.iter().find(|u| u.lead);
    match duty {
        Duty::Dispatch => at(Action::GrievancesDispatch, &g.path),
        // A handler acts for its own unit: the lead unit's path must be the caller's reach.
        Duty::Handle => lead.is_some_and(|u| at(Action::GrievancesHandle, &u.path)),
        Duty::Supervise => at(Action::GrievancesSupervise, &g.path),
        Duty::Participate => {
            at(Action::GrievancesDispatch, &g.path)
                || at(Action::GrievancesSupervise, &g.path)
                || units.iter().any(|u| at(Action::GrievancesHandle, &u.path))
        }
    }
}

/// One case of the transaction's county with its handling units; `NotFound` if absent.
pub(super) async fn load(
    tx: &Tx,
    id: Uuid,
) -> Result<(grievance::Model, Vec<handling_unit::Model>), AppError> {
    let g = tx
        .select_by_id::<grievance::Entity>(id)?
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let units = tx
        .select::<handling_unit::Entity>()?
        .filter(handling_unit::Column::GrievanceId.eq(id))
        .all(tx.conn())
        .await?;
    Ok((g, units))
}

/// One case the caller may see.
pub async fn find(
    tx: &Tx,
    actor: &Actor,
    id: Uuid,
) -> Result<(grievance::Model, Vec<handling_unit::Model>), AppError> {
    let (g, units) = load(tx, id).await?;
    visible(actor, &g, &units).or_deny(Action::GrievancesView)?;
    Ok((g, units))
}

/// The ledger's filters; all optional.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub status: Option<Status>,
    /// A top category includes its subcategories.
    pub category: Option<Uuid>,
    /// A handling unit (lead or co-handler).
    pub unit: Option<Uuid>,
    pub channel: Option<Channel>,
    pub urgency: Option<Urgency>,
    pub overdue: bool,
    pub repeat: bool,
    pub supervised: bool,
    /// A place: the unit and everything under it.
    pub place: Option<Uuid>,
    /// Received on or after / on or before (China dates).
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// A tracking code.
    pub code: Option<String>,
}

/// The filters as a query string gives them (the ledger page, the API and the export).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct FilterQuery {
    pub status: Option<String>,
    pub category: Option<String>,
    pub unit: Option<String>,
    pub channel: Option<String>,
    pub urgency: Option<String>,
    #[serde(default)]
    pub overdue: Option<String>,
    #[serde(default)]
    pub repeat: Option<String>,
    #[serde(default)]
    pub supervised: Option<String>,
    pub place: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub code: Option<String>,
}

impl FilterQuery {
    /// The filter, or a 422 naming the first field that holds no valid value. Empty fields
    /// are no filter (what an untouched form sends).
    pub fn parse(self) -> Result<Filter, AppError> {
        fn one<T>(
            field: &'static str,
            v: Option<String>,
            from: impl Fn(&str) -> Option<T>,
        ) -> Result<Option<T>, AppError> {
            match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => from(v)
                    .map(Some)
                    .ok_or(AppError::invalid(field, Reason::UnknownOption)),
            }
        }
        let flag = |v: Option<String>| matches!(v.as_deref(), Some("1" | "true" | "on"));
        let day = |field, v| {
            one(field, v, format::parse_date).map_err(|_| AppError::invalid(field, Reason::BadDate))
        };
        let id = |field, v| one(field, v, |s| Uuid::parse_str(s).ok());
        Ok(Filter {
            status: one("status", self.status, Status::from_code)?,
            category: id("category", self.category)?,
            unit: id("unit", self.unit)?,
            channel: one("channel", self.channel, Channel::from_code)?,
            urgency: one("urgency", self.urgency, Urgency::from_code)?,
            overdue: flag(self.overdue),
            repeat: flag(self.repeat),
            supervised: flag(self.supervised),
            place: id("place", self.place)?,
            from: day("from", self.from)?,
            until: day("until", self.until)?,
            code: self.code.filter(|c| !c.trim().is_empty()),
        })
    }
}

pub struct Page {
    pub lines: Vec<CaseLine>,
    /// The cursor for the next page (the last id shown), if there is more.
    pub next: Option<String>,
}

/// The cases the caller may see, and the id column to read them newest first by: the county's
/// own index for county-wide reach, else the caller's unit's reach rows (see `reach`), which
/// hold every case placed or handled in its subtree.
fn in_scope(
    tx: &Tx,
    actor: &Actor,
    county: Uuid,
) -> Result<(Select<grievance::Entity>, ColumnRef), AppError> {
    let prefix = actor
        .scope_path(Action::GrievancesView)
        .ok_or(AppError::Denied {
            action: Action::GrievancesView,
            hidden: false,
        })?;
    let cases = tx.select::<grievance::Entity>()?;
    if prefix == "/" {
        let id = (grievance::Entity, grievance::Column::Id).into_column_ref();
        return Ok((cases, id));
    }
    let reached = cases
        .join_rev(JoinType::InnerJoin, reach::Relation::Grievance.def())
        .filter(reach::Column::CountyId.eq(county))
        .filter(reach::Column::Path.eq(prefix));
    let id = (reach::Entity, reach::Column::GrievanceId).into_column_ref();
    Ok((reached, id))
}

/// The caller's ledger with `filter` applied, newest first from before `before`: the list and
/// the export page through the same rows.
pub async fn newest_first(
    tx: &Tx,
    actor: &Actor,
    filter: &Filter,
    before: Option<Uuid>,
) -> Result<Select<grievance::Entity>, AppError> {
    let (mut q, id) = filtered(tx, actor, filter).await?;
    if let Some(before) = before {
        q = q.filter(Expr::col(id.clone()).lt(before));
    }
    Ok(q.order_by_desc(Expr::col(id)))
}

/// A page of the ledger, newest first, keyset-paginated on the id (a UUIDv7).
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &Filter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Page, AppError> {
    let limit = limit.clamp(1, 200);
    crate::audit::guarded(db, actor, Mode::Read, async |tx| {
        let mut rows = newest_first(tx, actor, filter, after)
            .await?
            .limit(limit + 1)
            .all(tx.conn())
            .await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next = more
            .then(|| rows.last().map(|r| r.id.to_string()))
            .flatten();
        Ok(Page {
            lines: lines(tx, &rows).await?,
            next,
        })
    })
    .await
}

/// The caller's cases with `filter` applied, and their id column (see `in_scope`). Checks the
/// filter too: a place outside the county is not found.
pub async fn filtered(
    tx: &Tx,
    actor: &Actor,
    filter: &Filter,
) -> Result<(Select<grievance::Entity>, ColumnRef), AppError> {
    actor
        .decide(Action::GrievancesView, None)
        .or_deny(Action::GrievancesView)?;
    let county = tx.require_county()?;
    let (mut q, id) = in_scope(tx, actor, county)?;
    if let Some(s) = filter.status {
        q = q.filter(grievance::Column::Status.eq(s.code()));
    }
    if let Some(c) = filter.channel {
        q = q.filter(grievance::Column::Channel.eq(c.code()));
    }
    if let Some(u) = filter.urgency {
        q = q.filter(grievance::Column::Urgency.eq(u.code()));
    }
    if let Some(cat) = filter.category {
        let all = categories::all(tx).await?;
        let ids: Vec<Uuid> = all
            .iter()
            .filter(|c| c.id == cat || c.parent_id == Some(cat))
            .map(|c| c.id)
            .collect();
        q = q.filter(grievance::Column::CategoryId.is_in(ids));
    }
    if let Some(unit) = filter.unit {
        let handled = Query::select()
            .column(handling_unit::Column::GrievanceId)
            .from(handling_unit::Entity)
            .and_where(handling_unit::Column::CountyId.eq(county))
            .and_where(handling_unit::Column::UnitId.eq(unit))
            .to_owned();
        q = q.filter(grievance::Column::Id.in_subquery(handled));
    }
    if filter.overdue {
        q = q.filter(grievance::Column::Alert.eq(Alert::Overdue.code()));
    }
    if filter.repeat {
        q = q.filter(grievance::Column::RepeatOf.is_not_null());
    }
    if filter.supervised {
        q = q.filter(grievance::Column::Supervised.eq(true));
    }
    if let Some(place) = filter.place {
        let unit = tx
            .select_by_id::<org_unit::Entity>(place)?
            .one(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
        q = q.filter(tree::path_within(grievance::Column::Path, &unit.path));
    }
    // Ids are UUIDv7 made when the case was received: a range of China days is a range of
    // ids, which every ledger index already ends with.
    if let Some(d) = filter.from {
        q = q.filter(Expr::col(id.clone()).gte(first_id_of(d)));
    }
    if let Some(d) = filter.until.and_then(Date::next_day) {
        q = q.filter(Expr::col(id.clone()).lt(first_id_of(d)));
    }
    if let Some(code) = filter
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        q = q.filter(grievance::Column::Code.eq(code.to_uppercase()));
    }
    Ok((q, id))
}

/// The smallest UUIDv7 made at China midnight starting `day`.
fn first_id_of(day: Date) -> Uuid {
    let midnight =
        time::PrimitiveDateTime::new(day, time::Time::MIDNIGHT).assume_offset(format::CHINA);
    let millis = u64::try_from(midnight.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &[0; 10]).into_uuid()
}

/// Ledger rows with their names looked up once per page.
pub async fn lines(tx: &Tx, rows: &[grievance::Model]) -> Result<Vec<CaseLine>, AppError> {
    let cats = categories::all(tx).await?;
    let units = unit_names(
        tx,
        rows.iter()
            .flat_map(|r| std::iter::once(r.place_id).chain(r.lead_unit_id)),
    )
    .await?;
    Ok(rows.iter().map(|g| line(g, &cats, &units)).collect())
}

fn line(
    g: &grievance::Model,
    cats: &[super::entity::category::Model],
    units: &HashMap<Uuid, String>,
) -> CaseLine {
    CaseLine {
        id: g.id.to_string(),
        code: g.code.clone(),
        channel: g.channel,
        status: g.status,
        urgency: g.urgency,
        alert: g.alert,
        category: categories::full_name(cats, g.category_id),
        place: units.get(&g.place_id).cloned().unwrap_or_default(),
        lead_unit: g.lead_unit_id.and_then(|u| units.get(&u).cloned()),
        reporter: mask_name(&g.reporter_name),
        summary: summary(&g.description),
        repeat: g.repeat_of.is_some(),
        supervised: g.supervised,
        redo_count: g.redo_count,
        due: deadlines::running(g.status, g.accept_due, g.handle_due).map(format::datetime),
        received: format::datetime(g.created_at),
    }
}

/// Every command the caller could give now (the state machine and their duties agree).
pub fn available(
    actor: &Actor,
    g: &grievance::Model,
    units: &[handling_unit::Model],
) -> Vec<String> {
    let state = g.state();
    let probe = Uuid::nil();
    let samples = [
        Command::Accept,
        Command::Reject { reason: "-".into() },
        Command::Assign {
            lead: probe,
            co: vec![],
        },
        Command::Start,
        Command::Return { reason: "-".into() },
        Command::Reply { text: "-".into() },
        Command::FollowUp {
            satisfaction: super::kinds::Satisfaction::Satisfied,
            note: String::new(),
        },
        Command::Close,
        Command::RequestExtension {
            days: 1,
            reason: "-".into(),
        },
        Command::DecideExtension {
            approve: true,
            note: String::new(),
        },
        Command::Note { text: "-".into() },
        Command::Supervise {
            note: String::new(),
        },
        Command::NameLeader { leader: probe },
    ];
    samples
        .iter()
        .filter(|c| lifecycle::step(&state, c).is_ok() && holds(actor, c.duty(), g, units))
        .map(|c| c.code().to_owned())
        .collect()
}

/// One case with its timeline, units and attachments.
pub async fn detail(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<CaseDetail, AppError> {
    crate::audit::guarded(db, actor, Mode::Read, async |tx| {
        let (g, units) = find(tx, actor, id).await?;
        let cats = categories::all(tx).await?;
        let category = cats
            .iter()
            .find(|c| c.id == g.category_id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let place = tx
            .select_by_id::<org_unit::Entity>(g.place_id)?
            .one(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
        let suggested = routing::suggest(tx, &category, &place).await?;
        let names = unit_names(
            tx,
            units
                .iter()
                .map(|u| u.unit_id)
                .chain([g.place_id, suggested])
                .chain(g.lead_unit_id),
        )
        .await?;
        let events = tx
            .select::<event::Entity>()?
            .filter(event::Column::GrievanceId.eq(id))
            .order_by_asc(event::Column::CreatedAt)
            .order_by_asc(event::Column::Id)
            .all(tx.conn())
            .await?;
        let files = tx
            .select::<attachment::Entity>()?
            .select_only()
            .columns([
                attachment::Column::Id,
                attachment::Column::FileName,
                attachment::Column::ContentType,
                attachment::Column::Size,
            ])
            .filter(attachment::Column::GrievanceId.eq(id))
            .into_tuple::<(Uuid, String, String, i32)>()
            .all(tx.conn())
            .await?;
        let repeat_of = match g.repeat_of {
            Some(r) => tx
                .select_by_id::<grievance::Entity>(r)?
                .one(tx.conn())
                .await?
                .map(|e| (e.id.to_string(), e.code)),
            None => None,
        };
        let leader = match g.leader_id {
            Some(l) => tx
                .select_by_id::<user::Entity>(l)?
                .one(tx.conn())
                .await?
                .map(|u| u.display_name),
            None => None,
        };
        let mut unit_refs: Vec<UnitRef> = units
            .iter()
            .map(|u| UnitRef {
                id: u.unit_id.to_string(),
                name: names.get(&u.unit_id).cloned().unwrap_or_default(),
                lead: u.lead,
            })
            .collect();
        unit_refs.sort_by_key(|u| !u.lead);
        Ok(CaseDetail {
            line: line(&g, &cats, &names),
            category_id: g.category_id.to_string(),
            place_id: g.place_id.to_string(),
            reporter_name: g.reporter_name.clone(),
            reporter_phone: g.reporter_phone.as_deref().map(mask_phone),
            household_id: g.household_id.map(|h| h.to_string()),
            description: g.description.clone(),
            reply: g.reply.clone(),
            satisfaction: g.satisfaction,
            extension: g.extension,
            extension_days: g.extension_days,
            repeat_of,
            leader,
            accept_due: format::datetime(g.accept_due),
            handle_due: g.handle_due.map(format::datetime),
            units: unit_refs,
            events: events
                .into_iter()
                .map(|e| EventView {
                    kind: e.kind,
                    from_status: e.from_status,
                    to_status: e.to_status,
                    actor: e.actor_name,
                    note: e.note,
                    detail: e.detail,
                    at: format::datetime(e.created_at),
                })
                .collect(),
            attachments: files
                .into_iter()
                .map(|(id, file_name, content_type, size)| AttachmentView {
                    id: id.to_string(),
                    file_name,
                    content_type,
                    size,
                })
                .collect(),
            actions: available(actor, &g, &units),
            suggested_lead: Some(suggested.to_string()),
            version: g.version,
            can_reveal: holds(actor, Duty::Participate, &g, &units),
        })
    })
    .await
}

/// One attachment of a case the caller may see: (file name, content type, bytes).
pub async fn attachment(
    db: &DatabaseConnection,
    actor: &Actor,
    case: Uuid,
    id: Uuid,
) -> Result<(String, String, Vec<u8>), AppError> {
    crate::audit::guarded(db, actor, Mode::Read, async |tx| {
        let (g, _) = find(tx, actor, case).await?;
        let a = tx
            .select_by_id::<attachment::Entity>(id)?
            .filter(attachment::Column::GrievanceId.eq(g.id))
            .one(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((a.file_name, a.content_type, a.bytes))
    })
    .await
}

/// The reporter's phone in full, for one who may reveal it; the reveal is audited.
pub async fn reveal_phone(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<Option<String>, AppError> {
    use crate::audit::{AuditAction, Event, Outcome, Who};
    crate::audit::guarded(db, actor, Mode::Write, async |tx| {
        let (g, units) = find(tx, actor, id).await?;
        // Those working on the case call the resident back; others see it masked.
        if !holds(actor, Duty::Participate, &g, &units) {
            return Err(AppError::Denied {
                action: Action::GrievancesHandle,
                hidden: false,
            });
        }
        let event = Event::new(AuditAction::PersonalReveal, Outcome::Success)
            .target("grievance", g.id, g.code.clone())
            .detail(serde_json::json!({ "field": "reporter_phone" }));
        crate::audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        Ok(g.reporter_phone)
    })
    .await
}
