//! The household registry within the caller's reach: list, read, add, edit, members, cadre
//! pairing (结对), and the audited reveal of one personal field.

use super::entity::{cadre, household, member};
use super::model::{Cadre, Field, Household, HouseholdRow, Member};
use super::personal::{IdNumber, Phone, mask_id, mask_phone};
use crate::access::{Action, Actor, Role, Target};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Invalid, Reason, text_field};
use crate::format;
use crate::org::{OrgKind, entity as org_unit, tree};
use crate::search;
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use crate::visits::kinds::{join_set, split_set};
use crate::visits::options::{self, OptionKind};
use crate::visits::tasks;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, sea_query::Expr,
};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug, Default)]
pub struct HouseholdFilter {
    /// Only households at this unit or below it.
    pub unit: Option<Uuid>,
    /// Part of the head's or a member's name, the address, or the house number.
    pub q: Option<String>,
    pub tag: Option<String>,
    /// Only the caller's paired households (我的户).
    pub mine: bool,
    /// Keyset: ids after this one.
    pub after: Option<Uuid>,
    pub limit: u64,
}

/// A household as typed into the form, the API or a sheet row. Omitted fields are empty.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct HouseholdInput {
    pub group_name: String,
    pub house_number: String,
    pub address: String,
    pub head_name: String,
    pub phone: String,
    pub tags: Vec<String>,
    pub notes: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub relation: String,
    /// 男 / 女; taken from the ID number when empty.
    pub gender: String,
    /// `YYYY-MM-DD`; taken from the ID number when empty.
    pub birth_date: String,
    pub id_number: String,
    pub phone: String,
}

/// The relation that marks the head of the household.
pub const HEAD: &str = "户主";

/// A household's fields, checked. Tags must be in the county's list (`known_tags`).
pub struct CleanHousehold {
    pub group_name: String,
    pub house_number: String,
    pub address: String,
    pub head_name: String,
    pub phone: Option<Phone>,
    pub tags: Vec<String>,
    pub notes: String,
}

/// Optional text: empty is fine, too long or control characters are not.
fn optional(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        text_field(field, value, max)
    }
}

pub fn check_household(
    input: &HouseholdInput,
    known_tags: &HashSet<String>,
) -> Result<CleanHousehold, Vec<Invalid>> {
    let mut problems = Vec::new();
    let mut take = |r: Result<String, Invalid>| r.map_err(|i| problems.push(i)).unwrap_or_default();
    let group_name = take(optional("group_name", &input.group_name, 32));
    let house_number = take(optional("house_number", &input.house_number, 32));
    let address = take(optional("address", &input.address, 128));
    let head_name = take(text_field("head_name", &input.head_name, 32));
    let notes = take(optional("notes", &input.notes, 1000));
    let phone = match input.phone.trim() {
        "" => None,
        raw => Phone::parse(raw).or_else(|| {
            problems.push(Invalid {
                field: "phone",
                reason: Reason::BadPhone,
            });
            None
        }),
    };
    let mut tags = Vec::new();
    for tag in input
        .tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        if !known_tags.contains(tag) {
            problems.push(Invalid {
                field: "tags",
                reason: Reason::UnknownTag,
            });
        } else if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    if problems.is_empty() {
        Ok(CleanHousehold {
            group_name,
            house_number,
            address,
            head_name,
            phone,
            tags,
            notes,
        })
    } else {
        Err(problems)
    }
}

pub struct CleanMember {
    pub name: String,
    pub relation: String,
    pub gender: Option<String>,
    pub birth_date: Option<time::Date>,
    pub id_number: Option<IdNumber>,
    pub phone: Option<Phone>,
}

