//! Registering a case: by staff (walk-in, letter, phone, online), from a visit's concern, or by
//! the resident on the county's public page. One `insert` does the common part: deadlines from
//! the category, the dispatcher from the place, repeat detection, the tracking code, the first
//! timeline line, the rollup and the dispatcher's inbox — all in the caller's transaction, so
//! an acknowledged case is committed before anyone is told its code.

use super::act::{Doer, write_event};
use super::categories;
use super::deadlines;
use super::entity::{attachment, category, grievance};
use super::inbox;
use super::kinds::{Channel, EventKind, InboxKind, Status, Urgency};
use super::model::{NewGrievance, PublicSubmission, Upload};
use super::rollup;
use super::routing;
use crate::access::{Action, Actor, Target};
use crate::audit;
use crate::error::{AppError, Invalid, Reason, text_field};
use crate::format;
use crate::households::entity::{household, member};
use crate::households::personal::Phone;
use crate::org::{entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use crate::visits::entity::concern;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// At most this many files per case, each at most this large.
pub const MAX_FILES: usize = 5;
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// What a registered case tells its registrar.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Registered {
    pub id: Uuid,
    pub code: String,
    /// The earlier case this one repeats, if any.
    pub repeat_of: Option<Uuid>,
    /// False when an earlier call already made it (a concern turned into a case twice).
    #[serde(skip)]
    pub created: bool,
}

