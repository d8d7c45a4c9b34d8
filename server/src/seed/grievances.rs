//! Demo grievances: the county's default categories, a few routing rules to the demo
//! departments, and a handful of cases in the first township at every stage of the loop, so
//! the ledger, the inbox and the statistics show something real. Only for a county that has
//! no category yet.

use app::grievances::act::{self, Doer};
use app::grievances::categories;
use app::grievances::entity::{category, routing_rule};
use app::grievances::intake::{self, Fields};
use app::grievances::kinds::{Channel, Satisfaction, Urgency};
use app::grievances::lifecycle::Command;
use app::org::entity as org_units;
use app::tenancy::Tx;
use sea_orm::{EntityTrait, PaginatorTrait};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Category code → the demo department (by its code) that leads its cases.
const RULES: &[(&str, &str)] = &[
    ("legal", "zfw"),
    ("housing", "zjj"),
    ("pollution", "sthj"),
    ("labour", "rsj"),
    ("education_health", "jyj"),
    ("land", "zrzy"),
    ("security", "gaj"),
];

/// (category code, village index, reporter, phone, description, how far it got).
const CASES: &[(&str, usize, &str, &str, &str, Stage)] = &[
    (
        "roads",
        0,
        "王建国",
        "13803110001",
        "村东头通往镇上的路坑洼积水，雨天学生上学不便，希望尽快修补。",
        Stage::Registered,
    ),
    (
        "legal",
        1,
        "李秀英",
        "13803110002",
        "与邻村的承包合同纠纷，法院判决后一直未执行，请求协调。",
        Stage::Assigned,
    ),
    (
        "unpaid_wages",
        2,
        "张志强",
        "13803110003",
        "在县城工地务工，包工头拖欠工资三个月共一万二千元。",
        Stage::InProgress,
    ),
    (
        "water_supply",
        3,
        "刘桂兰",
        "13803110004",
        "自来水每天只供两小时，老人挑水困难。",
        Stage::Replied,
    ),
    (
        "noise",
        4,
        "陈国华",
        "13803110005",
        "村口养殖场夜间噪音和气味严重影响休息。",
        Stage::Closed,
    ),
    (
        "unpaid_wages",
        2,
        "张志强",
        "13803110003",
        "工资仍未到账，再次反映。",
        Stage::Registered,
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Registered,
    Assigned,
    InProgress,
    Replied,
    Closed,
}

pub async fn seed(tx: &Tx, county_code: &str, township_code: &str) -> anyhow::Result<usize> {
    let county = tx.require_county()?;
    let has = tx.select::<category::Entity>()?.count(tx.conn()).await?;
    if has > 0 {
        return Ok(0);
    }
    categories::insert_defaults(tx, county).await?;
    let cats = categories::all(tx).await?;
    let by_code = |code: &str| cats.iter().find(|c| c.code == code).cloned();
    let units = tx.select::<org_units::Entity>()?.all(tx.conn()).await?;
    let unit = |code: &str| units.iter().find(|u| u.code == code).cloned();
    for (cat, dept) in RULES {
        if let (Some(c), Some(u)) = (by_code(cat), unit(dept)) {
            routing_rule::Entity::insert(routing_rule::ActiveModel::from(routing_rule::Model {
                county_id: county,
                id: Uuid::now_v7(),
                category_id: c.id,
                unit_id: u.id,
                created_at: OffsetDateTime::now_utc(),
            }))
            .exec_without_returning(tx.conn())
            .await?;
        }
    }
    let township = format!("{county_code}{township_code}");
    let mut villages: Vec<org_units::Model> = units
        .iter()
        .filter(|u| u.code.starts_with(&township) && !u.code.ends_with("000"))
        .cloned()
        .collect();
    villages.sort_by(|a, b| a.code.cmp(&b.code));
    let Some(township_unit) = unit(&format!("{township}000")) else {
        return Ok(0);
    };
    let staff = Doer {
        id: None,
        name: "乡镇工作人员".into(),
        who: app::audit::Who {
            id: None,
            name: "seed".into(),
            role: None,
            ip: String::new(),
        },
    };
    let mut added = 0;
    for (i, (cat, village, name, phone, text, stage)) in CASES.iter().enumerate() {
        let (Some(category), Some(place)) = (by_code(cat), villages.get(*village).cloned()) else {
            continue;
        };
        // Spread over the last weeks, oldest first, so deadlines and repeats are realistic.
        let at = OffsetDateTime::now_utc() - Duration::days(20 - 3 * i as i64);
        // The rules' department for the category (or its parent), else the township.
        let top = category
            .parent_id
            .and_then(|p| cats.iter().find(|x| x.id == p))
            .map_or(*cat, |p| p.code.as_str());
        let lead = RULES
            .iter()
            .find(|(c, _)| *c == top || c == cat)
            .and_then(|(_, d)| unit(d))
            .unwrap_or_else(|| township_unit.clone());
        let mut g = intake::insert(
            tx,
            Fields {
                channel: if i % 2 == 0 {
                    Channel::WalkIn
                } else {
                    Channel::Phone
                },
                urgency: Urgency::Normal,
                category,
                place,
                reporter_name: (*name).into(),
                reporter_phone: Some((*phone).into()),
                household_id: None,
                person_id: None,
                description: (*text).into(),
                concern_id: None,
                created_by: None,
            },
            Vec::new(),
            &staff,
            at,
        )
        .await?;
        let steps: Vec<Command> = match stage {
            Stage::Registered => vec![],
            Stage::Assigned => vec![Command::Assign {
                lead: lead.id,
                co: vec![],
            }],
            Stage::InProgress => vec![
                Command::Assign {
                    lead: lead.id,
                    co: vec![],
                },
                Command::Start,
            ],
            Stage::Replied | Stage::Closed => vec![
                Command::Assign {
                    lead: lead.id,
                    co: vec![],
                },
                Command::Start,
                Command::Reply {
                    text: "已协调供水公司延长供水时间至每天六小时，并排查了管网漏点。".into(),
                },
            ],
        };
        for step in steps {
            g = act::apply(tx, g, &step, &staff).await?;
        }
        if *stage == Stage::Closed {
            g = act::apply(
                tx,
                g,
                &Command::FollowUp {
                    satisfaction: Satisfaction::Satisfied,
                    note: "电话回访，群众表示满意。".into(),
                },
                &staff,
            )
            .await?;
            act::apply(tx, g, &Command::Close, &staff).await?;
        }
        added += 1;
    }
    Ok(added)
}
