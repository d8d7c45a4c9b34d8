//! Signing in and out, refreshing tokens, and the caller's own account.

use super::ApiResult;
use crate::http::auth::{AnyCaller, client};
use crate::http::extract::Json;
use crate::http::problem::Problem;
use crate::state::AppState;
use app::access::{Action, Actor};
use app::auth::second_factor::CHALLENGE_TTL_SECS;
use app::auth::sessions::{self, Client, Credentials, Issued};
use app::auth::sign_in::{self, SignInStep};
use app::error::{AppError, Reason};
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::net::SocketAddr;

#[derive(Deserialize)]
pub struct Login {
    #[serde(default)]
    county: Option<String>,
    username: String,
    password: String,
}

#[derive(Serialize)]
pub struct Tokens {
    access_token: String,
    refresh_token: String,
    token_type: &'static str,
    expires_in: u64,
    user: Value,
    /// The account must set up two-step verification by then (RFC 3339), or the password
    /// alone stops working; absent when not so.
    #[serde(skip_serializing_if = "Option::is_none")]
    second_factor_deadline: Option<String>,
}

/// The caller as `/me` and the sign-in answer show them.
pub fn me_json(actor: &Actor) -> Value {
    let permissions: Vec<&str> = Action::ALL
        .iter()
        .filter(|a| actor.can(**a))
        .map(|a| a.code())
        .collect();
    json!({
        "id": actor.user_id,
        "username": actor.username,
        "display_name": actor.display_name,
        "role": actor.role,
        "county": actor.home.as_ref().map(|h| json!({ "code": h.county_code, "name": h.county_name })),
        "org_unit": actor.home.as_ref().map(|h| json!({ "id": h.org_unit_id, "name": h.org_unit_name })),
        "must_change_password": actor.must_change_password,
        "permissions": permissions,
    })
}

pub fn tokens(issued: Issued) -> Json<Tokens> {
    Json(Tokens {
        second_factor_deadline: issued
            .second_factor_deadline
            .and_then(|d| time::OffsetDateTime::from_unix_timestamp(d).ok())
            .map(rfc3339),
        user: me_json(&issued.actor),
        access_token: issued.access_token,
        refresh_token: issued.refresh_token,
        token_type: "Bearer",
        expires_in: issued.expires_in,
    })
}

pub async fn login(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Json(body): Json<Login>,
) -> ApiResult<Response> {
    let credentials = Credentials {
        county: body.county,
        username: body.username,
        password: body.password,
    };
    match sign_in::sign_in(&state.db, &state.auth, credentials, &client).await? {
        SignInStep::Done(issued) => Ok(tokens(*issued).into_response()),
        // The password was right; a code must follow (`POST /auth/second-factor`).
        SignInStep::SecondFactor { challenge } => Ok((
            StatusCode::ACCEPTED,
            Json(json!({
                "second_factor_required": true,
                "challenge": challenge,
                "expires_in": CHALLENGE_TTL_SECS,
                "methods": ["totp", "recovery_code"],
            })),
        )
            .into_response()),
        // Past the grace period: enrolment happens in the browser, which the same password
        // leads to it.
        SignInStep::Enrol { .. } => Err(Problem(AppError::Conflict(
            Reason::SecondFactorEnrolmentRequired,
        ))),
    }
}

#[derive(Deserialize)]
pub struct Refresh {
    refresh_token: String,
}

pub async fn refresh(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(body): Json<Refresh>,
) -> ApiResult<Json<Tokens>> {
    let client = client(&headers, Some(socket), state.config.trust_proxy);
    let issued = sessions::refresh(&state.db, &state.auth, &body.refresh_token, &client).await?;
    Ok(tokens(issued))
}

pub async fn logout(
    State(state): State<AppState>,
    AnyCaller(actor): AnyCaller,
) -> ApiResult<StatusCode> {
    sessions::sign_out(&state.db, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn me(AnyCaller(actor): AnyCaller) -> Json<Value> {
    Json(me_json(&actor))
}

#[derive(Deserialize)]
pub struct PasswordChange {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    AnyCaller(actor): AnyCaller,
    Json(body): Json<PasswordChange>,
) -> ApiResult<StatusCode> {
    sessions::change_password(&state.db, &actor, body.current_password, body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn sessions(
    State(state): State<AppState>,
    AnyCaller(actor): AnyCaller,
) -> ApiResult<Json<Value>> {
    let list = sessions::list_sessions(&state.db, &actor).await?;
    let items: Vec<Value> = list
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id,
                "created_at": rfc3339(s.created_at),
                "last_seen_at": rfc3339(s.last_seen_at),
                "ip": s.ip,
                "user_agent": s.user_agent,
                "current": s.current,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn sign_out_others(
    State(state): State<AppState>,
    AnyCaller(actor): AnyCaller,
) -> ApiResult<Json<Value>> {
    let ended = sessions::sign_out_others(&state.db, &actor).await?;
    Ok(Json(json!({ "ended": ended })))
}

pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
