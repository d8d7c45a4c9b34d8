//! Household registry forms: add a household (`POST /households`), edit one
//! (`POST /households/{id}`), add or remove a member, pair cadres, and reveal one personal
//! field (`POST /households/{id}/reveal`). Each answers with a redirect back to the page, with
//! `?done=` or `?error=` and the typed values, except the reveal (see [`reveal`]).
//!
//! Refused forms come back refilled from the URL, but never with a phone or ID-card number:
//! those are typed again rather than put in a URL (history, proxies, referrers).

use super::fields::{Fields, form_id};
use super::{Resolved, caller, done, query, refused};
use crate::state::AppState;
use app::error::{AppError, Reason};
use app::flash::Notice;
use app::households::model::Field;
use app::households::pages::Shown;
use app::households::{self, HEAD, HouseholdInput, MemberInput};
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use uuid::Uuid;

/// The household of the URL and its page; `None` for an id that is none.
fn household_page(id: &str) -> Option<(Uuid, String)> {
    let id = Uuid::parse_str(id.trim()).ok()?;
    Some((id, format!("/households/{id}")))
}

fn household_input(f: &Fields) -> HouseholdInput {
    HouseholdInput {
        group_name: f.one("group_name").to_owned(),
        house_number: f.one("house_number").to_owned(),
        address: f.one("address").to_owned(),
        head_name: f.one("head_name").to_owned(),
        phone: f.one("phone").to_owned(),
        tags: f.all("tags").into_iter().map(str::to_owned).collect(),
        notes: f.one("notes").to_owned(),
    }
}

/// What refills the household form: never the phone, the ID number or the notes.
fn household_refill(f: &Fields, extra: &[(&str, &str)]) -> String {
    let mut keep: Vec<(&str, &str)> = extra.to_vec();
    keep.extend(f.kept(&[
        "village",
        "group_name",
        "house_number",
        "address",
        "head_name",
        "tags",
    ]));
    query(&keep)
}

pub async fn create(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let f = Fields(fields);
    let refill = household_refill(&f, &[]);
    let village = match form_id("village_id", f.one("village"), Reason::UnknownUnit) {
        Ok(village) => village,
        Err(e) => return refused("/households/new", &actor, &e, &refill),
    };
    let input = household_input(&f);
    // With an ID number the head is registered as a member with it (and the household's phone).
    let head_id = f.one("head_id_number").trim();
    let people = if head_id.is_empty() {
        Vec::new()
    } else {
        vec![MemberInput {
            name: input.head_name.clone(),
            relation: HEAD.to_owned(),
            id_number: head_id.to_owned(),
            phone: input.phone.clone(),
            ..MemberInput::default()
        }]
    };
    match households::create(&state.db, &actor, village, input, people).await {
        Ok(h) => done(&format!("/households/{}", h.row.id), Notice::Created),
        Err(e) => refused("/households/new", &actor, &e, &refill),
    }
}

pub async fn update(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = household_page(&id) else {
        return refused("/households", &actor, &AppError::NotFound, "");
    };
    let f = Fields(fields);
    let input = household_input(&f);
    // The form never holds the stored number: empty keeps it, the box removes it.
    let keep_phone = input.phone.trim().is_empty() && !f.ticked("clear_phone");
    match households::update_keeping(&state.db, &actor, id, input, keep_phone).await {
        Ok(_) => done(&page, Notice::Saved),
        Err(e) => refused(
            &page,
            &actor,
            &e,
            &household_refill(&f, &[("form", "edit")]),
        ),
    }
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    relation: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    phone: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(form): Form<MemberForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = household_page(&id) else {
        return refused("/households", &actor, &AppError::NotFound, "");
    };
    let refill = query(&[
        ("form", "member"),
        ("name", &form.name),
        ("relation", &form.relation),
        ("gender", &form.gender),
        ("birth_date", &form.birth_date),
    ]);
    let input = MemberInput {
        name: form.name,
        relation: form.relation,
        gender: form.gender,
        birth_date: form.birth_date,
        id_number: form.id_number,
        phone: form.phone,
    };
    match households::save_member(&state.db, &actor, id, None, input).await {
        Ok(_) => done(&page, Notice::Saved),
        Err(e) => refused(&page, &actor, &e, &refill),
    }
}

