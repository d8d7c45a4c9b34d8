//! Two-factor sign-in's forms: the code step and the enrolment step of signing in (the
//! challenge in the `mq_2fa` cookie, sent only to `/sign-in…`), and "My account"'s set-up,
//! confirm and turn-off, and the county admin's rule. Recovery codes are rendered straight
//! into the answer of the post that made them (`no-store`), never parked or put in an address.

use super::{Resolved, caller, done, refused, render_revealed, signed_in_response};
use crate::state::AppState;
use app::auth::second_factor::{self, CHALLENGE_TTL_SECS};
use app::auth::sessions::Client;
use app::error::AppError;
use app::flash::Notice;
use app::second_factor::{CHALLENGE_COOKIE, RecoveryCodesShown, challenge_cookie};
use app::sign_in::SignInError;
use axum::{
    Extension, Form,
    extract::State,
    http::{HeaderMap, HeaderValue, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

fn cookie(state: &AppState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if state.config.is_https() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{CHALLENGE_COOKIE}={value}; Path=/sign-in; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    ))
    .ok()
}

/// A redirect to the next step, holding `challenge` in its cookie.
pub fn challenge_response(state: &AppState, challenge: &str, step: &str) -> Response {
    let mut response = Redirect::to(step).into_response();
    if let Some(value) = cookie(state, challenge, CHALLENGE_TTL_SECS) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn forget_challenge(state: &AppState, response: &mut Response) {
    if let Some(value) = cookie(state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// Where a refused code sends the browser: the same step again with why, or back to the
/// password when the challenge is gone.
fn refused_step(step: &str, client: &Client, error: &AppError) -> Response {
    match error {
        AppError::Unauthenticated => {
            Redirect::to(&format!("/sign-in?error={}", SignInError::Expired.code())).into_response()
        }
        AppError::Throttled { .. } => {
            Redirect::to(&format!("{step}?error={}", SignInError::Throttled.code())).into_response()
        }
        other => super::refused_anonymous(step, client, other, ""),
    }
}

/// `POST /sign-in/second-factor`: the code (or a recovery code) after the password.
pub async fn step(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let token = challenge_cookie(&headers).unwrap_or_default();
    match second_factor::verify::complete(&state.db, &state.auth, &token, &form.code, &client).await
    {
        Ok(issued) => {
            let next = if issued.actor.must_change_password {
                "/account"
            } else {
                "/"
            };
            let mut response = signed_in_response(&state, &issued, next);
            forget_challenge(&state, &mut response);
            response
        }
        Err(e) => refused_step("/sign-in/second-factor", &client, &e),
    }
}

/// `POST /sign-in/enrol`: an overdue account confirms its new authenticator and is signed in;
/// the answer is the page of its recovery codes, with the session's cookies.
pub async fn enrol(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    parts: Parts,
    Form(form): Form<CodeForm>,
) -> Response {
    let token = challenge_cookie(&parts.headers).unwrap_or_default();
    let (issued, codes) = match second_factor::verify::complete_enrolment(
        &state.db,
        &state.auth,
        &token,
        &form.code,
        &client,
    )
    .await
    {
        Ok(done) => done,
        Err(e) => return refused_step("/sign-in/enrol", &client, &e),
    };
    let mut response = render_revealed(
        &state,
        parts,
        "/sign-in/recovery-codes",
        RecoveryCodesShown(codes),
    )
    .await;
    for value in state
        .cookies
        .set(&issued, state.auth.session_lifetime.as_secs())
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    forget_challenge(&state, &mut response);
    response
}

/// `POST /account/second-factor/start`: a pending secret, shown on "My account".
pub async fn start(State(state): State<AppState>, Extension(r): Extension<Resolved>) -> Response {
    let actor = match caller(r) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    match second_factor::account::begin(&state.db, &state.auth, &actor).await {
        Ok(()) => Redirect::to("/account#two-factor").into_response(),
        Err(e) => refused("/account", &actor, &e, ""),
    }
}

/// `POST /account/second-factor/confirm`: the first code; the answer shows the recovery codes.
pub async fn confirm(
    State(state): State<AppState>,
    Extension(r): Extension<Resolved>,
    parts: Parts,
    Form(form): Form<CodeForm>,
) -> Response {
    let actor = match caller(r) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    match second_factor::account::confirm(&state.db, &state.auth, &actor, &form.code).await {
        Ok(codes) => render_revealed(&state, parts, "/account", RecoveryCodesShown(codes)).await,
        Err(e) => refused("/account", &actor, &e, ""),
    }
}

/// `POST /account/second-factor/disable`: off, with a current code (none for a set-up that
/// was never confirmed).
pub async fn disable(
    State(state): State<AppState>,
    Extension(r): Extension<Resolved>,
    Form(form): Form<CodeForm>,
) -> Response {
    let actor = match caller(r) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    match second_factor::account::disable(&state.db, &state.auth, &actor, &form.code).await {
        Ok(()) => done("/account", Notice::SecondFactorDisabled),
        Err(e) => refused("/account", &actor, &e, ""),
    }
}

/// `POST /settings/security`: the county's rule. `extra_roles` repeats, one per ticked box.
pub async fn save_rule(
    State(state): State<AppState>,
    Extension(r): Extension<Resolved>,
    body: String,
) -> Response {
    let actor = match caller(r) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let mut roles = Vec::new();
    let mut grace = String::new();
    for (key, value) in form_urlencoded::parse(body.as_bytes()) {
        match key.as_ref() {
            "extra_roles" => roles.push(value.into_owned()),
            "grace_days" => grace = value.into_owned(),
            _ => {}
        }
    }
    let refill = super::query(&[("grace_days", &grace)]);
    let Ok(days) = grace.trim().parse::<i64>() else {
        let error = AppError::invalid("grace_days", app::error::Reason::BadDays);
        return refused("/settings/security", &actor, &error, &refill);
    };
    match second_factor::rule::save(&state.db, &actor, &roles, days).await {
        Ok(_) => done("/settings/security", Notice::Saved),
        Err(e) => refused("/settings/security", &actor, &e, &refill),
    }
}
