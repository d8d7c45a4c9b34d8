//! Recording a visit: the cadre's one write of the day, made safe to retry. The form carries a
//! submission key chosen when it was opened; a second post with the same key (a retry on a
//! flaky network, a double tap) finds the visit already made instead of making another.
//!
//! A visit closes the household's open tasks. Someone met: the household counts as covered in
//! every running campaign that allows the mode. Nobody met: a 补访 task is due in the county's
//! number of days, and the household stays "not covered".

use super::campaigns;
use super::entity::{concern, photo, task, visit};
use super::kinds::{Attitude, TaskKind, TaskStatus, VisitMode, join_set, split_set};
use super::model::{Concern, Recorded, VisitLine};
use super::options::{self, OptionKind};
use super::tasks;
use crate::access::{Action, Actor};
use crate::audit;
use crate::error::{AppError, Invalid, Reason, text_field};
use crate::format;
use crate::households::{self, entity::household};
use crate::org::{entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

#[derive(Clone, Debug, Deserialize)]
pub struct VisitInput {
    pub household_id: Uuid,
    /// The task the cadre opened the form from, if any.
    pub task_id: Option<Uuid>,
    /// China time; now when absent.
    pub visited_at: Option<OffsetDateTime>,
    pub mode: VisitMode,
    pub met: bool,
    #[serde(default)]
    pub met_whom: String,
    pub attitude: Option<Attitude>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub concerns: Vec<String>,
    /// Policy codes from the county's list.
    #[serde(default)]
    pub policies: Vec<String>,
    /// Raw upload; shrunk before it is stored.
    #[serde(skip)]
    pub photo: Option<Vec<u8>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub submission_key: Uuid,
}

/// At most this many concerns per visit.
pub const MAX_CONCERNS: usize = 20;

struct Clean {
    met_whom: String,
    attitude: Option<Attitude>,
    notes: String,
    concerns: Vec<String>,
    visited_at: OffsetDateTime,
    location: Option<(f64, f64)>,
}

/// At most this many policies delivered on one visit.
pub const MAX_POLICIES: usize = 50;

fn check(input: &VisitInput) -> Result<Clean, AppError> {
    crate::error::at_most("policies", &input.policies, MAX_POLICIES)?;
    let mut problems = Vec::new();
    let mut bad = |field, reason| problems.push(Invalid { field, reason });
    let now = OffsetDateTime::now_utc();
    let visited_at = input.visited_at.unwrap_or(now);
    // A little clock skew is fine; tomorrow is not, nor last year.
    if visited_at > now + Duration::minutes(10) || visited_at < now - Duration::days(366) {
        bad("visited_at", Reason::BadDate);
    }
    let attitude = if input.met {
        if input.attitude.is_none() {
            bad("attitude", Reason::AttitudeRequired);
        }
        input.attitude
    } else {
        None
    };
    let met_whom = if input.met && !input.met_whom.trim().is_empty() {
        text_field("met_whom", &input.met_whom, 32)
            .map_err(|i| bad(i.field, i.reason))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let notes = if input.notes.trim().is_empty() {
        String::new()
    } else {
        text_field("notes", &input.notes.replace(['\r', '\n'], " "), 2000)
            .map_err(|i| bad(i.field, i.reason))
            .unwrap_or_default()
    };
    let mut concerns = Vec::new();
    for c in input.concerns.iter().filter(|c| !c.trim().is_empty()) {
        match text_field("concerns", &c.replace(['\r', '\n'], " "), 500) {
            Ok(c) => concerns.push(c),
            Err(i) => bad(i.field, i.reason),
        }
    }
    if concerns.len() > MAX_CONCERNS {
        bad("concerns", Reason::TooMany);
    }
    let location = match (input.latitude, input.longitude) {
        (None, None) => None,
        (Some(lat), Some(lng))
            if lat.is_finite()
                && lng.is_finite()
                && (-90.0..=90.0).contains(&lat)
                && (-180.0..=180.0).contains(&lng) =>
        {
            Some((lat, lng))
        }
        _ => {
            bad("location", Reason::BadLocation);
            None
        }
    };
    if problems.is_empty() {
        Ok(Clean {
            met_whom,
            attitude,
            notes,
            concerns,
            visited_at,
            location,
        })
    } else {
        Err(AppError::Invalid(problems))
    }
}

pub async fn record(
    db: &DatabaseConnection,
    actor: &Actor,
    mut input: VisitInput,
) -> Result<Recorded, AppError> {
    if let Err(e) = actor
        .decide(Action::VisitsRecord, None)
        .or_deny(Action::VisitsRecord)
    {
        return Err(audit::denied(db, actor, e).await);
    }
    let clean = check(&input)?;
    let photo = match input.photo.take().filter(|p| !p.is_empty()) {
        Some(raw) => Some(
            tokio::task::spawn_blocking(move || super::photo::shrink(&raw))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))??,
        ),
        None => None,
    };
    let result = audit::guarded(db, actor, Mode::Write, async |tx| {
        if let Some(done) = already(tx, actor, &input).await? {
            return Ok(done);
        }
        write(tx, actor, &input, clean, photo).await
    })
    .await;
    match result {
        // Two retries racing on PostgreSQL: the loser hit the unique key; the winner's visit
        // is the answer.
        Err(AppError::Conflict(Reason::Duplicate)) => {
            let found = audit::guarded(db, actor, Mode::Read, async |tx| {
                already(tx, actor, &input).await
            })
            .await;
            match found {
                Ok(Some(done)) => Ok(done),
                _ => result,
            }
        }
        other => other,
    }
}

