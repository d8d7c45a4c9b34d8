//! The org console's forms (`/org`, `/org/{id}`): add a unit; rename, move, deactivate or
//! reactivate one. Each answers with a redirect back to the page it came from.

use super::Resolved;
use super::{caller, done, query, refused};
use crate::state::AppState;
use app::access::Action;
use app::audit;
use app::error::{AppError, Reason};
use app::flash::Notice;
use app::org::manage::{self, NewOrgUnit, OrgUnitChange};
use axum::{
    Extension, Form,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use uuid::Uuid;

/// An optional unit id from a select: empty is none, anything else must be an id.
fn unit_id(value: &str) -> Result<Option<Uuid>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(value)
        .map(Some)
        .map_err(|_| AppError::invalid("parent_id", Reason::ParentMissing))
}

#[derive(Deserialize)]
pub struct NewUnitForm {
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
}

/// `POST /org`: a township, village or department; its kind follows from the code.
pub async fn create(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(form): Form<NewUnitForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(redirect) => return redirect.into_response(),
    };
    if !actor.can(Action::OrgManage) {
        let denied = AppError::Denied {
            action: Action::OrgManage,
            hidden: false,
        };
        let e = audit::denied(&state.db, &actor, denied).await;
        return refused("/org", &actor, &e, "");
    }
    let refill = query(&[
        ("parent_id", &form.parent_id),
        ("code", &form.code),
        ("name", &form.name),
    ]);
    let result = match unit_id(&form.parent_id) {
        Ok(parent_id) => {
            let input = NewOrgUnit {
                parent_id,
                kind: None,
                code: form.code,
                name: form.name,
            };
            manage::create(&state.db, &actor, input).await.map(|_| ())
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => done("/org", Notice::Created),
        Err(e) => refused("/org", &actor, &e, &refill),
    }
}

#[derive(Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_id: String,
    /// Present when the form showed the "deactivate" checkbox, so its absence means "active".
    #[serde(default)]
    status_shown: String,
    #[serde(default)]
    deactivated: String,
}

/// `POST /org/{id}`: rename, move, deactivate or reactivate.
pub async fn update(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(form): Form<UnitForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(redirect) => return redirect.into_response(),
    };
    let Ok(id) = Uuid::parse_str(id.trim()) else {
        return refused("/org", &actor, &AppError::NotFound, "");
    };
    let page = format!("/org/{id}");
    if !actor.can(Action::OrgManage) {
        let denied = AppError::Denied {
            action: Action::OrgManage,
            hidden: false,
        };
        let e = audit::denied(&state.db, &actor, denied).await;
        return refused(&page, &actor, &e, "");
    }
    let refill = query(&[("name", &form.name), ("parent_id", &form.parent_id)]);
    let result = match unit_id(&form.parent_id) {
        Ok(parent_id) => {
            let change = OrgUnitChange {
                name: Some(form.name),
                parent_id,
                active: (!form.status_shown.is_empty()).then_some(form.deactivated.is_empty()),
            };
            manage::update(&state.db, &actor, id, change)
                .await
                .map(|_| ())
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => done(&page, Notice::Saved),
        Err(e) => refused(&page, &actor, &e, &refill),
    }
}
