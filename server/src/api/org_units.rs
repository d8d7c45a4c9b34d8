//! The org tree.

use super::{ApiResult, OrProblem};
use crate::http::AppState;
use crate::http::auth::Caller;
use app::access::Action;
use app::audit;
use app::error::{AppError, Reason};
use app::org::OrgKind;
use app::org::manage::{self, NewOrgUnit, OrgUnitChange};
use app::org::tree::{self, OrgFilter};
use app::tenancy::{Mode, Tx};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
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
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    if !actor.can(Action::OrgView) {
        let e = audit::denied(
            &state.db,
            &actor,
            AppError::Denied {
                action: Action::OrgView,
                hidden: false,
            },
        )
        .await;
        return Err(super::problem::Problem::new(e, &headers));
    }
    let tx = Tx::begin(&state.db, &actor, Mode::Read)
        .await
        .map_err(AppError::from)
        .or_problem(&headers)?;
    let filter = OrgFilter {
        q: query.q,
        kind: query.kind,
        include_inactive: query.include_inactive,
    };
    let items = tree::list(&tx, &actor, &filter)
        .await
        .or_problem(&headers)?;
    Ok(Json(json!({ "items": items })))
}

pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let tx = Tx::begin(&state.db, &actor, Mode::Read)
        .await
        .map_err(AppError::from)
        .or_problem(&headers)?;
    match tree::find(&tx, &actor, Action::OrgView, id).await {
        Ok(unit) => Ok(Json(json!({
            "id": unit.id,
            "parent_id": unit.parent_id,
            "kind": unit.kind,
            "code": unit.code,
            "name": unit.name,
            "active": unit.active,
        }))),
        Err(e) => {
            drop(tx);
            Err(super::problem::Problem::new(
                audit::denied(&state.db, &actor, e).await,
                &headers,
            ))
        }
    }
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
    headers: HeaderMap,
    Json(body): Json<CreateBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let input = NewOrgUnit {
        parent_id: body.parent_id,
        kind: body.kind,
        code: body.code,
        name: body.name,
    };
    let unit = manage::create(&state.db, &actor, input)
        .await
        .or_problem(&headers)?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind, "parent_id": unit.parent_id, "active": unit.active }),
        ),
    ))
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
    headers: HeaderMap,
    Json(body): Json<UpdateBody>,
) -> ApiResult<Json<Value>> {
    if body.name.is_none() && body.parent_id.is_none() && body.active.is_none() {
        return Err(AppError::invalid("name", Reason::Required)).or_problem(&headers);
    }
    let change = OrgUnitChange {
        name: body.name,
        parent_id: body.parent_id,
        active: body.active,
    };
    let unit = manage::update(&state.db, &actor, id, change)
        .await
        .or_problem(&headers)?;
    Ok(Json(
        json!({ "id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind, "parent_id": unit.parent_id, "active": unit.active }),
    ))
}
