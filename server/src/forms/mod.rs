//! Plain form posts that must work without JavaScript; each answers with a redirect (POST →
//! redirect → GET), so a refresh never re-submits. They stand on the HTTP kit (`crate::http`)
//! and call the same domain functions as the REST API.

pub mod account;
pub mod audit;
pub mod campaigns;
pub mod counties;
pub mod fields;
pub mod grievances;
pub mod households;
pub mod imports;
pub mod kept;
pub mod org;
pub mod resident;
pub mod second_factor;
pub mod users;
pub mod visits;

use crate::config::Config;
use crate::http::auth::Resolved;
use crate::state::AppState;
use app::access::Actor;
use app::auth::sessions::{self, Client, Credentials, Issued};
use app::auth::sign_in::{self, SignInStep};
use app::error::{AppError, Reason};
use app::flash::Notice;
use app::grievances::model::Upload;
use app::{
    i18n::Locale,
    sign_in::{COUNTY_COOKIE, SignInError},
};
use axum::{
    Extension, Form,
    body::Body,
    extract::State,
    http::{HeaderValue, Method, Request, StatusCode, Uri, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;
use serde::Deserialize;
use std::sync::Arc;

/// The caller of a form post, or where to send a browser without one: nobody signed in →
/// the sign-in page; an initial password still in use → "My account".
pub fn caller(resolved: Resolved) -> Result<Arc<Actor>, Redirect> {
    match resolved.0 {
        None => Err(Redirect::to("/sign-in")),
        Some(actor) if actor.must_change_password => Err(Redirect::to("/account")),
        Some(actor) => Ok(actor),
    }
}

/// `page?done=<notice>`: the form did its work.
pub fn done(page: &str, notice: Notice) -> Response {
    Redirect::to(&format!("{page}?done={}", notice.code())).into_response()
}

/// `page?error=<codes>&<refill>`: back to the form, which shows why and refills itself from
/// `refill` (see `query`; never a password). A role that may not do the action at all hears
/// "forbidden" (the domain may hide the record as "not found" for its own reasons).
pub fn refused(page: &str, actor: &Actor, error: &AppError, refill: &str) -> Response {
    refused_keeping(page, actor, error, refill, Vec::new())
}

/// `refused`, keeping the files the form carried for its retry (`kept::keep_with_files`).
pub fn refused_keeping(
    page: &str,
    actor: &Actor,
    error: &AppError,
    refill: &str,
    files: Vec<Upload>,
) -> Response {
    let owner = kept::Owner::User(actor.user_id);
    match error {
        AppError::Unauthenticated => Redirect::to("/sign-in").into_response(),
        AppError::Denied { action, .. } if !actor.can(*action) => {
            back(page, "forbidden", owner, refill, Vec::new())
        }
        other => refused_by(page, other, owner, refill, files),
    }
}

/// `refused` for a form anyone may post (the resident's): nobody to send to sign in; the
/// refill is the sender's address's.
pub fn refused_anonymous(page: &str, client: &Client, error: &AppError, refill: &str) -> Response {
    refused_by(
        page,
        error,
        kept::Owner::Address(client.ip),
        refill,
        Vec::new(),
    )
}

fn refused_by(
    page: &str,
    error: &AppError,
    owner: kept::Owner,
    refill: &str,
    files: Vec<Upload>,
) -> Response {
    if let AppError::Internal(detail) = error {
        tracing::error!(%detail, page, "form failed");
    }
    back(page, &error.flash_code(), owner, refill, files)
}

/// `page?error=<code>&kept=<id>`: the typed values (and files) wait on the server (`kept`),
/// never in the address.
fn back(page: &str, code: &str, owner: kept::Owner, refill: &str, files: Vec<Upload>) -> Response {
    let to = match kept::keep_with_files(owner, refill, files) {
        Some(id) => format!("{page}?error={code}&kept={id}"),
        None => format!("{page}?error={code}"),
    };
    Redirect::to(&to).into_response()
}

/// `page?<notice-or-error>&kept=<id>` for a page that shows what the sender asked about (the
/// resident's tracking page after a rating): the values stay out of the address too.
pub fn back_with(page: &str, flash: &str, owner: kept::Owner, values: &str) -> Response {
    let to = match kept::keep(owner, values) {
        Some(id) => format!("{page}?{flash}&kept={id}"),
        None => format!("{page}?{flash}"),
    };
    Redirect::to(&to).into_response()
}

/// `k=v&k=v`, percent-encoded, empty values left out: the typed values that refill a
/// refused form.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if value.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        for b in value.trim().bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The largest file a browser form post may carry: a spreadsheet (the wizard's form takes
/// every kind; the job refuses files too large for theirs), a visit's photo, a grievance's
/// attachments (staff's registration or a resident's report); `None` for every other path.
pub fn upload_file_limit(path: &str) -> Option<usize> {
    use app::grievances::intake::{MAX_FILE_BYTES, MAX_FILES};
    if path == "/imports" || path == "/visits" {
        Some(app::imports::jobs::MAX_UPLOAD_BYTES)
    } else if path == "/grievances" || crate::http::route_matches("/c/{county}/report", path) {
        Some(MAX_FILES * MAX_FILE_BYTES)
    } else {
        None
    }
}

/// Answers a reveal's POST with `page` rendered as if it had been asked for, with the
/// revealed value as context, and `no-store`: a redirect would have to carry the value in its
/// URL (history, logs, referrers) or park it server-side. The URL stays the POST's, and the
/// access log records only that path.
pub async fn render_revealed<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    mut parts: Parts,
    page: &str,
    shown: T,
) -> Response {
    let Ok(uri) = Uri::try_from(page) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    parts.method = Method::GET;
    parts.uri = uri;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let base = state.page_context();
    let context = move || {
        base();
        provide_context(shown.clone());
    };
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(context, move || {
        app::shell::shell(options.clone())
    });
    let mut response = render(Request::from_parts(parts, Body::empty())).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

#[derive(Deserialize)]
pub struct LocaleForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Remembers the chosen language on this device and returns to the page the user was on.
pub async fn set_locale(
    State(config): State<Arc<Config>>,
    Form(form): Form<LocaleForm>,
) -> Response {
    let locale = Locale::from_tag(&form.lang).unwrap_or_default();
    let secure = if config.is_https() { "; Secure" } else { "" };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        Locale::COOKIE,
        locale.tag()
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, local_path(&form.next).to_owned()),
            (header::SET_COOKIE, cookie),
        ],
    )
        .into_response()
}

