//! The household registry within the caller's reach: list, read, add, edit, members, cadre
//! pairing (结对), and the audited reveal of one personal field.

use super::entity::{cadre, household, member};
use super::model::{Cadre, Field, Household, HouseholdRow, Member};
use super::personal::{IdNumber, mask_id, mask_phone};
use crate::access::{Action, Actor, Target};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Reason};
use crate::format;
use crate::org::{OrgKind, entity as org_unit, tree};
use crate::search;
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use crate::visits::kinds::{join_set, split_set};
use crate::visits::options::{self, OptionKind};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, sea_query::Expr,
};
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;
use uuid::Uuid;

use super::input::*;

fn row_of(h: &household::Model, village_name: &str) -> HouseholdRow {
    HouseholdRow {
        id: h.id.to_string(),
        village_id: h.org_unit_id.to_string(),
        village_name: village_name.to_owned(),
        group_name: h.group_name.clone(),
        house_number: h.house_number.clone(),
        address: h.address.clone(),
        head_name: h.head_name.clone(),
        phone: h.phone.as_deref().map(mask_phone),
        tags: split_set(&h.tags),
        members: h.members,
    }
}

fn member_of(m: member::Model) -> Member {
    Member {
        id: m.id.to_string(),
        name: m.name,
        relation: m.relation,
        gender: m.gender,
        birth_date: m.birth_date.map(format::date),
        id_number: m.id_number.as_deref().map(mask_id),
        phone: m.phone.as_deref().map(mask_phone),
    }
}

/// The names of the units with these ids (villages of a page of households).
async fn unit_names(
    tx: &Tx,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let ids: HashSet<Uuid> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(tx
        .select::<org_unit::Entity>()?
        .select_only()
        .column(org_unit::Column::Id)
        .column(org_unit::Column::Name)
        .filter(org_unit::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .collect())
}

/// The path prefix the caller may see households under, narrowed to `unit` when given.
pub(crate) async fn scope(
    tx: &Tx,
    actor: &Actor,
    action: Action,
    unit: Option<Uuid>,
) -> Result<String, AppError> {
    let scope = actor.scope_path(action).ok_or(AppError::Denied {
        action,
        hidden: false,
    })?;
    Ok(match unit {
        Some(unit) => tree::find(tx, actor, action, unit).await?.path,
        None => scope.to_owned(),
    })
}

pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &HouseholdFilter,
) -> Result<(Vec<HouseholdRow>, Option<String>), AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let prefix = scope(tx, actor, Action::HouseholdsView, filter.unit).await?;
        let limit = filter.limit.clamp(1, 500);
        let mut query = tx
            .select::<household::Entity>()?
            .filter(tree::path_within(household::Column::Path, &prefix));
        if let Some(q) = search::needle("q", filter.q.as_deref())? {
            let by_member = tx
                .select::<member::Entity>()?
                .select_only()
                .column(member::Column::HouseholdId)
                .filter(search::contains(member::Column::Name, q))
                .into_query();
            query = query.filter(
                Condition::any()
                    .add(search::contains(household::Column::HeadName, q))
                    .add(search::contains(household::Column::Address, q))
                    .add(household::Column::HouseNumber.eq(q))
                    .add(household::Column::Id.in_subquery(by_member)),
            );
        }
        if let Some(tag) = search::needle("tag", filter.tag.as_deref())? {
            query = query.filter(search::contains(
                household::Column::Tags,
                &format!("|{tag}|"),
            ));
        }
        if filter.mine {
            let mine = tx
                .select::<cadre::Entity>()?
                .select_only()
                .column(cadre::Column::HouseholdId)
                .filter(cadre::Column::UserId.eq(actor.user_id))
                .into_query();
            query = query.filter(household::Column::Id.in_subquery(mine));
        }
        if let Some(after) = filter.after {
            query = query.filter(household::Column::Id.gt(after));
        }
        let mut rows = query
            .order_by_asc(household::Column::Id)
            .limit(limit + 1)
            .all(tx.conn())
            .await?;
        let next = (rows.len() as u64 > limit).then(|| {
            rows.truncate(limit as usize);
            rows.last().map(|h| h.id.to_string())
        });
        let names = unit_names(tx, rows.iter().map(|h| h.org_unit_id)).await?;
        let rows = rows
            .iter()
            .map(|h| row_of(h, names.get(&h.org_unit_id).map_or("", String::as_str)))
            .collect();
        Ok((rows, next.flatten()))
    })
    .await
}

