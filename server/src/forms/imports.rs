//! The import wizard's forms: upload a sheet (multipart), apply a checked one.

use super::{Resolved, caller, refused};
use crate::http::upload::read_upload;
use crate::state::AppState;
use app::imports::jobs;
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};
use uuid::Uuid;

pub async fn upload(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    form: Multipart,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(redirect) => return redirect.into_response(),
    };
    let started = match read_upload(form, None).await {
        Ok(upload) => jobs::start(&state.db, actor.clone(), &state.imports, upload).await,
        Err(e) => Err(e),
    };
    match started {
        Ok(job) => Redirect::to(&format!("/imports/{}", job.id)).into_response(),
        Err(e) => refused("/imports", &actor, &e, ""),
    }
}

pub async fn apply(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<Uuid>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(redirect) => return redirect.into_response(),
    };
    let page = format!("/imports/{id}");
    match jobs::apply(&state.db, actor.clone(), &state.imports, id).await {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(e) => refused(&page, &actor, &e, ""),
    }
}
