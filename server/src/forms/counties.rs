//! The platform operator's county forms (`/counties`): set up a county with its first admin,
//! suspend or reactivate one. Each answers with a redirect back to the page.

use super::{Resolved, caller, done, query, refused};
use crate::state::AppState;
use app::counties::CountyStatus;
use app::counties::manage::{self, NewAccount, NewCounty};
use app::error::{AppError, Reason};
use app::flash::Notice;
use axum::{
    Extension, Form,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

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
    match manage::create(&state.db, &actor, input, app::defaults::new_county).await {
        Ok(_) => {
            state.counties.invalidate();
            done("/counties", Notice::Created)
        }
        Err(e) => refused("/counties", &actor, &e, &refill),
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
            return refused("/counties", &actor, &e, "");
        }
    };
    match manage::set_status(&state.db, &actor, &code, status).await {
        Ok(_) => {
            state.counties.invalidate();
            done("/counties", notice)
        }
        Err(e) => refused("/counties", &actor, &e, ""),
    }
}
