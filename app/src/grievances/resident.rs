//! The resident's side (no account): the county's public form, submitting through it, and
//! tracking a case by its code and the last four digits of the reporter's phone, with the
//! rating of the reply. A resident never sees internal notes, staff names or anyone's personal
//! data; a wrong county, code or digits all answer the same "not found".
//!
//! Abuse protection: submissions per client address, failed lookups per address and per
//! tracking code (so the 10,000 possible digits cannot be tried: at the default 10 per hour a
//! code takes months), and the signed challenge on every submission (`challenge`).

use super::act::{self, Doer};
use super::categories;
use super::challenge::Challenges;
use super::entity::{event, grievance};
use super::intake::{self, Registered};
use super::kinds::{Satisfaction, Status};
use super::lifecycle::Command;
use super::model::{
    ChallengeView, PlaceGroup, PublicForm, PublicSubmission, TrackStep, Tracking, Upload,
};
use crate::auth::throttle::{IpLimiter, Limiter};
use crate::counties::{CountyStatus, entity as county};
use crate::error::{AppError, text_field};
use crate::format;
use crate::i18n::Texts;
use crate::org::OrgKind;
use crate::tenancy::{Mode, Tx};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::net::IpAddr;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

/// The knobs, from the server's configuration.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Submissions (accepted or not) per client address per hour.
    pub submits_per_hour: usize,
    /// Failed lookups per client address, and per tracking code, per hour.
    pub lookup_failures_per_hour: usize,
    /// The least time between opening the form and sending it.
    pub min_fill_secs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            submits_per_hour: 20,
            lookup_failures_per_hour: 10,
            min_fill_secs: 3,
        }
    }
}

/// The public counter's state: the limiters and the challenge key. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Desk {
    challenges: Challenges,
    submits: IpLimiter,
    lookups: IpLimiter,
    codes: Limiter<String>,
}

const HOUR: Duration = Duration::from_secs(3600);

impl Desk {
    pub fn new(secret: &[u8], limits: Limits) -> Desk {
        Desk {
            challenges: Challenges::new(secret, limits.min_fill_secs),
            submits: IpLimiter::new(limits.submits_per_hour, HOUR),
            lookups: IpLimiter::new(limits.lookup_failures_per_hour, HOUR),
            codes: Limiter::new(limits.lookup_failures_per_hour, HOUR),
        }
    }

    /// Counts one submission from `ip`, or refuses it when the address has used up its
    /// hour. Called before the body is read, so a blocked address uploads nothing.
    pub fn admit_submission(&self, ip: IpAddr) -> Result<(), AppError> {
        if let Some(retry_after_secs) = self.submits.blocked(&ip) {
            return Err(AppError::Throttled { retry_after_secs });
        }
        self.submits.hit(ip);
        Ok(())
    }
}

fn now_secs() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// An active county by its 6-digit code: (id, name).
pub async fn county(db: &DatabaseConnection, code: &str) -> Result<(Uuid, String), AppError> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::NotFound);
    }
    county::Entity::find()
        .filter(county::Column::Code.eq(code))
        .filter(county::Column::Status.eq(CountyStatus::Active))
        .one(db)
        .await?
        .map(|c| (c.id, c.name))
        .ok_or(AppError::NotFound)
}

/// The form of county `code`: its places and categories and a fresh challenge.
pub async fn form(
    db: &DatabaseConnection,
    desk: &Desk,
    code: &str,
) -> Result<PublicForm, AppError> {
    let (id, name) = county(db, code).await?;
    let mut places: Vec<PlaceGroup> = Vec::new();
    for (unit, unit_name, kind) in intake::public_places(db, id).await? {
        match (kind, places.last_mut()) {
            (OrgKind::Village, Some(township)) => {
                township.villages.push((unit.to_string(), unit_name));
            }
            _ => places.push(PlaceGroup {
                id: unit.to_string(),
                name: unit_name,
                villages: Vec::new(),
            }),
        }
    }
    let tx = Tx::for_county(db, Some(id), Mode::Read).await?;
    let all = categories::all(&tx).await?;
    let categories = all
        .iter()
        .filter(|c| c.active)
        .map(|c| (c.id.to_string(), categories::full_name(&all, c.id)))
        .collect();
    let challenge = desk.challenges.issue(code.trim(), now_secs())?;
    Ok(PublicForm {
        county_code: code.trim().to_owned(),
        county_name: name,
        places,
        categories,
        challenge: ChallengeView {
            token: challenge.token,
            question: format!("{} + {}", challenge.a, challenge.b),
        },
    })
}

