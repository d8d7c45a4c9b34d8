//! "My account" forms: change password, sign out other devices.

use super::super::AppState;
use super::Resolved;
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

fn back(result: Result<Notice, AppError>) -> Response {
    match result {
        Ok(notice) => Redirect::to(&format!("/account?done={}", notice.code())),
        Err(AppError::Unauthenticated) => Redirect::to("/sign-in"),
        Err(e) => {
            if let AppError::Internal(detail) = &e {
                tracing::error!(%detail, "account form failed");
            }
            Redirect::to(&format!("/account?error={}", e.flash_code()))
        }
    }
    .into_response()
}

pub async fn change_password(
    State(state): State<AppState>,
    Extension(caller): Extension<Resolved>,
    Form(form): Form<PasswordForm>,
) -> Response {
    let Some(actor) = caller.0 else {
        return back(Err(AppError::Unauthenticated));
    };
    if form.new_password != form.confirm_password {
        return back(Err(AppError::invalid(
            "confirm_password",
            Reason::PasswordsDiffer,
        )));
    }
    back(
        sessions::change_password(&state.db, &actor, form.current_password, form.new_password)
            .await
            .map(|()| Notice::PasswordChanged),
    )
}

pub async fn sign_out_others(
    State(state): State<AppState>,
    Extension(caller): Extension<Resolved>,
) -> Response {
    let Some(actor) = caller.0 else {
        return back(Err(AppError::Unauthenticated));
    };
    back(
        sessions::sign_out_others(&state.db, &actor)
            .await
            .map(|_| Notice::SignedOutOthers),
    )
}
