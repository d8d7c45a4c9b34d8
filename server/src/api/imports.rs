//! Spreadsheet imports: upload (multipart: `file`, plus `password` for users), poll, apply;
//! and the blank templates.

use super::problem::Problem;
use super::{ApiResult, OrProblem};
use crate::http::AppState;
use crate::http::auth::Caller;
use app::error::{AppError, Reason};
use app::imports::template::{self, SheetFormat};
use app::imports::{ImportKind, JobView, Upload, jobs};
use axum::Json;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use uuid::Uuid;

/// Reads an upload form: the `file` part and, optionally, `password` (and `kind`, which the
/// browser form sends; API routes fix the kind by path).
pub async fn read_upload(
    mut form: Multipart,
    kind: Option<ImportKind>,
) -> Result<Upload, AppError> {
    // Reading stops at the body limit (413); any other failure is a broken upload.
    let too_large = |e: MultipartError| {
        let reason = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Reason::FileTooLarge
        } else {
            Reason::FileMissing
        };
        AppError::invalid("file", reason)
    };
    let mut upload = Upload {
        kind: kind.unwrap_or(ImportKind::Org),
        file_name: String::new(),
        bytes: Vec::new(),
        password: None,
    };
    let mut kind_given = kind.is_some();
    while let Some(field) = form.next_field().await.map_err(too_large)? {
        match field.name() {
            Some("file") => {
                upload.file_name = field.file_name().unwrap_or_default().to_owned();
                upload.bytes = field.bytes().await.map_err(too_large)?.to_vec();
            }
            Some("password") => {
                upload.password = Some(field.text().await.map_err(too_large)?);
            }
            Some("kind") if kind.is_none() => {
                let code = field.text().await.map_err(too_large)?;
                upload.kind = ImportKind::from_code(&code)
                    .ok_or(AppError::invalid("kind", Reason::Required))?;
                kind_given = true;
            }
            _ => {}
        }
    }
    if !kind_given {
        return Err(AppError::invalid("kind", Reason::Required));
    }
    Ok(upload)
}

async fn start(
    state: AppState,
    actor: Caller,
    headers: HeaderMap,
    form: Multipart,
    kind: ImportKind,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    let upload = read_upload(form, Some(kind)).await.or_problem(&headers)?;
    let job = jobs::start(&state.db, actor.0, &state.imports, upload)
        .await
        .or_problem(&headers)?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

pub async fn org(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    start(state, caller, headers, form, ImportKind::Org).await
}

pub async fn departments(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    start(state, caller, headers, form, ImportKind::Departments).await
}

pub async fn users(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    start(state, caller, headers, form, ImportKind::Users).await
}

pub async fn households(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    start(state, caller, headers, form, ImportKind::Households).await
}

pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let items = jobs::recent(&state.db, &actor, &state.imports, 20)
        .await
        .or_problem(&headers)?;
    Ok(Json(json!({ "items": items })))
}

pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<Json<JobView>> {
    jobs::get(&state.db, &actor, &state.imports, id)
        .await
        .map(Json)
        .or_problem(&headers)
}

pub async fn apply(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<(StatusCode, Json<JobView>)> {
    let job = jobs::apply(&state.db, actor, &state.imports, id)
        .await
        .or_problem(&headers)?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// `org.xlsx`, `departments.csv`, `users.xlsx`, …: the blank sheet with its notes.
pub async fn template_file(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let found = name
        .split_once('.')
        .and_then(|(kind, ext)| Some((ImportKind::from_code(kind)?, SheetFormat::from_ext(ext)?)));
    let Some((kind, format)) = found else {
        return Problem::new(AppError::NotFound, &headers).into_response();
    };
    match template::template(kind, format) {
        Ok(bytes) => crate::http::download::attachment(
            bytes,
            format.content_type(),
            &format!("{}-template.{}", kind.code(), format.ext()),
            &format!("{}.{}", template::file_label(kind), format.ext()),
        ),
        Err(e) => Problem::new(e, &headers).into_response(),
    }
}
