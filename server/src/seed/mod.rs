//! `minqing seed --demo`: a realistic demo province. Idempotent: seeding again adds only what is
//! missing, so it is safe on every start of the demo.

mod demo;
mod generate;
pub mod generate_grievances;
mod grievances;
mod households;
mod names;

pub use generate::{Generated, Scale, generate};

use app::{
    access::Role,
    auth::password,
    counties::{CountyStatus, entity as counties},
    org::{DivisionCode, OrgKind, entity as org_units},
    tenancy::{Mode, Tx},
    users::entity as users,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub counties_added: usize,
    pub org_units_added: usize,
    pub accounts_added: usize,
    pub households_added: usize,
    pub grievances_added: usize,
}

/// The password of every demo account. Demo data only: never seed a real deployment.
pub const DEMO_PASSWORD: &str = "Minqing2026";

/// Each demo county's accounts: username, role, and the code of the unit (relative to the
/// county: the root, the first township, its first village, the first department).
const DEMO_ACCOUNTS: &[(&str, &str, Role, DemoUnit)] = &[
    ("admin", "县管理员", Role::CountyAdmin, DemoUnit::County),
    ("leader", "县领导", Role::CountyLeader, DemoUnit::County),
    ("auditor", "审计员", Role::Auditor, DemoUnit::County),
    (
        "township",
        "乡镇管理员",
        Role::TownshipAdmin,
        DemoUnit::Township,
    ),
    (
        "clerk",
        "乡镇工作人员",
        Role::TownshipStaff,
        DemoUnit::Township,
    ),
    ("cadre", "村干部", Role::VillageCadre, DemoUnit::Village),
    (
        "dept",
        "部门工作人员",
        Role::DepartmentStaff,
        DemoUnit::Department,
    ),
];

#[derive(Clone, Copy)]
enum DemoUnit {
    County,
    Township,
    Village,
    Department,
}

/// An org unit as the seed knows it: code, name, kind, and its parent's code.
struct Unit {
    code: String,
    name: String,
    kind: OrgKind,
    parent: Option<String>,
}

pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    let now = OffsetDateTime::now_utc();
    // One hash for all demo accounts: they share the demo password, and hashing is slow.
    let hash = password::hash(DEMO_PASSWORD.into()).await?;
    if platform_account(db, "operator", "平台运营", Role::PlatformAdmin, &hash).await? {
        report.accounts_added += 1;
    }

    for county in demo::COUNTIES {
        let existing = counties::Entity::find()
            .filter(counties::Column::Code.eq(county.code))
            .one(db)
            .await?;
        let county_id = existing.as_ref().map_or_else(Uuid::now_v7, |c| c.id);
        // Everything of a county is written inside that county (row-level security).
        let txn = Tx::for_county(db, Some(county_id), Mode::Write).await?;
        let txn_conn = txn.conn();
        match existing {
            Some(_) => {}
            None => {
                let id = county_id;
                counties::Entity::insert(counties::ActiveModel {
                    id: Set(id),
                    code: Set(county.code.into()),
                    name: Set(county.name.into()),
                    province: Set(demo::PROVINCE.into()),
                    city: Set(county.city.into()),
                    status: Set(CountyStatus::Active),
                    created_at: Set(now),
                })
                .exec(txn_conn)
                .await?;
                report.counties_added += 1;
            }
        }

        // Placed: code → (id, path); units come parents-first, so every parent is placed.
        let mut placed: HashMap<String, (Uuid, String)> = HashMap::new();
        let mut next_seq = 0;
        for row in txn.select::<org_units::Entity>()?.all(txn_conn).await? {
            next_seq = next_seq.max(row.seq);
            placed.insert(row.code, (row.id, row.path));
        }
        for unit in units_of(county)? {
            if placed.contains_key(&unit.code) {
                continue;
            }
            let (parent_id, parent_path) = match &unit.parent {
                Some(code) => {
                    let (id, path) = placed
                        .get(code)
                        .ok_or_else(|| anyhow::anyhow!("{}: parent {code} missing", unit.code))?;
                    (Some(*id), path.as_str())
                }
                None => (None, "/"),
            };
            next_seq += 1;
            let id = Uuid::now_v7();
            let path = format!("{parent_path}{next_seq}/");
            org_units::Entity::insert(org_units::ActiveModel {
                county_id: Set(county_id),
                id: Set(id),
                parent_id: Set(parent_id),
                kind: Set(unit.kind),
                code: Set(unit.code.clone()),
                name: Set(unit.name),
                seq: Set(next_seq),
                path: Set(path.clone()),
                active: Set(true),
                created_at: Set(now),
            })
            .exec(txn_conn)
            .await?;
            placed.insert(unit.code, (id, path));
            report.org_units_added += 1;
        }
        report.accounts_added += county_accounts(&txn, county, &hash).await?;
        report.households_added +=
            households::seed(&txn, county.code, county.townships[0].code).await?;
        report.grievances_added +=
            grievances::seed(&txn, county.code, county.townships[0].code).await?;
        txn.commit().await?;
    }
    Ok(report)
}

