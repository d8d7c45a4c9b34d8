//! The county's two-level category taxonomy with per-category deadlines, and its grievance
//! settings (repeat window, "due soon" days). A new county starts with the defaults below;
//! the county admin edits them.

use super::deadlines::{ACCEPT_DAYS, HANDLE_DAYS, REPEAT_DAYS, SOON_DAYS};
use super::entity::{category, settings};
use super::model::{CategoryInput, CategoryView, SettingsInput};
use crate::access::{Action, Actor};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Reason, text_field};
use crate::tenancy::{Mode, Tx};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, QueryOrder};
use uuid::Uuid;

/// A default top category: code, name, and its subcategories' codes and names.
type TopCategory = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The defaults: top categories with their subcategories.
pub const DEFAULTS: &[TopCategory] = &[
    (
        "land",
        "土地征收",
        &[
            ("land_compensation", "征地补偿"),
            ("land_contract", "土地承包"),
        ],
    ),
    (
        "housing",
        "房屋拆迁",
        &[("demolition", "拆迁安置"), ("housing_quality", "住房质量")],
    ),
    (
        "labour",
        "劳动社保",
        &[
            ("unpaid_wages", "拖欠工资"),
            ("social_insurance", "社保医保"),
        ],
    ),
    (
        "neighbours",
        "邻里纠纷",
        &[("boundary", "宅基地边界"), ("noise", "噪音油烟")],
    ),
    (
        "family",
        "婚姻家庭",
        &[("marriage", "婚姻纠纷"), ("support", "赡养抚养")],
    ),
    (
        "pollution",
        "环境污染",
        &[("water_pollution", "水污染"), ("air_pollution", "大气污染")],
    ),
    ("security", "治安", &[("theft", "盗窃"), ("fraud", "诈骗")]),
    ("legal", "涉法涉诉", &[]),
    (
        "infrastructure",
        "基础设施",
        &[
            ("roads", "道路交通"),
            ("water_supply", "饮水用水"),
            ("power", "供电"),
        ],
    ),
    (
        "education_health",
        "教育医疗",
        &[("schooling", "入学就学"), ("medical", "看病就医")],
    ),
    ("other", "其他", &[]),
];

/// Writes the default categories of a new county.
pub async fn insert_defaults(tx: &Tx, county: Uuid) -> Result<(), AppError> {
    let mut rows = Vec::new();
    for (i, (code, name, children)) in DEFAULTS.iter().enumerate() {
        let id = Uuid::now_v7();
        rows.push(row(county, id, None, code, name, i));
        for (j, (code, name)) in children.iter().enumerate() {
            rows.push(row(county, Uuid::now_v7(), Some(id), code, name, j));
        }
    }
    category::Entity::insert_many(rows)
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}

fn row(
    county: Uuid,
    id: Uuid,
    parent: Option<Uuid>,
    code: &str,
    name: &str,
    position: usize,
) -> category::ActiveModel {
    category::ActiveModel::from(category::Model {
        county_id: county,
        id,
        parent_id: parent,
        code: code.into(),
        name: name.into(),
        accept_days: ACCEPT_DAYS,
        handle_days: HANDLE_DAYS,
        active: true,
        position: i32::try_from(position).unwrap_or(i32::MAX),
    })
}

/// Every category of the transaction's county, top categories first, then by position.
pub async fn all(tx: &Tx) -> Result<Vec<category::Model>, AppError> {
    let mut rows = tx
        .select::<category::Entity>()?
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Id)
        .all(tx.conn())
        .await?;
    // Parents before children, each family together.
    let parents: Vec<category::Model> = rows
        .iter()
        .filter(|c| c.parent_id.is_none())
        .cloned()
        .collect();
    let mut ordered = Vec::with_capacity(rows.len());
    for p in parents {
        let id = p.id;
        ordered.push(p);
        ordered.extend(rows.iter().filter(|c| c.parent_id == Some(id)).cloned());
    }
    rows.retain(|c| !ordered.iter().any(|o| o.id == c.id));
    ordered.extend(rows);
    Ok(ordered)
}

/// One category of the transaction's county.
pub async fn find(tx: &Tx, id: Uuid) -> Result<category::Model, AppError> {
    tx.select_by_id::<category::Entity>(id)?
        .one(tx.conn())
        .await?
        .ok_or(AppError::invalid("category_id", Reason::UnknownCategory))
}

/// The category and its parent's name, as "parent / child".
pub fn full_name(all: &[category::Model], id: Uuid) -> String {
    let Some(c) = all.iter().find(|c| c.id == id) else {
        return String::new();
    };
    match c.parent_id.and_then(|p| all.iter().find(|x| x.id == p)) {
        Some(parent) => format!("{} / {}", parent.name, c.name),
        None => c.name.clone(),
    }
}

pub fn view(c: &category::Model) -> CategoryView {
    CategoryView {
        id: c.id.to_string(),
        parent_id: c.parent_id.map(|p| p.to_string()),
        code: c.code.clone(),
        name: c.name.clone(),
        accept_days: c.accept_days,
        handle_days: c.handle_days,
        active: c.active,
    }
}

/// Categories as clients see them (any signed-in county account may read the list).
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<CategoryView>, AppError> {
    actor.home.as_ref().ok_or(AppError::NotFound)?;
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    Ok(all(&tx).await?.iter().map(view).collect())
}

