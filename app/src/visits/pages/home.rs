//! `/visits`: the cadre's home. Today's and overdue tasks first (overdue in red), then what is
//! coming, tasks nobody holds in the cadre's unit, a household search and the recent visits.
//! Display only: no island, no script.

use super::{TaskList, VisitList};
use crate::flash::{Flash, LoadFailed};
use crate::households::model::HouseholdRow;
use crate::i18n::use_texts;
use crate::visits::model::{MySummary, TaskLine, VisitLine};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitHome {
    pub due: Vec<TaskLine>,
    pub upcoming: Vec<TaskLine>,
    pub unassigned: Vec<TaskLine>,
    pub more: bool,
    /// Households matching the search, when there was one.
    pub found: Option<Vec<HouseholdRow>>,
    pub recent: Vec<VisitLine>,
    pub can_record: bool,
    pub summary: MySummary,
}

/// Coming-up tasks shown as cards before the rest fold away (nearest first).
pub const UPCOMING_SHOWN: usize = 5;

/// Households a search shows.
pub const FOUND_LIMIT: u64 = 20;

/// The households within reach matching `q` (name, address, house number), for a search box;
/// none for a caller who may not see households.
#[cfg(feature = "ssr")]
pub async fn find_households(
    db: &sea_orm::DatabaseConnection,
    actor: &crate::access::Actor,
    q: &str,
) -> Result<Vec<HouseholdRow>, crate::error::AppError> {
    use crate::households::{self, HouseholdFilter};
    if !actor.can(crate::access::Action::HouseholdsView) {
        return Ok(Vec::new());
    }
    let filter = HouseholdFilter {
        q: Some(q.trim().to_owned()),
        limit: FOUND_LIMIT,
        ..HouseholdFilter::default()
    };
    Ok(households::list(db, actor, &filter).await?.0)
}

#[server(endpoint = "visit_home")]
pub async fn load_visit_home(q: String) -> Result<VisitHome, ServerFnError> {
    use crate::access::Action;
    use crate::session::{OrPage, signed_in};
    use crate::visits::record::{self, VisitFilter};
    use crate::visits::tasks;
    let (db, actor) = signed_in(false)?;
    let mine = tasks::mine(&db, &actor).await.or_page()?;
    let found = if q.trim().is_empty() {
        None
    } else {
        Some(find_households(&db, &actor, &q).await.or_page()?)
    };
    let recent = if actor.can(Action::VisitsView) {
        let filter = VisitFilter {
            mine: true,
            limit: 10,
            ..VisitFilter::default()
        };
        record::list(&db, &actor, &filter).await.or_page()?.0
    } else {
        Vec::new()
    };
    let summary = crate::visits::summary::mine(&db, &actor).await.or_page()?;
    Ok(VisitHome {
        summary,
        due: mine.due,
        upcoming: mine.upcoming,
        unassigned: mine.unassigned,
        more: mine.more,
        found,
        recent,
        can_record: actor.can(Action::VisitsRecord),
    })
}

#[component]
pub fn VisitHomePage() -> impl IntoView {
    let t = use_texts();
    let q = use_query_map().with_untracked(|p| p.get("q").unwrap_or_default());
    let loaded = crate::session::load_once(load_visit_home(q.clone()));
    view! {
        <Title text=format!("{} · {}", t.visits_home_title(), t.app_name())/>
        <div class="page-head">
            <h1>{t.visits_home_title()}</h1>
        </div>
        <Flash/>
        <Suspense>
            {move || {
                let q = q.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(home) => view! { <HomeView home q/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn HomeView(home: VisitHome, q: String) -> impl IntoView {
    let t = use_texts();
    let record = home.can_record;
    let found = home.found.map(|rows| {
        let items = if rows.is_empty() {
            view! { <p class="muted">{t.visits_search_none()}</p> }.into_any()
        } else {
            view! {
                <ul class="cards">
                    {rows
                        .into_iter()
                        .map(|h| {
                            let place = format!("{} {} {}", h.village_name, h.group_name, h.house_number);
                            let href = format!("/visits/new?household={}", h.id);
                            let page = format!("/households/{}", h.id);
                            view! {
                                <li class="card">
                                    <a class="card-title" href=page>{h.head_name}</a>
                                    <span class="muted">{place}</span>
                                    {record.then(|| view! { <a class="button" href=href>{t.visits_record()}</a> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        };
        view! { <section class="panel"><h2>{t.visits_search_results()}</h2>{items}</section> }
    });
    view! {
        <Summary summary=home.summary/>
        <section class="panel">
            <h2>{t.visits_due_today()}</h2>
            <TaskList tasks=home.due record empty=t.visits_nothing_due()/>
            {home.more.then(|| view! { <p class="muted">{t.visits_more_tasks()}</p> })}
        </section>
        <form class="panel search" method="get" action="/visits" role="search">
            <label for="visit-q">{t.visits_search_label()}</label>
            <div class="search-row">
                <input id="visit-q" name="q" type="search" value=q placeholder=t.visits_search_placeholder()/>
                <button type="submit" class="button">{t.visits_search_button()}</button>
            </div>
            <p class="actions">
                <a class="button secondary" href="/households?mine=1">{t.visits_my_households()}</a>
                {record.then(|| view! {
                    <a class="button secondary" href="/visits/trigger">{t.trigger_form_title()}</a>
                })}
            </p>
        </form>
        {found}
        {(!home.upcoming.is_empty()).then(|| {
            let mut shown = home.upcoming;
            let rest = shown.split_off(shown.len().min(UPCOMING_SHOWN));
            view! {
                <section class="panel">
                    <h2>{t.visits_upcoming()}</h2>
                    <TaskList tasks=shown record empty=""/>
                    {(!rest.is_empty()).then(|| view! {
                        <details class="fold">
                            <summary>{t.visits_fold_rest(rest.len())}</summary>
                            <TaskList tasks=rest record empty=""/>
                        </details>
                    })}
                </section>
            }
        })}
        {(!home.unassigned.is_empty()).then(|| view! {
            <section class="panel">
                <h2>{t.visits_unassigned()}</h2>
                <TaskList tasks=home.unassigned record empty=""/>
            </section>
        })}
        <section class="panel">
            <h2>{t.visits_recent()}</h2>
            <VisitList visits=home.recent/>
        </section>
    }
}

/// Where the cadre stands: each open campaign's households met of all theirs, and the open
/// tasks per kind. Nothing when they hold no task.
#[component]
fn Summary(summary: MySummary) -> impl IntoView {
    let t = use_texts();
    if summary.campaigns.is_empty() && summary.open.is_empty() {
        return ().into_any();
    }
    let kinds = summary
        .open
        .iter()
        .map(|(kind, n)| t.visits_open_of_kind(kind.label(t), *n))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <section class="panel my-progress" aria-label=t.visits_my_progress()>
            {summary
                .campaigns
                .into_iter()
                .map(|c| {
                    let max = c.households.max(1).to_string();
                    view! {
                        <p class="progress-line">
                            <span>{c.name}</span>
                            <strong class="figure">{t.visits_met_of(c.met, c.households)}</strong>
                            <progress max=max value=c.met.to_string()></progress>
                        </p>
                    }
                })
                .collect_view()}
            {(!kinds.is_empty()).then(|| view! {
                <p class="muted">{format!("{}{kinds}", t.visits_open_tasks())}</p>
            })}
        </section>
    }
    .into_any()
}
