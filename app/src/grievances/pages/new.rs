//! `/grievances/new`: staff register a case that came in by walk-in, letter, phone/12345 or
//! online (a visit's concern becomes a case from the household page instead). One multipart
//! form to `POST /grievances` with up to five attachments; `?household=<id>` links the case to
//! a registered household and starts from its village.

use super::category_options;
use crate::flash::{Flash, LoadFailed};
use crate::grievances::kinds::{Channel, Urgency};
use crate::grievances::model::CategoryView;
use crate::households::page::{PlaceOption, place_options};
use crate::i18n::use_texts;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCaseForm {
    /// Active categories only.
    pub categories: Vec<CategoryView>,
    pub places: Vec<PlaceOption>,
    /// The linked household: (id, head of household, village id).
    pub household: Option<(String, String, String)>,
}

#[server(endpoint = "grievances_new")]
pub async fn load_new_case(household: String) -> Result<NewCaseForm, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::grievances::categories;
    use crate::org::OrgKind;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    if !actor.can(Action::GrievancesRecord) {
        let denied = AppError::Denied {
            action: Action::GrievancesRecord,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    let household = match uuid::Uuid::parse_str(household.trim()) {
        Ok(id) => {
            let h = crate::households::get(&db, &actor, id).await.or_page()?;
            Some((h.row.id, h.row.head_name, h.row.village_id))
        }
        Err(_) => None,
    };
    let mut cats = categories::list(&db, &actor).await.or_page()?;
    cats.retain(|c| c.active);
    let kinds = [OrgKind::County, OrgKind::Township, OrgKind::Village];
    let (places, _) = crate::households::page::server::places_and_tags(&db, &actor, &kinds)
        .await
        .or_page()?;
    Ok(NewCaseForm {
        categories: cats,
        places,
        household,
    })
}

#[component]
pub fn NewCasePage() -> impl IntoView {
    let t = use_texts();
    // What the form held when it came back (never the reporter's name or phone).
    let typed = use_query_map().with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        [
            get("household"),
            get("channel"),
            get("place_id"),
            get("category_id"),
            get("urgency"),
            get("description"),
        ]
    });
    let loaded = crate::session::load_once(load_new_case(typed[0].clone()));
    view! {
        <Title text=format!("{} · {}", t.gv_new(), t.app_name())/>
        <Suspense>
            {move || {
                let [_, channel, place, category, urgency, description] = typed.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    let form = match loaded {
                        Ok(form) => form,
                        Err(e) => {
                            return view! {
                                <div class="page-head"><h1>{t.gv_new()}</h1></div>
                                <LoadFailed error=e/>
                                <p><a href="/grievances">{t.gv_back()}</a></p>
                            }
                                .into_any();
                        }
                    };
                    let place = match (&form.household, place.is_empty()) {
                        (Some((_, _, village)), true) => village.clone(),
                        _ => place,
                    };
                    let channels: Vec<_> =
                        Channel::STAFF.iter().map(|c| (c.code(), c.label(t))).collect();
                    let urgencies: Vec<_> =
                        Urgency::ALL.iter().map(|u| (u.code(), u.label(t))).collect();
                    view! {
                        <section class="panel narrow">
                            <h1>{t.gv_new()}</h1>
                            <Flash/>
                            <form class="form" method="post" action="/grievances"
                                enctype="multipart/form-data">
                                {form.household.clone().map(|(id, head, _)| view! {
                                    <input type="hidden" name="household_id" value=id/>
                                    <p class="hint">{t.gv_for_household()}{head}</p>
                                })}
                                <label for="channel">{t.gv_field_channel()}</label>
                                <select id="channel" name="channel" required>
                                    {super::code_options(&channels, &channel)}
                                </select>
                                <label for="reporter_name">{t.gv_field_reporter_name()}</label>
                                <input id="reporter_name" name="reporter_name" required
                                    maxlength="32" autocomplete="off"/>
                                <label for="reporter_phone">{t.gv_field_reporter_phone()}</label>
                                <input id="reporter_phone" name="reporter_phone" type="tel"
                                    inputmode="tel" maxlength="20" autocomplete="off"/>
                                <label for="place_id">{t.gv_field_place()}</label>
                                <select id="place_id" name="place_id" required>
                                    <option value="">{t.users_choose()}</option>
                                    {place_options(&form.places, &place)}
                                </select>
                                <label for="category_id">{t.gv_field_category()}</label>
                                <select id="category_id" name="category_id" required>
                                    <option value="">{t.users_choose()}</option>
                                    {category_options(&form.categories, &category)}
                                </select>
                                <label for="urgency">{t.gv_field_urgency()}</label>
                                <select id="urgency" name="urgency">
                                    {super::code_options(&urgencies, &urgency)}
                                </select>
                                <label for="description">{t.gv_field_description()}</label>
                                <textarea id="description" name="description" rows="5"
                                    maxlength="4000" required>{description}</textarea>
                                <label for="files">{t.gv_field_files()}</label>
                                <input id="files" name="files" type="file" multiple
                                    accept="image/jpeg,image/png,application/pdf"/>
                                <p class="hint">{t.gv_form_kept_hint()}</p>
                                <button type="submit" class="button">{t.gv_register_submit()}</button>
                            </form>
                            <p><a href="/grievances">{t.gv_back()}</a></p>
                        </section>
                    }
                        .into_any()
                }))
            }}
        </Suspense>
    }
}
