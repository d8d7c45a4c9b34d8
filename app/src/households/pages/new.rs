//! `/households/new`: adding a household.

use super::*;

/// What the member form offers as relations (free text is accepted too).
pub(super) const RELATIONS: [&str; 10] = [
    "户主",
    "配偶",
    "子女",
    "父亲",
    "母亲",
    "儿媳",
    "女婿",
    "孙子女",
    "兄弟姐妹",
    "其他",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewHouseholdForm {
    /// Active villages in reach, with the townships above them for grouping.
    pub places: Vec<PlaceOption>,
    pub tags: Vec<TagOption>,
}

#[server(endpoint = "households_new")]
pub async fn load_new_household() -> Result<NewHouseholdForm, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    if !actor.can(Action::HouseholdsManage) {
        let denied = AppError::Denied {
            action: Action::HouseholdsManage,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    let (places, tags) =
        server::places_and_tags(&db, &actor, &[OrgKind::Township, OrgKind::Village])
            .await
            .or_page()?;
    Ok(NewHouseholdForm {
        places,
        tags: tags.into_iter().filter(|t| t.active).collect(),
    })
}

#[component]
pub fn NewHouseholdPage() -> impl IntoView {
    let t = use_texts();
    // What the form held when the server sent it back (never the phone or the ID number).
    let typed = use_query_map().with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        (
            [
                get("village"),
                get("group_name"),
                get("house_number"),
                get("address"),
                get("head_name"),
            ],
            p.get_all("tags").unwrap_or_default(),
        )
    });
    let loaded = crate::session::load_once(load_new_household());
    view! {
        <Title text=format!("{} · {}", t.households_new(), t.app_name())/>
        <Suspense>
            {move || {
                let ([village, group_name, house_number, address, head_name], chosen) = typed
                    .clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    let form = match loaded {
                        Ok(form) => form,
                        Err(e) => {
                            return view! {
                                <div class="page-head"><h1>{t.households_new()}</h1></div>
                                <LoadFailed error=e/>
                            }
                                .into_any();
                        }
                    };
                    // One village: chosen already.
                    let only = form.places.iter().filter(|u| u.kind == OrgKind::Village).count()
                        == 1;
                    let village = if only && village.is_empty() {
                        form.places
                            .iter()
                            .find(|u| u.kind == OrgKind::Village)
                            .map(|u| u.id.clone())
                            .unwrap_or_default()
                    } else {
                        village
                    };
                    view! {
                        <section class="panel narrow">
                            <h1>{t.households_new()}</h1>
                            <Flash/>
                            <form class="form" method="post" action="/households">
                                <label for="village">{t.households_field_village()}</label>
                                <select id="village" name="village" required>
                                    <option value="">{t.users_choose()}</option>
                                    {village_options(&form.places, &village)}
                                </select>
                                <label for="group_name">{t.households_field_group()}</label>
                                <input id="group_name" name="group_name" value=group_name
                                    maxlength="32" autocomplete="off"/>
                                <label for="house_number">{t.households_field_house_number()}</label>
                                <input id="house_number" name="house_number" value=house_number
                                    maxlength="32" autocomplete="off"/>
                                <label for="address">{t.households_field_address()}</label>
                                <input id="address" name="address" value=address maxlength="128"
                                    autocomplete="off"/>
                                <label for="head_name">{t.households_field_head_name()}</label>
                                <input id="head_name" name="head_name" value=head_name required
                                    maxlength="32" autocomplete="off"/>
                                <label for="phone">{t.households_field_phone()}</label>
                                <input id="phone" name="phone" type="tel" inputmode="tel"
                                    maxlength="20" autocomplete="off"/>
                                <label for="head_id_number">{t.households_field_head_id()}</label>
                                <input id="head_id_number" name="head_id_number" maxlength="18"
                                    autocomplete="off" autocapitalize="characters"
                                    spellcheck="false"/>
                                <p class="hint">{t.households_field_head_id_hint()}</p>
                                <fieldset class="field-group">
                                    <legend>{t.households_field_tags()}</legend>
                                    {tag_checks(&form.tags, &chosen)}
                                </fieldset>
                                <label for="notes">{t.households_field_notes()}</label>
                                <textarea id="notes" name="notes" maxlength="1000" rows="3"></textarea>
                                <p class="hint">{t.households_form_kept_hint()}</p>
                                <button type="submit" class="button">{t.households_create_submit()}</button>
                            </form>
                            <p><a href="/households">{t.households_back()}</a></p>
                        </section>
                    }
                        .into_any()
                }))
            }}
        </Suspense>
    }
}
