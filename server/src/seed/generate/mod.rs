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

use super::names::*;
use app::access::Role;
use app::auth::password;
use app::counties::entity as counties;
use app::format::CHINA;
use app::households::entity::{cadre, household, member};
use app::households::personal::IdNumber;
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
use uuid::Uuid;

mod people;
mod replay;

use people::*;
use replay::*;

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
