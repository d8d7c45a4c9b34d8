//! The database side of imports: what the county has now (fed to the pure plans) and writing
//! a plan in the caller's transaction. Rows go in batches; nothing is ever deleted.

use super::department_import::{self, DepartmentPlan, ExistingDepartment};
use super::entity::{self as job, ImportKind};
use super::faults::{Fault, RowFault};
use super::household_import::{
    self, ExistingHousehold, ExistingMember, Fields, HouseholdChange, HouseholdPlan, Known, Person,
};
use super::org_import::{self, Existing, OrgPlan};
use super::report::{Change, ChangeKind, PREVIEW_ROWS, Progress, Summary, password_missing};
use super::user_import::{self, ExistingUser, UnitRef, UserPlan};
use crate::access::{Action, Actor};
use crate::auth::{password, sessions};
use crate::error::AppError;
use crate::households::entity::{household, member};
use crate::org::{OrgKind, entity as unit, manage::next_seq};
use crate::sheet::Table;
use crate::tenancy::Tx;
use crate::users::entity as user;
use crate::visits::campaigns;
use crate::visits::entity::campaign;
use crate::visits::kinds::{CampaignStatus, join_set, split_set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};
use std::collections::HashMap;
use std::collections::HashSet;
use time::OffsetDateTime;
use uuid::Uuid;

mod existing;
mod households;
mod units;

pub use existing::plan;
use households::*;
use units::*;

/// Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits.
const BATCH: usize = 500;

/// A checked plan of any kind.
pub enum Planned {
    Org(OrgPlan),
    Departments(DepartmentPlan),
    Users(UserPlan),
    Households(HouseholdPlan),
}

impl Planned {
    pub fn summary(&self) -> Summary {
        let add = |row, key: &str, name: &str| Change {
            row,
            change: ChangeKind::Add,
            key: key.to_owned(),
            name: name.to_owned(),
            before: None,
            kind: None,
            parent: None,
        };
        let new_unit = |row, key: &str, name: &str, kind: OrgKind, parent: &str| Change {
            kind: Some(kind),
            parent: (!parent.is_empty()).then(|| parent.to_owned()),
            ..add(row, key, name)
        };
        let change = |row, key: &str, name: &str, before: String| Change {
            row,
            change: ChangeKind::Change,
            key: key.to_owned(),
            name: name.to_owned(),
            before: Some(before),
            kind: None,
            parent: None,
        };
        let (counts, mut preview, password_ignored) = match self {
            Planned::Org(p) => (
                (p.add.len(), p.rename.len(), p.unchanged),
                p.add
                    .iter()
                    .map(|a| new_unit(a.row, &a.code, &a.name, a.kind, &a.parent_name))
                    .chain(
                        p.rename
                            .iter()
                            .map(|r| change(r.row, &r.code, &r.to, r.from.clone())),
                    )
                    .collect::<Vec<_>>(),
                Vec::new(),
            ),
            Planned::Departments(p) => (
                (p.add.len(), p.rename.len(), p.unchanged),
                p.add
                    .iter()
                    .map(|a| new_unit(a.row, &a.code, &a.name, OrgKind::Department, ""))
                    .chain(
                        p.rename
                            .iter()
                            .map(|r| change(r.row, &r.code, &r.to, r.from.clone())),
                    )
                    .collect(),
                Vec::new(),
            ),
            Planned::Users(p) => (
                (p.add.len(), p.update.len(), p.unchanged),
                p.add
                    .iter()
                    .map(|a| add(a.row, &a.username, &a.name))
                    .chain(p.update.iter().map(|u| {
                        let before = format!(
                            "{} · {} · {}",
                            u.previous.name,
                            u.previous.role.code(),
                            u.previous.unit_code
                        );
                        change(u.row, &u.username, &u.name, before)
                    }))
                    .collect(),
                p.password_ignored.clone(),
            ),
            Planned::Households(p) => (
                (p.add.len(), p.update.len(), p.unchanged),
                p.add
                    .iter()
                    .map(|h| {
                        add(
                            h.row,
                            &place(&h.village_code, &h.fields),
                            &h.fields.head_name,
                        )
                    })
                    .chain(p.update.iter().map(|h| {
                        let key = place(&h.village_code, &h.fields);
                        change(h.row, &key, &h.fields.head_name, was(h))
                    }))
                    .collect(),
                Vec::new(),
            ),
        };
        preview.sort_by_key(|c| c.row);
        preview.truncate(PREVIEW_ROWS);
        Summary {
            add: counts.0,
            change: counts.1,
            unchanged: counts.2,
            password_ignored,
            preview,
        }
    }
}

/// Hashes the passwords new accounts bring in the sheet, by username.
pub async fn hash_passwords(
    plan: &UserPlan,
    progress: &Progress,
    job: Uuid,
) -> Result<HashMap<String, String>, AppError> {
    let given: Vec<(&str, &str)> = plan
        .add
        .iter()
        .filter_map(|u| Some((u.username.as_str(), u.password.as_deref()?)))
        .collect();
    let mut hashes = HashMap::with_capacity(given.len());
    for (done, (username, plain)) in given.iter().enumerate() {
        progress.set(job, done as u64, given.len() as u64);
        hashes.insert(
            (*username).to_owned(),
            password::hash((*plain).to_owned()).await?,
        );
    }
    Ok(hashes)
}

