//! Two-factor sign-in over the API: the code step after `POST /auth/login` answered 202 with a
//! challenge, the caller's own set-up, an admin's reset of another account's second factor,
//! and the county's rule.

use super::ApiResult;
use super::access::{Tokens, tokens};
use crate::http::auth::{AnyCaller, Caller};
use crate::http::extract::Json;
use crate::http::extract::Path;
use crate::state::AppState;
use app::auth::second_factor;
use app::auth::sessions::Client;
use app::second_factor::{RuleView, Status};
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Deserialize)]
pub struct CodeStep {
    challenge: String,
    code: String,
}

pub async fn complete(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Json(body): Json<CodeStep>,
) -> ApiResult<Json<Tokens>> {
    let issued = second_factor::verify::complete(
        &state.db,
        &state.auth,
        &body.challenge,
        &body.code,
        &client,
    )
    .await?;
    Ok(tokens(issued))
}

fn status_json(s: Status) -> Value {
    json!({
        "enrolled": s.enrolled,
        "required": s.required,
        "deadline": s.deadline,
        "recovery_codes_left": s.recovery_left,
        "pending": s.pending.map(|p| json!({ "otpauth_uri": p.uri, "secret": p.secret.replace(' ', "") })),
    })
}

pub async fn status(
    State(state): State<AppState>,
    AnyCaller(actor): AnyCaller,
) -> ApiResult<Json<Value>> {
    let s = second_factor::account::status(&state.db, &state.auth, &actor).await?;
    Ok(Json(status_json(s)))
}

pub async fn begin(
    State(state): State<AppState>,
    AnyCaller(actor): AnyCaller,
) -> ApiResult<Json<Value>> {
    second_factor::account::begin(&state.db, &state.auth, &actor).await?;
    let s = second_factor::account::status(&state.db, &state.auth, &actor).await?;
    Ok(Json(status_json(s)))
}

#[derive(Deserialize)]
pub struct Code {
    code: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    AnyCaller(actor): AnyCaller,
    Json(body): Json<Code>,
) -> ApiResult<Json<Value>> {
    let codes = second_factor::account::confirm(&state.db, &state.auth, &actor, &body.code).await?;
    Ok(Json(json!({ "recovery_codes": codes })))
}

pub async fn disable(
    State(state): State<AppState>,
    AnyCaller(actor): AnyCaller,
    Json(body): Json<Code>,
) -> ApiResult<StatusCode> {
    second_factor::account::disable(&state.db, &state.auth, &actor, &body.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn reset(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    app::users::reset_second_factor(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn rule_json(rule: RuleView) -> Value {
    let roles: Vec<&str> = rule.extra_roles.iter().map(|r| r.code()).collect();
    json!({ "extra_roles": roles, "grace_days": rule.grace_days })
}

pub async fn rule(State(state): State<AppState>, Caller(actor): Caller) -> ApiResult<Json<Value>> {
    Ok(Json(rule_json(
        second_factor::rule::read(&state.db, &actor).await?,
    )))
}

#[derive(Deserialize)]
pub struct RuleInput {
    extra_roles: Vec<String>,
    grace_days: i64,
}

pub async fn save_rule(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<RuleInput>,
) -> ApiResult<Json<Value>> {
    app::error::at_most("extra_roles", &body.extra_roles, 16)?;
    let saved =
        second_factor::rule::save(&state.db, &actor, &body.extra_roles, body.grace_days).await?;
    Ok(Json(rule_json(saved)))
}
