//! The database side of imports: what the county has now (fed to the pure plans) and writing
//! a plan in the caller's transaction. Rows go in batches; nothing is ever deleted.

use super::department_import::{self, DepartmentPlan, ExistingDepartment};
use super::entity::{self as job, ImportKind};
use super::jobs::{Change, ChangeKind, PREVIEW_ROWS, Progress, Summary, password_missing};
use super::org_import::{self, Existing, OrgPlan};
use super::problem::{Problem, RowProblem};
use super::sheet::Table;
use super::user_import::{self, ExistingUser, UnitRef, UserPlan};
use crate::access::{Action, Actor};
use crate::auth::{password, sessions};
use crate::error::AppError;
use crate::org::{OrgKind, entity as unit, manage::next_seq};
use crate::tenancy::Tx;
use crate::users::entity as user;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits.
const BATCH: usize = 500;

/// A checked plan of any kind.
pub enum Planned {
    Org(OrgPlan),
    Departments(DepartmentPlan),
    Users(UserPlan),
}

impl Planned {
    pub fn summary(&self) -> Summary {
        let add = |row, key: &str, name: &str| Change {
            row,
            change: ChangeKind::Add,
            key: key.to_owned(),
            name: name.to_owned(),
            before: None,
        };
        let change = |row, key: &str, name: &str, before: String| Change {
            row,
            change: ChangeKind::Change,
            key: key.to_owned(),
            name: name.to_owned(),
            before: Some(before),
        };
        let (counts, mut preview, password_ignored) = match self {
            Planned::Org(p) => (
                (p.add.len(), p.rename.len(), p.unchanged),
                p.add
                    .iter()
                    .map(|a| add(a.row, &a.code, &a.name))
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
                    .map(|a| add(a.row, &a.code, &a.name))
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

/// Plans `table` against what the caller's county holds now.
pub async fn plan(
    tx: &Tx,
    actor: &Actor,
    job: &job::Model,
    table: &Table,
) -> Result<Result<Planned, Vec<RowProblem>>, AppError> {
    let county = tx.require_county()?;
    let units = unit::Entity::find()
        .filter(unit::Column::CountyId.eq(county))
        .all(tx.conn())
        .await?;
    let county_code = actor
        .home
        .as_ref()
        .map(|h| h.county_code.clone())
        .ok_or(AppError::NotFound)?;
    Ok(match job.kind {
        ImportKind::Org => {
            let existing: Vec<Existing> = units
                .iter()
                .filter(|u| u.kind != OrgKind::Department)
                .map(|u| Existing {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    kind: u.kind,
                })
                .collect();
            org_import::plan(&county_code, &existing, table).map(Planned::Org)
        }
        ImportKind::Departments => {
            let existing: Vec<ExistingDepartment> = units
                .iter()
                .filter(|u| u.kind == OrgKind::Department)
                .map(|u| ExistingDepartment {
                    code: u.code.clone(),
                    name: u.name.clone(),
                })
                .collect();
            department_import::plan(&existing, table).map(Planned::Departments)
        }
        ImportKind::Users => {
            let code_of: HashMap<Uuid, &unit::Model> = units.iter().map(|u| (u.id, u)).collect();
            let existing: Vec<ExistingUser> = user::Entity::find()
                .filter(user::Column::CountyId.eq(county))
                .all(tx.conn())
                .await?
                .into_iter()
                .filter_map(|u| {
                    let unit = code_of.get(&u.org_unit_id?)?;
                    Some(ExistingUser {
                        username: u.username,
                        name: u.display_name,
                        role: u.role,
                        unit_code: unit.code.clone(),
                    })
                })
                .collect();
            let refs: Vec<UnitRef> = units
                .iter()
                .filter(|u| u.active)
                .map(|u| UnitRef {
                    code: u.code.clone(),
                    kind: u.kind,
                })
                .collect();
            let paths: HashMap<&str, &str> = units
                .iter()
                .map(|u| (u.code.as_str(), u.path.as_str()))
                .collect();
            let scope = actor.scope_path(Action::UsersImport).unwrap_or("\0");
            let may_grant = |role, code: &str| {
                actor.role.may_grant(role) && paths.get(code).is_some_and(|p| p.starts_with(scope))
            };
            user_import::plan(&existing, &refs, &may_grant, table).and_then(|plan| {
                let problems: Vec<RowProblem> = plan
                    .add
                    .iter()
                    .filter_map(|u| match &u.password {
                        None if job.password_hash.is_none() => Some(password_missing(u.row)),
                        Some(p) if p.eq_ignore_ascii_case(&u.username) => Some(RowProblem {
                            row: u.row,
                            column: Some("初始密码".into()),
                            problem: Problem::WeakPassword,
                        }),
                        _ => None,
                    })
                    .collect();
                if problems.is_empty() {
                    Ok(Planned::Users(plan))
                } else {
                    Err(problems)
                }
            })
        }
    })
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
    let units = unit::Entity::find()
        .filter(unit::Column::CountyId.eq(county))
        .all(tx.conn())
        .await?;
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
            rename_units(tx, county, plan.rename.iter().map(|r| (&r.code, &r.to))).await?;
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
            rename_units(tx, county, plan.rename.iter().map(|r| (&r.code, &r.to))).await?;
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
                let existing = user::Entity::find()
                    .filter(user::Column::CountyId.eq(county))
                    .filter(user::Column::Username.eq(&change.username))
                    .one(tx.conn())
                    .await?
                    .ok_or(AppError::NotFound)?;
                user::Entity::update_many()
                    .col_expr(user::Column::DisplayName, Expr::value(change.name.clone()))
                    .col_expr(user::Column::Role, Expr::value(change.role.code()))
                    .col_expr(user::Column::OrgUnitId, Expr::value(unit.id))
                    .col_expr(user::Column::UpdatedAt, Expr::value(now))
                    .filter(user::Column::CountyId.eq(county))
                    .filter(user::Column::Id.eq(existing.id))
                    .exec(tx.conn())
                    .await?;
                // Powers changed: the account signs in again to get them.
                if existing.role != change.role || existing.org_unit_id != Some(unit.id) {
                    sessions::revoke_user(tx, existing.id, None, "account_changed").await?;
                }
            }
        }
    }
    Ok(())
}

/// Inserts units, parents first (the plans order them so), numbering them after the
/// county's last unit.
async fn add_units(
    tx: &Tx,
    county: Uuid,
    by_code: &mut HashMap<String, unit::Model>,
    adds: impl Iterator<Item = (String, String, OrgKind, String)>,
    report: &(dyn Fn(usize) + Sync),
) -> Result<(), AppError> {
    let mut seq = next_seq(tx, county).await?;
    let now = OffsetDateTime::now_utc();
    let mut batch = Vec::with_capacity(BATCH);
    let mut done = 0;
    for (code, name, kind, parent_code) in adds {
        let parent = by_code.get(&parent_code).ok_or(AppError::NotFound)?;
        let model = unit::Model {
            county_id: county,
            id: Uuid::now_v7(),
            parent_id: Some(parent.id),
            kind,
            code: code.clone(),
            name,
            seq,
            path: format!("{}{seq}/", parent.path),
            active: true,
            created_at: now,
        };
        seq += 1;
        batch.push(unit::ActiveModel::from(model.clone()));
        by_code.insert(code, model);
        if batch.len() == BATCH {
            unit::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(tx.conn())
                .await?;
            done += BATCH;
            report(done);
        }
    }
    done += batch.len();
    if !batch.is_empty() {
        unit::Entity::insert_many(batch)
            .exec_without_returning(tx.conn())
            .await?;
    }
    report(done);
    Ok(())
}

async fn rename_units<'a>(
    tx: &Tx,
    county: Uuid,
    renames: impl Iterator<Item = (&'a String, &'a String)>,
) -> Result<(), AppError> {
    for (code, name) in renames {
        unit::Entity::update_many()
            .col_expr(unit::Column::Name, Expr::value(name.clone()))
            .filter(unit::Column::CountyId.eq(county))
            .filter(unit::Column::Code.eq(code))
            .exec(tx.conn())
            .await?;
    }
    Ok(())
}
