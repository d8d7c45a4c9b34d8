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

/// Plans `table` against what the caller's county holds now. `report(n)` hears how many rows
/// were checked (household sheets only; the others are quick).
pub async fn plan(
    tx: &Tx,
    actor: &Actor,
    job: &job::Model,
    table: &Table,
    report: &(dyn Fn(usize) + Sync),
) -> Result<Result<Planned, Vec<RowFault>>, AppError> {
    let units = tx.select::<unit::Entity>()?.all(tx.conn()).await?;
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
            let existing: Vec<ExistingUser> = tx
                .select::<user::Entity>()?
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
                let problems: Vec<RowFault> = plan
                    .add
                    .iter()
                    .filter_map(|u| match &u.password {
                        None if job.password_hash.is_none() => Some(password_missing(u.row)),
                        Some(p) if p.eq_ignore_ascii_case(&u.username) => Some(RowFault {
                            row: u.row,
                            column: Some("初始密码".into()),
                            problem: Fault::WeakPassword,
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
        ImportKind::Households => {
            let scope = actor.scope_path(Action::HouseholdsManage).unwrap_or("\0");
            let keys = household_import::sheet_keys(table);
            let units: HashMap<String, household_import::Unit> = units
                .into_iter()
                .map(|u| {
                    let unit = household_import::Unit {
                        id: u.id,
                        in_reach: u.path.starts_with(scope),
                        path: u.path,
                        kind: u.kind,
                        active: u.active,
                    };
                    (u.code, unit)
                })
                .collect();
            let paths: Vec<String> = keys
                .village_codes
                .iter()
                .filter_map(|code| units.get(code))
                .filter(|u| u.kind == OrgKind::Village && u.in_reach)
                .map(|u| u.path.clone())
                .collect();
            let known = Known {
                county_code,
                units,
                tags: crate::households::known_tags(tx).await?,
                households: existing_households(tx, &paths).await?,
                id_owners: id_owners(tx, &keys.id_numbers).await?,
            };
            household_import::plan(&known, table, report).map(Planned::Households)
        }
    })
}

/// Paths per query: each village's households are one range of `ix_households_county_path`.
const PATHS_PER_QUERY: usize = 100;

/// The households at these villages (exactly: households carry their village's path), with
/// their members in order.
async fn existing_households(
    tx: &Tx,
    paths: &[String],
) -> Result<Vec<ExistingHousehold>, AppError> {
    let mut out = Vec::new();
    for chunk in paths.chunks(PATHS_PER_QUERY) {
        let rows = tx
            .select::<household::Entity>()?
            .filter(household::Column::Path.is_in(chunk.to_vec()))
            .order_by_asc(household::Column::Path)
            .order_by_asc(household::Column::Id)
            .all(tx.conn())
            .await?;
        for batch in rows.chunks(BATCH) {
            let mut people: HashMap<Uuid, Vec<ExistingMember>> = HashMap::new();
            let members = tx
                .select::<member::Entity>()?
                .filter(member::Column::HouseholdId.is_in(batch.iter().map(|h| h.id)))
                .order_by_asc(member::Column::HouseholdId)
                .order_by_asc(member::Column::Position)
                .all(tx.conn())
                .await?;
            for m in members {
                people
                    .entry(m.household_id)
                    .or_default()
                    .push(ExistingMember {
                        id: m.id,
                        position: m.position,
                        person: Person {
                            name: m.name,
                            relation: m.relation,
                            gender: m.gender,
                            birth_date: m.birth_date,
                            id_number: m.id_number,
                            phone: m.phone,
                        },
                    });
            }
            out.extend(batch.iter().map(|h| ExistingHousehold {
                id: h.id,
                village: h.org_unit_id,
                fields: Fields {
                    group_name: h.group_name.clone(),
                    house_number: h.house_number.clone(),
                    address: h.address.clone(),
                    head_name: h.head_name.clone(),
                    phone: h.phone.clone(),
                    tags: split_set(&h.tags),
                    notes: h.notes.clone(),
                },
                members: people.remove(&h.id).unwrap_or_default(),
            }));
        }
    }
    Ok(out)
}

/// Which household holds each of these ID numbers (one unique-index lookup per batch).
async fn id_owners(tx: &Tx, ids: &HashSet<String>) -> Result<HashMap<String, Uuid>, AppError> {
    let ids: Vec<&String> = ids.iter().collect();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let rows: Vec<(Option<String>, Uuid)> = tx
            .select::<member::Entity>()?
            .select_only()
            .column(member::Column::IdNumber)
            .column(member::Column::HouseholdId)
            .filter(member::Column::IdNumber.is_in(chunk.iter().map(|s| s.as_str())))
            .into_tuple()
            .all(tx.conn())
            .await?;
        out.extend(rows.into_iter().filter_map(|(id, h)| Some((id?, h))));
    }
    Ok(out)
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

fn member_model(county: Uuid, household: Uuid, position: i32, p: &Person) -> member::ActiveModel {
    member::Model {
        county_id: county,
        id: Uuid::now_v7(),
        household_id: household,
        name: p.name.clone(),
        relation: p.relation.clone(),
        gender: p.gender.clone(),
        birth_date: p.birth_date,
        id_number: p.id_number.clone(),
        phone: p.phone.clone(),
        position,
    }
    .into()
}

/// Inserts members in batches (their households exist already) and empties `members`.
async fn insert_members(tx: &Tx, members: &mut Vec<member::ActiveModel>) -> Result<(), AppError> {
    while !members.is_empty() {
        let rest = members.split_off(members.len().min(BATCH));
        let batch = std::mem::replace(members, rest);
        member::Entity::insert_many(batch)
            .exec_without_returning(tx.conn())
            .await?;
    }
    Ok(())
}

/// Writes a household plan: new households and their people in batches, then the changes.
/// New households, and households given new tags, join the open campaigns that cover them.
async fn apply_households(
    tx: &Tx,
    county: Uuid,
    by_code: &HashMap<String, unit::Model>,
    plan: &HouseholdPlan,
    report: &(dyn Fn(usize) + Sync),
) -> Result<(), AppError> {
    let now = OffsetDateTime::now_utc();
    // Most of the time no campaign is open, and joining costs nothing.
    let open: Vec<String> = tx
        .select::<campaign::Entity>()?
        .select_only()
        .column(campaign::Column::Path)
        .filter(campaign::Column::Status.eq(CampaignStatus::Open.code()))
        .filter(campaign::Column::EndsOn.gte(crate::format::today()))
        .into_tuple()
        .all(tx.conn())
        .await?;
    let covered = |path: &str| open.iter().any(|p| path.starts_with(p.as_str()));
    let mut done = 0;
    let mut people = Vec::with_capacity(BATCH);
    for chunk in plan.add.chunks(BATCH) {
        let mut rows = Vec::with_capacity(chunk.len());
        for h in chunk {
            let village = by_code.get(&h.village_code).ok_or(AppError::NotFound)?;
            let f = &h.fields;
            let row = household::Model {
                county_id: county,
                id: Uuid::now_v7(),
                org_unit_id: village.id,
                path: village.path.clone(),
                group_name: f.group_name.clone(),
                house_number: f.house_number.clone(),
                address: f.address.clone(),
                head_name: f.head_name.clone(),
                phone: f.phone.clone(),
                tags: join_set(f.tags.iter().map(String::as_str)),
                notes: f.notes.clone(),
                members: i32::try_from(h.members.len()).unwrap_or(i32::MAX),
                created_at: now,
                updated_at: now,
            };
            for (position, p) in (0..).zip(&h.members) {
                people.push(member_model(county, row.id, position, p));
            }
            rows.push(row);
        }
        household::Entity::insert_many(rows.iter().cloned().map(household::ActiveModel::from))
            .exec_without_returning(tx.conn())
            .await?;
        // Members point at their households: write the ones left once those exist.
        insert_members(tx, &mut people).await?;
        for row in rows.iter().filter(|r| covered(&r.path)) {
            campaigns::join_open(tx, row).await?;
        }
        done += chunk.len();
        report(done);
    }
    for h in &plan.update {
        let f = &h.fields;
        let mut update = tx
            .update::<household::Entity>()?
            .col_expr(household::Column::UpdatedAt, Expr::value(now))
            .filter(household::Column::Id.eq(h.id));
        if !h.changed.is_empty() {
            update = update
                .col_expr(household::Column::Address, Expr::value(f.address.clone()))
                .col_expr(household::Column::Phone, Expr::value(f.phone.clone()))
                .col_expr(
                    household::Column::Tags,
                    Expr::value(join_set(f.tags.iter().map(String::as_str))),
                )
                .col_expr(household::Column::Notes, Expr::value(f.notes.clone()));
        }
        if !h.add_members.is_empty() {
            let count = h.members_before + h.add_members.len();
            update = update.col_expr(
                household::Column::Members,
                Expr::value(i32::try_from(count).unwrap_or(i32::MAX)),
            );
        }
        update.exec(tx.conn()).await?;
        for (position, p) in (h.first_position..).zip(&h.add_members) {
            people.push(member_model(county, h.id, position, p));
        }
        if people.len() >= BATCH {
            insert_members(tx, &mut people).await?;
        }
        for (id, p) in &h.change_members {
            tx.update::<member::Entity>()?
                .col_expr(member::Column::Name, Expr::value(p.name.clone()))
                .col_expr(member::Column::Relation, Expr::value(p.relation.clone()))
                .col_expr(member::Column::Gender, Expr::value(p.gender.clone()))
                .col_expr(member::Column::BirthDate, Expr::value(p.birth_date))
                .col_expr(member::Column::IdNumber, Expr::value(p.id_number.clone()))
                .col_expr(member::Column::Phone, Expr::value(p.phone.clone()))
                .filter(member::Column::HouseholdId.eq(h.id))
                .filter(member::Column::Id.eq(*id))
                .exec(tx.conn())
                .await?;
        }
        if h.changed.contains(&household_import::HEADERS[6]) {
            let row = tx
                .select_by_id::<household::Entity>(h.id)?
                .one(tx.conn())
                .await?
                .ok_or(AppError::NotFound)?;
            if covered(&row.path) {
                campaigns::join_open(tx, &row).await?;
            }
        }
        done += 1;
        if done % BATCH == 0 {
            report(done);
        }
    }
    insert_members(tx, &mut people).await?;
    report(done);
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
    renames: impl Iterator<Item = (&'a String, &'a String)>,
) -> Result<(), AppError> {
    for (code, name) in renames {
        tx.update::<unit::Entity>()?
            .col_expr(unit::Column::Name, Expr::value(name.clone()))
            .filter(unit::Column::Code.eq(code))
            .exec(tx.conn())
            .await?;
    }
    Ok(())
}
