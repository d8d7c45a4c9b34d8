//! Grievances for staff: the ledger, registering a case (JSON or multipart with files), the
//! case's actions, attachments, the audited phone reveal, a visit's concern made a case,
//! categories, routing rules, the county's settings, statistics, yellow cards and the inbox.
//! The resident's side lives under `/public` (not here).

use super::ApiResult;
use crate::http::auth::Caller;
use crate::http::download;
use crate::http::extract::Json;
use crate::http::extract::{Path, Query};
use crate::http::upload::{read_body, text_fields};
use crate::state::AppState;
use app::error::{AppError, Reason};
use app::format;
use app::grievances::intake::{self};
use app::grievances::model::{CaseDetail, CategoryInput, NewGrievance, SettingsInput};
use app::grievances::{act, categories, commands, inbox, ledger, routing, stats};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    filter: ledger::FilterQuery,
    after: Option<String>,
    limit: Option<String>,
}

/// `GET /grievances`: a page of the ledger and the cursor for the next.
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let filter = query.filter.parse()?;
    let after = match query
        .after
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(a) => Some(
            Uuid::parse_str(a).map_err(|_| AppError::invalid("after", Reason::UnknownOption))?,
        ),
        None => None,
    };
    let limit = match query
        .limit
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        Some(l) => l
            .parse::<u64>()
            .map_err(|_| AppError::invalid("limit", Reason::UnknownOption))?,
        None => 50,
    };
    let page = ledger::list(&state.db, &actor, &filter, after, limit).await?;
    Ok(Json(json!({ "items": page.lines, "next": page.next })))
}

/// `POST /grievances`: JSON, or multipart when it carries files. 201 `{id, code, repeat_of}`.
pub async fn register(
    State(state): State<AppState>,
    Caller(actor): Caller,
    request: Request,
) -> ApiResult<(StatusCode, Json<intake::Registered>)> {
    let (fields, uploads) = read_body(request).await?;
    let input = NewGrievance::from_fields(&fields)?;
    let done = intake::register(&state.db, &actor, input, uploads).await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// `GET /grievances/{id}`
pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CaseDetail>> {
    ledger::detail(&state.db, &actor, id)
        .await
        .map(Json)
        .map_err(Into::into)
}

/// `POST /grievances/{id}/actions` with `{"action": code, ...fields}`: the case afterwards. A
/// handler that returned a case no longer sees it, and gets its new status only.
pub async fn act_on(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<Map<String, Value>>,
) -> ApiResult<Json<Value>> {
    let fields = text_fields(body);
    let code = fields.get("action").map_or("", String::as_str);
    let command = commands::parse(code, &fields)?;
    let g = act::act(&state.db, &actor, id, command).await?;
    match ledger::detail(&state.db, &actor, id).await {
        Ok(detail) => Ok(Json(json!(detail))),
        Err(e) if e.status() == 404 => Ok(Json(json!({
            "id": g.id.to_string(),
            "code": g.code,
            "status": g.status,
        }))),
        Err(e) => Err(e.into()),
    }
}

/// `GET /grievances/{id}/attachments/{aid}`: the file as stored, always as a download.
pub async fn attachment(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, aid)): Path<(Uuid, Uuid)>,
) -> ApiResult<Response> {
    let (name, content_type, bytes) = ledger::attachment(&state.db, &actor, id, aid).await?;
    let plain: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let plain = if plain.trim_matches('.').is_empty() {
        "attachment".to_owned()
    } else {
        plain
    };
    let name = if name.is_empty() { plain.clone() } else { name };
    let mut response = download::attachment(bytes, &content_type, &plain, &name);
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// `POST /grievances/{id}/reveal-phone`: the reporter's phone in full; audited.
pub async fn reveal_phone(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    let phone = ledger::reveal_phone(&state.db, &actor, id).await?;
    Ok(Json(json!({ "phone": phone })))
}

#[derive(Deserialize)]
pub struct ConcernBody {
    category_id: Uuid,
}

/// `POST /concerns/{id}/grievance`: 201 with the new case, 200 with the one made before.
pub async fn from_concern(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<ConcernBody>,
) -> ApiResult<(StatusCode, Json<intake::Registered>)> {
    let done = intake::from_concern(&state.db, &actor, id, body.category_id).await?;
    let status = if done.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(done)))
}