/// The visit this submission already made, if any.
async fn already(tx: &Tx, actor: &Actor, input: &VisitInput) -> Result<Option<Recorded>, AppError> {
    let Some(v) = tx
        .select::<visit::Entity>()?
        .filter(visit::Column::SubmissionKey.eq(input.submission_key))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    if v.visitor_id != actor.user_id || v.household_id != input.household_id {
        return Err(AppError::Conflict(Reason::SubmissionReused));
    }
    let line = lines(tx, vec![v]).await?.into_iter().next();
    Ok(line.map(|visit| Recorded {
        visit,
        created: false,
        follow_up_due: None,
        closed_tasks: 0,
        left_open: 0,
    }))
}

async fn write(
    tx: &Tx,
    actor: &Actor,
    input: &VisitInput,
    clean: Clean,
    photo_bytes: Option<Vec<u8>>,
) -> Result<Recorded, AppError> {
    let h = households::find(tx, actor, Action::VisitsRecord, input.household_id).await?;
    let county = h.county_id;
    let known: HashSet<String> = options::active(tx, OptionKind::Policy)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect();
    let mut policies: Vec<&str> = Vec::new();
    for p in input
        .policies
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        if !known.contains(p) {
            return Err(AppError::invalid("policies", Reason::UnknownOption));
        }
        if !policies.contains(&p) {
            policies.push(p);
        }
    }
    let today = format::today();
    // Every task still open at the household, and campaign tasks not yet met.
    let open = tx
        .select::<task::Entity>()?
        .filter(task::Column::HouseholdId.eq(h.id))
        .filter(task::Column::Status.eq(TaskStatus::Open.code()))
        .all(tx.conn())
        .await?;
    let unmet = tx
        .select::<task::Entity>()?
        .filter(task::Column::HouseholdId.eq(h.id))
        .filter(task::Column::Kind.eq(TaskKind::Campaign.code()))
        .filter(task::Column::Status.eq(TaskStatus::Done.code()))
        .filter(task::Column::Met.eq(false))
        .all(tx.conn())
        .await?;
    let all: Vec<&task::Model> = open.iter().chain(unmet.iter()).collect();
    let camps = campaigns::by_ids(tx, all.iter().filter_map(|t| t.campaign_id)).await?;
    // A campaign counts this visit only while it runs and allows the mode.
    let counts = |t: &task::Model| match t.campaign_id {
        None => true,
        Some(c) => camps
            .get(&c)
            .is_some_and(|c| campaigns::running(c, today) && campaigns::allows(c, input.mode)),
    };
    if let Some(id) = input.task_id {
        match open.iter().find(|t| t.id == id) {
            Some(t) if !counts(t) => return Err(AppError::invalid("mode", Reason::ModeNotAllowed)),
            Some(_) => {}
            // A task of this household that someone has closed meanwhile: the visit still
            // counts as a visit. Any other id (another household's, another county's, none at
            // all) is not the caller's to name: refused, never silently dropped.
            None => {
                let known = tx
                    .select::<task::Entity>()?
                    .filter(task::Column::HouseholdId.eq(h.id))
                    .filter(task::Column::Id.eq(id))
                    .count(tx.conn())
                    .await?;
                if known == 0 {
                    return Err(AppError::NotFound);
                }
            }
        }
    }
    let campaign_id = input
        .task_id
        .and_then(|id| open.iter().find(|t| t.id == id))
        .and_then(|t| t.campaign_id)
        .or_else(|| {
            all.iter()
                .filter(|t| counts(t))
                .filter_map(|t| t.campaign_id)
                .max()
        });
    let now = OffsetDateTime::now_utc();
    let v = visit::Model {
        county_id: county,
        id: Uuid::now_v7(),
        household_id: h.id,
        org_unit_id: h.org_unit_id,
        path: h.path.clone(),
        task_id: input.task_id.filter(|id| open.iter().any(|t| t.id == *id)),
        campaign_id,
        visitor_id: actor.user_id,
        visited_at: clean.visited_at,
        mode: input.mode,
        met: input.met,
        met_whom: clean.met_whom,
        attitude: clean.attitude,
        notes: clean.notes,
        policies: join_set(policies),
        latitude: clean.location.map(|l| l.0),
        longitude: clean.location.map(|l| l.1),
        has_photo: photo_bytes.is_some(),
        submission_key: input.submission_key,
        created_at: now,
    };
    visit::Entity::insert(visit::ActiveModel::from(v.clone()))
        .exec_without_returning(tx.conn())
        .await?;
    if let Some(bytes) = photo_bytes {
        photo::Entity::insert(photo::ActiveModel::from(photo::Model {
            county_id: county,
            visit_id: v.id,
            content_type: "image/jpeg".into(),
            bytes,
        }))
        .exec_without_returning(tx.conn())
        .await?;
    }
    let concerns: Vec<concern::ActiveModel> = clean
        .concerns
        .iter()
        .enumerate()
        .map(|(i, text)| {
            concern::Model {
                county_id: county,
                id: Uuid::now_v7(),
                visit_id: v.id,
                household_id: h.id,
                path: h.path.clone(),
                position: i as i32,
                text: text.clone(),
                grievance_id: None,
                created_at: now,
            }
            .into()
        })
        .collect();
    if !concerns.is_empty() {
        concern::Entity::insert_many(concerns)
            .exec_without_returning(tx.conn())
            .await?;
    }

    // Close what the visit did. A campaign's task is done once its household was visited (met
    // or not: the 补访 below follows up); any other task (a must-visit event, a 补访) is done
    // only when someone was met, so its reason and due date stay in front of the cadre.
    let mut closed = 0;
    let still_open = |t: &task::Model| !input.met && t.kind != TaskKind::Campaign;
    for t in open.iter().filter(|t| counts(t) && !still_open(t)) {
        let new = task::Model {
            status: TaskStatus::Done,
            visited: true,
            met: t.met || input.met,
            visit_id: Some(v.id),
            closed_at: Some(now),
            ..t.clone()
        };
        tasks::replace(tx, t, &new).await?;
        closed += 1;
    }
    if input.met {
        for t in unmet.iter().filter(|t| counts(t)) {
            let new = task::Model {
                met: true,
                ..t.clone()
            };
            tasks::replace(tx, t, &new).await?;
        }
    }
    // Nobody met and nothing left open to go back for: one 补访, counted for the campaign the
    // visit was made for (the opened task's, else the newest running one).
    let mut follow_up_due = None;
    if !input.met && !open.iter().any(still_open) {
        let due = today + Duration::days(i64::from(options::follow_up_days(tx).await?));
        // The one who went goes again when they are a cadre; otherwise whoever held the task.
        let assignee = if actor.can(Action::VisitsRecord) {
            Some(actor.user_id)
        } else {
            open.first().and_then(|t| t.assignee_id)
        };
        let follow_up = tasks::new_task(&h, TaskKind::FollowUp, campaign_id, None, assignee, due);
        tasks::insert(tx, vec![follow_up]).await?;
        follow_up_due = Some(format::date(due));
    }
    let audited = audit::Event::new(audit::AuditAction::VisitRecord, audit::Outcome::Success)
        .target("visit", v.id, String::new())
        .detail(serde_json::json!({
            "household": h.id,
            "mode": v.mode.code(),
            "met": v.met,
            "task": v.task_id,
            "closed_tasks": closed,
        }));
    audit::record(tx, &audit::Who::actor(actor, &actor.ip), audited).await?;
    let line = lines(tx, vec![v]).await?.into_iter().next();
    let visit = line.ok_or(AppError::NotFound)?;
    Ok(Recorded {
        visit,
        created: true,
        follow_up_due,
        closed_tasks: closed,
        left_open: open.iter().filter(|t| counts(t) && still_open(t)).count() as u32,
    })
}

