//! The import wizard's forms: upload a sheet (multipart), apply a checked one.

use super::super::AppState;
use super::Resolved;
use crate::api::imports::read_upload;
use app::error::AppError;
use app::imports::jobs;
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};
use uuid::Uuid;

fn refused(error: AppError, back: &str) -> Response {
    match error {
        AppError::Unauthenticated => Redirect::to("/sign-in"),
        e => {
            if let AppError::Internal(detail) = &e {
                tracing::error!(%detail, "import form failed");
            }
            Redirect::to(&format!("{back}?error={}", e.flash_code()))
        }
    }
    .into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(caller): Extension<Resolved>,
    form: Multipart,
) -> Response {
    let Some(actor) = caller.0 else {
        return refused(AppError::Unauthenticated, "/imports");
    };
    if actor.must_change_password {
        return Redirect::to("/account").into_response();
    }
    let started = match read_upload(form, None).await {
        Ok(upload) => jobs::start(&state.db, actor, &state.imports, upload).await,
        Err(e) => Err(e),
    };
    match started {
        Ok(job) => Redirect::to(&format!("/imports/{}", job.id)).into_response(),
        Err(e) => refused(e, "/imports"),
    }
}

pub async fn apply(
    State(state): State<AppState>,
    Extension(caller): Extension<Resolved>,
    Path(id): Path<Uuid>,
) -> Response {
    let Some(actor) = caller.0 else {
        return refused(AppError::Unauthenticated, "/imports");
    };
    let back = format!("/imports/{id}");
    match jobs::apply(&state.db, actor, &state.imports, id).await {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(e) => refused(e, &back),
    }
}