pub async fn list_categories(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<Value>> {
    let items = categories::list(&state.db, &actor).await?;
    Ok(Json(json!({ "items": items })))
}

pub async fn create_category(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<CategoryInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let c = categories::create(&state.db, &actor, body).await?;
    Ok((StatusCode::CREATED, Json(json!(c))))
}

pub async fn update_category(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    Json(body): Json<CategoryInput>,
) -> ApiResult<Json<Value>> {
    let c = categories::update(&state.db, &actor, id, body).await?;
    Ok(Json(json!(c)))
}

pub async fn list_rules(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<Value>> {
    let items = routing::list(&state.db, &actor).await?;
    Ok(Json(json!({ "items": items })))
}

#[derive(Deserialize)]
pub struct RuleBody {
    unit_id: Option<Uuid>,
}

/// `PUT /routing-rules/{category_id}` with `{unit_id}` (null removes the rule): the rules after.
pub async fn set_rule(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(category): Path<Uuid>,
    Json(body): Json<RuleBody>,
) -> ApiResult<Json<Value>> {
    routing::set(&state.db, &actor, category, body.unit_id).await?;
    list_rules(State(state), Caller(actor)).await
}

fn settings_json(repeat_days: i32, soon_days: i32) -> Json<Value> {
    Json(json!({ "repeat_days": repeat_days, "soon_days": soon_days }))
}

pub async fn settings(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<Value>> {
    let (repeat_days, soon_days) = categories::read_settings(&state.db, &actor).await?;
    Ok(settings_json(repeat_days, soon_days))
}

pub async fn save_settings(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<SettingsInput>,
) -> ApiResult<Json<Value>> {
    let (repeat_days, soon_days) = (body.repeat_days, body.soon_days);
    categories::save_settings(&state.db, &actor, body).await?;
    Ok(settings_json(repeat_days, soon_days))
}

#[derive(Deserialize)]
pub struct StatsQuery {
    from: Option<String>,
    until: Option<String>,
}

/// `GET /grievances/stats?from=&until=` (China days, inclusive; the last 30 days by default),
/// with the yellow cards issued in the period.
pub async fn unit_stats(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<StatsQuery>,
) -> ApiResult<Json<Value>> {
    let day = |field: &'static str, raw: Option<String>| match raw
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => Ok(None),
        Some(d) => format::parse_date(d)
            .map(Some)
            .ok_or(AppError::invalid(field, Reason::BadDate)),
    };
    let (first, last) = stats::default_period(format::today());
    let from = day("from", query.from)?.unwrap_or(first);
    let until = day("until", query.until)?.unwrap_or(last);
    if from > until {
        return Err(AppError::invalid("until", Reason::BadDateRange).into());
    }
    let items = stats::by_unit(&state.db, &actor, from, until).await?;
    let cards = stats::cards(&state.db, &actor, from, until).await?;
    Ok(Json(json!({
        "from": format::date(from),
        "until": format::date(until),
        "items": items,
        "yellow_cards": cards,
    })))
}

#[derive(Deserialize)]
pub struct YellowCardBody {
    unit_id: Uuid,
    grievance_id: Option<Uuid>,
    reason: String,
}

/// `POST /yellow-cards`: a county leader warns a unit (黄牌警告).
pub async fn yellow_card(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<YellowCardBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    act::yellow_card(
        &state.db,
        &actor,
        body.unit_id,
        body.grievance_id,
        &body.reason,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "unit_id": body.unit_id, "grievance_id": body.grievance_id })),
    ))
}

#[derive(Deserialize)]
pub struct InboxQuery {
    limit: Option<u64>,
}

/// `GET /inbox`: the newest items of the caller's unit and how many are unread.
pub async fn list_inbox(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<InboxQuery>,
) -> ApiResult<Json<Value>> {
    let items = inbox::list(&state.db, &actor, query.limit.unwrap_or(50)).await?;
    let unread = inbox::unread(&state.db, &actor).await?;
    Ok(Json(json!({ "items": items, "unread": unread })))
}

/// `POST /inbox/read`: everything in the caller's unit's inbox is read.
pub async fn read_inbox(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> ApiResult<Json<Value>> {
    inbox::mark_read(&state.db, &actor).await?;
    Ok(Json(json!({ "unread": 0 })))
}
