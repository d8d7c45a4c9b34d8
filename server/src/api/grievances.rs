//! Grievances for staff: the ledger, registering a case (JSON or multipart with files), the
//! case's actions, attachments, the audited phone reveal, a visit's concern made a case,
//! categories, routing rules, the county's settings, statistics, yellow cards and the inbox.
//! The resident's side lives under `/public` (not here).

use super::{ApiResult, OrProblem};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::download;
use app::error::{AppError, Reason};
use app::format;
use app::grievances::intake::{self, MAX_FILE_BYTES, MAX_FILES};
use app::grievances::kinds::{Channel, Urgency};
use app::grievances::model::{CaseDetail, CategoryInput, NewGrievance, SettingsInput, Upload};
use app::grievances::{act, categories, commands, inbox, ledger, routing, stats};
use axum::Json;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// A JSON object's members as the text fields forms send: arrays become comma-separated
/// lists, numbers and booleans their JSON text, `null` no field at all.
fn text_fields(body: Map<String, Value>) -> HashMap<String, String> {
    body.into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::Null => return None,
                Value::String(s) => s,
                Value::Array(items) => items
                    .into_iter()
                    .map(|i| match i {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            Some((k, text))
        })
        .collect()
}

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
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let filter = query.filter.parse().or_problem(&headers)?;
    let after = match query
        .after
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(a) => Some(
            Uuid::parse_str(a)
                .map_err(|_| AppError::invalid("after", Reason::UnknownOption))
                .or_problem(&headers)?,
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
            .map_err(|_| AppError::invalid("limit", Reason::UnknownOption))
            .or_problem(&headers)?,
        None => 50,
    };
    let page = ledger::list(&state.db, &actor, &filter, after, limit)
        .await
        .or_problem(&headers)?;
    Ok(Json(json!({ "items": page.lines, "next": page.next })))
}

/// A registration's fields as text (JSON members or multipart parts alike).
pub(crate) fn new_grievance(f: &HashMap<String, String>) -> Result<NewGrievance, AppError> {
    let get = |k: &str| f.get(k).map_or("", |v| v.trim());
    let id = |k: &'static str, reason: Reason| {
        Uuid::parse_str(get(k)).map_err(|_| AppError::invalid(k, reason))
    };
    let household_id = match get("household_id") {
        "" => None,
        _ => Some(id("household_id", Reason::UnknownOption)?),
    };
    let urgency = match get("urgency") {
        "" => Urgency::Normal,
        u => Urgency::from_code(u).ok_or(AppError::invalid("urgency", Reason::UnknownOption))?,
    };
    Ok(NewGrievance {
        channel: Channel::from_code(get("channel"))
            .ok_or(AppError::invalid("channel", Reason::UnknownOption))?,
        category_id: id("category_id", Reason::UnknownCategory)?,
        place_id: id("place_id", Reason::UnknownUnit)?,
        reporter_name: f.get("reporter_name").cloned().unwrap_or_default(),
        reporter_phone: f.get("reporter_phone").cloned().unwrap_or_default(),
        household_id,
        description: f.get("description").cloned().unwrap_or_default(),
        urgency,
    })
}

/// A multipart registration: text parts plus up to `MAX_FILES` parts named `files`. The body
/// is read to its end even when a file is refused (a reply before the client has finished
/// sending reads to it as a broken connection); an oversized file is not kept in memory.
pub(crate) async fn read_form(
    mut form: Multipart,
) -> Result<(HashMap<String, String>, Vec<Upload>), AppError> {
    let broken = |e: MultipartError| {
        let reason = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Reason::FileTooLarge
        } else {
            Reason::FileMissing
        };
        AppError::invalid("files", reason)
    };
    let mut fields = HashMap::new();
    let mut uploads = Vec::new();
    let mut refused = None;
    while let Some(mut field) = form.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name != "files" {
            fields.insert(name, field.text().await.map_err(broken)?);
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            too_large |= bytes.len() + chunk.len() > MAX_FILE_BYTES;
            if !too_large {
                bytes.extend_from_slice(&chunk);
            }
        }
        if too_large {
            refused = Some(Reason::FileTooLarge);
        } else if !bytes.is_empty() {
            if uploads.len() == MAX_FILES {
                refused = refused.or(Some(Reason::TooMany));
            } else {
                uploads.push(Upload { file_name, bytes });
            }
        }
    }
    match refused {
        Some(reason) => Err(AppError::invalid("files", reason)),
        None => Ok((fields, uploads)),
    }
}

/// A registration's body as text fields and files: multipart when it carries files, else JSON.
pub(crate) async fn read_body(
    request: Request,
) -> Result<(HashMap<String, String>, Vec<Upload>), AppError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let form = Multipart::from_request(request, &())
            .await
            .map_err(|_| AppError::invalid("files", Reason::FileMissing))?;
        read_form(form).await
    } else {
        let Json(body) = Json::<Map<String, Value>>::from_request(request, &())
            .await
            .map_err(|_| AppError::invalid("body", Reason::Required))?;
        Ok((text_fields(body), Vec::new()))
    }
}

