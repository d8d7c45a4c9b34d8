//! The platform operator's county forms (`/counties`): set up a county with its first admin,
//! suspend or reactivate one. Each answers with a redirect back to the page.

use super::super::AppState;
use super::Resolved;
use app::access::Actor;
use app::counties::CountyStatus;
use app::counties::manage::{self, NewAccount, NewCounty};
use app::error::{AppError, Reason};
use app::flash::Notice;
use axum::{
    Extension, Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use std::sync::Arc;

/// The caller of a form post, or where to send a browser without one: nobody signed in →
/// the sign-in page; an initial password still in use → "My account".
pub(super) fn caller(resolved: Resolved) -> Result<Arc<Actor>, Redirect> {
    match resolved.0 {
        None => Err(Redirect::to("/sign-in")),
        Some(actor) if actor.must_change_password => Err(Redirect::to("/account")),
        Some(actor) => Ok(actor),
    }
}

/// The `?error=` value for a refusal. A role that may not do the action at all hears
/// "forbidden" (the domain may hide the record as "not found" for its own reasons).
pub(super) fn error_code(actor: &Actor, error: &AppError) -> String {
    match error {
        AppError::Denied { action, .. } if !actor.can(*action) => "forbidden".to_owned(),
        AppError::Internal(detail) => {
            tracing::error!(%detail, "form failed");
            error.flash_code()
        }
        other => other.flash_code(),
    }
}

/// `k=v&k=v`, percent-encoded: the typed values that refill a refused form.
pub(super) fn query(pairs: &[(&str, &str)]) -> String {
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

/// `path?done=…` or `path?error=…&refill`.
pub(super) fn back(path: &str, outcome: Result<Notice, String>, refill: &str) -> Response {
    let to = match outcome {
        Ok(notice) => format!("{path}?done={}", notice.code()),
        Err(code) if refill.is_empty() => format!("{path}?error={code}"),
        Err(code) => format!("{path}?error={code}&{refill}"),
    };
    Redirect::to(&to).into_response()
}

#[derive(Deserialize)]
pub struct CountyForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

/// `POST /counties`: a new county, its root unit and its first admin.
pub async fn create(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(form): Form<CountyForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(redirect) => return redirect.into_response(),
    };
    // Everything typed except the password.
    let refill = query(&[
        ("code", &form.code),
        ("name", &form.name),
        ("province", &form.province),
        ("city", &form.city),
        ("username", &form.username),
        ("display_name", &form.display_name),
    ]);
    let input = NewCounty {
        code: form.code,
        name: form.name,
        province: form.province,
        city: form.city,
        admin: NewAccount {
            username: form.username,
            display_name: form.display_name,
            password: form.password,
        },
    };
    match manage::create(&state.db, &actor, input).await {
        Ok(_) => {
            state.counties.invalidate();
            back("/counties", Ok(Notice::Created), "")
        }
        Err(e) => back("/counties", Err(error_code(&actor, &e)), &refill),
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

/// `POST /counties/{code}/status` with `status` = `active` | `suspended`.
pub async fn set_status(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(code): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(redirect) => return redirect.into_response(),
    };
    let (status, notice) = match form.status.trim() {
        "active" => (CountyStatus::Active, Notice::Reactivated),
        "suspended" => (CountyStatus::Suspended, Notice::Suspended),
        _ => {
            let e = AppError::invalid("status", Reason::Required);
            return back("/counties", Err(error_code(&actor, &e)), "");
        }
    };
    match manage::set_status(&state.db, &actor, &code, status).await {
        Ok(_) => {
            state.counties.invalidate();
            back("/counties", Ok(notice), "")
        }
        Err(e) => back("/counties", Err(error_code(&actor, &e)), ""),
    }
}

#[cfg(test)]
mod tests {
    use super::query;

    #[test]
    fn refill_values_are_encoded_and_empty_ones_left_out() {
        assert_eq!(
            query(&[("name", "正定 县&x=1"), ("code", ""), ("city", "a+b")]),
            "name=%E6%AD%A3%E5%AE%9A%20%E5%8E%BF%26x%3D1&city=a%2Bb"
        );
    }
}
