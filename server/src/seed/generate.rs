//! `minqing generate`: a county at a chosen scale, for benchmarks. Adds townships and villages
//! to an existing county under fresh division codes, one or two village cadres per village and
//! a township admin per township, households of 2–4 people (Chinese names, valid ID numbers,
//! phones, tags), one county-wide open campaign, and visits spread over the campaign's first
//! 60 days: most met, some not (with their 补访 tasks), some raising concerns.
//!
//! Tasks, their visited/met flags and the `campaign_progress` rollup end as `app::visits` would
//! have left them had every visit been recorded through it: each household's visits are
//! replayed in time order with the rules of `visits::record` (which open tasks a visit closes,
//! which campaign it counts for, when a 补访 is due), against every open campaign that covers
//! the household. It is fast because rows go in many per statement and thousands per
//! transaction, and the rollup is computed once at the end with `INSERT … SELECT … GROUP BY`.

use app::access::Role;
use app::auth::password;
use app::counties::entity as counties;
use app::format::CHINA;
use app::households::entity::{cadre, household, member};
use app::households::personal::{IdNumber, Phone};
use app::households::{HEAD, first_cadres, known_tags};
use app::org::{DivisionCode, OrgKind, entity as org_units};
use app::tenancy::{Mode, Tx};
use app::users::entity as users;
use app::visits::entity::{campaign, concern, task, visit};
use app::visits::kinds::{
    Attitude, CampaignStatus, TaskKind, TaskStatus, VisitMode, join_set, split_set,
};
use app::visits::options::{self, OptionKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, Iterable, QueryFilter, QueryOrder, QuerySelect, Statement, sea_query::Expr,
};
use std::collections::{HashMap, HashSet};
use std::time::Instant;
use time::{Date, Duration, OffsetDateTime};
use uuid::{Builder, Uuid};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Scale {
    /// The county's six-digit code; the county must exist (`seed --demo`).
    pub county: String,
    pub households: usize,
    pub visits: usize,
    pub villages_per_township: usize,
    pub households_per_village: usize,
    /// The same seed generates the same names, numbers and visit pattern.
    pub seed: u64,
}

#[derive(Debug, Default)]
pub struct Generated {
    pub campaign_id: Uuid,
    /// A generated village cadre and a township admin, to sign in as.
    pub cadre: String,
    pub township_admin: String,
    pub townships: usize,
    pub villages: usize,
    pub accounts: usize,
    pub households: usize,
    pub members: usize,
    pub campaign_tasks: usize,
    pub visits: usize,
    pub not_met: usize,
    pub open_follow_ups: usize,
    pub concerns: usize,
    pub setup_seconds: f64,
    pub rows_seconds: f64,
    pub rollup_seconds: f64,
}

impl Generated {
    pub fn print(&self) {
        let total = self.setup_seconds + self.rows_seconds + self.rollup_seconds;
        println!(
            "generated {} townships, {} villages, {} accounts (password {}), {} households with {} members",
            self.townships,
            self.villages,
            self.accounts,
            super::DEMO_PASSWORD,
            self.households,
            self.members
        );
        println!(
            "sign in as {} (village cadre) or {} (township admin)",
            self.cadre, self.township_admin
        );
        println!(
            "campaign {} with {} tasks; {} visits ({} nobody met, {} 补访 still open), {} concerns",
            self.campaign_id,
            self.campaign_tasks,
            self.visits,
            self.not_met,
            self.open_follow_ups,
            self.concerns
        );
        println!(
            "took {total:.1} s: set-up {:.1} s, households and visits {:.1} s, rollup {:.1} s",
            self.setup_seconds, self.rows_seconds, self.rollup_seconds
        );
    }
}

/// Households written per transaction (with their members, pairings, tasks and visits: about
/// ten times as many rows).
const HOUSEHOLDS_PER_TX: usize = 10_000;
/// Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535.
const PARAMS_PER_STATEMENT: usize = 30_000;
/// Days of visits, ending now; the campaign starts on the first of them.
const VISIT_DAYS: i64 = 60;