/// One household, if the caller may `action` it; others are "not found".
pub(crate) async fn find(
    tx: &Tx,
    actor: &Actor,
    action: Action,
    id: Uuid,
) -> Result<household::Model, AppError> {
    tx.find_for::<household::Entity>(actor, action, id).await
}

pub(crate) async fn load(tx: &Tx, h: household::Model) -> Result<Household, AppError> {
    let people = tx
        .select::<member::Entity>()?
        .filter(member::Column::HouseholdId.eq(h.id))
        .order_by_asc(member::Column::Position)
        .all(tx.conn())
        .await?;
    let cadres = tx
        .select::<cadre::Entity>()?
        .filter(cadre::Column::HouseholdId.eq(h.id))
        .order_by_asc(cadre::Column::CreatedAt)
        .all(tx.conn())
        .await?;
    let names: HashMap<Uuid, String> = tx
        .select::<user::Entity>()?
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(cadres.iter().map(|c| c.user_id)))
        .into_tuple::<(Uuid, String)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .collect();
    let village = unit_names(tx, std::iter::once(h.org_unit_id)).await?;
    Ok(Household {
        row: row_of(&h, village.get(&h.org_unit_id).map_or("", String::as_str)),
        notes: h.notes,
        people: people.into_iter().map(member_of).collect(),
        cadres: cadres
            .into_iter()
            .map(|c| Cadre {
                id: c.user_id.to_string(),
                name: names.get(&c.user_id).cloned().unwrap_or_default(),
            })
            .collect(),
    })
}

pub async fn get(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> Result<Household, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let h = find(tx, actor, Action::HouseholdsView, id).await?;
        load(tx, h).await
    })
    .await
}

/// The village a household is added at: in reach, active, and a village.
async fn village(tx: &Tx, actor: &Actor, id: Uuid) -> Result<org_unit::Model, AppError> {
    let unit = match tree::find(tx, actor, Action::HouseholdsManage, id).await {
        Ok(unit) => unit,
        Err(AppError::Denied { hidden: true, .. } | AppError::NotFound) => {
            return Err(AppError::invalid("village_id", Reason::UnknownUnit));
        }
        Err(e) => return Err(e),
    };
    if unit.kind != OrgKind::Village {
        return Err(AppError::invalid("village_id", Reason::NotAVillage));
    }
    if !unit.active {
        return Err(AppError::invalid("village_id", Reason::UnitInactive));
    }
    Ok(unit)
}

pub async fn known_tags(tx: &Tx) -> Result<HashSet<String>, AppError> {
    Ok(options::active(tx, OptionKind::Tag)
        .await?
        .into_iter()
        .map(|c| c.code)
        .collect())
}