/// A resident's submission: the challenge's answer first, then the intake's own checks.
/// The caller has admitted it (`Desk::admit_submission`).
pub async fn submit(
    db: &DatabaseConnection,
    desk: &Desk,
    code: &str,
    challenge: (&str, &str),
    input: PublicSubmission,
    uploads: Vec<Upload>,
) -> Result<Registered, AppError> {
    let (id, _) = county(db, code).await?;
    let (token, answer) = challenge;
    desk.challenges
        .check(code.trim(), token, answer, now_secs())?;
    intake::submit_public(db, id, input, uploads).await
}

/// A tracking code as typed: spaces and dashes dropped, upper case.
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// A resident asking after a case: from where, in which county, its code and the last four
/// digits of the reporter's phone, as typed.
#[derive(Clone, Copy, Debug)]
pub struct Lookup<'a> {
    pub ip: IpAddr,
    pub county: &'a str,
    pub code: &'a str,
    pub digits: &'a str,
}

/// The case `lookup` names, in its county's transaction. Every miss counts against the
/// address and the code (whether or not the code exists, so the limit itself tells nothing),
/// and each answers the same "not found".
async fn find(
    db: &DatabaseConnection,
    desk: &Desk,
    lookup: &Lookup<'_>,
    mode: Mode,
) -> Result<(Tx, grievance::Model), AppError> {
    let Lookup {
        ip,
        county: county_code,
        code,
        digits,
    } = *lookup;
    let code = normalise(code);
    let key = format!("{}/{code}", county_code.trim());
    if let Some(retry_after_secs) = desk.lookups.blocked(&ip).or(desk.codes.blocked(&key)) {
        return Err(AppError::Throttled { retry_after_secs });
    }
    let miss = || {
        desk.lookups.hit(ip);
        desk.codes.hit(key.clone());
        AppError::NotFound
    };
    let digits = digits.trim();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || code.len() > 16 {
        return Err(miss());
    }
    let Ok((county_id, _)) = county(db, county_code).await else {
        return Err(miss());
    };
    let tx = Tx::for_county(db, Some(county_id), mode).await?;
    let found = tx
        .select::<grievance::Entity>()?
        .filter(grievance::Column::Code.eq(code.as_str()))
        .one(tx.conn())
        .await?
        .filter(|g| {
            g.reporter_phone
                .as_deref()
                .is_some_and(|p| p.ends_with(digits))
        });
    match found {
        Some(g) => Ok((tx, g)),
        None => Err(miss()),
    }
}

/// What the resident reads about `g`: only the steps meant for them, in plain words.
async fn tracking(tx: &Tx, g: &grievance::Model, t: Texts) -> Result<Tracking, AppError> {
    let events = tx
        .select::<event::Entity>()?
        .filter(event::Column::GrievanceId.eq(g.id))
        .order_by_asc(event::Column::CreatedAt)
        .order_by_asc(event::Column::Id)
        .all(tx.conn())
        .await?;
    let steps = events
        .into_iter()
        .filter_map(|e| {
            Some(TrackStep {
                kind: e.kind,
                at: format::datetime(e.created_at),
                text: e.kind.public_label(t)?.to_owned(),
            })
        })
        .collect();
    let all = categories::all(tx).await?;
    let category = categories::full_name(&all, g.category_id);
    let handle_days = all
        .iter()
        .find(|c| c.id == g.category_id)
        .map_or(super::deadlines::HANDLE_DAYS, |c| c.handle_days);
    // The reply stands while it is the answer; during a redo the next one is on its way.
    let answered = matches!(
        g.status,
        Status::NotAccepted | Status::Replied | Status::FollowedUp | Status::Closed
    );
    Ok(Tracking {
        code: g.code.clone(),
        status: g.status,
        category,
        place: place_name(tx, g.place_id).await?,
        reply_by: reply_by(g, handle_days)
            .map(|at| format::date(at.to_offset(format::CHINA).date())),
        received: format::datetime(g.created_at),
        description: g.description.clone(),
        steps,
        reply: g.reply.clone().filter(|_| answered),
        satisfaction: g.satisfaction,
        can_rate: g.status == Status::Replied,
    })
}