/// The demo county's accounts, at units found by their codes; existing usernames are kept.
async fn county_accounts(txn: &Tx, county: &demo::County, hash: &str) -> anyhow::Result<usize> {
    let township = format!("{}{}", county.code, county.townships[0].code);
    let village_suffix = demo::villages(0).next().map(|(s, _)| s).unwrap_or(1);
    let code_of = |unit: DemoUnit| match unit {
        DemoUnit::County => format!("{}000000", county.code),
        DemoUnit::Township => format!("{township}000"),
        DemoUnit::Village => format!("{township}{village_suffix:03}"),
        DemoUnit::Department => demo::DEPARTMENTS[0].0.to_owned(),
    };
    let mut added = 0;
    for (username, name, role, unit) in DEMO_ACCOUNTS {
        let exists = txn
            .select::<users::Entity>()?
            .filter(users::Column::Username.eq(*username))
            .one(txn.conn())
            .await?
            .is_some();
        if exists {
            continue;
        }
        let unit = txn
            .select::<org_units::Entity>()?
            .filter(org_units::Column::Code.eq(code_of(*unit)))
            .one(txn.conn())
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo unit for {username} missing"))?;
        app::users::insert_account(
            txn,
            &unit,
            (*username).into(),
            format!("{}{name}", county.name),
            *role,
            hash.into(),
            false,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        added += 1;
    }
    Ok(added)
}

/// A platform account (operator or province viewer) unless one with that username exists.
pub async fn platform_account(
    db: &DatabaseConnection,
    username: &str,
    display_name: &str,
    role: Role,
    hash: &str,
) -> anyhow::Result<bool> {
    anyhow::ensure!(role.is_platform(), "{role:?} is not a platform role");
    let txn = Tx::for_county(db, None, Mode::Write).await?;
    let exists = users::Entity::find()
        .filter(users::Column::CountyId.is_null())
        .filter(users::Column::Username.eq(username))
        .one(txn.conn())
        .await?
        .is_some();
    if !exists {
        let now = OffsetDateTime::now_utc();
        users::Entity::insert(users::ActiveModel {
            county_id: Set(None),
            id: Set(Uuid::now_v7()),
            org_unit_id: Set(None),
            username: Set(username.into()),
            display_name: Set(display_name.into()),
            role: Set(role),
            password_hash: Set(hash.into()),
            active: Set(true),
            must_change_password: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(txn.conn())
        .await?;
    }
    txn.commit().await?;
    Ok(!exists)
}

/// The county's whole tree, parents first: the county, its townships with their villages, then
/// its departments. Levels and parents come from the division codes themselves.
fn units_of(county: &demo::County) -> anyhow::Result<Vec<Unit>> {
    let root = DivisionCode::for_county(county.code)?;
    let mut units = vec![Unit {
        code: root.to_string(),
        name: county.name.into(),
        kind: OrgKind::County,
        parent: None,
    }];
    for (t, township) in county.townships.iter().enumerate() {
        let code = DivisionCode::parse(&format!("{}{}000", county.code, township.code))?;
        units.push(Unit {
            code: code.to_string(),
            name: township.name.into(),
            kind: code.kind(),
            parent: code.parent().map(|p| p.to_string()),
        });
        for (suffix, name) in demo::villages(t) {
            let village =
                DivisionCode::parse(&format!("{}{}{suffix:03}", county.code, township.code))?;
            units.push(Unit {
                code: village.to_string(),
                name,
                kind: village.kind(),
                parent: village.parent().map(|p| p.to_string()),
            });
        }
    }
    for (code, name) in demo::DEPARTMENTS {
        units.push(Unit {
            code: (*code).into(),
            name: (*name).into(),
            kind: OrgKind::Department,
            parent: Some(root.to_string()),
        });
    }
    Ok(units)
}
