//! `minqing generate-grievances`: a year of a county's grievances for benchmarks, written in
//! bulk as the closed loop would have left them — cases at every stage (most of the old ones
//! closed, recent ones still open, some overdue), their handling units, a timeline line per
//! step, and the per-unit rollup. The county needs its org tree (the demo or `generate`).

use super::generate::insert_all;
use super::names::{CONCERNS, FEMALE_OLD, MALE_OLD, Rng, SURNAMES};
use app::counties::entity as counties;
use app::format::CHINA;
use app::grievances::deadlines;
use app::grievances::entity::{event, grievance, handling_unit, unit_day};
use app::grievances::kinds::{Alert, Channel, EventKind, Satisfaction, Status, Urgency};
use app::grievances::{categories, reach, rollup};
use app::org::{OrgKind, entity as org_units};
use app::tenancy::{Mode, Tx};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
};
use std::collections::HashMap;
use std::time::Instant;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// Cases per transaction.
const PER_TX: usize = 20_000;
/// Days of cases, ending now.
const DAYS: i64 = 365;

pub struct Generated {
    pub grievances: usize,
    pub events: usize,
    pub open: usize,
    pub seconds: f64,
}

impl Generated {
    pub fn print(&self) {
        println!(
            "generated {} grievances ({} still open) with {} timeline lines",
            self.grievances, self.open, self.events
        );
        println!("took {:.1} s", self.seconds);
    }
}