/// `POST /grievances`: JSON, or multipart when it carries files. 201 `{id, code, repeat_of}`.
pub async fn register(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    request: Request,
) -> ApiResult<(StatusCode, Json<intake::Registered>)> {
    let (fields, uploads) = read_body(request).await.or_problem(&headers)?;
    let input = new_grievance(&fields).or_problem(&headers)?;
    let done = intake::register(&state.db, &actor, input, uploads)
        .await
        .or_problem(&headers)?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// `GET /grievances/{id}`
pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<Json<CaseDetail>> {
    ledger::detail(&state.db, &actor, id)
        .await
        .map(Json)
        .or_problem(&headers)
}

/// `POST /grievances/{id}/actions` with `{"action": code, ...fields}`: the case afterwards. A
/// handler that returned a case no longer sees it, and gets its new status only.
pub async fn act_on(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<Map<String, Value>>,
) -> ApiResult<Json<Value>> {
    let fields = text_fields(body);
    let code = fields.get("action").map_or("", String::as_str);
    let command = commands::parse(code, &fields).or_problem(&headers)?;
    let g = act::act(&state.db, &actor, id, command)
        .await
        .or_problem(&headers)?;
    match ledger::detail(&state.db, &actor, id).await {
        Ok(detail) => Ok(Json(json!(detail))),
        Err(e) if e.status() == 404 => Ok(Json(json!({
            "id": g.id.to_string(),
            "code": g.code,
            "status": g.status,
        }))),
        Err(e) => Err(e).or_problem(&headers),
    }
}

/// `GET /grievances/{id}/attachments/{aid}`: the file as stored, always as a download.
pub async fn attachment(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, aid)): Path<(Uuid, Uuid)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (name, content_type, bytes) = ledger::attachment(&state.db, &actor, id, aid)
        .await
        .or_problem(&headers)?;
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
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let phone = ledger::reveal_phone(&state.db, &actor, id)
        .await
        .or_problem(&headers)?;
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
    headers: HeaderMap,
    Json(body): Json<ConcernBody>,
) -> ApiResult<(StatusCode, Json<intake::Registered>)> {
    let done = intake::from_concern(&state.db, &actor, id, body.category_id)
        .await
        .or_problem(&headers)?;
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
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let items = categories::list(&state.db, &actor)
        .await
        .or_problem(&headers)?;
    Ok(Json(json!({ "items": items })))
}

pub async fn create_category(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    Json(body): Json<CategoryInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let c = categories::create(&state.db, &actor, body)
        .await
        .or_problem(&headers)?;
    Ok((StatusCode::CREATED, Json(json!(c))))
}

pub async fn update_category(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<CategoryInput>,
) -> ApiResult<Json<Value>> {
    let c = categories::update(&state.db, &actor, id, body)
        .await
        .or_problem(&headers)?;
    Ok(Json(json!(c)))
}

pub async fn list_rules(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let items = routing::list(&state.db, &actor)
        .await
        .or_problem(&headers)?;
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
    headers: HeaderMap,
    Json(body): Json<RuleBody>,
) -> ApiResult<Json<Value>> {
    routing::set(&state.db, &actor, category, body.unit_id)
        .await
        .or_problem(&headers)?;
    list_rules(State(state), Caller(actor), headers).await
}

fn settings_json(repeat_days: i32, soon_days: i32) -> Json<Value> {
    Json(json!({ "repeat_days": repeat_days, "soon_days": soon_days }))
}

pub async fn settings(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let (repeat_days, soon_days) = categories::read_settings(&state.db, &actor)
        .await
        .or_problem(&headers)?;
    Ok(settings_json(repeat_days, soon_days))
}

pub async fn save_settings(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    Json(body): Json<SettingsInput>,
) -> ApiResult<Json<Value>> {
    let (repeat_days, soon_days) = (body.repeat_days, body.soon_days);
    categories::save_settings(&state.db, &actor, body)
        .await
        .or_problem(&headers)?;
    Ok(settings_json(repeat_days, soon_days))
}

#[derive(Deserialize)]
pub struct StatsQuery {
    from: Option<String>,
    until: Option<String>,
}

/// `GET /grievances/stats?from=&until=` (China days, inclusive; this month by default).
pub async fn unit_stats(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
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
    let today = format::today();
    let from = day("from", query.from)
        .or_problem(&headers)?
        .unwrap_or(today.replace_day(1).unwrap_or(today));
    let until = day("until", query.until)
        .or_problem(&headers)?
        .unwrap_or(today);
    if from > until {
        return Err(AppError::invalid("until", Reason::BadDateRange)).or_problem(&headers);
    }
    let items = stats::by_unit(&state.db, &actor, from, until)
        .await
        .or_problem(&headers)?;
    Ok(Json(json!({
        "from": format::date(from),
        "until": format::date(until),
        "items": items,
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
    headers: HeaderMap,
    Json(body): Json<YellowCardBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    act::yellow_card(
        &state.db,
        &actor,
        body.unit_id,
        body.grievance_id,
        &body.reason,
    )
    .await
    .or_problem(&headers)?;
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
    headers: HeaderMap,
    Query(query): Query<InboxQuery>,
) -> ApiResult<Json<Value>> {
    let items = inbox::list(&state.db, &actor, query.limit.unwrap_or(50))
        .await
        .or_problem(&headers)?;
    let unread = inbox::unread(&state.db, &actor)
        .await
        .or_problem(&headers)?;
    Ok(Json(json!({ "items": items, "unread": unread })))
}

/// `POST /inbox/read`: everything in the caller's unit's inbox is read.
pub async fn read_inbox(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    inbox::mark_read(&state.db, &actor)
        .await
        .or_problem(&headers)?;
    Ok(Json(json!({ "unread": 0 })))
}
