//! The platform operator's work: set up a county (its root unit and first admin), suspend it
//! (every session ends at once) and reactivate it, and give a county its admin or auditor.

use super::{CountyStatus, entity};
use crate::access::{Action, Actor, Decision, Role};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::auth::{password, sessions};
use crate::error::{AppError, Invalid, Reason, text_field};
use crate::org::{DivisionCode, OrgKind, entity as org_unit};
use crate::tenancy::{Mode, Tx};
use crate::users::{self, UserView};
use futures::future::BoxFuture;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountyView {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub province: String,
    pub city: String,
    pub status: CountyStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<entity::Model> for CountyView {
    fn from(m: entity::Model) -> Self {
        CountyView {
            id: m.id,
            code: m.code,
            name: m.name,
            province: m.province,
            city: m.city,
            status: m.status,
            created_at: m.created_at,
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewCounty {
    pub code: String,
    pub name: String,
    pub province: String,
    pub city: String,
    pub admin: NewAccount,
}

/// A county admin or auditor account made by the operator.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

async fn operator(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    match actor.decide(Action::CountiesManage, None) {
        Decision::Allow => Ok(()),
        _ => Err(audit::denied(
            db,
            actor,
            AppError::Denied {
                action: Action::CountiesManage,
                hidden: true,
            },
        )
        .await),
    }
}

pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<CountyView>, AppError> {
    operator(db, actor).await?;
    Ok(entity::Entity::find()
        .order_by_asc(entity::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(CountyView::from)
        .collect())
}

pub async fn find(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
) -> Result<CountyView, AppError> {
    operator(db, actor).await?;
    entity::Entity::find()
        .filter(entity::Column::Code.eq(code))
        .one(db)
        .await?
        .map(CountyView::from)
        .ok_or(AppError::NotFound)
}

fn check_account(account: &NewAccount, problems: &mut Vec<Invalid>) -> Option<(String, String)> {
    let name = users::username(&account.username)
        .map_err(|i| problems.push(i))
        .ok();
    let display = text_field("display_name", &account.display_name, 32)
        .map_err(|i| problems.push(i))
        .ok();
    if let Err(i) = password::check_strength(
        "password",
        &account.password,
        name.as_deref().unwrap_or_default(),
    ) {
        problems.push(i);
    }
    Some((name?, display?))
}

/// What the features above the registry give a new county, run inside the transaction that
/// creates it (`crate::defaults::new_county` lists them): the registry knows none of them.
pub type Defaults = for<'a> fn(&'a Tx, Uuid) -> BoxFuture<'a, Result<(), AppError>>;

/// Creates the county, its root org unit and its first admin (who must change the password),
/// with every feature's `defaults`.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewCounty,
    defaults: Defaults,
) -> Result<CountyView, AppError> {
    operator(db, actor).await?;
    let mut problems = Vec::new();
    let code = input.code.trim().to_owned();
    let root = DivisionCode::for_county(&code)
        .map_err(|_| {
            problems.push(Invalid {
                field: "code",
                reason: Reason::BadCountyCode,
            })
        })
        .ok();
    let name = text_field("name", &input.name, 64)
        .map_err(|i| problems.push(i))
        .ok();
    let province = text_field("province", &input.province, 64)
        .map_err(|i| problems.push(i))
        .ok();
    let city = text_field("city", &input.city, 64)
        .map_err(|i| problems.push(i))
        .ok();
    let admin = check_account(&input.admin, &mut problems);
    let (Some(root), Some(name), Some(province), Some(city), Some((username, display)), true) =
        (root, name, province, city, admin, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    if entity::Entity::find()
        .filter(entity::Column::Code.eq(&code))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(Reason::CodeTaken));
    }
    let hash = password::hash(input.admin.password).await?;
    let county = entity::Model {
        id: Uuid::now_v7(),
        code,
        name,
        province,
        city,
        status: CountyStatus::Active,
        created_at: OffsetDateTime::now_utc(),
    };
    // Everything below is the new county's data, so it is written inside that county.
    let tx = Tx::for_county(db, Some(county.id), Mode::Write).await?;
    entity::Entity::insert(entity::ActiveModel::from(county.clone()))
        .exec_without_returning(tx.conn())
        .await?;
    let unit = org_unit::Model {
        county_id: county.id,
        id: Uuid::now_v7(),
        parent_id: None,
        kind: OrgKind::County,
        code: root.to_string(),
        name: county.name.clone(),
        seq: 1,
        path: "/1/".into(),
        active: true,
        created_at: county.created_at,
    };
    org_unit::Entity::insert(org_unit::ActiveModel::from(unit.clone()))
        .exec_without_returning(tx.conn())
        .await?;
    defaults(&tx, county.id).await?;
    let admin =
        users::insert_account(&tx, &unit, username, display, Role::CountyAdmin, hash, true).await?;
    let who = Who::actor(actor, &actor.ip);
    let event = Event::new(AuditAction::CountyCreate, Outcome::Success).target(
        "county",
        county.id,
        format!("{} {}", county.code, county.name),
    );
    audit::record(&tx, &who, event).await?;
    let event = Event::new(AuditAction::UserCreate, Outcome::Success)
        .target("user", admin.id, admin.username.clone())
        .detail(serde_json::json!({ "role": Role::CountyAdmin.code(), "org_unit": unit.code }));
    audit::record(&tx, &who, event).await?;
    tx.commit().await?;
    Ok(county.into())
}

/// Suspends or reactivates a county. Suspending ends every session in it at once.
pub async fn set_status(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    status: CountyStatus,
) -> Result<CountyView, AppError> {
    let county = find(db, actor, code).await?;
    if county.status == status {
        return Ok(county);
    }
    let tx = Tx::for_county(db, Some(county.id), Mode::Write).await?;
    entity::Entity::update_many()
        .col_expr(entity::Column::Status, Expr::value(status))
        .filter(entity::Column::Id.eq(county.id))
        .exec(tx.conn())
        .await?;
    let (action, ended) = match status {
        CountyStatus::Suspended => (
            AuditAction::CountySuspend,
            sessions::revoke_county(&tx, "county_suspended").await?,
        ),
        CountyStatus::Active => (AuditAction::CountyReactivate, 0),
    };
    let event = Event::new(action, Outcome::Success)
        .target(
            "county",
            county.id,
            format!("{} {}", county.code, county.name),
        )
        .detail(serde_json::json!({ "sessions_ended": ended }));
    audit::record(&tx, &Who::actor(actor, &actor.ip), event).await?;
    tx.commit().await?;
    Ok(CountyView { status, ..county })
}

/// Gives a county another admin or its auditor (三员分立: only the operator creates auditors).
pub async fn create_account(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    role: Role,
    account: NewAccount,
) -> Result<UserView, AppError> {
    let county = find(db, actor, code).await?;
    if !actor.role.may_grant(role) {
        return Err(AppError::invalid("role", Reason::RoleNotGrantable));
    }
    let mut problems = Vec::new();
    let Some((username, display)) =
        check_account(&account, &mut problems).filter(|_| problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    let hash = password::hash(account.password).await?;
    let tx = Tx::for_county(db, Some(county.id), Mode::Write).await?;
    let unit = tx
        .select::<org_unit::Entity>()?
        .filter(org_unit::Column::Kind.eq(OrgKind::County))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let user = users::insert_account(&tx, &unit, username, display, role, hash, true).await?;
    let event = Event::new(AuditAction::UserCreate, Outcome::Success)
        .target("user", user.id, user.username.clone())
        .detail(serde_json::json!({ "role": role.code(), "org_unit": unit.code }));
    audit::record(&tx, &Who::actor(actor, &actor.ip), event).await?;
    tx.commit().await?;
    Ok(users::view_of(user, Some(unit)))
}
