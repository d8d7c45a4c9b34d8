//! `/visits/new?household=…&task=…`: the visit form, built to be filled in under a minute on a
//! cheap phone. It is a plain multipart post to `/visits` (server `forms::visits`), so it works
//! with JavaScript off; with JavaScript, `visit_form.js` (inline, ~1 KB compressed) sends the
//! same form with `fetch` and shows the answer in place, offers the location, and hides the
//! "met" questions when nobody was met.
//!
//! The form carries a submission key made when the page was rendered: sending it twice (a
//! retry, a double tap) records one visit. After a refusal the form comes back with what was
//! typed and the same key, since nothing was recorded.

use crate::flash::{Flash, LoadFailed};
use crate::households::model::HouseholdRow;
use crate::i18n::{Texts, use_texts};
use crate::visits::kinds::{Attitude, VisitMode};
use crate::visits::model::TaskLine;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

const SCRIPT: &str = include_str!("visit_form.js");

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitFormData {
    pub household: HouseholdRow,
    pub task: Option<TaskLine>,
    /// The modes the task's campaign allows (all when there is no campaign).
    pub modes: Vec<VisitMode>,
    /// The county's policies: (code, label).
    pub policies: Vec<(String, String)>,
    /// A fresh submission key.
    pub key: String,
    /// Now, as `datetime-local` wants it.
    pub now: String,
}

/// What was typed, as it comes back in the URL after a refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Typed {
    household: String,
    task: String,
    key: String,
    at: String,
    mode: String,
    met: String,
    met_whom: String,
    attitude: String,
    notes: String,
    concerns: String,
    policies: Vec<String>,
}