pub fn check_member(input: &MemberInput) -> Result<CleanMember, Vec<Invalid>> {
    let mut problems = Vec::new();
    let name = text_field("name", &input.name, 32)
        .map_err(|i| problems.push(i))
        .unwrap_or_default();
    let relation = optional("relation", &input.relation, 16)
        .map_err(|i| problems.push(i))
        .unwrap_or_default();
    let mut bad = |field, reason| problems.push(Invalid { field, reason });
    let id_number = match input.id_number.trim() {
        "" => None,
        raw => IdNumber::parse(raw).or_else(|| {
            bad("id_number", Reason::BadIdNumber);
            None
        }),
    };
    let phone = match input.phone.trim() {
        "" => None,
        raw => Phone::parse(raw).or_else(|| {
            bad("phone", Reason::BadPhone);
            None
        }),
    };
    let gender = match input.gender.trim() {
        "" => id_number
            .as_ref()
            .map(|id| if id.is_male() { "男" } else { "女" }.to_owned()),
        g @ ("男" | "女") => Some(g.to_owned()),
        _ => {
            bad("gender", Reason::BadGender);
            None
        }
    };
    let birth_date = match input.birth_date.trim() {
        "" => id_number.as_ref().and_then(|id| {
            let (y, m, d) = id.birth_date()?;
            time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
        }),
        raw => format::parse_date(raw).or_else(|| {
            bad("birth_date", Reason::BadDate);
            None
        }),
    };
    if problems.is_empty() {
        Ok(CleanMember {
            name,
            relation: if relation.is_empty() {
                "其他".into()
            } else {
                relation
            },
            gender,
            birth_date,
            id_number,
            phone,
        })
    } else {
        Err(problems)
    }
}

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
    let county = tx.require_county()?;
    let ids: HashSet<Uuid> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(org_unit::Entity::find()
        .select_only()
        .column(org_unit::Column::Id)
        .column(org_unit::Column::Name)
        .filter(org_unit::Column::CountyId.eq(county))
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
        let county = tx.require_county()?;
        let prefix = scope(tx, actor, Action::HouseholdsView, filter.unit).await?;
        let limit = filter.limit.clamp(1, 500);
        let mut query = household::Entity::find()
            .filter(household::Column::CountyId.eq(county))
            .filter(tree::path_within(household::Column::Path, &prefix));
        if let Some(q) = search::needle("q", filter.q.as_deref())? {
            let by_member = member::Entity::find()
                .select_only()
                .column(member::Column::HouseholdId)
                .filter(member::Column::CountyId.eq(county))
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
            let mine = cadre::Entity::find()
                .select_only()
                .column(cadre::Column::HouseholdId)
                .filter(cadre::Column::CountyId.eq(county))
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
    let county = tx.require_county()?;
    let h = household::Entity::find_by_id(id)
        .filter(household::Column::CountyId.eq(county))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    actor
        .decide(
            action,
            Some(Target {
                county_id: county,
                path: &h.path,
            }),
        )
        .or_deny(action)?;
    Ok(h)
}

pub(crate) async fn load(tx: &Tx, h: household::Model) -> Result<Household, AppError> {
    let county = tx.require_county()?;
    let people = member::Entity::find()
        .filter(member::Column::CountyId.eq(county))
        .filter(member::Column::HouseholdId.eq(h.id))
        .order_by_asc(member::Column::Position)
        .all(tx.conn())
        .await?;
    let cadres = cadre::Entity::find()
        .filter(cadre::Column::CountyId.eq(county))
        .filter(cadre::Column::HouseholdId.eq(h.id))
        .order_by_asc(cadre::Column::CreatedAt)
        .all(tx.conn())
        .await?;
    let names: HashMap<Uuid, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::CountyId.eq(county))
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
    let county = tx.require_county()?;
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
    let elsewhere = member::Entity::find()
        .filter(member::Column::CountyId.eq(county))
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

fn label(h: &household::Model) -> String {
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
        household::Entity::update_many()
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
            .filter(household::Column::CountyId.eq(updated.county_id))
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

/// Adds a member (`member_id` none) or changes one.
pub async fn save_member(
    db: &DatabaseConnection,
    actor: &Actor,
    household_id: Uuid,
    member_id: Option<Uuid>,
    input: MemberInput,
) -> Result<Household, AppError> {
    let clean = check_member(&input).map_err(AppError::Invalid)?;
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = find(tx, actor, Action::HouseholdsManage, household_id).await?;
        let county = h.county_id;
        let people = member::Entity::find()
            .filter(member::Column::CountyId.eq(county))
            .filter(member::Column::HouseholdId.eq(h.id))
            .all(tx.conn())
            .await?;
        if let Some(id) = member_id
            && !people.iter().any(|m| m.id == id)
        {
            return Err(AppError::NotFound);
        }
        // The new number must be free: among the others here, and in the rest of the county.
        if let Some(number) = clean.id_number.as_ref().map(IdNumber::as_str) {
            let here = people
                .iter()
                .any(|m| Some(m.id) != member_id && m.id_number.as_deref() == Some(number));
            if here {
                return Err(AppError::invalid("id_number", Reason::DuplicatePerson));
            }
        }
        check_people_unique(tx, std::slice::from_ref(&clean), Some(h.id)).await?;
        let field = |m: &str| serde_json::json!({ "member": m });
        let detail = match member_id {
            Some(id) => {
                let row = member_row(county, h.id, 0, clean);
                member::Entity::update_many()
                    .col_expr(member::Column::Name, Expr::value(row.name))
                    .col_expr(member::Column::Relation, Expr::value(row.relation))
                    .col_expr(member::Column::Gender, Expr::value(row.gender))
                    .col_expr(member::Column::BirthDate, Expr::value(row.birth_date))
                    .col_expr(member::Column::IdNumber, Expr::value(row.id_number))
                    .col_expr(member::Column::Phone, Expr::value(row.phone))
                    .filter(member::Column::CountyId.eq(county))
                    .filter(member::Column::Id.eq(id))
                    .exec(tx.conn())
                    .await?;
                field(&id.to_string())
            }
            None => {
                let row = member_row(county, h.id, people.len() as i32, clean);
                let id = row.id;
                member::Entity::insert(member::ActiveModel::from(row))
                    .exec_without_returning(tx.conn())
                    .await?;
                set_member_count(tx, &h, people.len() as i32 + 1).await?;
                field(&id.to_string())
            }
        };
        let event = Event::new(AuditAction::HouseholdUpdate, Outcome::Success)
            .target("household", h.id, label(&h))
            .detail(detail);
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        let h = household::Model {
            members: people.len() as i32 + i32::from(member_id.is_none()),
            ..h
        };
        load(tx, h).await
    })
    .await
}

