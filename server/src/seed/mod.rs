//! `minqing seed --demo`: a realistic demo province. Idempotent: seeding again adds only what is
//! missing, so it is safe on every start of the demo.

mod demo;

use app::{
    counties::{CountyStatus, entity as counties},
    org::{DivisionCode, OrgKind, entity as org_units},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub counties_added: usize,
    pub org_units_added: usize,
}

/// An org unit as the seed knows it: code, name, kind, and its parent's code.
struct Unit {
    code: String,
    name: String,
    kind: OrgKind,
    parent: Option<String>,
}

pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<SeedReport> {
    let txn = db.begin().await?;
    let mut report = SeedReport::default();
    let now = OffsetDateTime::now_utc();

    for county in demo::COUNTIES {
        let existing = counties::Entity::find()
            .filter(counties::Column::Code.eq(county.code))
            .one(&txn)
            .await?;
        let county_id = match existing {
            Some(row) => row.id,
            None => {
                let id = Uuid::now_v7();
                counties::Entity::insert(counties::ActiveModel {
                    id: Set(id),
                    code: Set(county.code.into()),
                    name: Set(county.name.into()),
                    province: Set(demo::PROVINCE.into()),
                    city: Set(county.city.into()),
                    status: Set(CountyStatus::Active),
                    created_at: Set(now),
                })
                .exec(&txn)
                .await?;
                report.counties_added += 1;
                id
            }
        };

        // Placed: code → (id, path); units come parents-first, so every parent is placed.
        let mut placed: HashMap<String, (Uuid, String)> = HashMap::new();
        let mut next_seq = 0;
        for row in org_units::Entity::find()
            .filter(org_units::Column::CountyId.eq(county_id))
            .all(&txn)
            .await?
        {
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
            .exec(&txn)
            .await?;
            placed.insert(unit.code, (id, path));
            report.org_units_added += 1;
        }
    }
    txn.commit().await?;
    Ok(report)
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