pub async fn remove_member(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path((id, member)): Path<(String, String)>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = household_page(&id) else {
        return refused("/households", &actor, &AppError::NotFound, "");
    };
    let Ok(member) = Uuid::parse_str(member.trim()) else {
        return refused(&page, &actor, &AppError::NotFound, "");
    };
    match households::remove_member(&state.db, &actor, id, member).await {
        Ok(_) => done(&page, Notice::MemberRemoved),
        Err(e) => refused(&page, &actor, &e, ""),
    }
}

pub async fn set_cadres(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = household_page(&id) else {
        return refused("/households", &actor, &AppError::NotFound, "");
    };
    let f = Fields(fields);
    let chosen: Result<Vec<Uuid>, _> = f
        .all("cadre")
        .into_iter()
        .map(|c| Uuid::parse_str(c.trim()))
        .collect();
    let refill = query(&[("form", "cadres")]);
    let Ok(chosen) = chosen else {
        let e = AppError::invalid("cadres", Reason::NotACadre);
        return refused(&page, &actor, &e, &refill);
    };
    match households::set_cadres(&state.db, &actor, id, chosen).await {
        Ok(_) => done(&page, Notice::Saved),
        Err(e) => refused(&page, &actor, &e, &refill),
    }
}

#[derive(Deserialize)]
pub struct RevealForm {
    /// The member, or empty for the household's own phone.
    #[serde(default)]
    member: String,
    #[serde(default)]
    field: String,
}

/// Reveals one ID number or phone (audited by the domain) and answers this POST with the
/// household page itself, the value shown in place, instead of redirecting: a redirect would
/// have to carry the value in its URL, or park it server-side. The answer is `no-store`, so
/// no cache or back-button snapshot keeps it; the URL stays `/households/{id}/reveal`, and
/// the access log records only that path. Refusals redirect back as usual, without the value.
pub async fn reveal(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    parts: Parts,
    Form(form): Form<RevealForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = household_page(&id) else {
        return refused("/households", &actor, &AppError::NotFound, "");
    };
    let Some(field) = Field::from_code(form.field.trim()) else {
        return refused(&page, &actor, &AppError::NotFound, "");
    };
    let member = match form.member.trim() {
        "" => None,
        raw => match Uuid::parse_str(raw) {
            Ok(m) => Some(m),
            Err(_) => return refused(&page, &actor, &AppError::NotFound, ""),
        },
    };
    let value = match households::reveal(&state.db, &actor, id, member, field).await {
        Ok(value) => value,
        Err(e) => return refused(&page, &actor, &e, ""),
    };
    let shown = Shown {
        member: member.map(|m| m.to_string()),
        field,
        value,
    };
    super::render_revealed(&state, parts, &page, shown).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_kept_and_blank_ones_dropped() {
        let f = Fields(vec![
            ("tags".into(), "低保户".into()),
            ("head_name".into(), "张三".into()),
            ("tags".into(), " ".into()),
            ("tags".into(), "老党员".into()),
        ]);
        assert_eq!(f.all("tags"), ["低保户", "老党员"]);
        assert_eq!(f.one("head_name"), "张三");
        assert_eq!(f.one("missing"), "");
        assert!(!f.ticked("clear_phone"));
    }

    #[test]
    fn refills_never_carry_phones_ids_or_notes() {
        let f = Fields(vec![
            ("head_name".into(), "张三".into()),
            ("phone".into(), "13812345678".into()),
            ("head_id_number".into(), "130123199001011234".into()),
            ("notes".into(), "病".into()),
        ]);
        let refill = household_refill(&f, &[("form", "edit")]);
        assert!(refill.starts_with("form=edit&head_name="));
        assert!(!refill.contains("1381234") && !refill.contains("1990"));
        assert!(!refill.contains("notes"));
    }
}