/// Visit models as lines, with names, concerns and policy labels.
pub(crate) async fn lines(tx: &Tx, visits: Vec<visit::Model>) -> Result<Vec<VisitLine>, AppError> {
    let households: HashMap<Uuid, String> = tx
        .select::<household::Entity>()?
        .select_only()
        .column(household::Column::Id)
        .column(household::Column::HeadName)
        .filter(household::Column::Id.is_in(visits.iter().map(|v| v.household_id)))
        .into_tuple::<(Uuid, String)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .collect();
    let villages: HashMap<Uuid, String> = tx
        .select::<org_unit::Entity>()?
        .select_only()
        .column(org_unit::Column::Id)
        .column(org_unit::Column::Name)
        .filter(org_unit::Column::Id.is_in(visits.iter().map(|v| v.org_unit_id)))
        .into_tuple::<(Uuid, String)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .collect();
    let visitors: HashMap<Uuid, String> = tx
        .select::<user::Entity>()?
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(visits.iter().map(|v| v.visitor_id)))
        .into_tuple::<(Uuid, String)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .collect();
    let mut concerns: HashMap<Uuid, Vec<Concern>> = HashMap::new();
    for c in tx
        .select::<concern::Entity>()?
        .filter(concern::Column::VisitId.is_in(visits.iter().map(|v| v.id)))
        .order_by_asc(concern::Column::Position)
        .all(tx.conn())
        .await?
    {
        concerns.entry(c.visit_id).or_default().push(Concern {
            id: c.id.to_string(),
            text: c.text,
            grievance_id: c.grievance_id.map(|g| g.to_string()),
        });
    }
    let policy_labels: HashMap<String, String> = options::list(tx, OptionKind::Policy)
        .await?
        .into_iter()
        .map(|c| (c.code, c.label))
        .collect();
    Ok(visits
        .into_iter()
        .map(|v| VisitLine {
            id: v.id.to_string(),
            household_id: v.household_id.to_string(),
            head_name: households.get(&v.household_id).cloned().unwrap_or_default(),
            village_name: villages.get(&v.org_unit_id).cloned().unwrap_or_default(),
            visitor_name: visitors.get(&v.visitor_id).cloned().unwrap_or_default(),
            visited_at: format::datetime(v.visited_at),
            mode: v.mode,
            met: v.met,
            met_whom: v.met_whom,
            attitude: v.attitude,
            notes: v.notes,
            concerns: concerns.remove(&v.id).unwrap_or_default(),
            policies: split_set(&v.policies)
                .into_iter()
                .map(|code| policy_labels.get(&code).cloned().unwrap_or(code))
                .collect(),
            has_photo: v.has_photo,
            latitude: v.latitude,
            longitude: v.longitude,
            campaign_id: v.campaign_id.map(|c| c.to_string()),
        })
        .collect())
}

