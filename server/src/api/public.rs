//! The resident's side under `/public/{county_code}`, without an account: the form's places,
//! categories and challenge, submitting a grievance, tracking it by its code and the last four
//! digits of the reporter's phone, and rating the reply. An unknown county, code or digits all
//! answer the same 404.

use super::ApiResult;
use crate::http::extract::Json;
use crate::http::extract::Language;
use crate::http::extract::{Path, Query};
use crate::http::upload::read_body;
use crate::state::AppState;
use app::auth::sessions::Client;
use app::grievances::inputs::{LookupInput, Rating, submit_fields};
use app::grievances::model::{PublicForm, Tracking};
use app::grievances::resident;
use app::i18n::Locale;
use axum::Extension;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// `GET /public/{county_code}/form`: what the form offers, and a challenge to answer.
pub async fn form(
    State(state): State<AppState>,
    Path(county): Path<String>,
) -> ApiResult<Json<PublicForm>> {
    resident::form(&state.db, &state.desk, &county)
        .await
        .map(Json)
        .map_err(Into::into)
}

/// `POST /public/{county_code}/grievances`: JSON, or multipart with `files`. 201 `{code}`.
pub async fn submit(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(county): Path<String>,
    request: Request,
) -> ApiResult<(StatusCode, Json<Value>)> {
    state.desk.admit_submission(client.ip)?;
    let (fields, uploads) = read_body(request).await?;
    let code = submit_fields(&state.db, &state.desk, &county, &fields, uploads).await?;
    Ok((StatusCode::CREATED, Json(json!({ "code": code }))))
}

async fn lookup(
    state: &AppState,
    client: &Client,
    county: &str,
    query: LookupInput,
    locale: Locale,
) -> ApiResult<Json<Tracking>> {
    let t = locale.texts();
    resident::track(&state.db, &state.desk, &query.at(client.ip, county), t)
        .await
        .map(Json)
        .map_err(Into::into)
}

/// `GET /public/{county_code}/track?code=&phone_last4=`: the case's progress in plain words.
pub async fn track_query(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(county): Path<String>,
    Language(locale): Language,
    Query(query): Query<LookupInput>,
) -> ApiResult<Json<Tracking>> {
    lookup(&state, &client, &county, query, locale).await
}

/// `POST /public/{county_code}/track` with `{code, phone_last4}`: the same, kept out of URLs.
pub async fn track_body(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(county): Path<String>,
    Language(locale): Language,
    Json(body): Json<LookupInput>,
) -> ApiResult<Json<Tracking>> {
    lookup(&state, &client, &county, body, locale).await
}

/// `POST /public/{county_code}/track/rating`: the resident's verdict on the reply.
pub async fn rate(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(county): Path<String>,
    Language(locale): Language,
    Json(body): Json<Rating>,
) -> ApiResult<Json<Tracking>> {
    let t = locale.texts();
    body.give(&state.db, &state.desk, client.ip, &county, t)
        .await
        .map(Json)
        .map_err(Into::into)
}
