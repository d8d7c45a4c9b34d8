//! `/c/{county}/report`: the county's public grievance form, a plain multipart post to the same
//! address (`server/src/http/forms/resident.rs`), and `/c/{county}/report/done?code=…`, the
//! answer that shows the tracking code.

use crate::flash::{Flash, LoadFailed};
use crate::grievances::model::PublicForm;
use crate::i18n::use_texts;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(endpoint = "public_report_form")]
pub async fn load_report_form(county: String) -> Result<PublicForm, ServerFnError> {
    use crate::session::OrPage;
    let (db, desk) = super::counter()?;
    crate::grievances::resident::form(&db, &desk, &county)
        .await
        .or_page()
}

/// The typed values a refused form comes back with (never the phone).
#[derive(Clone, Default)]
struct Refill {
    place: String,
    category: String,
    name: String,
    description: String,
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let t = use_texts();
    let county = use_params_map().with_untracked(|p| p.get("county").unwrap_or_default());
    let refill = use_query_map().with_untracked(|q| {
        let get = |k: &str| q.get(k).unwrap_or_default();
        Refill {
            place: get("place"),
            category: get("category"),
            name: get("name"),
            description: get("description"),
        }
    });
    let loaded = crate::session::load_once(load_report_form(county));
    view! {
        <Title text=format!("{} · {}", t.report_title(), t.app_name())/>
        <Suspense>
            {move || {
                let refill = refill.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(form) => view! { <ReportForm form refill/> }.into_any(),
                        Err(e) => view! {
                            <h1>{t.report_title()}</h1>
                            <LoadFailed error=e/>
                        }
                            .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn ReportForm(form: PublicForm, refill: Refill) -> impl IntoView {
    let t = use_texts();
    let action = format!("/c/{}/report", form.county_code);
    let track = format!("/c/{}/track", form.county_code);
    let places = form
        .places
        .into_iter()
        .map(|township| {
            let options = std::iter::once((township.id, township.name.clone()))
                .chain(township.villages)
                .map(|(id, name)| {
                    let selected = id == refill.place;
                    view! { <option value=id selected=selected>{name}</option> }
                })
                .collect_view();
            view! { <optgroup label=township.name>{options}</optgroup> }
        })
        .collect_view();
    let categories = form
        .categories
        .into_iter()
        .map(|(id, name)| {
            let selected = id == refill.category;
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view();
    let question = format!("{} {} = ?", t.report_answer(), form.challenge.question);
    view! {
        <div class="page-head">
            <h1>{format!("{} · {}", form.county_name, t.report_title())}</h1>
        </div>
        <p class="muted">{t.report_lead()}</p>
        <Flash/>
        <form class="panel form" method="post" action=action enctype="multipart/form-data">
            <label for="reporter_name">{t.report_name()}</label>
            <input id="reporter_name" name="reporter_name" required maxlength="32"
                autocomplete="name" value=refill.name/>
            <label for="reporter_phone">{t.report_phone()}</label>
            <input id="reporter_phone" name="reporter_phone" type="tel" inputmode="numeric"
                required maxlength="20" autocomplete="tel" aria-describedby="phone-hint"/>
            <p class="muted" id="phone-hint">{t.report_phone_hint()}</p>
            <label for="place_id">{t.report_place()}</label>
            <select id="place_id" name="place_id" required>
                <option value="">{t.report_place_choose()}</option>
                {places}
            </select>
            <label for="category_id">{t.report_category()}</label>
            <select id="category_id" name="category_id" required>
                <option value="">{t.report_category_choose()}</option>
                {categories}
            </select>
            <label for="description">{t.report_description()}</label>
            <textarea id="description" name="description" rows="6" required maxlength="4000">{crate::html::textarea(&refill.description)}</textarea>
            <label for="files">{t.report_files()}</label>
            <input id="files" name="files" type="file" multiple
                accept="image/jpeg,image/png,application/pdf"/>
            <input type="hidden" name="challenge" value=form.challenge.token/>
            <label for="answer">{question}</label>
            <input id="answer" name="answer" inputmode="numeric" required maxlength="3"
                autocomplete="off"/>
            <button type="submit" class="button">{t.report_submit()}</button>
        </form>
        <p><a href=track>{t.report_track_link()}</a></p>
    }
}

/// Whether `code` looks like a tracking code (it is only echoed, never looked up, here).
fn plausible(code: &str) -> bool {
    (1..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[component]
pub fn ReportDonePage() -> impl IntoView {
    let t = use_texts();
    let county = use_params_map().with_untracked(|p| p.get("county").unwrap_or_default());
    let code = use_query_map()
        .with_untracked(|q| q.get("code"))
        .filter(|c| plausible(c));
    let county: String = county
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    let track = format!("/c/{county}/track");
    let again = format!("/c/{county}/report");
    view! {
        <Title text=format!("{} · {}", t.report_done_title(), t.app_name())/>
        <section class="panel narrow">
            <h1>{t.report_done_title()}</h1>
            {code.map(|code| view! {
                <p>{t.report_done_code()}</p>
                <p class="tracking-code">{code}</p>
            })}
            <p>{t.report_done_text()}</p>
            <a class="button" href=track>{t.report_done_track()}</a>
            <p><a href=again>{t.report_done_again()}</a></p>
        </section>
    }
}
