//! Spreadsheet imports: upload (multipart: `file`, plus `password` for users), poll, apply;
//! and the blank templates.

use super::ApiResult;
use crate::http::auth::Caller;
use crate::http::extract::Json;
use crate::http::extract::Path;
use crate::http::problem::Problem;
use crate::http::upload::read_upload;
use crate::state::AppState;
use app::error::AppError;
use app::imports::template::{self, SheetFormat};
use app::imports::{ImportKind, JobView, jobs};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use uuid::Uuid;

async fn start(
    state: AppState,
    actor: Caller,
    form: Multipart,
    kind: ImportKind,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    let upload = read_upload(form, Some(kind)).await?;
    let job = jobs::start(&state.db, actor.0, &state.imports, upload).await?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

pub async fn org(
    State(state): State<AppState>,
    caller: Caller,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    start(state, caller, form, ImportKind::Org).await
}

pub async fn departments(
    State(state): State<AppState>,
    caller: Caller,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    start(state, caller, form, ImportKind::Departments).await
}

pub async fn users(
    State(state): State<AppState>,
    caller: Caller,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    start(state, caller, form, ImportKind::Users).await
}

pub async fn households(
    State(state): State<AppState>,
    caller: Caller,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    start(state, caller, form, ImportKind::Households).await
}

pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> ApiResult<Json<Value>> {
    let items = jobs::recent(&state.db, &actor, &state.imports, 20).await?;
    Ok(Json(json!({ "items": items })))
}

pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<JobView>> {
    jobs::get(&state.db, &actor, &state.imports, id)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn apply(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    let job = jobs::apply(&state.db, actor, &state.imports, id).await?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// `org.xlsx`, `departments.csv`, `users.xlsx`, …: the blank sheet with its notes.
pub async fn template_file(Path(name): Path<String>) -> Response {
    let found = name
        .split_once('.')
        .and_then(|(kind, ext)| Some((ImportKind::from_code(kind)?, SheetFormat::from_ext(ext)?)));
    let Some((kind, format)) = found else {
        return Problem(AppError::NotFound).into_response();
    };
    match template::template(kind, format) {
        Ok(bytes) => crate::http::download::attachment(
            bytes,
            format.content_type(),
            &format!("{}-template.{}", kind.code(), format.ext()),
            &format!("{}.{}", template::file_label(kind), format.ext()),
        ),
        Err(e) => Problem(e).into_response(),
    }
}
