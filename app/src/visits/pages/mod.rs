//! The visit screens. The village cadre's: the home with today's tasks (`home`), the visit
//! form (`form`) and the must-visit event form (`trigger`); plain server-rendered HTML with plain
//! form posts (server `forms::visits`), where the visit form adds a few lines of script, not
//! the Leptos runtime, so the village budget (30 KB of script) holds. The supervisor's: the
//! campaigns (`campaigns`), one campaign's coverage (`campaign`) and the households behind a
//! figure (`drill_down`), and the county's visit settings (`settings`).

pub mod campaign;
pub mod campaigns;
pub mod drill_down;
pub mod form;
pub mod home;
pub mod settings;
pub mod trigger;

use crate::households::model::HouseholdRow;
use crate::i18n::use_texts;
use crate::visits::model::{TaskLine, VisitLine};
use leptos::prelude::*;

/// Tasks as cards: who, where, why, by when, and the button that opens the visit form.
#[component]
pub fn TaskList(tasks: Vec<TaskLine>, record: bool, empty: &'static str) -> impl IntoView {
    let t = use_texts();
    if tasks.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {tasks
                .into_iter()
                .map(|task| {
                    let why = task
                        .reason
                        .clone()
                        .or(task.campaign_name.clone())
                        .unwrap_or_default();
                    let place = format!("{} {}", task.village_name, task.place);
                    let href = format!(
                        "/visits/new?household={}&task={}",
                        task.household_id, task.id,
                    );
                    let page = format!("/households/{}", task.household_id);
                    let class = if task.overdue { "card overdue" } else { "card" };
                    let due = if task.overdue {
                        format!("{} {}", t.visits_overdue(), task.due_on)
                    } else {
                        format!("{} {}", t.visits_due(), task.due_on)
                    };
                    view! {
                        <li class=class>
                            <a class="card-title" href=page>{task.head_name}</a>
                            <span class="badge">{task.kind.label(t)}</span>
                            <span class="muted">{place}</span>
                            <span class="muted">{why}</span>
                            <span class="due">{due}</span>
                            {record.then(|| view! { <a class="button" href=href>{t.visits_record()}</a> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Visits, newest first: when, who went, whether someone was met, what was raised.
#[component]
pub fn VisitList(visits: Vec<VisitLine>) -> impl IntoView {
    let t = use_texts();
    if visits.is_empty() {
        return view! { <p class="muted">{t.visits_none()}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {visits
                .into_iter()
                .map(|v| {
                    let met = if v.met {
                        let attitude = v.attitude.map(|a| a.label(t)).unwrap_or_default();
                        format!("{} · {}", t.visits_met(), attitude)
                    } else {
                        t.visits_not_met().to_owned()
                    };
                    let page = format!("/households/{}", v.household_id);
                    let concerns = v.concerns.len();
                    view! {
                        <li class="card">
                            <a class="card-title" href=page>{v.head_name}</a>
                            <span class="muted">{format!("{} · {} · {}", v.visited_at, v.mode.label(t), v.visitor_name)}</span>
                            <span class=if v.met { "" } else { "due" }>{met}</span>
                            {(concerns > 0).then(|| view! { <span class="muted">{t.visits_concerns_count(concerns)}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Which household? A search (a GET form to `action`) and its results, each leading to
/// `action?household=<id>`: the entry to a household's form when none was given.
#[component]
pub fn HouseholdPicker(
    action: &'static str,
    q: String,
    found: Option<Vec<HouseholdRow>>,
    choose: &'static str,
) -> impl IntoView {
    let t = use_texts();
    let results = found.map(|rows| {
        if rows.is_empty() {
            return view! { <p class="muted">{t.visits_search_none()}</p> }.into_any();
        }
        view! {
            <ul class="cards">
                {rows
                    .into_iter()
                    .map(|h| {
                        let place = format!("{} {} {}", h.village_name, h.group_name, h.house_number);
                        let href = format!("{action}?household={}", h.id);
                        view! {
                            <li class="card">
                                <span class="card-title">{h.head_name}</span>
                                <span class="muted">{place}</span>
                                <a class="button" href=href>{choose}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    });
    view! {
        <form class="panel search" method="get" action=action role="search">
            <label for="pick-q">{t.visits_pick_household()}</label>
            <div class="search-row">
                <input id="pick-q" name="q" type="search" value=q
                    placeholder=t.visits_search_placeholder()/>
                <button type="submit" class="button">{t.visits_search_button()}</button>
            </div>
        </form>
        {results.map(|r| view! { <section class="panel"><h2>{t.visits_search_results()}</h2>{r}</section> })}
    }
}

/// An id from the URL; anything else is a record that is not there.
#[cfg(feature = "ssr")]
fn parse_id(raw: &str) -> Result<uuid::Uuid, crate::error::AppError> {
    uuid::Uuid::parse_str(raw.trim()).map_err(|_| crate::error::AppError::NotFound)
}

/// An optional id from the URL: empty is none, anything else must be an id.
#[cfg(feature = "ssr")]
fn optional_id(raw: &str) -> Result<Option<uuid::Uuid>, crate::error::AppError> {
    match raw.trim() {
        "" => Ok(None),
        id => parse_id(id).map(Some),
    }
}