impl Typed {
    fn from_params(p: &ParamsMap) -> Typed {
        let get = |k: &str| p.get(k).unwrap_or_default();
        Typed {
            household: get("household"),
            task: get("task"),
            key: get("key"),
            at: get("at"),
            mode: get("mode"),
            met: get("met"),
            met_whom: get("met_whom"),
            attitude: get("attitude"),
            notes: get("notes"),
            concerns: get("concerns"),
            policies: get("policies")
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

#[server(endpoint = "visit_form")]
pub async fn load_visit_form(
    household: String,
    task: String,
) -> Result<VisitFormData, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    use crate::visits::options::{OptionKind, active};
    use crate::visits::tasks;
    let (db, actor) = signed_in(false)?;
    if !actor.can(Action::VisitsRecord) {
        let denied = AppError::Denied {
            action: Action::VisitsRecord,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    let id = |s: &str| uuid::Uuid::parse_str(s.trim()).ok();
    let household_id = id(&household).ok_or(AppError::NotFound).or_page()?;
    let household = crate::households::get(&db, &actor, household_id)
        .await
        .or_page()?
        .row;
    let task = match id(&task) {
        Some(task) => Some(tasks::get(&db, &actor, task).await.or_page()?),
        None => None,
    }
    .filter(|t| t.household_id == household.id);
    let modes = match task
        .as_ref()
        .and_then(|t| t.campaign_id.as_deref())
        .and_then(id)
    {
        Some(c) => {
            crate::visits::campaigns::get(&db, &actor, c)
                .await
                .or_page()?
                .modes
        }
        None => VisitMode::ALL.to_vec(),
    };
    let policies = crate::audit::guarded(&db, &actor, crate::tenancy::Mode::Read, async |tx| {
        active(tx, OptionKind::Policy).await
    })
    .await
    .or_page()?
    .into_iter()
    .map(|c| (c.code, c.label))
    .collect();
    Ok(VisitFormData {
        household,
        task,
        modes,
        policies,
        key: uuid::Uuid::now_v7().to_string(),
        now: crate::format::local_datetime(time::OffsetDateTime::now_utc()),
    })
}

#[component]
pub fn VisitFormPage() -> impl IntoView {
    let t = use_texts();
    let typed = use_query_map().with_untracked(Typed::from_params);
    let loaded =
        crate::session::load_once(load_visit_form(typed.household.clone(), typed.task.clone()));
    view! {
        <Title text=format!("{} · {}", t.visit_form_title(), t.app_name())/>
        <div class="page-head">
            <h1>{t.visit_form_title()}</h1>
            <a href="/visits">{t.visits_back_home()}</a>
        </div>
        <Flash/>
        <Suspense>
            {move || {
                let typed = typed.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(data) => view! { <VisitForm data typed/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

fn radio<'a>(
    name: &'static str,
    value: &'a str,
    label: &'a str,
    checked: bool,
) -> impl IntoView + use<> {
    let id = format!("{name}-{value}");
    let (value, label) = (value.to_owned(), label.to_owned());
    view! {
        <label class="check">
            <input type="radio" id=id name=name value=value checked=checked/>
            {label}
        </label>
    }
}

fn attitude_choices(t: Texts, chosen: &str) -> impl IntoView + use<> {
    Attitude::ALL
        .iter()
        .map(|a| radio("attitude", a.code(), a.label(t), a.code() == chosen))
        .collect_view()
}

#[component]
fn VisitForm(data: VisitFormData, typed: Typed) -> impl IntoView {
    let t = use_texts();
    let h = data.household;
    let key = if typed.key.is_empty() {
        data.key
    } else {
        typed.key.clone()
    };
    let at = if typed.at.is_empty() {
        data.now
    } else {
        typed.at.clone()
    };
    let mode_chosen = if typed.mode.is_empty() {
        data.modes
            .first()
            .map(|m| m.code().to_owned())
            .unwrap_or_default()
    } else {
        typed.mode.clone()
    };
    // Met is the common answer, so it is preselected.
    let met = typed.met != "0";
    let why = data.task.as_ref().map(|task| {
        let what = task
            .reason
            .clone()
            .or(task.campaign_name.clone())
            .unwrap_or_default();
        format!(
            "{} · {} · {} {}",
            task.kind.label(t),
            what,
            t.visits_due(),
            task.due_on
        )
    });
    let place = format!("{} {} {}", h.village_name, h.group_name, h.house_number);
    let task_id = data.task.map(|task| task.id).unwrap_or_default();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <section class="panel household-head">
            <h2>{h.head_name.clone()}</h2>
            <p class="muted">{place}</p>
            {h.phone.clone().map(|p| view! { <p class="muted">{format!("{} {}", t.visit_form_phone(), p)}</p> })}
            {why.map(|w| view! { <p class="badge">{w}</p> })}
        </section>
        <p id="visit-status" role="status" aria-live="polite" data-sending=t.visit_form_sending() data-offline=t.visit_form_offline()></p>
        <div id="visit-done" class="panel actions" hidden>
            <a id="visit-concerns" class="button" href="/visits" hidden>{t.visit_recorded_to_cases()}</a>
            <a class="button" href="/visits">{t.visits_back_home()}</a>
        </div>
        <form id="visit-form" class="panel form" method="post" action="/visits" enctype="multipart/form-data">
            <input type="hidden" name="household_id" value=h.id.clone()/>
            <input type="hidden" name="task_id" value=task_id/>
            <input type="hidden" name="submission_key" value=key/>
            <input type="hidden" name="latitude" value=""/>
            <input type="hidden" name="longitude" value=""/>
            <fieldset>
                <legend>{t.visit_form_met()}</legend>
                {radio("met", "1", t.visits_met(), met)}
                {radio("met", "0", t.visits_not_met(), !met)}
            </fieldset>
            <fieldset>
                <legend>{t.visit_form_mode()}</legend>
                {data
                    .modes
                    .iter()
                    .map(|m| radio("mode", m.code(), m.label(t), m.code() == mode_chosen))
                    .collect_view()}
            </fieldset>
            <div id="visit-met-fields">
                <fieldset>
                    <legend>{t.visit_form_attitude()}</legend>
                    {attitude_choices(t, &typed.attitude)}
                </fieldset>
                <label for="met_whom">{t.visit_form_met_whom()}</label>
                <input id="met_whom" name="met_whom" maxlength="32" value=typed.met_whom.clone() placeholder=t.visit_form_met_whom_hint()/>
                <label for="concerns">{t.visit_form_concerns()}</label>
                <textarea id="concerns" name="concerns" rows="3" placeholder=t.visit_form_concerns_hint()>{crate::html::textarea(&typed.concerns)}</textarea>
            </div>
            {(!data.policies.is_empty()).then(|| {
                let chosen = typed.policies.clone();
                view! {
                    <fieldset>
                        <legend>{t.visit_form_policies()}</legend>
                        {data
                            .policies
                            .into_iter()
                            .map(|(code, label)| {
                                let id = format!("policy-{code}");
                                let checked = chosen.contains(&code);
                                view! {
                                    <label class="check">
                                        <input type="checkbox" id=id name="policies" value=code checked=checked/>
                                        {label}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                }
            })}
            <label for="notes">{t.visit_form_notes()}</label>
            <textarea id="notes" name="notes" rows="2">{crate::html::textarea(&typed.notes)}</textarea>
            <label for="at">{t.visit_form_at()}</label>
            <input id="at" name="at" type="datetime-local" value=at/>
            <label for="photo">{t.visit_form_photo()}</label>
            <input id="photo" name="photo" type="file" accept="image/jpeg,image/png" capture="environment"/>
            <label id="visit-geo" class="check" hidden>
                <input type="checkbox" name="with_location" value="1"/>
                {t.visit_form_location()}
            </label>
            <button type="submit" class="button">{t.visit_form_submit()}</button>
        </form>
        <script nonce=nonce inner_html=SCRIPT></script>
    }
}
