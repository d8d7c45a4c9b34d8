//! Users console forms: create an account (`POST /users`), edit one (`POST /users/{id}`),
//! reset its password (`POST /users/{id}/password`). Each answers with a redirect back to the
//! page, with `?done=` or `?error=` and the typed values (never a password).

use super::super::AppState;
use super::Resolved;
use crate::api::imports::percent;
use app::access::{Actor, Role};
use app::error::{AppError, Invalid, Reason};
use app::flash::Notice;
use app::users::{self, NewUser, UserChange};
use axum::{
    Extension, Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use std::sync::Arc;
use uuid::Uuid;

/// The signed-in caller who may use the console, or where to send everyone else.
fn caller(resolved: Resolved) -> Result<Arc<Actor>, Redirect> {
    match resolved.0 {
        None => Err(Redirect::to("/sign-in")),
        Some(actor) if actor.must_change_password => Err(Redirect::to("/account")),
        Some(actor) => Ok(actor),
    }
}

/// `page?error=<codes>&<keep…>`: back to the form, which refills itself from `keep`.
fn refused(page: &str, error: &AppError, keep: &[(&str, &str)]) -> Response {
    match error {
        AppError::Internal(detail) => tracing::error!(%detail, "users form failed"),
        AppError::Unauthenticated => return Redirect::to("/sign-in").into_response(),
        _ => {}
    }
    let mut location = format!("{page}?error={}", percent(&error.flash_code()));
    for (key, value) in keep.iter().filter(|(_, v)| !v.is_empty()) {
        location.push_str(&format!("&{key}={}", percent(value)));
    }
    Redirect::to(&location).into_response()
}

fn done(page: &str, notice: Notice) -> Response {
    Redirect::to(&format!("{page}?done={}", notice.code())).into_response()
}

/// The role and unit a form chose; both problems at once when both are wrong.
fn placement(role: &str, unit: &str) -> Result<(Role, Uuid), AppError> {
    let role = Role::from_code(role.trim()).ok_or(Invalid {
        field: "role",
        reason: if role.trim().is_empty() {
            Reason::Required
        } else {
            Reason::UnknownRole
        },
    });
    let unit = Uuid::parse_str(unit.trim()).map_err(|_| Invalid {
        field: "org_unit_id",
        reason: if unit.trim().is_empty() {
            Reason::Required
        } else {
            Reason::UnknownUnit
        },
    });
    match (role, unit) {
        (Ok(role), Ok(unit)) => Ok((role, unit)),
        (role, unit) => Err(AppError::Invalid(
            [role.err(), unit.err()].into_iter().flatten().collect(),
        )),
    }
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    password: String,
}

pub async fn create(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(form): Form<CreateForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let keep = [
        ("username", form.username.as_str()),
        ("display_name", form.display_name.as_str()),
        ("role", form.role.as_str()),
        ("unit", form.unit.as_str()),
    ];
    let (role, unit) = match placement(&form.role, &form.unit) {
        Ok(chosen) => chosen,
        Err(e) => return refused("/users/new", &e, &keep),
    };
    let input = NewUser {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        role,
        org_unit_id: unit,
        password: form.password,
    };
    match users::create(&state.db, &actor, input).await {
        Ok(user) => done(&format!("/users/{}", user.id), Notice::Created),
        Err(e) => refused("/users/new", &e, &keep),
    }
}

#[derive(Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    active: String,
}

pub async fn update(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(form): Form<UpdateForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Ok(id) = Uuid::parse_str(id.trim()) else {
        return refused("/users", &AppError::NotFound, &[]);
    };
    let page = format!("/users/{id}");
    let active = matches!(form.active.trim(), "true" | "on" | "1");
    let keep = [
        ("display_name", form.display_name.as_str()),
        ("role", form.role.as_str()),
        ("unit", form.unit.as_str()),
        ("active", if active { "true" } else { "false" }),
    ];
    let (role, unit) = match placement(&form.role, &form.unit) {
        Ok(chosen) => chosen,
        Err(e) => return refused(&page, &e, &keep),
    };
    let change = UserChange {
        display_name: Some(form.display_name.clone()),
        role: Some(role),
        org_unit_id: Some(unit),
        active: Some(active),
    };
    match users::update(&state.db, &actor, id, change).await {
        Ok(_) => done(&page, Notice::Saved),
        Err(e) => refused(&page, &e, &keep),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(form): Form<ResetForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Ok(id) = Uuid::parse_str(id.trim()) else {
        return refused("/users", &AppError::NotFound, &[]);
    };
    let page = format!("/users/{id}");
    match users::reset_password(&state.db, &actor, id, form.password).await {
        Ok(()) => done(&page, Notice::PasswordReset),
        Err(e) => refused(&page, &e, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_role_and_unit_are_reported_together() {
        let Err(AppError::Invalid(list)) = placement("", "x") else {
            panic!("refused");
        };
        let reasons: Vec<Reason> = list.iter().map(|i| i.reason).collect();
        assert_eq!(reasons, [Reason::Required, Reason::UnknownUnit]);
        assert!(placement("village_cadre", &Uuid::nil().to_string()).is_ok());
    }
}
