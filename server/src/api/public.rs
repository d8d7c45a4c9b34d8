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
use app::error::{AppError, Reason};
use app::grievances::kinds::Satisfaction;
use app::grievances::model::{PublicForm, PublicSubmission, Tracking, Upload};
use app::grievances::resident;
use app::i18n::Locale;
use app::i18n::Texts;
use axum::Extension;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

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

/// A submission's text fields (JSON members or multipart parts alike).
fn submission(f: &HashMap<String, String>) -> Result<PublicSubmission, AppError> {
    let text = |k: &str| f.get(k).cloned().unwrap_or_default();
    let id = |k: &'static str, reason: Reason| {
        Uuid::parse_str(f.get(k).map_or("", |v| v.trim())).map_err(|_| AppError::invalid(k, reason))
    };
    Ok(PublicSubmission {
        reporter_name: text("reporter_name"),
        reporter_phone: text("reporter_phone"),
        place_id: id("place_id", Reason::UnknownUnit)?,
        category_id: id("category_id", Reason::UnknownCategory)?,
        description: text("description"),
    })
}

/// Submits parsed fields for `county`: the tracking code. Shared with the page's form post.
pub(crate) async fn submit_fields(
    state: &AppState,
    county: &str,
    fields: &HashMap<String, String>,
    uploads: Vec<Upload>,
) -> Result<String, AppError> {
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    let input = submission(fields)?;
    resident::submit(
        &state.db,
        &state.desk,
        county,
        (get("challenge"), get("answer")),
        input,
        uploads,
    )
    .await
    .map(|done| done.code)
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
    let code = submit_fields(&state, &county, &fields, uploads).await?;
    Ok((StatusCode::CREATED, Json(json!({ "code": code }))))
}

/// The code and digits of a lookup, as a query or a JSON body.
#[derive(Deserialize)]
pub struct Lookup {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub phone_last4: String,
}

impl Lookup {
    fn of<'a>(&'a self, client: &Client, county: &'a str) -> resident::Lookup<'a> {
        resident::Lookup {
            ip: client.ip,
            county,
            code: &self.code,
            digits: &self.phone_last4,
        }
    }
}

async fn lookup(
    state: &AppState,
    client: &Client,
    county: &str,
    query: Lookup,
    locale: Locale,
) -> ApiResult<Json<Tracking>> {
    let t = locale.texts();
    resident::track(&state.db, &state.desk, &query.of(client, county), t)
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
    Query(query): Query<Lookup>,
) -> ApiResult<Json<Tracking>> {
    lookup(&state, &client, &county, query, locale).await
}

/// `POST /public/{county_code}/track` with `{code, phone_last4}`: the same, kept out of URLs.
pub async fn track_body(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(county): Path<String>,
    Language(locale): Language,
    Json(body): Json<Lookup>,
) -> ApiResult<Json<Tracking>> {
    lookup(&state, &client, &county, body, locale).await
}

/// A rating, as JSON or as the tracking page's form.
#[derive(Deserialize)]
pub struct Rating {
    #[serde(flatten)]
    pub lookup: Lookup,
    #[serde(default)]
    satisfaction: String,
    #[serde(default)]
    comment: String,
}

impl Rating {
    /// Gives the verdict for `county`'s case. Shared with the page's form post.
    pub(crate) async fn give(
        &self,
        state: &AppState,
        client: &Client,
        county: &str,
        t: Texts,
    ) -> Result<Tracking, AppError> {
        let satisfaction = Satisfaction::from_code(self.satisfaction.trim())
            .ok_or(AppError::invalid("satisfaction", Reason::Required))?;
        let lookup = self.lookup.of(client, county);
        let verdict = (satisfaction, self.comment.as_str());
        resident::rate(&state.db, &state.desk, &lookup, verdict, t).await
    }
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
    body.give(&state, &client, &county, t)
        .await
        .map(Json)
        .map_err(Into::into)
}
