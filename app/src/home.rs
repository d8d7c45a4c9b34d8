//! The home page: the public landing (what Minqing is, which counties run here), or the
//! workbench once signed in.

use crate::counties::{CountyList, api::list_counties};
use crate::i18n::{use_locale, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The workbench for a signed-in user, the public landing page for everyone else.
#[component]
pub fn HomePage() -> impl IntoView {
    match crate::session::use_viewer() {
        Some(viewer) => view! { <crate::workbench::Workbench viewer/> }.into_any(),
        None => view! { <Landing/> }.into_any(),
    }
}

#[component]
fn Landing() -> impl IntoView {
    let t = use_texts();
    let locale = use_locale();
    let query = use_query_map()
        .read_untracked()
        .get("q")
        .unwrap_or_default();
    let features = [
        (t.landing_feature_visits(), t.landing_feature_visits_text()),
        (
            t.landing_feature_grievances(),
            t.landing_feature_grievances_text(),
        ),
        (t.landing_feature_report(), t.landing_feature_report_text()),
        (
            t.landing_feature_ledgers(),
            t.landing_feature_ledgers_text(),
        ),
    ];

    view! {
        <Title text=format!("{} · {}", t.app_name(), t.app_tagline())/>
        <section class="hero">
            <h1>{t.landing_title()}</h1>
            <p class="lead">{t.landing_lead()}</p>
        </section>
        <ul class="features">
            {features
                .into_iter()
                .map(|(title, text)| view! { <li><h2>{title}</h2><p>{text}</p></li> })
                .collect_view()}
        </ul>
        <section class="panel" aria-labelledby="counties-heading">
            <h2 id="counties-heading">{t.counties_heading()}</h2>
            <Suspense>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        match list_counties().await {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="muted">{t.counties_empty()}</p> }.into_any()
                            }
                            Ok(list) => {
                                view! { <CountyList counties=list query=query t=locale.texts()/> }
                                    .into_any()
                            }
                            Err(_) => view! { <p class="error" role="alert">{t.load_error()}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
