//! Demo households: every village of each demo county's first township gets a dozen families
//! with members, tags and valid (made-up) ID numbers; the demo village cadre is paired with the
//! families of their village; and one county-wide winter campaign is open, so the cadre's home
//! shows real tasks. Only for a county that has no household yet.

use app::households::entity::{cadre, household};
use app::households::personal::{IdNumber, Phone};
use app::households::{CleanHousehold, CleanMember, HEAD};
use app::org::{OrgKind, entity as org_units};
use app::tenancy::Tx;
use app::users::entity as users;
use app::visits::entity::{campaign, trigger};
use app::visits::kinds::{CampaignStatus, TaskKind, VisitMode, join_set};
use app::visits::tasks;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "桂兰", "国华", "玉梅", "德福", "淑珍", "海军", "丽娟", "春生", "金凤",
    "保山", "红霞", "文明", "秀兰",
];
const GROUPS: &[&str] = &["一组", "二组", "三组", "四组"];
const TAGS: &[&[&str]] = &[
    &[],
    &["脱贫户"],
    &["空巢老人"],
    &[],
    &["低保户", "残疾人"],
    &["老党员"],
    &[],
    &["留守儿童"],
    &["退役军人"],
    &[],
    &["经济能人"],
    &["监测户"],
];

/// Families per village.
const PER_VILLAGE: usize = 12;

fn person(name: String, relation: &str, id: Option<IdNumber>, phone: Option<Phone>) -> CleanMember {
    CleanMember {
        name,
        relation: relation.into(),
        gender: id
            .as_ref()
            .map(|i| if i.is_male() { "男" } else { "女" }.to_owned()),
        birth_date: id.as_ref().and_then(|i| {
            let (y, m, d) = i.birth_date()?;
            time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
        }),
        id_number: id,
        phone,
    }
}

pub async fn seed(txn: &Tx, county_code: &str, township_code: &str) -> anyhow::Result<usize> {
    let county = txn.require_county().map_err(|e| anyhow::anyhow!("{e}"))?;
    let existing = txn.select::<household::Entity>()?.count(txn.conn()).await?;
    if existing > 0 {
        return Ok(0);
    }
    let root = txn
        .select::<org_units::Entity>()?
        .filter(org_units::Column::Code.eq(format!("{county_code}000000")))
        .one(txn.conn())
        .await?
        .ok_or_else(|| anyhow::anyhow!("county root missing"))?;
    let township = format!("{county_code}{township_code}");
    let villages: Vec<org_units::Model> = txn
        .select::<org_units::Entity>()?
        .filter(org_units::Column::Kind.eq(OrgKind::Village))
        .filter(org_units::Column::Code.starts_with(&township))
        .order_by_asc(org_units::Column::Code)
        .all(txn.conn())
        .await?;
    let admin = txn
        .select::<users::Entity>()?
        .filter(users::Column::Username.eq("admin"))
        .one(txn.conn())
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo admin missing"))?;
    let cadre_account = txn
        .select::<users::Entity>()?
        .filter(users::Column::Username.eq("cadre"))
        .one(txn.conn())
        .await?;

    let today = app::format::today();
    let now = OffsetDateTime::now_utc();
    let mut added = 0;
    for (v, village) in villages.iter().enumerate() {
        for i in 0..PER_VILLAGE {
            let n = v * PER_VILLAGE + i;
            let surname = SURNAMES[n % SURNAMES.len()];
            let head = format!("{surname}{}", GIVEN[(n * 5) % GIVEN.len()]);
            let year = 1940 + (n * 7) % 50;
            let body = format!(
                "{county_code}{year}{:02}{:02}{:03}",
                1 + n % 12,
                1 + n % 28,
                100 + n % 900
            );
            let phone = Phone::parse(&format!("138{:08}", 31_000_000 + n * 7919 % 1_000_000));
            let spouse = format!(
                "{}{}",
                SURNAMES[(n + 3) % SURNAMES.len()],
                GIVEN[(n * 5 + 1) % GIVEN.len()]
            );
            let spouse_body = format!(
                "{county_code}{}{:02}{:02}{:03}",
                year + 2,
                1 + (n + 5) % 12,
                1 + (n + 9) % 28,
                200 + n % 700
            );
            let people = vec![
                person(head.clone(), HEAD, IdNumber::complete(&body), phone.clone()),
                person(spouse, "配偶", IdNumber::complete(&spouse_body), None),
            ];
            let h = CleanHousehold {
                group_name: GROUPS[i % GROUPS.len()].into(),
                house_number: format!("{}号", 1 + i * 3),
                address: format!(
                    "{}{}{}号",
                    village.name,
                    GROUPS[i % GROUPS.len()],
                    1 + i * 3
                ),
                head_name: head,
                phone,
                tags: TAGS[n % TAGS.len()]
                    .iter()
                    .map(|t| (*t).to_owned())
                    .collect(),
                notes: String::new(),
            };
            let row = app::households::insert(txn, village, h, people)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            // The demo cadre holds the families of their own village.
            if let Some(c) = cadre_account
                .as_ref()
                .filter(|c| c.org_unit_id == Some(village.id))
            {
                cadre::Entity::insert(cadre::ActiveModel::from(cadre::Model {
                    county_id: county,
                    household_id: row.id,
                    user_id: c.id,
                    created_at: now,
                }))
                .exec_without_returning(txn.conn())
                .await?;
                // Two must-visit events, so the cadre's day starts with something due.
                if i < 2 {
                    let (kind, label, days_ago) = [
                        ("hospitalised", "住院", 3),
                        ("accident", "遭遇意外或灾害", 4),
                    ][i];
                    let event = trigger::Model {
                        county_id: county,
                        id: Uuid::now_v7(),
                        household_id: row.id,
                        path: row.path.clone(),
                        kind: kind.into(),
                        label: label.into(),
                        occurred_on: today - Duration::days(days_ago),
                        note: String::new(),
                        recorded_by: c.id,
                        created_at: now,
                    };
                    trigger::Entity::insert(trigger::ActiveModel::from(event.clone()))
                        .exec_without_returning(txn.conn())
                        .await?;
                    let due = event.occurred_on + Duration::days(3);
                    let task = tasks::new_task(
                        &row,
                        TaskKind::Trigger,
                        None,
                        Some(event.id),
                        Some(c.id),
                        due,
                    );
                    tasks::insert(txn, vec![task])
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                }
            }
            added += 1;
        }
    }
    // The campaign last, in one pass over the households (as a county admin's would be).
    let winter = campaign::Model {
        county_id: county,
        id: Uuid::now_v7(),
        name: "冬季入户大走访".into(),
        starts_on: today - Duration::days(7),
        ends_on: today + Duration::days(30),
        org_unit_id: root.id,
        path: root.path.clone(),
        tags: String::new(),
        modes: join_set(VisitMode::ALL.iter().map(|m| m.code())),
        target_percent: 95,
        status: CampaignStatus::Open,
        target: 0,
        created_by: admin.id,
        created_at: now,
    };
    app::visits::campaigns::open(txn, winter)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    Ok(added)
}