/// Writes a plan. `report(n)` hears how many changes are written so far.
pub async fn apply(
    tx: &Tx,
    job: &job::Model,
    planned: &Planned,
    hashes: &HashMap<String, String>,
    report: &(dyn Fn(usize) + Sync),
) -> Result<(), AppError> {
    let county = tx.require_county()?;
    let units = tx.select::<unit::Entity>()?.all(tx.conn()).await?;
    let mut by_code: HashMap<String, unit::Model> =
        units.into_iter().map(|u| (u.code.clone(), u)).collect();
    match planned {
        Planned::Org(plan) => {
            let adds = plan.add.iter().map(|a| {
                (
                    a.code.clone(),
                    a.name.clone(),
                    a.kind,
                    a.parent_code.clone(),
                )
            });
            add_units(tx, county, &mut by_code, adds, report).await?;
            rename_units(tx, plan.rename.iter().map(|r| (&r.code, &r.to))).await?;
        }
        Planned::Departments(plan) => {
            let root = by_code
                .values()
                .find(|u| u.kind == OrgKind::County)
                .map(|u| u.code.clone())
                .ok_or(AppError::NotFound)?;
            let adds = plan.add.iter().map(|a| {
                (
                    a.code.clone(),
                    a.name.clone(),
                    OrgKind::Department,
                    root.clone(),
                )
            });
            add_units(tx, county, &mut by_code, adds, report).await?;
            rename_units(tx, plan.rename.iter().map(|r| (&r.code, &r.to))).await?;
        }
        Planned::Users(plan) => {
            let now = OffsetDateTime::now_utc();
            let mut batch = Vec::with_capacity(BATCH);
            for (i, new) in plan.add.iter().enumerate() {
                let unit = by_code.get(&new.unit_code).ok_or(AppError::NotFound)?;
                let hash = hashes.get(&new.username).cloned().or_else(|| {
                    new.password
                        .is_none()
                        .then(|| job.password_hash.clone())
                        .flatten()
                });
                let hash = match (hash, &new.password) {
                    (Some(hash), _) => hash,
                    // Changed between the two checks: hash it now.
                    (None, Some(plain)) => password::hash(plain.clone()).await?,
                    (None, None) => {
                        return Err(AppError::Internal("import without a password".into()));
                    }
                };
                batch.push(user::ActiveModel::from(user::Model {
                    county_id: Some(county),
                    id: Uuid::now_v7(),
                    org_unit_id: Some(unit.id),
                    username: new.username.clone(),
                    display_name: new.name.clone(),
                    role: new.role,
                    password_hash: hash,
                    active: true,
                    must_change_password: true,
                    created_at: now,
                    updated_at: now,
                }));
                if batch.len() == BATCH {
                    user::Entity::insert_many(std::mem::take(&mut batch))
                        .exec_without_returning(tx.conn())
                        .await?;
                    report(i + 1);
                }
            }
            if !batch.is_empty() {
                user::Entity::insert_many(batch)
                    .exec_without_returning(tx.conn())
                    .await?;
            }
            report(plan.add.len());
            for change in &plan.update {
                let unit = by_code.get(&change.unit_code).ok_or(AppError::NotFound)?;
                let existing = tx
                    .select::<user::Entity>()?
                    .filter(user::Column::Username.eq(&change.username))
                    .one(tx.conn())
                    .await?
                    .ok_or(AppError::NotFound)?;
                tx.update::<user::Entity>()?
                    .col_expr(user::Column::DisplayName, Expr::value(change.name.clone()))
                    .col_expr(user::Column::Role, Expr::value(change.role.code()))
                    .col_expr(user::Column::OrgUnitId, Expr::value(unit.id))
                    .col_expr(user::Column::UpdatedAt, Expr::value(now))
                    .filter(user::Column::Id.eq(existing.id))
                    .exec(tx.conn())
                    .await?;
                // Powers changed: the account signs in again to get them.
                if existing.role != change.role || existing.org_unit_id != Some(unit.id) {
                    sessions::revoke_user(tx, existing.id, None, "account_changed").await?;
                }
            }
        }
        Planned::Households(plan) => apply_households(tx, county, &by_code, plan, report).await?,
    }
    Ok(())
}

/// Where a household is, for the preview: `130123100201 3组12号`.
fn place(village_code: &str, f: &Fields) -> String {
    format!("{village_code} {}{}", f.group_name, f.house_number)
        .trim()
        .to_owned()
}

/// What a changed household was, in the columns that change (phones masked) and its size.
fn was(h: &HouseholdChange) -> String {
    let mut parts: Vec<String> = h.changed.iter().map(|c| (*c).to_owned()).collect();
    if !h.add_members.is_empty() || !h.change_members.is_empty() {
        parts.push(format!(
            "{} {} (+{} ~{})",
            household_import::HEADERS[8],
            h.members_before,
            h.add_members.len(),
            h.change_members.len()
        ));
    }
    parts.join(" · ")
}
