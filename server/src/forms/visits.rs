//! The cadre's posts: a visit (multipart, for the photo) and a must-visit event. Each answers
//! with a redirect (POST → redirect → GET), or, when the visit form's script asks for JSON,
//! with `{ok, message}` so the page can answer in place.

use super::{Resolved, caller, done, query, refused};
use crate::state::AppState;
use app::error::{AppError, Reason};
use app::flash::Notice;
use app::i18n::{Locale, Texts};
use app::visits::kinds::{Attitude, VisitMode};
use app::visits::model::Recorded;
use app::visits::record::{self, VisitInput};
use app::visits::triggers::{self, TriggerInput};
use axum::{
    Extension, Form, Json,
    extract::{Multipart, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The visit form's fields as posted (all text but the photo).
#[derive(Default)]
struct Posted {
    fields: HashMap<String, String>,
    policies: Vec<String>,
    photo: Option<Vec<u8>>,
}

impl Posted {
    fn get(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", |v| v.trim())
    }

    async fn read(mut form: Multipart) -> Result<Posted, AppError> {
        let bad = |_| AppError::invalid("photo", Reason::BadPhoto);
        let mut posted = Posted::default();
        while let Some(field) = form.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_owned();
            match name.as_str() {
                "photo" => {
                    let bytes = field.bytes().await.map_err(bad)?;
                    if !bytes.is_empty() {
                        posted.photo = Some(bytes.to_vec());
                    }
                }
                "policies" => posted.policies.push(field.text().await.map_err(bad)?),
                _ => {
                    let value = field.text().await.map_err(bad)?;
                    posted.fields.insert(name, value);
                }
            }
        }
        Ok(posted)
    }

    /// The typed values that refill the form after a refusal (never the photo).
    fn refill(&self) -> String {
        let policies = self.policies.join(",");
        query(&[
            ("household", self.get("household_id")),
            ("task", self.get("task_id")),
            ("key", self.get("submission_key")),
            ("at", self.get("at")),
            ("mode", self.get("mode")),
            ("met", self.get("met")),
            ("met_whom", self.get("met_whom")),
            ("attitude", self.get("attitude")),
            ("notes", self.get("notes")),
            ("concerns", self.get("concerns")),
            ("policies", &policies),
        ])
    }

    fn input(self) -> Result<VisitInput, AppError> {
        let id = |key: &str| Uuid::parse_str(self.get(key)).ok();
        let household_id = id("household_id").ok_or(AppError::NotFound)?;
        let submission_key = id("submission_key").ok_or(AppError::NotFound)?;
        let mode = VisitMode::from_code(self.get("mode"))
            .ok_or(AppError::invalid("mode", Reason::Required))?;
        let met = match self.get("met") {
            "1" => true,
            "0" => false,
            _ => return Err(AppError::invalid("met", Reason::Required)),
        };
        let visited_at = match self.get("at") {
            "" => None,
            at => Some(
                app::format::parse_local_datetime(at)
                    .ok_or(AppError::invalid("at", Reason::BadDate))?,
            ),
        };
        let number = |key: &str| self.get(key).parse::<f64>().ok();
        let located = self.get("with_location") == "1";
        Ok(VisitInput {
            household_id,
            task_id: id("task_id"),
            visited_at,
            mode,
            met,
            met_whom: self.get("met_whom").to_owned(),
            attitude: Attitude::from_code(self.get("attitude")),
            notes: self.get("notes").to_owned(),
            concerns: self.get("concerns").lines().map(str::to_owned).collect(),
            policies: self.policies.clone(),
            photo: self.photo.clone(),
            latitude: located.then(|| number("latitude")).flatten(),
            longitude: located.then(|| number("longitude")).flatten(),
            submission_key,
        })
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

fn texts(headers: &HeaderMap) -> Texts {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default()
        .texts()
}

/// Where a recorded visit goes next: the screen that offers its concerns as cases, when it
/// raised any that are not cases yet.
fn concerns_page(done: &Recorded) -> Option<String> {
    done.visit
        .concerns
        .iter()
        .any(|c| c.grievance_id.is_none())
        .then(|| app::grievances::pages::visit_concerns::recorded_page(&done.visit.id))
}

/// What the cadre reads after a visit was recorded.
fn recorded_message(t: Texts, done: &Recorded) -> String {
    match (&done.follow_up_due, done.created) {
        (_, false) => t.visit_recorded_again().to_owned(),
        (Some(due), true) => t.visit_follow_up(due),
        (None, true) if done.left_open > 0 => t.visit_left_open().to_owned(),
        (None, true) => t.visit_recorded().to_owned(),
    }
}

pub async fn record_visit(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(redirect) => return redirect.into_response(),
    };
    let json = wants_json(&headers);
    let posted = match Posted::read(form).await {
        Ok(p) => p,
        Err(e) => return refused("/visits", &actor, &e, ""),
    };
    let refill = posted.refill();
    let result = match posted.input() {
        Ok(input) => record::record(&state.db, &actor, input).await,
        Err(e) => Err(e),
    };
    let t = texts(&headers);
    match (result, json) {
        (Ok(done), true) => Json(serde_json::json!({
            "ok": true,
            "message": recorded_message(t, &done),
            "visit": done.visit.id,
            "next": concerns_page(&done),
        }))
        .into_response(),
        (Ok(done), false) => {
            let next = concerns_page(&done).unwrap_or_else(|| "/visits".to_owned());
            let notice = match (&done.follow_up_due, done.created) {
                (_, false) => Notice::VisitAlreadyRecorded,
                (Some(_), true) => Notice::FollowUpCreated,
                (None, true) if done.left_open > 0 => Notice::TaskLeftOpen,
                (None, true) => Notice::VisitRecorded,
            };
            super::done(&next, notice)
        }
        (Err(e), true) => {
            if let AppError::Internal(detail) = &e {
                tracing::error!(%detail, "visit form failed");
            }
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (
                status,
                Json(serde_json::json!({ "ok": false, "message": e.message(t) })),
            )
                .into_response()
        }
        (Err(e), false) => refused("/visits/new", &actor, &e, &refill),
    }
}

#[derive(Deserialize)]
pub struct TriggerForm {
    household_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    occurred_on: String,
    #[serde(default)]
    note: String,
}

pub async fn record_trigger(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    Form(form): Form<TriggerForm>,
) -> Response {
    let actor = match caller(resolved) {
        Ok(actor) => actor,
        Err(redirect) => return redirect.into_response(),
    };
    let refill = query(&[
        ("household", &form.household_id),
        ("kind", &form.kind),
        ("occurred_on", &form.occurred_on),
        ("note", &form.note),
    ]);
    let result = match Uuid::parse_str(form.household_id.trim()) {
        Ok(household_id) => {
            let input = TriggerInput {
                household_id,
                kind: form.kind,
                occurred_on: form.occurred_on,
                note: form.note,
            };
            triggers::record(&state.db, &actor, input).await
        }
        Err(_) => Err(AppError::NotFound),
    };
    match result {
        Ok(_) => done("/visits", Notice::TriggerRecorded),
        Err(e) => refused("/visits/trigger", &actor, &e, &refill),
    }
}
