//! Grievance forms: registering a case (`POST /grievances`, multipart), a visit's concern made
//! a case, a step on a case (`POST /grievances/{id}/act`), the audited reveal of the reporter's
//! phone (`POST /grievances/{id}/reveal`), marking the inbox read, the yellow card, and the
//! county's settings. Each answers with a redirect (`?done=` or `?error=` plus what the form
//! held), except the reveal, which answers with the page itself (see `super::render_revealed`).
//!
//! Refused forms come back with what was typed (reasons, replies, notes; a registration with
//! everything, its files included), held on the server (`super::kept`), never in the address.

use super::fields::{Fields, form_id};
use super::{Resolved, caller, done, kept, query, refused, refused_keeping};
use crate::http::upload::read_form_whole;
use crate::state::AppState;
use app::error::{AppError, Reason};
use app::flash::Notice;
use app::grievances::lifecycle::Command;
use app::grievances::model::{CategoryInput, NewGrievance, SettingsInput, Upload};
use app::grievances::pages::case::ShownPhone;
use app::grievances::{act, categories, commands, inbox, intake, ledger, routing};
use axum::{
    Extension, Form,
    extract::{Multipart, Path, State, multipart::MultipartRejection},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use std::collections::HashMap;
use uuid::Uuid;

/// The case of the URL and its page; `None` for an id that is none.
fn case_page(id: &str) -> Option<(Uuid, String)> {
    let id = Uuid::parse_str(id.trim()).ok()?;
    Some((id, format!("/grievances/{id}")))
}

/// The typed fields a refused step's form gets back (`form` names the step).
fn step_refill(code: &str, f: &Fields) -> String {
    let mut keep = vec![("form", code)];
    keep.extend(f.kept(&[
        "reason",
        "text",
        "note",
        "days",
        "satisfaction",
        "lead",
        "co",
        "approve",
        "leader",
    ]));
    query(&keep)
}

/// One step on a case: the form's `action` (a command code) and fields, parsed as the REST
/// API parses them, given at the `version` the page showed.
pub async fn step(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = case_page(&id) else {
        return refused("/grievances", &actor, &AppError::NotFound, "");
    };
    let f = Fields(fields);
    let code = f.one("action").trim().to_owned();
    let refill = step_refill(&code, &f);
    // Checkboxes send one `co` each; the parser takes them as one list.
    let mut map: HashMap<String, String> =
        f.0.iter()
            .filter(|(k, _)| k != "co")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    map.insert("co".into(), f.all("co").join(","));
    let command = match commands::parse(&code, &map) {
        Ok(command) => command,
        Err(e) => return refused(&page, &actor, &e, &refill),
    };
    let seen = f.one("version").trim().parse::<i32>().ok();
    let returned = matches!(command, Command::Return { .. });
    match act::act_seen(&state.db, &actor, id, seen, command).await {
        // A handler that returned a case may no longer see it: back to the ledger.
        Ok(_) if returned => done("/grievances", Notice::CaseReturned),
        Ok(_) => done(&page, Notice::CaseUpdated),
        Err(e) => refused(&page, &actor, &e, &refill),
    }
}

/// Reveals the reporter's phone (audited by the domain) and answers with the case page
/// showing it.
pub async fn reveal(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    parts: Parts,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = case_page(&id) else {
        return refused("/grievances", &actor, &AppError::NotFound, "");
    };
    match ledger::reveal_phone(&state.db, &actor, id).await {
        Ok(Some(phone)) => super::render_revealed(&state, parts, &page, ShownPhone(phone)).await,
        Ok(None) => done(&page, Notice::Saved),
        Err(e) => refused(&page, &actor, &e, ""),
    }
}

/// What refills the registration form: everything typed. The files wait beside it.
fn register_refill(f: &HashMap<String, String>) -> String {
    let get = |k: &str| f.get(k).map_or("", String::as_str);
    query(&[
        ("household", get("household_id")),
        ("channel", get("channel")),
        ("reporter_name", get("reporter_name")),
        ("reporter_phone", get("reporter_phone")),
        ("place_id", get("place_id")),
        ("category_id", get("category_id")),
        ("urgency", get("urgency")),
        ("description", get("description")),
    ])
}

/// The files a refused registration kept that the form still ticks (`kept_file.<n>`),
/// followed by the ones just chosen; at most `MAX_FILES` (a refusal says so). Files the
/// registration could never take (wrong type, too large) are not worth keeping.
fn files_for_retry(
    fields: &HashMap<String, String>,
    owner: kept::Owner,
    uploads: Vec<Upload>,
) -> Vec<Upload> {
    let id = fields.get(kept::FILES_KEY).map_or("", String::as_str);
    let mut files = if id.is_empty() {
        Vec::new()
    } else {
        kept::take_files(id, owner, |i| {
            fields.contains_key(&format!("kept_file.{i}"))
        })
    };
    files.extend(uploads.into_iter().filter(|u| {
        !u.bytes.is_empty()
            && u.bytes.len() <= intake::MAX_FILE_BYTES
            && intake::sniff(&u.bytes).is_some()
    }));
    files
}

/// `POST /grievances` (multipart): a case registered by staff, read as the REST API reads a
/// multipart registration; on to the new case's page. A refusal keeps everything, files
/// included, for the retry.
pub async fn register(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let back = "/grievances/new";
    let Ok(form) = form else {
        let e = AppError::invalid("files", Reason::FileMissing);
        return refused(back, &actor, &e, "");
    };
    let read = match read_form_whole(form).await {
        Ok(read) => read,
        Err(e) => return refused(back, &actor, &e, ""),
    };
    let owner = kept::Owner::User(actor.user_id);
    let refill = register_refill(&read.fields);
    let mut files = files_for_retry(&read.fields, owner, read.uploads);
    let too_many = files.len() > intake::MAX_FILES;
    files.truncate(intake::MAX_FILES);
    if let Some(reason) = read.refused.or(too_many.then_some(Reason::TooMany)) {
        let e = AppError::invalid("files", reason);
        return refused_keeping(back, &actor, &e, &refill, files);
    }
    let input = match NewGrievance::from_fields(&read.fields) {
        Ok(input) => input,
        Err(e) => return refused_keeping(back, &actor, &e, &refill, files),
    };
    // The files go to the registration; a copy waits in case it is refused.
    match intake::register(&state.db, &actor, input, files.clone()).await {
        Ok(done) => super::done(&format!("/grievances/{}", done.id), Notice::CaseRegistered),
        Err(e) => refused_keeping(back, &actor, &e, &refill, files),
    }
}

/// `POST /concerns/{id}/grievance` with `category_id` and `back` (the page the button was
/// on): the visit's concern becomes a case, or answers with the case made before.
pub async fn from_concern(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let f = Fields(fields);
    let back = super::local_path(f.one("back")).to_owned();
    let Ok(concern) = Uuid::parse_str(id.trim()) else {
        return refused(&back, &actor, &AppError::NotFound, "");
    };
    let category = match form_id("category_id", f.one("category_id"), Reason::UnknownCategory) {
        Ok(category) => category,
        Err(e) => return refused(&back, &actor, &e, ""),
    };
    match intake::from_concern(&state.db, &actor, concern, category).await {
        Ok(done) => super::done(&format!("/grievances/{}", done.id), Notice::CaseRegistered),
        Err(e) => refused(&back, &actor, &e, ""),
    }
}

/// `POST /inbox/read`: everything in the caller's unit's inbox is read.
pub async fn read_inbox(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    match inbox::mark_read(&state.db, &actor).await {
        Ok(()) => done("/inbox", Notice::InboxRead),
        Err(e) => refused("/inbox", &actor, &e, ""),
    }
}

/// `POST /yellow-cards` with `unit_id` and `reason`: a county leader warns a unit.
pub async fn yellow_card(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let page = "/grievances/stats";
    let f = Fields(fields);
    let refill = query(&[("reason", f.one("reason"))]);
    let unit = match form_id("unit_id", f.one("unit_id"), Reason::NotADepartment) {
        Ok(unit) => unit,
        Err(e) => return refused(page, &actor, &e, &refill),
    };
    match act::yellow_card(&state.db, &actor, unit, None, f.one("reason")).await {
        Ok(()) => done(page, Notice::YellowCard),
        Err(e) => refused(page, &actor, &e, &refill),
    }
}

const SETTINGS: &str = "/settings/grievances";

/// Days as typed: anything but a whole number is refused by the domain's range check.
fn days(f: &Fields, key: &str) -> i32 {
    f.one(key).trim().parse().unwrap_or(0)
}

/// `POST /settings/grievances/categories`: a new category (a subcategory with `parent_id`).
pub async fn create_category(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let f = Fields(fields);
    let refill = query(&[
        ("form", "add"),
        ("parent_id", f.one("parent_id")),
        ("name", f.one("name")),
        ("accept_days", f.one("accept_days")),
        ("handle_days", f.one("handle_days")),
    ]);
    let parent_id = match f.one("parent_id").trim() {
        "" => None,
        raw => match form_id("parent_id", raw, Reason::UnknownCategory) {
            Ok(p) => Some(p),
            Err(e) => return refused(SETTINGS, &actor, &e, &refill),
        },
    };
    let input = CategoryInput {
        parent_id,
        name: f.one("name").to_owned(),
        accept_days: days(&f, "accept_days"),
        handle_days: days(&f, "handle_days"),
        active: Some(true),
    };
    match categories::create(&state.db, &actor, input).await {
        Ok(_) => done(SETTINGS, Notice::Created),
        Err(e) => refused(SETTINGS, &actor, &e, &refill),
    }
}

/// `POST /settings/grievances/categories/{id}`: rename, change the days, retire or restore.
pub async fn update_category(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Ok(id) = Uuid::parse_str(id.trim()) else {
        return refused(SETTINGS, &actor, &AppError::NotFound, "");
    };
    let f = Fields(fields);
    let input = CategoryInput {
        parent_id: None,
        name: f.one("name").to_owned(),
        accept_days: days(&f, "accept_days"),
        handle_days: days(&f, "handle_days"),
        active: Some(f.ticked("active")),
    };
    match categories::update(&state.db, &actor, id, input).await {
        Ok(_) => done(SETTINGS, Notice::Saved),
        Err(e) => refused(SETTINGS, &actor, &e, ""),
    }
}

/// `POST /settings/grievances/rules`: `rule.<category id>` = a department, or empty for no
/// rule. Only the rules that changed are written (each audited by the domain).
pub async fn save_rules(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let current: HashMap<String, String> = match routing::list(&state.db, &actor).await {
        Ok(rules) => rules
            .into_iter()
            .map(|r| (r.category_id, r.unit_id))
            .collect(),
        Err(e) => return refused(SETTINGS, &actor, &e, ""),
    };
    for (key, unit) in &fields {
        let Some(category) = key.strip_prefix("rule.") else {
            continue;
        };
        let unit = unit.trim();
        if current.get(category).map_or("", String::as_str) == unit {
            continue;
        }
        let Ok(category) = Uuid::parse_str(category) else {
            return refused(SETTINGS, &actor, &AppError::NotFound, "");
        };
        let unit = match unit {
            "" => None,
            raw => match form_id("unit_id", raw, Reason::NotADepartment) {
                Ok(u) => Some(u),
                Err(e) => return refused(SETTINGS, &actor, &e, ""),
            },
        };
        if let Err(e) = routing::set(&state.db, &actor, category, unit).await {
            return refused(SETTINGS, &actor, &e, "");
        }
    }
    done(SETTINGS, Notice::Saved)
}

/// `POST /settings/grievances`: the repeat window and the "due soon" days.
pub async fn save_settings(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let f = Fields(fields);
    let input = SettingsInput {
        repeat_days: days(&f, "repeat_days"),
        soon_days: days(&f, "soon_days"),
    };
    match categories::save_settings(&state.db, &actor, input).await {
        Ok(()) => done(SETTINGS, Notice::Saved),
        Err(e) => refused(SETTINGS, &actor, &e, ""),
    }
}