/// When the reporter can expect the answer at the latest: the handling deadline once the
/// case is accepted (extensions included); before that, the acceptance deadline plus the
/// category's handling days (the latest a case accepted on its last day is answered). No
/// date once answered or refused.
fn reply_by(g: &grievance::Model, handle_days: i32) -> Option<OffsetDateTime> {
    use super::deadlines;
    match g.status {
        Status::Registered => Some(deadlines::handle_due(g.accept_due, handle_days, 0)),
        Status::Accepted | Status::Assigned | Status::InProgress => g.handle_due,
        _ => None,
    }
}

/// Where the case happened, as the reporter chose it: the village with its township.
async fn place_name(tx: &Tx, place: uuid::Uuid) -> Result<String, AppError> {
    use crate::org::entity as org_unit;
    let find = |id| {
        tx.select_by_id::<org_unit::Entity>(id)
            .map(|q| q.one(tx.conn()))
    };
    let Some(unit) = find(place)?.await? else {
        return Ok(String::new());
    };
    let parent = match (unit.kind, unit.parent_id) {
        (OrgKind::Village, Some(parent)) => find(parent)?.await?.map(|p| p.name),
        _ => None,
    };
    Ok(match parent {
        Some(township) => format!("{township} {}", unit.name),
        None => unit.name,
    })
}

/// The case's progress for its reporter.
pub async fn track(
    db: &DatabaseConnection,
    desk: &Desk,
    lookup: &Lookup<'_>,
    t: Texts,
) -> Result<Tracking, AppError> {
    let (tx, g) = find(db, desk, lookup, Mode::Read).await?;
    tracking(&tx, &g, t).await
}

/// The resident rates the reply: this is the follow-up's verdict (回访), given through the
/// state machine like the dispatcher's call would be. Satisfied (or fairly) leaves the case
/// for staff to close; dissatisfied sends it back to its lead unit for redo. Refused (409)
/// unless the case waits for its follow-up.
pub async fn rate(
    db: &DatabaseConnection,
    desk: &Desk,
    lookup: &Lookup<'_>,
    verdict: (Satisfaction, &str),
    t: Texts,
) -> Result<Tracking, AppError> {
    let (satisfaction, comment) = verdict;
    let note = match comment.trim() {
        "" => String::new(),
        c => text_field("comment", &c.replace(['\r', '\n'], " "), 500)
            .map_err(|i| AppError::Invalid(vec![i]))?,
    };
    let (tx, g) = find(db, desk, lookup, Mode::Write).await?;
    let command = Command::FollowUp { satisfaction, note };
    let after = act::apply(&tx, g, &command, &Doer::resident(&lookup.ip.to_string())).await?;
    let view = tracking(&tx, &after, t).await?;
    tx.commit().await?;
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_residents_type_them() {
        assert_eq!(normalise(" abcd-efgh 23 "), "ABCDEFGH23");
    }

    #[test]
    fn a_blocked_address_submits_nothing_more() {
        let desk = Desk::new(
            b"0123456789abcdef0123456789abcdef",
            Limits {
                submits_per_hour: 2,
                ..Limits::default()
            },
        );
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(desk.admit_submission(ip).is_ok());
        assert!(desk.admit_submission(ip).is_ok());
        assert!(matches!(
            desk.admit_submission(ip),
            Err(AppError::Throttled { .. })
        ));
        assert!(desk.admit_submission("10.0.0.2".parse().unwrap()).is_ok());
    }
}
