//! `/visits/trigger?household=…`: record a must-visit event (五必访) at a household. A plain
//! post to `/visits/trigger`; the visit task it makes appears on the holder's home. Without a
//! household (the entry from the home or the workbench) it first asks which one: a household
//! search whose results lead back here.

use crate::flash::{Flash, LoadFailed};
use crate::households::model::HouseholdRow;
use crate::i18n::use_texts;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerFormData {
    pub household: HouseholdRow,
    /// (code, label, days until the visit is due)
    pub kinds: Vec<(String, String, i32)>,
    pub today: String,
}

/// The form for a household, or the search that picks one (`None`: nothing asked yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TriggerPage {
    Form(Box<TriggerFormData>),
    Pick(Option<Vec<HouseholdRow>>),
}

#[server(endpoint = "visit_trigger_form")]
pub async fn load_trigger_form(household: String, q: String) -> Result<TriggerPage, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    use crate::visits::options::{OptionKind, TRIGGER_DAYS, active};
    let (db, actor) = signed_in(false)?;
    if !actor.can(Action::VisitsRecord) {
        let denied = AppError::Denied {
            action: Action::VisitsRecord,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    if household.trim().is_empty() {
        let found = match q.trim() {
            "" => None,
            q => Some(
                super::home::find_households(&db, &actor, q)
                    .await
                    .or_page()?,
            ),
        };
        return Ok(TriggerPage::Pick(found));
    }
    let id = uuid::Uuid::parse_str(household.trim())
        .map_err(|_| AppError::NotFound)
        .or_page()?;
    let household = crate::households::get(&db, &actor, id).await.or_page()?.row;
    let kinds = crate::audit::guarded(&db, &actor, crate::tenancy::Mode::Read, async |tx| {
        active(tx, OptionKind::Trigger).await
    })
    .await
    .or_page()?
    .into_iter()
    .map(|c| (c.code, c.label, c.days.unwrap_or(TRIGGER_DAYS)))
    .collect();
    Ok(TriggerPage::Form(Box::new(TriggerFormData {
        household,
        kinds,
        today: crate::format::date(crate::format::today()),
    })))
}

#[component]
pub fn TriggerFormPage() -> impl IntoView {
    let t = use_texts();
    let (household, kind, on, note, q) = use_query_map().with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        (
            get("household"),
            get("kind"),
            get("occurred_on"),
            get("note"),
            get("q"),
        )
    });
    let loaded = crate::session::load_once(load_trigger_form(household, q.clone()));
    view! {
        <Title text=format!("{} · {}", t.trigger_form_title(), t.app_name())/>
        <div class="page-head">
            <h1>{t.trigger_form_title()}</h1>
            <a href="/visits">{t.visits_back_home()}</a>
        </div>
        <Flash/>
        <Suspense>
            {move || {
                let (kind, on, note, q) = (kind.clone(), on.clone(), note.clone(), q.clone());
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    let data = match loaded {
                        Ok(TriggerPage::Form(data)) => *data,
                        Ok(TriggerPage::Pick(found)) => {
                            return view! {
                                <super::HouseholdPicker action="/visits/trigger" q found
                                    choose=t.trigger_form_choose()/>
                            }
                                .into_any();
                        }
                        Err(e) => return view! { <LoadFailed error=e/> }.into_any(),
                    };
                    let h = data.household;
                    let place = format!("{} {} {}", h.village_name, h.group_name, h.house_number);
                    let on = if on.is_empty() { data.today } else { on };
                    view! {
                        <section class="panel household-head">
                            <h2>{h.head_name}</h2>
                            <p class="muted">{place}</p>
                        </section>
                        <form class="panel form" method="post" action="/visits/trigger">
                            <input type="hidden" name="household_id" value=h.id/>
                            <fieldset>
                                <legend>{t.trigger_form_kind()}</legend>
                                {data
                                    .kinds
                                    .into_iter()
                                    .map(|(code, label, days)| {
                                        let id = format!("kind-{code}");
                                        let checked = code == kind;
                                        let text = format!("{label}（{}）", t.trigger_form_days(days));
                                        view! {
                                            <label class="check">
                                                <input type="radio" id=id name="kind" value=code checked=checked/>
                                                {text}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                            <label for="occurred_on">{t.trigger_form_occurred_on()}</label>
                            <input id="occurred_on" name="occurred_on" type="date" value=on/>
                            <label for="note">{t.trigger_form_note()}</label>
                            <textarea id="note" name="note" rows="2" maxlength="500">{crate::html::textarea(&note)}</textarea>
                            <button type="submit" class="button">{t.trigger_form_submit()}</button>
                        </form>
                    }
                        .into_any()
                }))
            }}
        </Suspense>
    }
}