/// Refuses ID numbers that repeat among `people` or belong to someone in another household of
/// the county (`household` is the one being written, if it exists already).
pub async fn check_people_unique(
    tx: &Tx,
    people: &[CleanMember],
    household: Option<Uuid>,
) -> Result<(), AppError> {
    let ids: Vec<&str> = people
        .iter()
        .filter_map(|p| p.id_number.as_ref().map(IdNumber::as_str))
        .collect();
    let distinct: HashSet<&str> = ids.iter().copied().collect();
    if distinct.len() != ids.len() {
        return Err(AppError::invalid("id_number", Reason::DuplicatePerson));
    }
    if ids.is_empty() {
        return Ok(());
    }
    let elsewhere = tx
        .select::<member::Entity>()?
        .filter(member::Column::IdNumber.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .any(|m| Some(m.household_id) != household);
    if elsewhere {
        return Err(AppError::Conflict(Reason::PersonExists));
    }
    Ok(())
}

pub(crate) fn member_row(
    county: Uuid,
    household: Uuid,
    position: i32,
    p: CleanMember,
) -> member::Model {
    member::Model {
        county_id: county,
        id: Uuid::now_v7(),
        household_id: household,
        name: p.name,
        relation: p.relation,
        gender: p.gender,
        birth_date: p.birth_date,
        id_number: p.id_number.map(|i| i.as_str().to_owned()),
        phone: p.phone.map(|p| p.as_str().to_owned()),
        position,
    }
}

/// Inserts a checked household with its people, and lets it join the open campaigns that
/// cover it. The caller has checked scope, the village and the people's uniqueness.
pub async fn insert(
    tx: &Tx,
    village: &org_unit::Model,
    h: CleanHousehold,
    people: Vec<CleanMember>,
) -> Result<household::Model, AppError> {
    let now = OffsetDateTime::now_utc();
    let row = household::Model {
        county_id: village.county_id,
        id: Uuid::now_v7(),
        org_unit_id: village.id,
        path: village.path.clone(),
        group_name: h.group_name,
        house_number: h.house_number,
        address: h.address,
        head_name: h.head_name,
        phone: h.phone.map(|p| p.as_str().to_owned()),
        tags: join_set(h.tags.iter().map(String::as_str)),
        notes: h.notes,
        members: people.len() as i32,
        created_at: now,
        updated_at: now,
    };
    household::Entity::insert(household::ActiveModel::from(row.clone()))
        .exec_without_returning(tx.conn())
        .await?;
    let members: Vec<member::ActiveModel> = people
        .into_iter()
        .enumerate()
        .map(|(i, p)| member_row(row.county_id, row.id, i as i32, p).into())
        .collect();
    if !members.is_empty() {
        member::Entity::insert_many(members)
            .exec_without_returning(tx.conn())
            .await?;
    }
    crate::visits::campaigns::join_open(tx, &row).await?;
    Ok(row)
}

pub(super) fn label(h: &household::Model) -> String {
    format!("{} {}{}", h.head_name, h.group_name, h.house_number)
}

/// The most people one household may be registered with at once (a 户口本 rarely lists 15).
pub const MAX_MEMBERS: usize = 50;

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    village_id: Uuid,
    input: HouseholdInput,
    people: Vec<MemberInput>,
) -> Result<Household, AppError> {
    crate::error::at_most("members", &people, MAX_MEMBERS)?;
    if let Err(e) = actor
        .decide(Action::HouseholdsManage, None)
        .or_deny(Action::HouseholdsManage)
    {
        return Err(audit::denied(db, actor, e).await);
    }
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let unit = village(tx, actor, village_id).await?;
        let tags = known_tags(tx).await?;
        let mut problems = Vec::new();
        let clean = check_household(&input, &tags)
            .map_err(|p| problems.extend(p))
            .ok();
        let mut people: Vec<CleanMember> = people
            .iter()
            .filter(|p| !p.name.trim().is_empty() || !p.id_number.trim().is_empty())
            .filter_map(|p| check_member(p).map_err(|e| problems.extend(e)).ok())
            .collect();
        let Some(clean) = clean.filter(|_| problems.is_empty()) else {
            return Err(AppError::Invalid(problems));
        };
        // The head is a member too; add them when the form listed nobody as 户主.
        if !people.iter().any(|p| p.relation == HEAD) {
            people.insert(
                0,
                CleanMember {
                    name: clean.head_name.clone(),
                    relation: HEAD.into(),
                    gender: None,
                    birth_date: None,
                    id_number: None,
                    phone: clean.phone.clone(),
                },
            );
        }
        check_people_unique(tx, &people, None).await?;
        let row = insert(tx, &unit, clean, people).await?;
        let event = Event::new(AuditAction::HouseholdCreate, Outcome::Success)
            .target("household", row.id, label(&row))
            .detail(serde_json::json!({ "village": unit.code }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        load(tx, row).await
    })
    .await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    input: HouseholdInput,
) -> Result<Household, AppError> {
    update_keeping(db, actor, id, input, false).await
}