/// The checked fields of a new case.
struct Clean {
    reporter_name: String,
    reporter_phone: Option<String>,
    description: String,
    files: Vec<(String, &'static str, Vec<u8>)>,
}

fn check(
    name: &str,
    phone: &str,
    phone_required: bool,
    description: &str,
    uploads: Vec<Upload>,
) -> Result<Clean, AppError> {
    let mut problems = Vec::new();
    let reporter_name = text_field("reporter_name", name, 32)
        .map_err(|i| problems.push(i))
        .unwrap_or_default();
    let reporter_phone = if phone.trim().is_empty() {
        if phone_required {
            problems.push(Invalid {
                field: "reporter_phone",
                reason: Reason::Required,
            });
        }
        None
    } else {
        match Phone::parse(phone) {
            Some(p) => Some(p.as_str().to_owned()),
            None => {
                problems.push(Invalid {
                    field: "reporter_phone",
                    reason: Reason::BadPhone,
                });
                None
            }
        }
    };
    let description = text_field("description", &description.replace('\r', ""), 4000)
        .or_else(|i| {
            // Line breaks are welcome in a description; other control characters are not.
            if i.reason == Reason::ControlCharacters
                && !description
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\r')
            {
                Ok(description.replace('\r', "").trim().to_owned())
            } else {
                Err(i)
            }
        })
        .map_err(|i| problems.push(i))
        .unwrap_or_default();
    let uploads: Vec<Upload> = uploads
        .into_iter()
        .filter(|u| !u.bytes.is_empty())
        .collect();
    if uploads.len() > MAX_FILES {
        problems.push(Invalid {
            field: "files",
            reason: Reason::TooMany,
        });
    }
    let mut files = Vec::new();
    for u in uploads {
        if u.bytes.len() > MAX_FILE_BYTES {
            problems.push(Invalid {
                field: "files",
                reason: Reason::FileTooLarge,
            });
            continue;
        }
        match sniff(&u.bytes) {
            Some(kind) => {
                let name: String = u
                    .file_name
                    .chars()
                    .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
                    .take(100)
                    .collect();
                files.push((name, kind, u.bytes));
            }
            None => problems.push(Invalid {
                field: "files",
                reason: Reason::BadFileType,
            }),
        }
    }
    if problems.is_empty() {
        Ok(Clean {
            reporter_name,
            reporter_phone,
            description,
            files,
        })
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// The file's real type from its first bytes (the name and the browser's claim do not count).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// A tracking code: 10 characters from an alphabet without 0/O, 1/I/L, U.
pub fn tracking_code() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut raw = [0u8; 10];
    getrandom::fill(&mut raw).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(raw
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect())
}

/// Everything `insert` needs, already checked.
pub struct Fields {
    pub channel: Channel,
    pub urgency: Urgency,
    pub category: category::Model,
    pub place: org_unit::Model,
    pub reporter_name: String,
    pub reporter_phone: Option<String>,
    pub household_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub description: String,
    pub concern_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
}

/// Writes a new case in `tx` and returns it.
pub async fn insert(
    tx: &Tx,
    fields: Fields,
    files: Vec<(String, &'static str, Vec<u8>)>,
    doer: &Doer,
    now: OffsetDateTime,
) -> Result<grievance::Model, AppError> {
    let county = tx.require_county()?;
    let dispatcher = routing::dispatcher(tx, &fields.place).await?;
    let (repeat_days, soon_days) = categories::settings(tx).await?;
    let repeat_of = earlier(
        tx,
        &fields.category,
        fields.reporter_phone.as_deref(),
        fields.household_id,
        now - Duration::days(i64::from(repeat_days)),
    )
    .await?;
    let accept_due = deadlines::accept_due(now, fields.category.accept_days);
    let g = grievance::Model {
        county_id: county,
        // Made at `now`, so the ledger's date filters can be id ranges.
        id: Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            u64::try_from(now.unix_timestamp()).unwrap_or(0),
            now.nanosecond(),
        )),
        code: tracking_code()?,
        channel: fields.channel,
        status: Status::Registered,
        urgency: fields.urgency,
        category_id: fields.category.id,
        place_id: fields.place.id,
        path: fields.place.path.clone(),
        dispatch_unit_id: dispatcher.id,
        lead_unit_id: None,
        reporter_name: fields.reporter_name,
        reporter_phone: fields.reporter_phone,
        household_id: fields.household_id,
        person_id: fields.person_id,
        description: fields.description,
        reply: None,
        satisfaction: None,
        extension: None,
        extension_days: 0,
        redo_count: 0,
        repeat_of,
        supervised: false,
        leader_id: None,
        alert: deadlines::alert(Some(accept_due), now, soon_days),
        accept_due,
        handle_due: None,
        accepted_at: None,
        replied_at: None,
        closed_at: None,
        accepted_on_time: None,
        closed_on_time: None,
        received_on: now.to_offset(format::CHINA).date(),
        concern_id: fields.concern_id,
        created_by: fields.created_by,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    grievance::Entity::insert(grievance::ActiveModel::from(g.clone()))
        .exec_without_returning(tx.conn())
        .await?;
    super::reach::add(tx, g.id, &g.path).await?;
    for (file_name, content_type, bytes) in files {
        attachment::Entity::insert(attachment::ActiveModel {
            county_id: Set(county),
            id: Set(Uuid::now_v7()),
            grievance_id: Set(g.id),
            file_name: Set(file_name),
            content_type: Set(content_type.into()),
            size: Set(i32::try_from(bytes.len()).unwrap_or(i32::MAX)),
            bytes: Set(bytes),
            created_at: Set(now),
        })
        .exec_without_returning(tx.conn())
        .await?;
    }
    let detail = repeat_of.map(|_| "repeat".to_owned());
    write_event(tx, &g, None, EventKind::Registered, doer, None, detail, now).await?;
    rollup::shift(tx, None, &g).await?;
    inbox::notify(tx, county, dispatcher.id, g.id, InboxKind::New, now).await?;
    Ok(g)
}

/// The latest case since `since` from the same phone or household in the same top category.
async fn earlier(
    tx: &Tx,
    category: &category::Model,
    phone: Option<&str>,
    household: Option<Uuid>,
    since: OffsetDateTime,
) -> Result<Option<Uuid>, AppError> {
    let mut who = Condition::any();
    match (phone, household) {
        (None, None) => return Ok(None),
        (p, h) => {
            if let Some(p) = p {
                who = who.add(grievance::Column::ReporterPhone.eq(p));
            }
            if let Some(h) = h {
                who = who.add(grievance::Column::HouseholdId.eq(h));
            }
        }
    }
    let top = category.parent_id.unwrap_or(category.id);
    let family: Vec<Uuid> = categories::all(tx)
        .await?
        .into_iter()
        .filter(|c| c.id == top || c.parent_id == Some(top))
        .map(|c| c.id)
        .collect();
    Ok(tx
        .select::<grievance::Entity>()?
        .filter(who)
        .filter(grievance::Column::CreatedAt.gte(since))
        .filter(grievance::Column::CategoryId.is_in(family))
        .order_by_desc(grievance::Column::CreatedAt)
        .one(tx.conn())
        .await?
        .map(|g| g.id))
}

/// An active category of the transaction's county.
async fn active_category(tx: &Tx, id: Uuid) -> Result<category::Model, AppError> {
    let c = categories::find(tx, id).await?;
    if c.active {
        Ok(c)
    } else {
        Err(AppError::invalid("category_id", Reason::UnknownCategory))
    }
}

/// A place of the county (the county itself, a township or a village), active.
async fn place(tx: &Tx, id: Uuid) -> Result<org_unit::Model, AppError> {
    tx.select_by_id::<org_unit::Entity>(id)?
        .one(tx.conn())
        .await?
        .filter(|u| u.active && u.kind != crate::org::OrgKind::Department)
        .ok_or(AppError::invalid("place_id", Reason::UnknownUnit))
}

/// Staff register a case at a place in their reach.
pub async fn register(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewGrievance,
    uploads: Vec<Upload>,
) -> Result<Registered, AppError> {
    let clean = check(
        &input.reporter_name,
        &input.reporter_phone,
        false,
        &input.description,
        uploads,
    )?;
    if matches!(input.channel, Channel::Resident | Channel::Visit) {
        return Err(AppError::invalid("channel", Reason::UnknownOption));
    }
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let at = place(tx, input.place_id).await?;
        actor
            .decide(Action::GrievancesRecord, Some(at.target()))
            .or_deny(Action::GrievancesRecord)?;
        let category = active_category(tx, input.category_id).await?;
        let household_id = match input.household_id {
            Some(h) => Some(
                crate::households::find(tx, actor, Action::HouseholdsView, h)
                    .await?
                    .id,
            ),
            None => None,
        };
        let g = insert(
            tx,
            Fields {
                channel: input.channel,
                urgency: input.urgency,
                category,
                place: at,
                reporter_name: clean.reporter_name,
                reporter_phone: clean.reporter_phone,
                household_id,
                person_id: None,
                description: clean.description,
                concern_id: None,
                created_by: Some(actor.user_id),
            },
            clean.files,
            &Doer::actor(actor),
            OffsetDateTime::now_utc(),
        )
        .await?;
        Ok(Registered {
            id: g.id,
            code: g.code,
            repeat_of: g.repeat_of,
            created: true,
        })
    })
    .await
}