pub async fn generate(
    db: &DatabaseConnection,
    county_code: &str,
    count: usize,
    seed: u64,
) -> anyhow::Result<Generated> {
    let started = Instant::now();
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        for pragma in ["PRAGMA cache_size = -262144", "PRAGMA synchronous = NORMAL"] {
            db.execute_unprepared(pragma).await?;
        }
    }
    let county = counties::Entity::find()
        .filter(counties::Column::Code.eq(county_code))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no county {county_code}: seed or create it first"))?;
    let (cats, units) = {
        let tx = Tx::for_county(db, Some(county.id), Mode::Write).await?;
        if categories::all(&tx).await?.is_empty() {
            categories::insert_defaults(&tx, county.id).await?;
        }
        let cats = categories::all(&tx).await?;
        let units = tx
            .select::<org_units::Entity>()?
            .filter(org_units::Column::Active.eq(true))
            .all(tx.conn())
            .await?;
        tx.commit().await?;
        (cats, units)
    };
    let villages: Vec<&org_units::Model> = units
        .iter()
        .filter(|u| u.kind == OrgKind::Village)
        .collect();
    let departments: Vec<&org_units::Model> = units
        .iter()
        .filter(|u| u.kind == OrgKind::Department)
        .collect();
    let root = units
        .iter()
        .find(|u| u.kind == OrgKind::County)
        .ok_or_else(|| anyhow::anyhow!("the county has no root unit"))?;
    anyhow::ensure!(!villages.is_empty(), "the county has no village");
    // A village's township: the unit whose path is its parent's.
    let by_path: HashMap<&str, &org_units::Model> =
        units.iter().map(|u| (u.path.as_str(), u)).collect();
    let township_of = |v: &org_units::Model| -> &org_units::Model {
        let parent = &v.path[..v.path[..v.path.len() - 1].rfind('/').map_or(0, |i| i + 1)];
        by_path.get(parent).copied().unwrap_or(root)
    };
    let leaf_cats: Vec<_> = cats
        .iter()
        .filter(|c| c.parent_id.is_some() || !cats.iter().any(|x| x.parent_id == Some(c.id)))
        .collect();

    let mut rng = Rng(seed ^ 0x6772_6965_7661_6e63);
    let now = OffsetDateTime::now_utc();
    let mut sums: HashMap<(Uuid, Date), rollup::Counts> = HashMap::new();
    let mut out = Generated {
        grievances: 0,
        events: 0,
        open: 0,
        seconds: 0.0,
    };
    let mut done = 0;
    while done < count {
        let n = PER_TX.min(count - done);
        let (mut cases, mut lines, mut handlers) = (Vec::new(), Vec::new(), Vec::new());
        let mut reaches = Vec::new();
        for i in 0..n {
            // Spread evenly over the year, oldest first, so ids follow time.
            let age = DAYS as f64 * (1.0 - (done + i) as f64 / count as f64);
            let at = now - Duration::seconds((age * 86_400.0) as i64);
            let place = *rng.pick(&villages);
            let township = township_of(place);
            let category = *rng.pick(&leaf_cats);
            let male = rng.permille(550);
            let name = format!(
                "{}{}",
                rng.pick(SURNAMES),
                rng.pick(if male { MALE_OLD } else { FEMALE_OLD })
            );
            let phone = format!("13{}{:08}", 3 + rng.below(7), rng.below(100_000_000));
            // How far it got: old cases mostly closed; the last weeks still moving.
            let days_old = age as i64;
            let stage = match (days_old, rng.below(100)) {
                (d, r) if d > 75 => {
                    if r < 92 {
                        6
                    } else if r < 95 {
                        5
                    } else {
                        3 + r % 2
                    }
                }
                (d, r) if d > 20 => [1, 2, 3, 3, 4, 4, 5, 6, 6, 6][r % 10],
                (_, r) => [0, 0, 0, 1, 2, 3, 3, 4][r % 8],
            };
            let lead = if rng.permille(600) && !departments.is_empty() {
                *rng.pick(&departments)
            } else {
                township
            };
            let id = rng.v7_at(at);
            let accept_due = deadlines::accept_due(at, category.accept_days);
            let accepted_at =
                (stage >= 1).then(|| at + Duration::hours(2 + rng.below(24 * 10) as i64));
            let handle_due = accepted_at.map(|a| deadlines::handle_due(a, category.handle_days, 0));
            let replied_at = (stage >= 4).then(|| {
                accepted_at.unwrap_or(at) + Duration::hours(24 + rng.below(24 * 50) as i64)
            });
            let redo = stage >= 4 && rng.permille(60);
            let satisfaction = (stage >= 5).then(|| match rng.below(100) {
                0..70 => Satisfaction::Satisfied,
                _ => Satisfaction::Fair,
            });
            let closed_at = (stage >= 6).then(|| replied_at.unwrap_or(at) + Duration::days(2));
            let status = [
                Status::Registered,
                Status::Accepted,
                Status::Assigned,
                Status::InProgress,
                Status::Replied,
                Status::FollowedUp,
                Status::Closed,
            ][stage];
            let lead_id = (stage >= 2).then_some(lead.id);
            let running = deadlines::running(status, accept_due, handle_due);
            let g = grievance::Model {
                county_id: county.id,
                id,
                code: format!("G{:09}", done + i),
                channel: [
                    Channel::WalkIn,
                    Channel::Phone,
                    Channel::Letter,
                    Channel::Online,
                    Channel::Resident,
                    Channel::Visit,
                ][rng.below(6)],
                status,
                urgency: if rng.permille(50) {
                    Urgency::Urgent
                } else {
                    Urgency::Normal
                },
                category_id: category.id,
                place_id: place.id,
                path: place.path.clone(),
                dispatch_unit_id: township.id,
                lead_unit_id: lead_id,
                reporter_name: name,
                reporter_phone: Some(phone),
                household_id: None,
                person_id: None,
                description: (*rng.pick(CONCERNS)).to_owned(),
                reply: replied_at.map(|_| "已核实并处理，处理结果已告知群众。".to_owned()),
                satisfaction,
                extension: None,
                extension_days: 0,
                redo_count: i32::from(redo),
                repeat_of: None,
                supervised: false,
                leader_id: None,
                // What the deadline job would find now: left for it to mark (the bench times it).
                alert: Alert::None,
                accept_due,
                handle_due,
                accepted_at,
                replied_at,
                closed_at,
                accepted_on_time: accepted_at.map(|a| a <= accept_due),
                closed_on_time: closed_at.map(|c| handle_due.is_none_or(|d| c <= d)),
                received_on: at.to_offset(CHINA).date(),
                concern_id: None,
                created_by: None,
                created_at: at,
                updated_at: closed_at.or(replied_at).or(accepted_at).unwrap_or(at),
                version: stage as i32,
            };
            if running.is_some() {
                out.open += 1;
            }
            let mut step = |kind, from: Option<Status>, to, when| {
                lines.push(event::ActiveModel::from(event::Model {
                    county_id: county.id,
                    id: rng.v7_at(when),
                    grievance_id: id,
                    kind,
                    from_status: from,
                    to_status: to,
                    actor_id: None,
                    actor_name: "工作人员".into(),
                    note: None,
                    detail: None,
                    created_at: when,
                }));
            };
            step(EventKind::Registered, None, Status::Registered, at);
            if let Some(a) = accepted_at {
                let to = if stage >= 2 {
                    Status::Assigned
                } else {
                    Status::Accepted
                };
                let kind = if stage >= 2 {
                    EventKind::Assigned
                } else {
                    EventKind::Accepted
                };
                step(kind, Some(Status::Registered), to, a);
            }
            if let Some(r) = replied_at {
                step(
                    EventKind::Replied,
                    Some(Status::InProgress),
                    Status::Replied,
                    r,
                );
            }
            if let Some(c) = closed_at {
                step(
                    EventKind::Closed,
                    Some(Status::FollowedUp),
                    Status::Closed,
                    c,
                );
            }
            let lead_path = lead_id.and_then(|lead| units.iter().find(|u| u.id == lead));
            if let Some(lead) = lead_path {
                handlers.push(handling_unit::ActiveModel::from(handling_unit::Model {
                    county_id: county.id,
                    grievance_id: id,
                    unit_id: lead.id,
                    path: lead.path.clone(),
                    lead: true,
                }));
            }
            reaches.extend(reach::rows(
                county.id,
                id,
                &g.path,
                lead_path.map(|u| u.path.as_str()),
            ));
            let (unit, day, counts) = rollup::contribution(&g);
            let sum = sums.entry((unit, day)).or_insert([0; 9]);
            for (s, c) in sum.iter_mut().zip(counts) {
                *s += c;
            }
            cases.push(grievance::ActiveModel::from(g));
        }
        out.events += lines.len();
        let tx = Tx::for_county(db, Some(county.id), Mode::Write).await?;
        insert_all(&tx, cases).await?;
        insert_all(&tx, handlers).await?;
        insert_all(&tx, reaches).await?;
        insert_all(&tx, lines).await?;
        tx.commit().await?;
        done += n;
        out.grievances = done;
    }
    // The rollup, added to what the county already had.
    let tx = Tx::for_county(db, Some(county.id), Mode::Write).await?;
    let existing: HashMap<(Uuid, Date), unit_day::Model> = tx
        .select::<unit_day::Entity>()?
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|r| ((r.unit_id, r.day), r))
        .collect();
    tx.delete::<unit_day::Entity>()?.exec(tx.conn()).await?;
    let mut rows: HashMap<(Uuid, Date), rollup::Counts> = existing
        .into_values()
        .map(|r| {
            (
                (r.unit_id, r.day),
                [
                    r.received,
                    r.accepted,
                    r.accepted_on_time,
                    r.closed,
                    r.closed_on_time,
                    r.followed_up,
                    r.satisfied,
                    r.redone,
                    r.repeats,
                ],
            )
        })
        .collect();
    for (key, counts) in sums {
        let sum = rows.entry(key).or_insert([0; 9]);
        for (s, c) in sum.iter_mut().zip(counts) {
            *s += c;
        }
    }
    insert_all(
        &tx,
        rows.into_iter().map(|((unit, day), c)| {
            unit_day::ActiveModel::from(unit_day::Model {
                county_id: county.id,
                unit_id: unit,
                day,
                received: c[0],
                accepted: c[1],
                accepted_on_time: c[2],
                closed: c[3],
                closed_on_time: c[4],
                followed_up: c[5],
                satisfied: c[6],
                redone: c[7],
                repeats: c[8],
            })
        }),
    )
    .await?;
    tx.commit().await?;
    crate::db::refresh_statistics(db).await?;
    out.seconds = started.elapsed().as_secs_f64();
    Ok(out)
}