/// Which visits a list shows.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct VisitFilter {
    pub household: Option<Uuid>,
    pub campaign: Option<Uuid>,
    /// At this unit or below.
    pub unit: Option<Uuid>,
    /// Only the caller's own visits.
    #[serde(default)]
    pub mine: bool,
    /// Keyset: visits recorded before this one (newest first).
    pub before: Option<Uuid>,
    #[serde(default)]
    pub limit: u64,
}

pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &VisitFilter,
) -> Result<(Vec<VisitLine>, Option<String>), AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let prefix = households::scope(tx, actor, Action::VisitsView, filter.unit).await?;
        let limit = filter.limit.clamp(1, 200);
        let mut query = tx.select::<visit::Entity>()?;
        if filter.mine {
            query = query.filter(visit::Column::VisitorId.eq(actor.user_id));
        }
        query = query.filter(tree::path_within(visit::Column::Path, &prefix));
        if let Some(h) = filter.household {
            query = query.filter(visit::Column::HouseholdId.eq(h));
        }
        if let Some(c) = filter.campaign {
            query = query.filter(visit::Column::CampaignId.eq(c));
        }
        if let Some(before) = filter.before {
            query = query.filter(visit::Column::Id.lt(before));
        }
        let mut rows = query
            .order_by_desc(visit::Column::Id)
            .limit(limit + 1)
            .all(tx.conn())
            .await?;
        let next = (rows.len() as u64 > limit).then(|| {
            rows.truncate(limit as usize);
            rows.last().map(|v| v.id.to_string())
        });
        Ok((lines(tx, rows).await?, next.flatten()))
    })
    .await
}

async fn find(tx: &Tx, actor: &Actor, id: Uuid) -> Result<visit::Model, AppError> {
    tx.find_for::<visit::Entity>(actor, Action::VisitsView, id)
        .await
}

pub async fn get(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<VisitLine, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let v = find(tx, actor, id).await?;
        lines(tx, vec![v])
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    })
    .await
}

/// The stored photo of a visit the caller may see.
pub async fn photo(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Vec<u8>, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let v = find(tx, actor, id).await?;
        Ok(tx
            .select_by_id::<photo::Entity>(v.id)?
            .one(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?
            .bytes)
    })
    .await
}