/// Only a path on this site: never `//elsewhere` or `https://elsewhere` (no open redirect).
pub fn local_path(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.bytes().all(|b| b.is_ascii_graphic());
    if ok { next } else { "/" }
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    county: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// The page the user asked for before being sent to sign in.
    #[serde(default)]
    next: String,
}

/// Signs in from the form: sets the session cookies and goes home, or back to the form with
/// one error code (the same one for an unknown user and a wrong password).
pub async fn sign_in(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Form(form): Form<SignInForm>,
) -> Response {
    let county = Some(form.county.trim())
        .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_owned);
    let credentials = Credentials {
        county: county.clone(),
        username: form.username,
        password: form.password,
    };
    // A refusal keeps the username and the page asked for, on the server (`kept`).
    let refill = query(&[("username", &credentials.username), ("next", &form.next)]);
    let back = |error: SignInError| {
        let county = county
            .as_deref()
            .map(|c| format!("county={c}&"))
            .unwrap_or_default();
        let flash = format!("{county}error={}", error.code());
        back_with("/sign-in", &flash, kept::Owner::Address(client.ip), &refill)
    };
    let step = sign_in::sign_in(&state.db, &state.auth, credentials, &client).await;
    let (mut response, county_cookie) = match step {
        Ok(SignInStep::Done(issued)) => {
            let next = if issued.actor.must_change_password {
                "/account"
            } else {
                local_path(&form.next)
            };
            (signed_in_response(&state, &issued, next), true)
        }
        // The password was right; the code (or, past the grace period, enrolment) follows,
        // with the challenge in a cookie only the sign-in steps see.
        Ok(SignInStep::SecondFactor { challenge }) => (
            second_factor::challenge_response(&state, &challenge, "/sign-in/second-factor"),
            true,
        ),
        Ok(SignInStep::Enrol { challenge }) => (
            second_factor::challenge_response(&state, &challenge, "/sign-in/enrol"),
            true,
        ),
        Err(AppError::Invalid(_)) => (back(SignInError::Missing), false),
        Err(AppError::Throttled { .. }) => (back(SignInError::Throttled), false),
        Err(AppError::Busy { .. }) => (back(SignInError::Busy), false),
        Err(AppError::Conflict(Reason::CountySuspended)) => (back(SignInError::Suspended), false),
        Err(AppError::Internal(e)) => {
            tracing::error!(error = %e, "sign-in failed");
            (back(SignInError::Unavailable), false)
        }
        Err(_) => (back(SignInError::Credentials), false),
    };
    if county_cookie {
        let secure = if state.config.is_https() {
            "; Secure"
        } else {
            ""
        };
        let remembered = format!(
            "{COUNTY_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
            county.as_deref().unwrap_or_default()
        );
        if let Ok(value) = HeaderValue::from_str(&remembered) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A redirect to `next` carrying a new session's cookies.
pub fn signed_in_response(state: &AppState, issued: &Issued, next: &str) -> Response {
    let mut response = Redirect::to(next).into_response();
    let headers = response.headers_mut();
    for cookie in state
        .cookies
        .set(issued, state.auth.session_lifetime.as_secs())
    {
        headers.append(header::SET_COOKIE, cookie);
    }
    response
}

/// Ends this browser's session and forgets its cookies.
pub async fn sign_out(
    State(state): State<AppState>,
    Extension(caller): Extension<Resolved>,
) -> Response {
    if let Some(actor) = caller.0
        && let Err(e) = sessions::sign_out(&state.db, &actor).await
    {
        tracing::error!(error = %e, "sign-out failed");
    }
    let mut response = Redirect::to("/sign-in").into_response();
    for cookie in state.cookies.clear() {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::{local_path, query};

    #[test]
    fn refill_values_are_encoded_and_empty_ones_left_out() {
        assert_eq!(
            query(&[("name", "正定 县&x=1"), ("code", ""), ("city", "a+b")]),
            "name=%E6%AD%A3%E5%AE%9A%20%E5%8E%BF%26x%3D1&city=a%2Bb"
        );
    }

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(
            local_path("/sign-in?county=130123"),
            "/sign-in?county=130123"
        );
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "",
            "/a b",
            "/\r\nSet-Cookie:x",
        ] {
            assert_eq!(local_path(hostile), "/", "{hostile:?}");
        }
    }
}