fn check_days(field: &'static str, days: i32, max: i32) -> Result<i32, AppError> {
    if (1..=max).contains(&days) {
        Ok(days)
    } else {
        Err(AppError::invalid(field, Reason::BadDays))
    }
}

/// Adds a category (a subcategory when `parent_id` is given).
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CategoryInput,
) -> Result<CategoryView, AppError> {
    let name = text_field("name", &input.name, 64).map_err(|i| AppError::Invalid(vec![i]))?;
    let accept_days = check_days("accept_days", input.accept_days, 90)?;
    let handle_days = check_days("handle_days", input.handle_days, 365)?;
    audit::guarded(db, actor, Mode::Write, async |tx| {
        actor
            .decide(Action::GrievanceSettings, None)
            .or_deny(Action::GrievanceSettings)?;
        let county = tx.require_county()?;
        let existing = all(tx).await?;
        let parent = match input.parent_id {
            Some(p) => {
                let parent = existing
                    .iter()
                    .find(|c| c.id == p)
                    .ok_or(AppError::invalid("parent_id", Reason::UnknownCategory))?;
                // Two levels only.
                if parent.parent_id.is_some() {
                    return Err(AppError::invalid("parent_id", Reason::UnknownCategory));
                }
                Some(p)
            }
            None => None,
        };
        if existing
            .iter()
            .any(|c| c.name == name && c.parent_id == parent)
        {
            return Err(AppError::invalid("name", Reason::LabelTaken));
        }
        let position = existing.iter().filter(|c| c.parent_id == parent).count();
        let id = Uuid::now_v7();
        // Codes of the county's own categories: random, stable, never shown as words.
        let code = format!("c{}", &id.simple().to_string()[20..]);
        let model = category::Model {
            county_id: county,
            id,
            parent_id: parent,
            code,
            name,
            accept_days,
            handle_days,
            active: true,
            position: i32::try_from(position).unwrap_or(i32::MAX),
        };
        category::Entity::insert(category::ActiveModel::from(model.clone()))
            .exec_without_returning(tx.conn())
            .await?;
        record(tx, actor, "category_create", &model.name).await?;
        Ok(view(&model))
    })
    .await
}

/// Renames a category, changes its deadlines or retires it (cases keep it).
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    input: CategoryInput,
) -> Result<CategoryView, AppError> {
    let name = text_field("name", &input.name, 64).map_err(|i| AppError::Invalid(vec![i]))?;
    let accept_days = check_days("accept_days", input.accept_days, 90)?;
    let handle_days = check_days("handle_days", input.handle_days, 365)?;
    audit::guarded(db, actor, Mode::Write, async |tx| {
        actor
            .decide(Action::GrievanceSettings, None)
            .or_deny(Action::GrievanceSettings)?;
        let current = find(tx, id).await.map_err(|_| AppError::NotFound)?;
        let mut active: category::ActiveModel = current.into();
        active.name = Set(name);
        active.accept_days = Set(accept_days);
        active.handle_days = Set(handle_days);
        active.active = Set(input.active.unwrap_or(true));
        let saved = active.update(tx.conn()).await?;
        record(tx, actor, "category_update", &saved.name).await?;
        Ok(view(&saved))
    })
    .await
}

async fn record(tx: &Tx, actor: &Actor, what: &str, label: &str) -> Result<(), AppError> {
    let event = Event::new(AuditAction::GrievanceSettingsUpdate, Outcome::Success)
        .target("grievance_settings", what, label)
        .detail(serde_json::json!({ "change": what }));
    audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
    Ok(())
}

/// The county's (repeat window, due-soon) days.
pub async fn settings(tx: &Tx) -> Result<(i32, i32), AppError> {
    let county = tx.require_county()?;
    Ok(settings::Entity::find_by_id(county)
        .one(tx.conn())
        .await?
        .map_or((REPEAT_DAYS, SOON_DAYS), |s| (s.repeat_days, s.soon_days)))
}

/// The county's (repeat window, due-soon) days as clients read them (any county account: they
/// explain the deadlines and repeats it sees).
pub async fn read_settings(db: &DatabaseConnection, actor: &Actor) -> Result<(i32, i32), AppError> {
    actor.home.as_ref().ok_or(AppError::NotFound)?;
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    settings(&tx).await
}

pub async fn save_settings(
    db: &DatabaseConnection,
    actor: &Actor,
    input: SettingsInput,
) -> Result<(), AppError> {
    let repeat_days = check_days("repeat_days", input.repeat_days, 365)?;
    let soon_days = check_days("soon_days", input.soon_days, 30)?;
    audit::guarded(db, actor, Mode::Write, async |tx| {
        actor
            .decide(Action::GrievanceSettings, None)
            .or_deny(Action::GrievanceSettings)?;
        let county = tx.require_county()?;
        settings::Entity::delete_by_id(county)
            .exec(tx.conn())
            .await?;
        settings::Entity::insert(settings::ActiveModel::from(settings::Model {
            county_id: county,
            repeat_days,
            soon_days,
        }))
        .exec_without_returning(tx.conn())
        .await?;
        record(tx, actor, "settings", &format!("{repeat_days}/{soon_days}")).await
    })
    .await
}
