//! Campaigns, visit tasks, visits, must-visit events, coverage and the county's visit lists.

use super::ApiResult;
use crate::http::auth::Caller;
use crate::http::extract::Json;
use crate::http::extract::{Path, Query};
use crate::state::AppState;
use app::error::{AppError, Reason};
use app::format;
use app::visits::campaigns::{self, NewCampaign};
use app::visits::model::{Campaign, Coverage, Recorded, TaskLine, VisitLine};
use app::visits::options::{self, ChoiceInput, OptionKind, VisitSettings};
use app::visits::record::{self, VisitFilter, VisitInput};
use app::visits::tasks::{self, MyTasks, TaskFilter};
use app::visits::triggers::{self, TriggerInput, TriggerLine};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

pub async fn list_campaigns(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<Value>> {
    let items = campaigns::list(&state.db, &actor).await?;
    Ok(Json(json!({ "items": items })))
}

pub async fn create_campaign(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<NewCampaign>,
) -> ApiResult<(StatusCode, Json<Campaign>)> {
    let c = campaigns::create(&state.db, &actor, body).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

pub async fn get_campaign(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Campaign>> {
    campaigns::get(&state.db, &actor, id)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn close_campaign(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Campaign>> {
    campaigns::close(&state.db, &actor, id)
        .await
        .map(Json)
        .map_err(Into::into)
}

#[derive(Deserialize)]
pub struct AssignBody {
    unit_id: Uuid,
    cadre_id: Uuid,
}

pub async fn assign_campaign(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<AssignBody>,
) -> ApiResult<Json<Value>> {
    let moved = campaigns::assign(&state.db, &actor, id, body.unit_id, body.cadre_id).await?;
    Ok(Json(json!({ "assigned": moved })))
}

#[derive(Deserialize)]
pub struct CoverageQuery {
    unit: Option<Uuid>,
}

pub async fn coverage(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Query(query): Query<CoverageQuery>,
) -> ApiResult<Json<Coverage>> {
    app::visits::coverage::coverage(&state.db, &actor, id, query.unit)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn list_tasks(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(filter): Query<TaskFilter>,
) -> ApiResult<Json<Value>> {
    let filter = TaskFilter {
        limit: if filter.limit == 0 { 50 } else { filter.limit },
        ..filter
    };
    let (items, next) = tasks::list(&state.db, &actor, &filter).await?;
    Ok(Json(json!({ "items": items, "next": next })))
}

pub async fn my_tasks(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<MyTasks>> {
    tasks::mine(&state.db, &actor)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn get_task(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<TaskLine>> {
    tasks::get(&state.db, &actor, id)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn list_visits(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(filter): Query<VisitFilter>,
) -> ApiResult<Json<Value>> {
    let filter = VisitFilter {
        limit: if filter.limit == 0 { 50 } else { filter.limit },
        ..filter
    };
    let (items, next) = record::list(&state.db, &actor, &filter).await?;
    Ok(Json(json!({ "items": items, "next": next })))
}

#[derive(Deserialize)]
pub struct VisitBody {
    #[serde(flatten)]
    visit: VisitInput,
    /// China time, `YYYY-MM-DDTHH:MM`; now when absent.
    at: Option<String>,
}

/// 201 with the new visit, or 200 with the one this `submission_key` already made.
pub async fn record_visit(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<VisitBody>,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    let mut input = body.visit;
    if let Some(at) = body.at.as_deref().filter(|a| !a.trim().is_empty()) {
        input.visited_at =
            Some(format::parse_local_datetime(at).ok_or(AppError::invalid("at", Reason::BadDate))?);
    }
    let done = record::record(&state.db, &actor, input).await?;
    let status = if done.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(done)))
}

pub async fn get_visit(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<VisitLine>> {
    record::get(&state.db, &actor, id)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn visit_photo(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<impl IntoResponse> {
    let bytes = record::photo(&state.db, &actor, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    ))
}

pub async fn record_trigger(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<TriggerInput>,
) -> ApiResult<(StatusCode, Json<TaskLine>)> {
    let task = triggers::record(&state.db, &actor, body).await?;
    Ok((StatusCode::CREATED, Json(task)))
}

#[derive(Deserialize)]
pub struct TriggersQuery {
    household: Uuid,
}

pub async fn list_triggers(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<TriggersQuery>,
) -> ApiResult<Json<Value>> {
    let items: Vec<TriggerLine> =
        triggers::of_household(&state.db, &actor, query.household).await?;
    Ok(Json(json!({ "items": items })))
}

pub async fn settings(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<VisitSettings>> {
    options::settings(&state.db, &actor)
        .await
        .map(Json)
        .map_err(Into::into)
}

#[derive(Deserialize)]
pub struct SettingsBody {
    entries: Vec<ChoiceInput>,
}

pub async fn save_settings(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(kind): Path<String>,
    Json(body): Json<SettingsBody>,
) -> ApiResult<Json<Value>> {
    let kind = OptionKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let items = options::save(&state.db, &actor, kind, body.entries).await?;
    Ok(Json(json!({ "items": items })))
}
