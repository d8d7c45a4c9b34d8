//! Users console forms: create an account (`POST /users`), edit one (`POST /users/{id}`),
//! reset its password (`POST /users/{id}/password`). Each answers with a redirect back to the
//! page, with `?done=` or `?error=` and the typed values (never a password).

use super::{Resolved, caller, done, query, refused};
use crate::state::AppState;
use app::access::Role;
use app::error::{AppError, Invalid, Reason};
use app::flash::Notice;
use app::users::{self, NewUser, UserChange};
use axum::{
    Extension, Form,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use uuid::Uuid;

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
        Err(e) => return refused("/users/new", &actor, &e, &query(&keep)),
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
        Err(e) => refused("/users/new", &actor, &e, &query(&keep)),
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
        return refused("/users", &actor, &AppError::NotFound, "");
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
        Err(e) => return refused(&page, &actor, &e, &query(&keep)),
    };
    let change = UserChange {
        display_name: Some(form.display_name.clone()),
        role: Some(role),
        org_unit_id: Some(unit),
        active: Some(active),
    };
    match users::update(&state.db, &actor, id, change).await {
        Ok(_) => done(&page, Notice::Saved),
        Err(e) => refused(&page, &actor, &e, &query(&keep)),
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
        return refused("/users", &actor, &AppError::NotFound, "");
    };
    let page = format!("/users/{id}");
    match users::reset_password(&state.db, &actor, id, form.password).await {
        Ok(()) => done(&page, Notice::PasswordReset),
        Err(e) => refused(&page, &actor, &e, ""),
    }
}

/// Forgets the account's second factor (same reach as a password reset).
pub async fn reset_second_factor(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Ok(id) = Uuid::parse_str(id.trim()) else {
        return refused("/users", &actor, &AppError::NotFound, "");
    };
    let page = format!("/users/{id}");
    match users::reset_second_factor(&state.db, &actor, id).await {
        Ok(()) => done(&page, Notice::SecondFactorReset),
        Err(e) => refused(&page, &actor, &e, ""),
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
