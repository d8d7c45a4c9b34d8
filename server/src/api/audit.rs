//! The auditor's log.

use super::ApiResult;
use super::access::rfc3339;
use crate::http::auth::Caller;
use crate::http::extract::Json;
use crate::http::extract::Query;
use crate::state::AppState;
use app::audit::{self, AuditAction, AuditFilter, Outcome};
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Deserialize)]
pub struct ListQuery {
    from: Option<String>,
    until: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    outcome: Option<String>,
    before: Option<i64>,
    limit: Option<u64>,
}

fn instant(
    field: &'static str,
    value: Option<&str>,
) -> Result<Option<OffsetDateTime>, app::error::AppError> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| OffsetDateTime::parse(v, &Rfc3339))
        .transpose()
        .map_err(|_| app::error::AppError::invalid(field, app::error::Reason::Required))
}

pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let filter = AuditFilter {
        from: instant("from", q.from.as_deref())?,
        until: instant("until", q.until.as_deref())?,
        actor: q.actor.filter(|a| !a.is_empty()),
        action: q.action.as_deref().and_then(AuditAction::from_code),
        outcome: q.outcome.as_deref().and_then(Outcome::from_code),
        before: q.before,
        limit: q.limit.unwrap_or(100),
    };
    let page = audit::list(&state.db, &actor, &filter).await?;
    let items: Vec<Value> = page
        .rows
        .into_iter()
        .map(|r| {
            json!({
                "seq": r.seq,
                "at": rfc3339(r.at),
                "actor_id": r.actor_id,
                "actor": r.actor_name,
                "role": r.actor_role,
                "action": r.action,
                "target_kind": r.target_kind,
                "target_id": r.target_id,
                "target": r.target_label,
                "outcome": r.outcome,
                "ip": r.ip,
                "detail": serde_json::from_str::<Value>(&r.detail).unwrap_or(Value::Null),
                "hash": r.hash,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "next": page.next })))
}