/// A visit's concern becomes a case in one action, linked both ways. Doing it twice answers
/// with the case already made.
pub async fn from_concern(
    db: &DatabaseConnection,
    actor: &Actor,
    concern_id: Uuid,
    category_id: Uuid,
) -> Result<Registered, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let county = tx.require_county()?;
        let c = tx
            .select_by_id::<concern::Entity>(concern_id)?
            .one(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
        let target = Target {
            county_id: county,
            path: &c.path,
        };
        actor
            .decide(Action::VisitsView, Some(target))
            .or_deny(Action::VisitsView)?;
        actor
            .decide(Action::GrievancesRecord, Some(target))
            .or_deny(Action::GrievancesRecord)?;
        if let Some(existing) = c.grievance_id {
            let g = tx
                .select_by_id::<grievance::Entity>(existing)?
                .one(tx.conn())
                .await?
                .ok_or(AppError::NotFound)?;
            return Ok(Registered {
                id: g.id,
                code: g.code,
                repeat_of: g.repeat_of,
                created: false,
            });
        }
        let h = tx
            .select_by_id::<household::Entity>(c.household_id)?
            .one(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
        // The head of household reports it, with their phone if the registry has one.
        let head = tx
            .select::<member::Entity>()?
            .filter(member::Column::HouseholdId.eq(h.id))
            .order_by_asc(member::Column::Position)
            .one(tx.conn())
            .await?;
        let at = tx
            .select_by_id::<org_unit::Entity>(h.org_unit_id)?
            .one(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
        let category = active_category(tx, category_id).await?;
        let (name, phone, person) = match &head {
            Some(m) => (
                m.name.clone(),
                m.phone.clone().or(h.phone.clone()),
                Some(m.id),
            ),
            None => (h.head_name.clone(), h.phone.clone(), None),
        };
        let g = insert(
            tx,
            Fields {
                channel: Channel::Visit,
                urgency: Urgency::Normal,
                category,
                place: at,
                reporter_name: name,
                reporter_phone: phone.filter(|p| !p.is_empty()),
                household_id: Some(h.id),
                person_id: person,
                description: c.text.clone(),
                concern_id: Some(c.id),
                created_by: Some(actor.user_id),
            },
            Vec::new(),
            &Doer::actor(actor),
            OffsetDateTime::now_utc(),
        )
        .await?;
        // Only if nobody linked it meanwhile (two taps racing on PostgreSQL): the loser's
        // case is rolled back and it is told to reload.
        let linked = tx
            .update::<concern::Entity>()?
            .col_expr(concern::Column::GrievanceId, Expr::value(g.id))
            .filter(concern::Column::Id.eq(c.id))
            .filter(concern::Column::GrievanceId.is_null())
            .exec(tx.conn())
            .await?;
        if linked.rows_affected != 1 {
            return Err(AppError::Conflict(Reason::StaleCase));
        }
        Ok(Registered {
            id: g.id,
            code: g.code,
            repeat_of: g.repeat_of,
            created: true,
        })
    })
    .await
}

