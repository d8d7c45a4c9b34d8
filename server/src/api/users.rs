//! County accounts.

use super::ApiResult;
use crate::http::auth::Caller;
use crate::http::extract::Json;
use crate::http::extract::{Path, Query};
use crate::state::AppState;
use app::access::Role;
use app::error::{AppError, Reason};
use app::users::{self, NewUser, UserChange, UserFilter, UserView};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

fn role(code: &str) -> Result<Role, AppError> {
    Role::from_code(code).ok_or(AppError::invalid("role", Reason::UnknownRole))
}

#[derive(Deserialize)]
pub struct ListQuery {
    unit: Option<Uuid>,
    role: Option<String>,
    active: Option<bool>,
    q: Option<String>,
    after: Option<String>,
    limit: Option<u64>,
}

pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let filter = UserFilter {
        unit: query.unit,
        role: query.role.as_deref().map(role).transpose()?,
        active: query.active,
        q: query.q,
        after: query.after,
        limit: query.limit.unwrap_or(50),
    };
    let (items, next) = users::list(&state.db, &actor, &filter).await?;
    Ok(Json(json!({ "items": items, "next": next })))
}

pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<UserView>> {
    users::get(&state.db, &actor, id)
        .await
        .map(Json)
        .map_err(Into::into)
}

#[derive(Deserialize)]
pub struct CreateBody {
    username: String,
    display_name: String,
    role: String,
    org_unit_id: Uuid,
    password: String,
}

pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<CreateBody>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let input = NewUser {
        username: body.username,
        display_name: body.display_name,
        role: role(&body.role)?,
        org_unit_id: body.org_unit_id,
        password: body.password,
    };
    let user = users::create(&state.db, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

#[derive(Deserialize)]
pub struct UpdateBody {
    display_name: Option<String>,
    role: Option<String>,
    org_unit_id: Option<Uuid>,
    active: Option<bool>,
}

pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<UpdateBody>,
) -> ApiResult<Json<UserView>> {
    let change = UserChange {
        display_name: body.display_name,
        role: body.role.as_deref().map(role).transpose()?,
        org_unit_id: body.org_unit_id,
        active: body.active,
    };
    users::update(&state.db, &actor, id, change)
        .await
        .map(Json)
        .map_err(Into::into)
}

#[derive(Deserialize)]
pub struct ResetBody {
    password: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<ResetBody>,
) -> ApiResult<StatusCode> {
    users::reset_password(&state.db, &actor, id, body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
