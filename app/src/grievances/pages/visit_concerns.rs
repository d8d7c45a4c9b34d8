//! `/visits/{id}/recorded`: the "走访已记录" screen after a visit that raised concerns. Each
//! concern not yet a case is offered as one right here, while the cadre still has it in mind:
//! the case takes the concern's text, household and place, and the cadre chooses its category
//! (a plain post to `/concerns/{id}/grievance`, which comes back here on a refusal). Display
//! and plain forms only: no island, no script.

use crate::flash::{Flash, LoadFailed};
use crate::grievances::model::CategoryView;
use crate::i18n::use_texts;
use crate::visits::model::VisitLine;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordedVisit {
    pub visit: VisitLine,
    /// The active categories, when the caller may open cases; empty otherwise.
    pub categories: Vec<CategoryView>,
}

#[server(endpoint = "visit_recorded")]
pub async fn load_recorded(id: String) -> Result<RecordedVisit, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| AppError::NotFound)
        .or_page()?;
    let visit = crate::visits::record::get(&db, &actor, id)
        .await
        .or_page()?;
    let categories = if actor.can(Action::GrievancesRecord) {
        let mut cats = crate::grievances::categories::list(&db, &actor)
            .await
            .or_page()?;
        cats.retain(|c| c.active);
        cats
    } else {
        Vec::new()
    };
    Ok(RecordedVisit { visit, categories })
}

/// Where a recorded visit's concerns are offered as cases.
pub fn recorded_page(visit: &str) -> String {
    format!("/visits/{visit}/recorded")
}

#[component]
pub fn RecordedPage() -> impl IntoView {
    let t = use_texts();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let loaded = crate::session::load_once(load_recorded(id));
    view! {
        <Title text=format!("{} · {}", t.visit_recorded_title(), t.app_name())/>
        <div class="page-head">
            <h1>{t.visit_recorded_title()}</h1>
        </div>
        <Flash/>
        <Suspense>
            {move || Suspend::new(loaded.clone().map(move |loaded| match loaded {
                Ok(recorded) => view! { <RecordedView recorded/> }.into_any(),
                Err(e) => view! { <LoadFailed error=e/> }.into_any(),
            }))}
        </Suspense>
    }
}

#[component]
fn RecordedView(recorded: RecordedVisit) -> impl IntoView {
    let t = use_texts();
    let v = recorded.visit;
    let back = recorded_page(&v.id);
    let household = format!("/households/{}", v.household_id);
    let categories = recorded.categories;
    let concerns = v
        .concerns
        .iter()
        .map(|c| {
            let action = match &c.grievance_id {
                Some(g) => view! {
                    <a class="button secondary" href=format!("/grievances/{g}")>{t.gv_concern_case()}</a>
                }
                .into_any(),
                None if !categories.is_empty() => {
                    let select = format!("category-{}", c.id);
                    view! {
                        <form class="form" method="post" action=format!("/concerns/{}/grievance", c.id)>
                            <input type="hidden" name="back" value=back.clone()/>
                            <label for=select.clone()>{t.gv_field_category()}</label>
                            <select id=select name="category_id" required>
                                <option value="">{t.users_choose()}</option>
                                {crate::grievances::pages::category_options(&categories, "")}
                            </select>
                            <button type="submit" class="button">{t.gv_from_concern()}</button>
                        </form>
                    }
                    .into_any()
                }
                None => ().into_any(),
            };
            view! {
                <li class="card concern">
                    <p class="notes">{c.text.clone()}</p>
                    {action}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel household-head">
            <h2>{v.head_name.clone()}</h2>
            <p class="muted">{format!("{} · {} · {}", v.village_name, v.visited_at, v.mode.label(t))}</p>
        </section>
        {(!v.concerns.is_empty()).then(|| view! {
            <section class="panel">
                <h2>{t.ledger_col_concerns()}</h2>
                <p class="muted">{t.visit_recorded_concerns_hint()}</p>
                <ul class="cards">{concerns}</ul>
            </section>
        })}
        <p class="actions">
            <a class="button" href="/visits">{t.visits_back_home()}</a>
            <a class="button secondary" href=household>{t.visit_recorded_household()}</a>
        </p>
    }
}
