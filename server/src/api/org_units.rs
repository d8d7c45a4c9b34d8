//! The org tree.

use super::ApiResult;
use crate::http::auth::Caller;
use crate::http::extract::Json;
use crate::http::extract::{Path, Query};
use crate::state::AppState;
use app::access::Action;
use app::audit;
use app::error::{AppError, Reason};
use app::org::OrgKind;
use app::org::manage::{self, NewOrgUnit, OrgUnitChange};
use app::org::tree::{self, OrgFilter};
use app::tenancy::Mode;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    kind: Option<OrgKind>,
    #[serde(default)]
    include_inactive: bool,
}

pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let filter = OrgFilter {
        q: query.q,
        kind: query.kind,
        include_inactive: query.include_inactive,
    };
    let items = audit::guarded(&state.db, &actor, Mode::Read, async |tx| {
        tree::list(tx, &actor, &filter).await
    })
    .await?;
    Ok(Json(json!({ "items": items })))
}

pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    let unit = audit::guarded(&state.db, &actor, Mode::Read, async |tx| {
        tree::find(tx, &actor, Action::OrgView, id).await
    })
    .await?;
    Ok(Json(unit_json(&unit)))
}

/// One unit as the API shows it after a read or a change.
fn unit_json(unit: &app::org::entity::Model) -> Value {
    json!({
        "id": unit.id,
        "parent_id": unit.parent_id,
        "kind": unit.kind,
        "code": unit.code,
        "name": unit.name,
        "active": unit.active,
    })
}

#[derive(Deserialize)]
pub struct CreateBody {
    parent_id: Option<Uuid>,
    kind: Option<OrgKind>,
    code: String,
    name: String,
}

pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<CreateBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let input = NewOrgUnit {
        parent_id: body.parent_id,
        kind: body.kind,
        code: body.code,
        name: body.name,
    };
    let unit = manage::create(&state.db, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(unit_json(&unit))))
}

#[derive(Deserialize)]
pub struct UpdateBody {
    name: Option<String>,
    parent_id: Option<Uuid>,
    active: Option<bool>,
}

pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<UpdateBody>,
) -> ApiResult<Json<Value>> {
    if body.name.is_none() && body.parent_id.is_none() && body.active.is_none() {
        return Err(AppError::invalid("name", Reason::Required).into());
    }
    let change = OrgUnitChange {
        name: body.name,
        parent_id: body.parent_id,
        active: body.active,
    };
    let unit = manage::update(&state.db, &actor, id, change).await?;
    Ok(Json(unit_json(&unit)))
}
