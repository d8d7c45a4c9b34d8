//! Campaign and visit-settings forms: create a campaign (`POST /campaigns`), close one
//! (`POST /campaigns/{id}/close`), give its unassigned tasks to a cadre
//! (`POST /campaigns/{id}/assign`), and save one of the county's visit lists
//! (`POST /settings/visits/{kind}`). Each answers with a redirect back to the page.

use super::fields::{Fields, form_id};
use super::{Resolved, caller, done, query, refused};
use crate::state::AppState;
use app::error::{AppError, Reason};
use app::flash::Notice;
use app::visits::campaigns::{self, NewCampaign};
use app::visits::kinds::VisitMode;
use app::visits::options::{self, ChoiceInput, OptionKind};
use axum::{
    Extension, Form,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use std::collections::BTreeMap;
use uuid::Uuid;

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
    let refill = query(&f.kept(&[
        "name",
        "starts_on",
        "ends_on",
        "unit",
        "target_percent",
        "tags",
        "modes",
    ]));
    let tags = f.all("tags");
    let modes = f.all("modes");
    // An unreadable unit is checked by the domain after the other fields, as an unknown unit.
    let unit = Uuid::parse_str(f.one("unit").trim()).unwrap_or(Uuid::nil());
    let input = NewCampaign {
        name: f.one("name").to_owned(),
        starts_on: f.one("starts_on").to_owned(),
        ends_on: f.one("ends_on").to_owned(),
        unit_id: unit,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        modes: modes
            .iter()
            .filter_map(|m| VisitMode::from_code(m.trim()))
            .collect(),
        target_percent: f.one("target_percent").trim().parse().unwrap_or(0),
    };
    match campaigns::create(&state.db, &actor, input).await {
        Ok(c) => done(&format!("/campaigns/{}", c.id), Notice::Created),
        Err(e) => refused("/campaigns", &actor, &e, &refill),
    }
}

/// The campaign of the URL and its page; `None` for an id that is none.
fn campaign_page(id: &str) -> Option<(Uuid, String)> {
    let id = Uuid::parse_str(id.trim()).ok()?;
    Some((id, format!("/campaigns/{id}")))
}

pub async fn close(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = campaign_page(&id) else {
        return refused("/campaigns", &actor, &AppError::NotFound, "");
    };
    match campaigns::close(&state.db, &actor, id).await {
        Ok(_) => done(&page, Notice::CampaignClosed),
        Err(e) => refused(&page, &actor, &e, ""),
    }
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    cadre: String,
}

pub async fn assign(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let Some((id, page)) = campaign_page(&id) else {
        return refused("/campaigns", &actor, &AppError::NotFound, "");
    };
    let chosen = form_id("unit_id", &form.unit, Reason::UnknownUnit)
        .and_then(|unit| Ok((unit, form_id("cadre", &form.cadre, Reason::NotACadre)?)));
    let (unit, cadre) = match chosen {
        Ok(chosen) => chosen,
        Err(e) => return refused(&page, &actor, &e, ""),
    };
    match campaigns::assign(&state.db, &actor, id, unit, cadre).await {
        Ok(_) => done(&page, Notice::TasksAssigned),
        Err(e) => refused(&page, &actor, &e, ""),
    }
}

/// The rows of a list form, by their index: `label.3`, `code.3`, `days.3`, `active.3`.
fn entries(f: &Fields) -> Vec<ChoiceInput> {
    let mut rows: BTreeMap<usize, ChoiceInput> = BTreeMap::new();
    for (key, value) in &f.0 {
        let Some((name, index)) = key.split_once('.') else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        // A form of a few dozen rows; anything far beyond is not ours.
        if index > 1000 {
            continue;
        }
        let row = rows.entry(index).or_default();
        match name {
            "code" if !value.trim().is_empty() => row.code = Some(value.trim().to_owned()),
            "label" => row.label = value.clone(),
            "days" => row.days = value.trim().parse().ok(),
            "active" => row.active = matches!(value.trim(), "1" | "true" | "on"),
            _ => {}
        }
    }
    rows.into_values().collect()
}

pub async fn save_settings(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Path(kind): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(elsewhere) => return elsewhere.into_response(),
    };
    let page = "/settings/visits";
    let Some(kind) = OptionKind::from_code(kind.trim()) else {
        return refused(page, &actor, &AppError::NotFound, "");
    };
    let list = entries(&Fields(fields));
    // The new row as typed comes back; the saved rows reload from the database.
    let added = list.iter().rev().find(|e| e.code.is_none());
    let days = added
        .and_then(|e| e.days)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let refill = query(&[
        ("form", kind.code()),
        ("label", added.map_or("", |e| e.label.as_str())),
        ("days", &days),
    ]);
    match options::save(&state.db, &actor, kind, list).await {
        Ok(_) => done(page, Notice::Saved),
        Err(e) => refused(page, &actor, &e, &refill),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_rows_are_read_by_index_and_unticked_boxes_are_inactive() {
        let f = Fields(vec![
            ("code.0".into(), "低保户".into()),
            ("label.0".into(), "低保户".into()),
            ("active.0".into(), "1".into()),
            ("code.1".into(), "脱贫户".into()),
            ("label.1".into(), "脱贫户".into()),
            ("label.2".into(), "新标签".into()),
            ("days.2".into(), "5".into()),
            ("active.2".into(), "1".into()),
        ]);
        let rows = entries(&f);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].active && !rows[1].active && rows[2].active);
        assert_eq!(rows[2].code, None);
        assert_eq!(rows[2].days, Some(5));
    }
}
