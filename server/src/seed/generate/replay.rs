//! Each household's visits replayed in time order with the rules of `visits::record`.

use super::*;

/// Rows waiting for the next transaction, in foreign-key order.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) households: Vec<household::Model>,
    pub(super) members: Vec<member::Model>,
    pub(super) cadres: Vec<cadre::Model>,
    pub(super) tasks: Vec<task::Model>,
    pub(super) visits: Vec<visit::Model>,
    pub(super) concerns: Vec<concern::Model>,
}

impl Batch {
    pub(super) async fn write(
        &mut self,
        db: &DatabaseConnection,
        county: Uuid,
        out: &mut Generated,
    ) -> anyhow::Result<()> {
        let txn = Tx::for_county(db, Some(county), Mode::Write).await?;
        out.households += self.households.len();
        out.members += self.members.len();
        insert_all(
            &txn,
            self.households.drain(..).map(household::ActiveModel::from),
        )
        .await?;
        insert_all(&txn, self.members.drain(..).map(member::ActiveModel::from)).await?;
        insert_all(&txn, self.cadres.drain(..).map(cadre::ActiveModel::from)).await?;
        insert_all(&txn, self.tasks.drain(..).map(task::ActiveModel::from)).await?;
        insert_all(&txn, self.visits.drain(..).map(visit::ActiveModel::from)).await?;
        insert_all(
            &txn,
            self.concerns.drain(..).map(concern::ActiveModel::from),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

/// Replays a household's visits with the rules of `visits::record::write`.
pub(super) struct Replay<'a> {
    pub(super) campaigns: &'a HashMap<Uuid, campaign::Model>,
    pub(super) policies: &'a [String],
    pub(super) follow_up_days: i64,
    pub(super) visitor: Uuid,
}

impl Replay<'_> {
    pub(super) fn run(
        &self,
        rng: &mut Rng,
        h: &household::Model,
        tasks: &mut Vec<task::Model>,
        times: &[OffsetDateTime],
        batch: &mut Batch,
        out: &mut Generated,
    ) {
        for &at in times {
            let day = at.to_offset(CHINA).date();
            let mode = match rng.below(100) {
                0..80 => VisitMode::InPerson,
                80..95 => VisitMode::Phone,
                _ => VisitMode::Meeting,
            };
            let met = rng.permille(850);
            // A campaign counts a visit only while it runs and allows the mode.
            let counts: Vec<bool> = tasks
                .iter()
                .map(|t| match t.campaign_id {
                    None => true,
                    Some(c) => self.campaigns.get(&c).is_some_and(|c| {
                        c.status == CampaignStatus::Open
                            && c.starts_on <= day
                            && day <= c.ends_on
                            && c.modes.contains(&format!("|{}|", mode.code()))
                    }),
                })
                .collect();
            let open: Vec<usize> = (0..tasks.len())
                .filter(|&i| tasks[i].status == TaskStatus::Open)
                .collect();
            let unmet: Vec<usize> = (0..tasks.len())
                .filter(|&i| {
                    let t = &tasks[i];
                    t.kind == TaskKind::Campaign && t.status == TaskStatus::Done && !t.met
                })
                .collect();
            // The cadre opens the form from the first task on their list (due first).
            let chosen = open
                .iter()
                .copied()
                .filter(|&i| counts[i])
                .min_by_key(|&i| (tasks[i].due_on, tasks[i].id));
            let campaign_id = chosen.and_then(|i| tasks[i].campaign_id).or_else(|| {
                open.iter()
                    .chain(unmet.iter())
                    .filter(|&&i| counts[i])
                    .filter_map(|&i| tasks[i].campaign_id)
                    .max()
            });
            let v = visit::Model {
                county_id: h.county_id,
                id: rng.v7_at(at),
                household_id: h.id,
                org_unit_id: h.org_unit_id,
                path: h.path.clone(),
                task_id: chosen.map(|i| tasks[i].id),
                campaign_id,
                visitor_id: self.visitor,
                visited_at: at,
                mode,
                met,
                met_whom: if met {
                    rng.pick(MET_WHOM).to_string()
                } else {
                    String::new()
                },
                attitude: met.then(|| match rng.below(100) {
                    0..72 => Attitude::Satisfied,
                    72..90 => Attitude::Fair,
                    90..95 => Attitude::Dissatisfied,
                    _ => Attitude::Unaware,
                }),
                notes: match (met, rng.below(10)) {
                    (true, 0..4) => rng.pick(NOTES_MET).to_string(),
                    (false, 0..7) => rng.pick(NOTES_NOT_MET).to_string(),
                    _ => String::new(),
                },
                policies: if !self.policies.is_empty() && met && rng.permille(200) {
                    join_set([rng.pick(self.policies).as_str()])
                } else {
                    String::new()
                },
                latitude: None,
                longitude: None,
                has_photo: false,
                submission_key: rng.v4(),
                created_at: at,
            };
            let (latitude, longitude) = if mode == VisitMode::InPerson && rng.permille(600) {
                (
                    Some(38.146 + (rng.below(2000) as f64 - 1000.0) / 10_000.0),
                    Some(114.570 + (rng.below(2000) as f64 - 1000.0) / 10_000.0),
                )
            } else {
                (None, None)
            };
            let v = visit::Model {
                latitude,
                longitude,
                ..v
            };
            if met && rng.permille(70) {
                let raised = if rng.permille(150) { 2 } else { 1 };
                for position in 0..raised {
                    batch.concerns.push(concern::Model {
                        county_id: h.county_id,
                        id: rng.v7_at(at),
                        visit_id: v.id,
                        household_id: h.id,
                        path: h.path.clone(),
                        position,
                        text: rng.pick(CONCERNS).to_string(),
                        grievance_id: None,
                        created_at: at,
                    });
                    out.concerns += 1;
                }
            }
            // Close what the visit did.
            for &i in open.iter().filter(|&&i| counts[i]) {
                let t = &mut tasks[i];
                t.status = TaskStatus::Done;
                t.visited = t.visited || t.kind == TaskKind::Campaign;
                t.met = t.met || (t.kind == TaskKind::Campaign && met);
                t.visit_id = Some(v.id);
                t.closed_at = Some(at);
            }
            if met {
                for &i in unmet.iter().filter(|&&i| counts[i]) {
                    tasks[i].met = true;
                }
            } else {
                // The cadre who went goes again.
                tasks.push(task::Model {
                    county_id: h.county_id,
                    id: rng.v7_at(at),
                    household_id: h.id,
                    org_unit_id: h.org_unit_id,
                    path: h.path.clone(),
                    kind: TaskKind::FollowUp,
                    campaign_id,
                    trigger_id: None,
                    assignee_id: Some(self.visitor),
                    due_on: day + Duration::days(self.follow_up_days),
                    status: TaskStatus::Open,
                    visited: false,
                    met: false,
                    visit_id: None,
                    created_at: at,
                    closed_at: None,
                });
                out.not_met += 1;
            }
            out.visits += 1;
            batch.visits.push(v);
        }
    }
}

/// Does a campaign target this household (no tags: everyone; else one of its tags)?
pub(super) fn targets(c: &campaign::Model, h: &household::Model) -> bool {
    let wanted = split_set(&c.tags);
    wanted.is_empty() || wanted.iter().any(|t| h.tags.contains(&format!("|{t}|")))
}

/// A campaign's open task at a household, held by its first paired cadre; made when the
/// household joined (or, for a household older than the campaign, when the campaign began).
pub(super) fn campaign_task(
    rng: &mut Rng,
    h: &household::Model,
    c: &campaign::Model,
    assignee: Option<Uuid>,
) -> task::Model {
    let created = c.created_at.max(h.created_at);
    task::Model {
        county_id: h.county_id,
        id: rng.v7_at(created),
        household_id: h.id,
        org_unit_id: h.org_unit_id,
        path: h.path.clone(),
        kind: TaskKind::Campaign,
        campaign_id: Some(c.id),
        trigger_id: None,
        assignee_id: assignee,
        due_on: c.ends_on,
        status: TaskStatus::Open,
        visited: false,
        met: false,
        visit_id: None,
        created_at: created,
        closed_at: None,
    }
}

/// How many visits each household gets: about nine in ten households at least one, the rest of
/// the visits spread at random over them (so some families see their cadre often).
pub(super) fn spread_visits(rng: &mut Rng, households: usize, visits: usize) -> Vec<u32> {
    let mut counts = vec![0u32; households];
    let visited: Vec<usize> = (0..households).filter(|_| rng.permille(920)).collect();
    if visited.is_empty() {
        return counts;
    }
    if visits <= visited.len() {
        for k in 0..visits {
            counts[visited[k * visited.len() / visits]] = 1;
        }
    } else {
        for &i in &visited {
            counts[i] = 1;
        }
        for _ in 0..visits - visited.len() {
            counts[visited[rng.below(visited.len())]] += 1;
        }
    }
    counts
}

/// `n` moments in daytime (8:00–20:00 China time) between `from` and `now`, in order.
pub(super) fn visit_times(
    rng: &mut Rng,
    n: u32,
    from: OffsetDateTime,
    now: OffsetDateTime,
) -> Vec<OffsetDateTime> {
    let first = from.to_offset(CHINA).date();
    let days = (now.to_offset(CHINA).date() - first).whole_days().max(0) as usize + 1;
    let mut times: Vec<OffsetDateTime> = (0..n)
        .map(|_| {
            let mut day = rng.below(days);
            loop {
                let at = china_time(
                    first + Duration::days(day as i64),
                    8 * 3600 + rng.below(12 * 3600) as i64,
                );
                if at < now || day == 0 {
                    return at.min(now);
                }
                day = rng.below(day);
            }
        })
        .collect();
    times.sort();
    times
}

pub(super) fn china_time(day: Date, seconds: i64) -> OffsetDateTime {
    day.midnight()
        .assume_offset(CHINA)
        .to_offset(time::UtcOffset::UTC)
        + Duration::seconds(seconds)
}