/// `update` for the edit form, which never holds the unmasked phone: with `keep_phone` the
/// stored phone stays and `input.phone` is ignored.
pub async fn update_keeping(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    input: HouseholdInput,
    keep_phone: bool,
) -> Result<Household, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = find(tx, actor, Action::HouseholdsManage, id).await?;
        let mut tags = known_tags(tx).await?;
        // Tags the household already has stay allowed, even if the county retired them.
        tags.extend(split_set(&h.tags));
        let clean = check_household(&input, &tags).map_err(AppError::Invalid)?;
        let phone = if keep_phone {
            h.phone.clone()
        } else {
            clean.phone.as_ref().map(|p| p.as_str().to_owned())
        };
        let tag_set = join_set(clean.tags.iter().map(String::as_str));
        let mut changed = Vec::new();
        for (name, differs) in [
            ("group_name", clean.group_name != h.group_name),
            ("house_number", clean.house_number != h.house_number),
            ("address", clean.address != h.address),
            ("head_name", clean.head_name != h.head_name),
            ("phone", phone != h.phone),
            ("tags", tag_set != h.tags),
            ("notes", clean.notes != h.notes),
        ] {
            if differs {
                changed.push(name);
            }
        }
        if changed.is_empty() {
            return load(tx, h).await;
        }
        let updated = household::Model {
            group_name: clean.group_name,
            house_number: clean.house_number,
            address: clean.address,
            head_name: clean.head_name,
            phone,
            tags: tag_set,
            notes: clean.notes,
            updated_at: OffsetDateTime::now_utc(),
            ..h
        };
        tx.update::<household::Entity>()?
            .col_expr(
                household::Column::GroupName,
                Expr::value(updated.group_name.clone()),
            )
            .col_expr(
                household::Column::HouseNumber,
                Expr::value(updated.house_number.clone()),
            )
            .col_expr(
                household::Column::Address,
                Expr::value(updated.address.clone()),
            )
            .col_expr(
                household::Column::HeadName,
                Expr::value(updated.head_name.clone()),
            )
            .col_expr(household::Column::Phone, Expr::value(updated.phone.clone()))
            .col_expr(household::Column::Tags, Expr::value(updated.tags.clone()))
            .col_expr(household::Column::Notes, Expr::value(updated.notes.clone()))
            .col_expr(
                household::Column::UpdatedAt,
                Expr::value(updated.updated_at),
            )
            .filter(household::Column::Id.eq(updated.id))
            .exec(tx.conn())
            .await?;
        // New tags can put the household into an open campaign's target.
        crate::visits::campaigns::join_open(tx, &updated).await?;
        let event = Event::new(AuditAction::HouseholdUpdate, Outcome::Success)
            .target("household", updated.id, label(&updated))
            .detail(serde_json::json!({ "changed": changed }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        load(tx, updated).await
    })
    .await
}

/// The unmasked value of one field: the household's phone (`member` none) or a member's ID
/// number or phone. Each reveal writes an audit row naming the person and the field, never
/// the value.
pub async fn reveal(
    db: &DatabaseConnection,
    actor: &Actor,
    household_id: Uuid,
    member_id: Option<Uuid>,
    field: Field,
) -> Result<String, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = find(tx, actor, Action::HouseholdsView, household_id).await?;
        actor
            .decide(
                Action::PersonalReveal,
                Some(Target {
                    county_id: h.county_id,
                    path: &h.path,
                }),
            )
            .or_deny(Action::PersonalReveal)?;
        let value = match member_id {
            None => match field {
                Field::Phone => h.phone.clone(),
                Field::IdNumber => None,
            },
            Some(id) => {
                let m = tx
                    .select_by_id::<member::Entity>(id)?
                    .filter(member::Column::HouseholdId.eq(h.id))
                    .one(tx.conn())
                    .await?
                    .ok_or(AppError::NotFound)?;
                match field {
                    Field::Phone => m.phone,
                    Field::IdNumber => m.id_number,
                }
            }
        };
        let value = value.ok_or(AppError::NotFound)?;
        let event = Event::new(AuditAction::PersonalReveal, Outcome::Success)
            .target("household", h.id, label(&h))
            .detail(serde_json::json!({
                "member": member_id.map(|m| m.to_string()),
                "field": field.code(),
            }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        Ok(value)
    })
    .await
}