async fn set_member_count(tx: &Tx, h: &household::Model, count: i32) -> Result<(), AppError> {
    household::Entity::update_many()
        .col_expr(household::Column::Members, Expr::value(count))
        .filter(household::Column::CountyId.eq(h.county_id))
        .filter(household::Column::Id.eq(h.id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Removes a member who moved away or died. The head stays.
pub async fn remove_member(
    db: &DatabaseConnection,
    actor: &Actor,
    household_id: Uuid,
    member_id: Uuid,
) -> Result<Household, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = find(tx, actor, Action::HouseholdsManage, household_id).await?;
        let gone = member::Entity::delete_many()
            .filter(member::Column::CountyId.eq(h.county_id))
            .filter(member::Column::HouseholdId.eq(h.id))
            .filter(member::Column::Id.eq(member_id))
            .filter(member::Column::Relation.ne(HEAD))
            .exec(tx.conn())
            .await?
            .rows_affected;
        if gone == 0 {
            return Err(AppError::NotFound);
        }
        set_member_count(tx, &h, h.members - 1).await?;
        let event = Event::new(AuditAction::HouseholdUpdate, Outcome::Success)
            .target("household", h.id, label(&h))
            .detail(serde_json::json!({ "removed_member": member_id.to_string() }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        let h = household::Model {
            members: h.members - 1,
            ..h
        };
        load(tx, h).await
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
                let m = member::Entity::find_by_id(id)
                    .filter(member::Column::CountyId.eq(h.county_id))
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

/// Roles that can be paired with households.
pub const CADRE_ROLES: [Role; 3] = [Role::VillageCadre, Role::TownshipStaff, Role::TownshipAdmin];

/// Replaces the household's paired cadres. Each must be an active cadre account at the
/// household's village or its township. Open tasks nobody holds go to the first of them.
pub async fn set_cadres(
    db: &DatabaseConnection,
    actor: &Actor,
    household_id: Uuid,
    cadres: Vec<Uuid>,
) -> Result<Household, AppError> {
    if cadres.len() > 10 {
        return Err(AppError::invalid("cadres", Reason::TooMany));
    }
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = find(tx, actor, Action::HouseholdsManage, household_id).await?;
        let county = h.county_id;
        let mut chosen: Vec<Uuid> = Vec::new();
        for id in cadres {
            if !chosen.contains(&id) {
                chosen.push(id);
            }
        }
        let accounts = user::Entity::find()
            .find_also_related(org_unit::Entity)
            .filter(user::Column::CountyId.eq(county))
            .filter(user::Column::Id.is_in(chosen.clone()))
            .all(tx.conn())
            .await?;
        let above = tree::ancestors(&h.path);
        for id in &chosen {
            let fits = accounts.iter().any(|(u, unit)| {
                u.id == *id
                    && u.active
                    && CADRE_ROLES.contains(&u.role)
                    && unit.as_ref().is_some_and(|o| above.contains(&o.path))
            });
            if !fits {
                return Err(AppError::invalid("cadres", Reason::NotACadre));
            }
        }
        cadre::Entity::delete_many()
            .filter(cadre::Column::CountyId.eq(county))
            .filter(cadre::Column::HouseholdId.eq(h.id))
            .exec(tx.conn())
            .await?;
        let now = OffsetDateTime::now_utc();
        // Pairing order is kept through `created_at`: the first cadre is the one tasks go to.
        let rows: Vec<cadre::ActiveModel> = chosen
            .iter()
            .enumerate()
            .map(|(i, u)| {
                cadre::Model {
                    county_id: county,
                    household_id: h.id,
                    user_id: *u,
                    created_at: now + time::Duration::microseconds(i as i64),
                }
                .into()
            })
            .collect();
        if !rows.is_empty() {
            cadre::Entity::insert_many(rows)
                .exec_without_returning(tx.conn())
                .await?;
        }
        if let Some(first) = chosen.first() {
            tasks::assign_unheld(tx, h.id, *first).await?;
        }
        let event = Event::new(AuditAction::CadrePairing, Outcome::Success)
            .target("household", h.id, label(&h))
            .detail(serde_json::json!({
                "cadres": chosen.iter().map(Uuid::to_string).collect::<Vec<_>>(),
            }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        load(tx, h).await
    })
    .await
}

/// The first paired cadre of each household, for assigning tasks.
pub async fn first_cadres(tx: &Tx, households: &[Uuid]) -> Result<HashMap<Uuid, Uuid>, AppError> {
    let county = tx.require_county()?;
    let mut out = HashMap::new();
    for chunk in households.chunks(500) {
        let rows = cadre::Entity::find()
            .filter(cadre::Column::CountyId.eq(county))
            .filter(cadre::Column::HouseholdId.is_in(chunk.to_vec()))
            .order_by_asc(cadre::Column::CreatedAt)
            .all(tx.conn())
            .await?;
        for row in rows {
            out.entry(row.household_id).or_insert(row.user_id);
        }
    }
    Ok(out)
}
