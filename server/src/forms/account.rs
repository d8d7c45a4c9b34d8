//! "My account" forms: change password, sign out other devices. Both work for an account that
//! still has its initial password (that is what the first one is for).

use super::{Resolved, done, refused};
use crate::state::AppState;
use app::auth::sessions;
use app::error::{AppError, Reason};
use app::flash::Notice;
use axum::{
    Extension, Form,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    Extension(caller): Extension<Resolved>,
    Form(form): Form<PasswordForm>,
) -> Response {
    let Some(actor) = caller.0 else {
        return Redirect::to("/sign-in").into_response();
    };
    let result = if form.new_password != form.confirm_password {
        Err(AppError::invalid(
            "confirm_password",
            Reason::PasswordsDiffer,
        ))
    } else {
        sessions::change_password(&state.db, &actor, form.current_password, form.new_password).await
    };
    match result {
        Ok(()) => done("/account", Notice::PasswordChanged),
        Err(e) => refused("/account", &actor, &e, ""),
    }
}

pub async fn sign_out_others(
    State(state): State<AppState>,
    Extension(caller): Extension<Resolved>,
) -> Response {
    let Some(actor) = caller.0 else {
        return Redirect::to("/sign-in").into_response();
    };
    match sessions::sign_out_others(&state.db, &actor).await {
        Ok(_) => done("/account", Notice::SignedOutOthers),
        Err(e) => refused("/account", &actor, &e, ""),
    }
}