/// `db` should be a pool of one connection: on SQLite the bulk-load settings below are made
/// per connection.
pub async fn generate(db: &DatabaseConnection, scale: &Scale) -> anyhow::Result<Generated> {
    anyhow::ensure!(
        (1..=799).contains(&scale.villages_per_township),
        "villages per township: 1–799 (division codes 201–999)"
    );
    anyhow::ensure!(
        scale.households_per_village >= 1,
        "households per village: at least 1"
    );
    let started = Instant::now();
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        // A bulk load: a page cache that holds the growing indexes, and commits that do not
        // wait for the disk (WAL stays consistent after a power cut; the last batches may be
        // lost, and generating again adds a new set).
        for pragma in [
            "PRAGMA cache_size = -262144",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA wal_autocheckpoint = 16384",
        ] {
            db.execute_unprepared(pragma).await?;
        }
    }
    let mut out = Generated::default();
    let mut rng = Rng(scale.seed ^ 0x006d_696e_7169_6e67);
    let county = counties::Entity::find()
        .filter(counties::Column::Code.eq(&scale.county))
        .one(db)
        .await?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no county {} (run `minqing seed --demo` first)",
                scale.county
            )
        })?;
    let now = OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let today = app::format::today();
    let hash = password::hash(super::DEMO_PASSWORD.into()).await?;

    // ---- Set-up: places, accounts, the campaign ----------------------------------------------
    let txn = Tx::for_county(db, Some(county.id), Mode::Write).await?;
    let units = txn.select::<org_units::Entity>()?.all(txn.conn()).await?;
    let root = units
        .iter()
        .find(|u| u.kind == OrgKind::County)
        .ok_or_else(|| anyhow::anyhow!("county {} has no root unit", scale.county))?
        .clone();
    let taken_codes: HashSet<&str> = units.iter().map(|u| u.code.as_str()).collect();
    let mut seq = units.iter().map(|u| u.seq).max().unwrap_or(0);
    let admin = txn
        .select::<users::Entity>()?
        .filter(users::Column::Role.eq(Role::CountyAdmin))
        .order_by_asc(users::Column::CreatedAt)
        .one(txn.conn())
        .await?
        .ok_or_else(|| anyhow::anyhow!("county {} has no county admin", scale.county))?;
    let tags: Vec<String> = {
        let mut t: Vec<String> = known_tags(&txn)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .into_iter()
            .collect();
        t.sort();
        t
    };
    let policies: Vec<String> = options::active(&txn, OptionKind::Policy)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .into_iter()
        .map(|c| c.code)
        .collect();
    let follow_up_days = i64::from(
        options::follow_up_days(&txn)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    );

    let villages_needed = scale.households.div_ceil(scale.households_per_village);
    let townships_needed = villages_needed.div_ceil(scale.villages_per_township);
    let mut township_rows = Vec::new();
    let mut village_rows = Vec::new();
    let mut account_rows = Vec::new();
    // Per village: the unit and its cadres (one or two).
    let mut places: Vec<(org_units::Model, Vec<Uuid>)> = Vec::new();
    let mut free = (110..1000u32)
        .filter(|t| !taken_codes.contains(format!("{}{t:03}000", scale.county).as_str()));
    let setup_at = now - Duration::days(VISIT_DAYS + 30);
    for k in 0..townships_needed {
        let t = free
            .next()
            .ok_or_else(|| anyhow::anyhow!("no free township codes left in {}", scale.county))?;
        let code = DivisionCode::parse(&format!("{}{t:03}000", scale.county))?;
        seq += 1;
        let township = org_units::Model {
            county_id: county.id,
            id: rng.v7_at(setup_at),
            parent_id: Some(root.id),
            kind: code.kind(),
            code: code.to_string(),
            name: township_name(k, t),
            seq,
            path: format!("{}{seq}/", root.path),
            active: true,
            created_at: setup_at,
        };
        account_rows.push(account(
            &mut rng,
            &township,
            format!("town{t:03}"),
            format!("{}管理员", township.name),
            Role::TownshipAdmin,
            &hash,
            setup_at,
        ));
        let first = k * scale.villages_per_township;
        let villages_here = scale.villages_per_township.min(villages_needed - first);
        for v in 0..villages_here {
            let vcode = DivisionCode::parse(&format!("{}{t:03}{:03}", scale.county, 201 + v))?;
            seq += 1;
            let village = org_units::Model {
                county_id: county.id,
                id: rng.v7_at(setup_at),
                parent_id: Some(township.id),
                kind: vcode.kind(),
                code: vcode.to_string(),
                name: village_name(&mut rng),
                seq,
                path: format!("{}{seq}/", township.path),
                active: true,
                created_at: setup_at,
            };
            let mut cadres = Vec::new();
            for suffix in if v % 2 == 0 {
                &["", "b"][..]
            } else {
                &[""][..]
            } {
                let male = rng.permille(600);
                let name = person_name(&mut rng, male, 1975);
                let user = account(
                    &mut rng,
                    &village,
                    format!("cadre{t:03}{:03}{suffix}", 201 + v),
                    name,
                    Role::VillageCadre,
                    &hash,
                    setup_at,
                );
                cadres.push(user.id);
                account_rows.push(user);
            }
            village_rows.push(village.clone());
            places.push((village, cadres));
        }
        township_rows.push(township);
    }
    let usernames: Vec<String> = account_rows.iter().map(|a| a.username.clone()).collect();
    let clash = txn
        .select::<users::Entity>()?
        .select_only()
        .column(users::Column::Username)
        .filter(users::Column::Username.is_in(usernames.iter().take(30_000).cloned()))
        .into_tuple::<String>()
        .one(txn.conn())
        .await?;
    if let Some(name) = clash {
        anyhow::bail!("an account named {name} already exists in {}", scale.county);
    }
    out.cadre = account_rows
        .iter()
        .find(|a| a.role == Role::VillageCadre)
        .map(|a| a.username.clone())
        .unwrap_or_default();
    out.township_admin = account_rows
        .iter()
        .find(|a| a.role == Role::TownshipAdmin)
        .map(|a| a.username.clone())
        .unwrap_or_default();
    out.townships = township_rows.len();
    out.villages = village_rows.len();
    out.accounts = account_rows.len();
    insert_all(
        &txn,
        township_rows.into_iter().map(org_units::ActiveModel::from),
    )
    .await?;
    insert_all(
        &txn,
        village_rows.into_iter().map(org_units::ActiveModel::from),
    )
    .await?;
    insert_all(&txn, account_rows.into_iter().map(users::ActiveModel::from)).await?;

    // The campaign, as a county admin would have created it when the visits began.
    let starts_on = today - Duration::days(VISIT_DAYS - 1);
    let created_at = china_time(starts_on, 8 * 3600);
    let ours = campaign::Model {
        county_id: county.id,
        id: rng.v7_at(created_at),
        name: format!("{}年全县民情大走访", starts_on.year()),
        starts_on,
        ends_on: today + Duration::days(30),
        org_unit_id: root.id,
        path: root.path.clone(),
        tags: String::new(),
        modes: join_set(VisitMode::ALL.iter().map(|m| m.code())),
        target_percent: 95,
        status: CampaignStatus::Open,
        target: 0,
        created_by: admin.id,
        created_at,
    };
    campaign::Entity::insert(campaign::ActiveModel::from(ours.clone()))
        .exec_without_returning(txn.conn())
        .await?;
    out.campaign_id = ours.id;
    // Every open campaign a new household joins (`campaigns::join_open`): ours and the others.
    let open: Vec<campaign::Model> = txn
        .select::<campaign::Entity>()?
        .filter(campaign::Column::Status.eq(CampaignStatus::Open.code()))
        .filter(campaign::Column::EndsOn.gte(today))
        .order_by_asc(campaign::Column::Id)
        .all(txn.conn())
        .await?;
    let mut added: HashMap<Uuid, i32> = HashMap::new();

    // Households already in the county join our campaign, as `campaigns::create` would do.
    let mut after: Option<Uuid> = None;
    loop {
        let mut query = txn.select::<household::Entity>()?;
        if let Some(a) = after {
            query = query.filter(household::Column::Id.gt(a));
        }
        let batch = query
            .order_by_asc(household::Column::Id)
            .limit(1000)
            .all(txn.conn())
            .await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        let ids: Vec<Uuid> = batch.iter().map(|h| h.id).collect();
        let held = first_cadres(&txn, &ids)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let rows: Vec<task::ActiveModel> = batch
            .iter()
            .map(|h| campaign_task(&mut rng, h, &ours, held.get(&h.id).copied()).into())
            .collect();
        *added.entry(ours.id).or_default() += rows.len() as i32;
        insert_all(&txn, rows).await?;
    }
    txn.commit().await?;
    out.setup_seconds = started.elapsed().as_secs_f64();

    // ---- Households and their visits ----------------------------------------------------------
    let started = Instant::now();
    let mut people = People::load(db, county.id, &scale.county).await?;
    let visits_per_household = spread_visits(&mut rng, scale.households, scale.visits);
    let campaigns: HashMap<Uuid, campaign::Model> =
        open.iter().map(|c| (c.id, c.clone())).collect();
    let window_start = china_time(starts_on, 0);
    let born_at = setup_at;
    let mut batch = Batch::default();
    let mut n = 0;
    let mut reported = 0;
    for (village, cadres) in &places {
        let here = scale.households_per_village.min(scale.households - n);
        let groups = (here / 60).clamp(1, 12);
        let mut house_in_group = vec![0usize; groups];
        for i in 0..here {
            let group = i * groups / here;
            house_in_group[group] += 1;
            let cadre_id = cadres[i * cadres.len() / here];
            let created = born_at + Duration::milliseconds(n as i64);
            let h = new_household(
                &mut rng,
                &mut people,
                &mut batch,
                village,
                &tags,
                format!("{}组", NUMERALS[group]),
                house_in_group[group],
                created,
            );
            batch.cadres.push(cadre::Model {
                county_id: county.id,
                household_id: h.id,
                user_id: cadre_id,
                created_at: created,
            });
            let mut tasks: Vec<task::Model> = open
                .iter()
                .filter(|c| village.path.starts_with(&c.path) && targets(c, &h))
                .map(|c| campaign_task(&mut rng, &h, c, Some(cadre_id)))
                .collect();
            for t in &tasks {
                if let Some(c) = t.campaign_id {
                    *added.entry(c).or_default() += 1;
                }
            }
            let times = visit_times(&mut rng, visits_per_household[n], window_start, now);
            let replay = Replay {
                campaigns: &campaigns,
                policies: &policies,
                follow_up_days,
                visitor: cadre_id,
            };
            replay.run(&mut rng, &h, &mut tasks, &times, &mut batch, &mut out);
            out.open_follow_ups += tasks
                .iter()
                .filter(|t| t.kind == TaskKind::FollowUp && t.status == TaskStatus::Open)
                .count();
            batch.tasks.extend(tasks);
            batch.households.push(h);
            n += 1;
            if batch.households.len() >= HOUSEHOLDS_PER_TX {
                batch.write(db, county.id, &mut out).await?;
            }
            if n * 10 / scale.households.max(1) > reported {
                reported = n * 10 / scale.households.max(1);
                eprintln!(
                    "  {n} households, {} visits, {:.0} s",
                    out.visits,
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
    batch.write(db, county.id, &mut out).await?;
    out.campaign_tasks = added.get(&ours.id).copied().unwrap_or(0) as usize;
    out.rows_seconds = started.elapsed().as_secs_f64();

    // ---- Targets and the rollup ---------------------------------------------------------------
    let started = Instant::now();
    let txn = Tx::for_county(db, Some(county.id), Mode::Write).await?;
    for (id, n) in &added {
        txn.update::<campaign::Entity>()?
            .col_expr(
                campaign::Column::Target,
                sea_orm::sea_query::ExprTrait::add(Expr::col(campaign::Column::Target), *n),
            )
            .filter(campaign::Column::Id.eq(*id))
            .exec(txn.conn())
            .await?;
        rollup(&txn, county.id, *id).await?;
    }
    txn.commit().await?;
    out.rollup_seconds = started.elapsed().as_secs_f64();
    crate::db::refresh_statistics(db).await?;
    Ok(out)
}

/// Recounts one campaign's rollup rows from its tasks: what `tasks::weight` adds up to (a
/// campaign task counts as target, visited and met; an open 补访 as a follow-up), per village
/// and assignee (the nil uuid for nobody).
async fn rollup(txn: &Tx, county: Uuid, campaign_id: Uuid) -> anyhow::Result<()> {
    let conn = txn.conn();
    let backend = conn.get_database_backend();
    let sql = |text: &str| match backend {
        DatabaseBackend::Postgres => text.to_owned(),
        _ => (1..=3).fold(text.to_owned(), |s, n| s.replace(&format!("${n}"), "?")),
    };
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql("DELETE FROM campaign_progress WHERE county_id = $1 AND campaign_id = $2"),
        [county.into(), campaign_id.into()],
    ))
    .await?;
    let (c, f, open) = (
        TaskKind::Campaign.code(),
        TaskKind::FollowUp.code(),
        TaskStatus::Open.code(),
    );
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql(&format!(
            "INSERT INTO campaign_progress \
               (county_id, campaign_id, org_unit_id, assignee_key, path, target, visited, met, follow_ups) \
             SELECT county_id, campaign_id, org_unit_id, assignee_key, path, \
               CAST(SUM(CASE WHEN kind = '{c}' THEN 1 ELSE 0 END) AS INTEGER), \
               CAST(SUM(CASE WHEN kind = '{c}' AND visited THEN 1 ELSE 0 END) AS INTEGER), \
               CAST(SUM(CASE WHEN kind = '{c}' AND met THEN 1 ELSE 0 END) AS INTEGER), \
               CAST(SUM(CASE WHEN kind = '{f}' AND status = '{open}' THEN 1 ELSE 0 END) AS INTEGER) \
             FROM (SELECT county_id, campaign_id, org_unit_id, \
                     COALESCE(assignee_id, $1) AS assignee_key, path, kind, status, visited, met \
                   FROM visit_tasks WHERE county_id = $2 AND campaign_id = $3) AS t \
             GROUP BY county_id, campaign_id, org_unit_id, assignee_key, path"
        )),
        [Uuid::nil().into(), county.into(), campaign_id.into()],
    ))
    .await?;
    Ok(())
}