/// A resident's own submission through the county's public page (no account). The county
/// comes from the page's address; the place must be one of its townships or villages.
pub async fn submit_public(
    db: &DatabaseConnection,
    county: Uuid,
    input: PublicSubmission,
    uploads: Vec<Upload>,
) -> Result<Registered, AppError> {
    let clean = check(
        &input.reporter_name,
        &input.reporter_phone,
        true,
        &input.description,
        uploads,
    )?;
    let tx = Tx::for_county(db, Some(county), Mode::Write).await?;
    let at = place(&tx, input.place_id).await?;
    let category = active_category(&tx, input.category_id).await?;
    let g = insert(
        &tx,
        Fields {
            channel: Channel::Resident,
            urgency: Urgency::Normal,
            category,
            place: at,
            reporter_name: clean.reporter_name,
            reporter_phone: clean.reporter_phone,
            household_id: None,
            person_id: None,
            description: clean.description,
            concern_id: None,
            created_by: None,
        },
        clean.files,
        &Doer::resident(""),
        OffsetDateTime::now_utc(),
    )
    .await?;
    tx.commit().await?;
    Ok(Registered {
        id: g.id,
        code: g.code,
        repeat_of: g.repeat_of,
        created: true,
    })
}

/// Places a resident can choose: the county's active townships and villages, in tree order.
pub async fn public_places(
    db: &DatabaseConnection,
    county: Uuid,
) -> Result<Vec<(Uuid, String, crate::org::OrgKind)>, AppError> {
    let tx = Tx::for_county(db, Some(county), Mode::Read).await?;
    Ok(tx
        .select::<org_unit::Entity>()?
        .filter(org_unit::Column::Active.eq(true))
        .filter(tree::in_subtree("/"))
        .filter(
            org_unit::Column::Kind
                .is_in([crate::org::OrgKind::Township, crate::org::OrgKind::Village]),
        )
        .order_by_asc(org_unit::Column::Code)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name, u.kind))
        .collect())
}
