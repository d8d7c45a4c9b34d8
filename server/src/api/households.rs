//! The household registry: list, read, add, edit, members, pairing, reveal.

use super::ApiResult;
use crate::http::auth::Caller;
use crate::http::extract::Json;
use crate::http::extract::{Path, Query};
use crate::state::AppState;
use app::error::{AppError, Reason};
use app::households::model::{Field, Household};
use app::households::{self, HouseholdFilter, HouseholdInput, MemberInput};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Deserialize)]
pub struct ListQuery {
    unit: Option<Uuid>,
    q: Option<String>,
    tag: Option<String>,
    #[serde(default)]
    mine: bool,
    after: Option<Uuid>,
    limit: Option<u64>,
}

pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let filter = HouseholdFilter {
        unit: query.unit,
        q: query.q,
        tag: query.tag,
        mine: query.mine,
        after: query.after,
        limit: query.limit.unwrap_or(50),
    };
    let (items, next) = households::list(&state.db, &actor, &filter).await?;
    Ok(Json(json!({ "items": items, "next": next })))
}

pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Household>> {
    households::get(&state.db, &actor, id)
        .await
        .map(Json)
        .map_err(Into::into)
}

#[derive(Deserialize)]
pub struct CreateBody {
    village_id: Uuid,
    #[serde(flatten)]
    household: HouseholdInput,
    #[serde(default)]
    members: Vec<MemberInput>,
}

pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<CreateBody>,
) -> ApiResult<(StatusCode, Json<Household>)> {
    let h = households::create(
        &state.db,
        &actor,
        body.village_id,
        body.household,
        body.members,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(h)))
}

pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<HouseholdInput>,
) -> ApiResult<Json<Household>> {
    households::update(&state.db, &actor, id, body)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn add_member(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<MemberInput>,
) -> ApiResult<(StatusCode, Json<Household>)> {
    let h = households::save_member(&state.db, &actor, id, None, body).await?;
    Ok((StatusCode::CREATED, Json(h)))
}

pub async fn update_member(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, member)): Path<(Uuid, Uuid)>,
    Json(body): Json<MemberInput>,
) -> ApiResult<Json<Household>> {
    households::save_member(&state.db, &actor, id, Some(member), body)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn remove_member(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, member)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Household>> {
    households::remove_member(&state.db, &actor, id, member)
        .await
        .map(Json)
        .map_err(Into::into)
}

#[derive(Deserialize)]
pub struct CadresBody {
    cadres: Vec<Uuid>,
}

pub async fn set_cadres(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<CadresBody>,
) -> ApiResult<Json<Household>> {
    households::set_cadres(&state.db, &actor, id, body.cadres)
        .await
        .map(Json)
        .map_err(Into::into)
}

#[derive(Deserialize)]
pub struct RevealBody {
    /// A member's id; none for the household's own phone.
    member_id: Option<Uuid>,
    field: String,
}

pub async fn reveal(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<RevealBody>,
) -> ApiResult<Json<Value>> {
    let field =
        Field::from_code(&body.field).ok_or(AppError::invalid("field", Reason::UnknownOption))?;
    let value = households::reveal(&state.db, &actor, id, body.member_id, field).await?;
    Ok(Json(json!({ "field": field.code(), "value": value })))
}