/// Inserts rows many per statement.
pub(super) async fn insert_all<A>(txn: &Tx, rows: impl IntoIterator<Item = A>) -> anyhow::Result<()>
where
    A: ActiveModelTrait + Send,
{
    let columns = <<A::Entity as EntityTrait>::Column as Iterable>::iter().count();
    let per = (PARAMS_PER_STATEMENT / columns.max(1)).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(txn.conn())
            .await?;
    }
    Ok(())
}

/// Rows waiting for the next transaction, in foreign-key order.
#[derive(Default)]
struct Batch {
    households: Vec<household::Model>,
    members: Vec<member::Model>,
    cadres: Vec<cadre::Model>,
    tasks: Vec<task::Model>,
    visits: Vec<visit::Model>,
    concerns: Vec<concern::Model>,
}

impl Batch {
    async fn write(
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
struct Replay<'a> {
    campaigns: &'a HashMap<Uuid, campaign::Model>,
    policies: &'a [String],
    follow_up_days: i64,
    visitor: Uuid,
}

impl Replay<'_> {
    fn run(
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
fn targets(c: &campaign::Model, h: &household::Model) -> bool {
    let wanted = split_set(&c.tags);
    wanted.is_empty() || wanted.iter().any(|t| h.tags.contains(&format!("|{t}|")))
}

/// A campaign's open task at a household, held by its first paired cadre; made when the
/// household joined (or, for a household older than the campaign, when the campaign began).
fn campaign_task(
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

fn account(
    rng: &mut Rng,
    unit: &org_units::Model,
    username: String,
    display_name: String,
    role: Role,
    hash: &str,
    at: OffsetDateTime,
) -> users::Model {
    users::Model {
        county_id: Some(unit.county_id),
        id: rng.v7_at(at),
        org_unit_id: Some(unit.id),
        username,
        display_name,
        role,
        password_hash: hash.to_owned(),
        active: true,
        must_change_password: false,
        created_at: at,
        updated_at: at,
    }
}

/// A household and its people (into the batch); returns the household.
#[allow(clippy::too_many_arguments)]
fn new_household(
    rng: &mut Rng,
    people: &mut People,
    batch: &mut Batch,
    village: &org_units::Model,
    tags: &[String],
    group: String,
    house: usize,
    created: OffsetDateTime,
) -> household::Model {
    let id = rng.v7_at(created);
    let head_male = rng.permille(820);
    let head_year = 1940 + rng.below(50) as i32;
    let surname = rng.pick(SURNAMES);
    let head_name = format!("{surname}{}", given_name(rng, head_male, head_year));
    let head_phone = phone(rng, 900);
    let people_here = match rng.below(100) {
        0..35 => 2,
        35..70 => 3,
        _ => 4,
    };
    let mut members = vec![(
        head_name.clone(),
        HEAD,
        head_male,
        head_year,
        head_phone.clone(),
    )];
    let spouse_year = (head_year + rng.below(7) as i32 - 3).max(1935);
    let spouse_male = !head_male;
    members.push((
        person_name(rng, spouse_male, spouse_year),
        "配偶",
        spouse_male,
        spouse_year,
        phone(rng, 400),
    ));
    let child_year = (head_year + 22 + rng.below(9) as i32).min(2015);
    for k in 2..people_here {
        let male = rng.permille(520);
        let (relation, year) = if k == 3 && child_year < 1995 {
            ("孙子女", (child_year + 24 + rng.below(6) as i32).min(2022))
        } else {
            ("子女", (child_year + 2 * (k - 2)).min(2018))
        };
        let name = format!("{surname}{}", given_name(rng, male, year));
        members.push((
            name,
            relation,
            male,
            year,
            if year < 2005 { phone(rng, 600) } else { None },
        ));
    }
    let size = members.len();
    for (position, (name, relation, male, year, phone)) in members.into_iter().enumerate() {
        let born = Date::from_ordinal_date(year, 1 + rng.below(365) as u16).ok();
        let id_number = born.and_then(|b| people.id_number(b, male));
        batch.members.push(member::Model {
            county_id: village.county_id,
            id: rng.v7_at(created),
            household_id: id,
            name,
            relation: relation.to_owned(),
            gender: Some(if male { "男" } else { "女" }.to_owned()),
            birth_date: born,
            id_number: id_number.map(|i| i.as_str().to_owned()),
            phone: phone.map(|p| p.as_str().to_owned()),
            position: position as i32,
        });
    }
    let mut chosen: Vec<&str> = Vec::new();
    if !tags.is_empty() && rng.permille(380) {
        chosen.push(rng.pick(tags).as_str());
        if rng.permille(150) {
            let second = rng.pick(tags).as_str();
            if !chosen.contains(&second) {
                chosen.push(second);
            }
        }
    }
    household::Model {
        county_id: village.county_id,
        id,
        org_unit_id: village.id,
        path: village.path.clone(),
        group_name: group.clone(),
        house_number: format!("{house}号"),
        address: format!("{}{group}{house}号", village.name),
        head_name,
        phone: head_phone.map(|p| p.as_str().to_owned()),
        tags: join_set(chosen),
        notes: String::new(),
        members: size as i32,
        created_at: created,
        updated_at: created,
    }
}

/// ID numbers: the county's region code, the birth date and a sequence number whose parity is
/// the gender; unique within the county (existing numbers are skipped).
struct People {
    region: String,
    existing: HashSet<String>,
    next: HashMap<(Date, bool), u16>,
}

impl People {
    async fn load(db: &DatabaseConnection, county: Uuid, region: &str) -> anyhow::Result<People> {
        let txn = Tx::for_county(db, Some(county), Mode::Read).await?;
        let existing = txn
            .select::<member::Entity>()?
            .select_only()
            .column(member::Column::IdNumber)
            .filter(member::Column::IdNumber.is_not_null())
            .into_tuple::<String>()
            .all(txn.conn())
            .await?
            .into_iter()
            .collect();
        txn.commit().await?;
        Ok(People {
            region: region.to_owned(),
            existing,
            next: HashMap::new(),
        })
    }

    fn id_number(&mut self, born: Date, male: bool) -> Option<IdNumber> {
        let next = self.next.entry((born, male)).or_insert(0);
        while *next < 500 {
            let sequence = *next * 2 + u16::from(male);
            *next += 1;
            let body = format!(
                "{}{:04}{:02}{:02}{sequence:03}",
                self.region,
                born.year(),
                u8::from(born.month()),
                born.day()
            );
            let id = IdNumber::complete(&body)?;
            if !self.existing.contains(id.as_str()) {
                return Some(id);
            }
        }
        None
    }
}

/// How many visits each household gets: about nine in ten households at least one, the rest of
/// the visits spread at random over them (so some families see their cadre often).
fn spread_visits(rng: &mut Rng, households: usize, visits: usize) -> Vec<u32> {
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
fn visit_times(
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

fn china_time(day: Date, seconds: i64) -> OffsetDateTime {
    day.midnight()
        .assume_offset(CHINA)
        .to_offset(time::UtcOffset::UTC)
        + Duration::seconds(seconds)
}

fn phone(rng: &mut Rng, permille: u32) -> Option<Phone> {
    if !rng.permille(permille) {
        return None;
    }
    let prefix = rng.pick(&[
        "130", "133", "135", "138", "139", "150", "155", "158", "176", "181", "187", "199",
    ]);
    Phone::parse(&format!("{prefix}{:08}", rng.below(100_000_000)))
}

fn person_name(rng: &mut Rng, male: bool, born: i32) -> String {
    let surname = rng.pick(SURNAMES);
    format!("{surname}{}", given_name(rng, male, born))
}

fn given_name(rng: &mut Rng, male: bool, born: i32) -> &'static str {
    let names = match (male, born < 1980) {
        (true, true) => MALE_OLD,
        (true, false) => MALE_YOUNG,
        (false, true) => FEMALE_OLD,
        (false, false) => FEMALE_YOUNG,
    };
    names[rng.below(names.len())]
}

fn township_name(k: usize, code: u32) -> String {
    let base = TOWNSHIPS[k % TOWNSHIPS.len()];
    let round = k / TOWNSHIPS.len();
    let kind = if code < 200 { "镇" } else { "乡" };
    match round {
        0 => format!("{base}{kind}"),
        r => format!("{base}{}{kind}", NUMERALS[r.min(NUMERALS.len() - 1)]),
    }
}

fn village_name(rng: &mut Rng) -> String {
    let place = rng.pick(PLACE_SURNAMES);
    match rng.below(10) {
        0..3 => format!(
            "{}{place}{}村",
            rng.pick(DIRECTIONS),
            rng.pick(VILLAGE_ENDINGS)
        ),
        3..5 => format!(
            "{place}家{}村",
            rng.pick(&["庄", "营", "屯", "寨", "店", "堡", "洼", "坡"])
        ),
        _ => format!("{place}{}村", rng.pick(VILLAGE_ENDINGS)),
    }
}

/// SplitMix64: small, fast and the same on every machine, so a seed always gives one county.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(super) fn permille(&mut self, p: u32) -> bool {
        self.next() % 1000 < u64::from(p)
    }

    /// One of `items`, which is never empty here.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(super) fn v4(&mut self) -> Uuid {
        let bytes = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        Builder::from_random_bytes(bytes).into_uuid()
    }

    /// A version-7 id of the moment `at`: ids sort as the records were made.
    pub(super) fn v7_at(&mut self, at: OffsetDateTime) -> Uuid {
        let millis = (at.unix_timestamp_nanos() / 1_000_000).max(0) as u64;
        let random = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        let mut tail = [0u8; 10];
        tail.copy_from_slice(&random[..10]);
        Builder::from_unix_timestamp_millis(millis, &tail).into_uuid()
    }
}

const NUMERALS: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];
pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛",
    "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石", "姚",
    "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史",
    "顾", "侯", "邵", "孟", "龙", "万", "段", "雷", "钱", "汤", "尹", "黎", "易", "常", "武", "乔",
    "贺", "赖", "龚", "文",
];
pub(super) const MALE_OLD: &[&str] = &[
    "建国", "建军", "志强", "国华", "德福", "海军", "春生", "保山", "文明", "立新", "卫东", "振华",
    "永刚", "明辉", "学军", "红军", "国强", "建平", "长顺", "金锁", "福林", "庆丰", "树森", "玉山",
    "根生", "满仓", "铁柱", "守义", "凤岐", "连喜", "广田", "宝林", "军", "强", "勇", "伟",
];
const MALE_YOUNG: &[&str] = &[
    "子豪", "浩然", "宇航", "俊杰", "博文", "梓轩", "一鸣", "天佑", "昊天", "睿", "鹏", "磊", "涛",
    "斌", "超", "杰", "晨阳", "家乐", "嘉伟", "思远", "志鹏", "明轩", "宇", "辰",
];
pub(super) const FEMALE_OLD: &[&str] = &[
    "秀英", "桂兰", "玉梅", "淑珍", "丽娟", "金凤", "红霞", "秀兰", "桂英", "凤兰", "丽华", "春梅",
    "海燕", "玉兰", "素珍", "翠花", "凤英", "秀云", "兰英", "淑兰", "月娥", "巧云", "丽", "芳",
];
const FEMALE_YOUNG: &[&str] = &[
    "欣怡", "雨涵", "梓涵", "诗琪", "子涵", "佳怡", "思雨", "可馨", "晓燕", "静", "敏", "婷", "雪",
    "颖", "悦", "佳琪", "梦瑶", "雨欣", "婉清", "语嫣", "丹", "倩", "璐", "琳",
];
const TOWNSHIPS: &[&str] = &[
    "永安", "兴隆", "太平", "长乐", "东升", "和平", "富民", "新民", "红旗", "柳河", "石桥", "黄庄",
    "杨屯", "北辛", "南高", "西兴", "东阳", "大河", "金台", "槐荫",
];
const PLACE_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "周", "吴", "孙", "马", "朱", "胡", "郭", "何", "高",
    "梁", "宋", "郑", "韩", "冯", "董", "曹", "袁", "许", "田", "任", "石", "崔", "康", "侯", "孟",
];
const DIRECTIONS: &[&str] = &["东", "西", "南", "北", "前", "后", "大", "小", "上", "下"];
const VILLAGE_ENDINGS: &[&str] = &[
    "庄", "村", "营", "屯", "寨", "店", "堡", "桥", "河", "岗", "口", "洼",
];
const MET_WHOM: &[&str] = &[
    "户主", "户主", "户主", "户主", "配偶", "配偶", "子女", "父母",
];
const NOTES_MET: &[&str] = &[
    "家中情况稳定",
    "宣传了医保缴费政策",
    "老人身体尚可，叮嘱冬季注意保暖",
    "了解了春耕备耕情况",
    "讲解了防诈骗知识",
    "家中有人外出务工，收入稳定",
    "提醒按时参加村民代表会议",
    "孩子在县城上学，生活正常",
];
const NOTES_NOT_MET: &[&str] = &[
    "家中无人",
    "外出务工",
    "大门上锁，已电话联系未接通",
    "下地干活未归",
];
pub(super) const CONCERNS: &[&str] = &[
    "村口路灯不亮，晚上出行不便",
    "希望帮忙申请危房改造",
    "医保报销比例不清楚，希望有人讲解",
    "孩子上学路远，交通不便",
    "灌溉用水紧张，机井需要维修",
    "与邻居宅基地边界有纠纷",
    "低保资格复核一直没有结果",
    "希望村里组织就业技能培训",
    "自来水水压低，时常停水",
    "垃圾清运不及时",
    "老人行动不便，希望提供上门服务",
    "道路坑洼，雨天积水",
];
