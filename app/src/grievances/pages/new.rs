//! `/grievances/new`: staff register a case that came in by walk-in, letter, phone/12345 or
//! online (a visit's concern becomes a case from the household page instead). One multipart
//! form to `POST /grievances` with up to five attachments; `?household=<id>` links the case to
//! a registered household and starts from its village.

use super::category_options;
use crate::flash::{Flash, LoadFailed};
use crate::grievances::kinds::{Channel, Urgency};
use crate::grievances::model::CategoryView;
use crate::households::pickers::{PlaceOption, place_options};
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
    let (places, _) = crate::households::pickers::server::places_and_tags(&db, &actor, &kinds)
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
    // What the form held when it came back: everything typed, and the files the server kept
    // for the retry (`attachments` is their id, `attachment` one `size:name` per file).
    let (typed, kept) = use_query_map().with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        let typed = [
            get("household"),
            get("channel"),
            get("place_id"),
            get("category_id"),
            get("urgency"),
            get("description"),
            get("reporter_name"),
            get("reporter_phone"),
        ];
        let files = p.get_all("attachment").unwrap_or_default();
        (typed, KeptFiles::from_refill(get("attachments"), files))
    });
    let loaded = crate::session::load_once(load_new_case(typed[0].clone()));
    view! {
        <Title text=format!("{} · {}", t.gv_new(), t.app_name())/>
        <Suspense>
            {move || {
                let [_, channel, place, category, urgency, description, name, phone] =
                    typed.clone();
                let kept = kept.clone();
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
                                    maxlength="32" autocomplete="off" value=name/>
                                <label for="reporter_phone">{t.gv_field_reporter_phone()}</label>
                                <input id="reporter_phone" name="reporter_phone" type="tel"
                                    inputmode="tel" maxlength="20" autocomplete="off" value=phone/>
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
                                    maxlength="4000" required>{crate::html::textarea(&description)}</textarea>
                                {kept.view(t)}
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

/// The files a refused registration left waiting on the server: their id, and per file its
/// size and name, as the refill describes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct KeptFiles {
    id: String,
    files: Vec<(u64, String)>,
}

impl KeptFiles {
    fn from_refill(id: String, described: Vec<String>) -> KeptFiles {
        let files = described
            .iter()
            .filter_map(|d| {
                let (size, name) = d.split_once(':')?;
                Some((size.parse().ok()?, name.to_owned()))
            })
            .collect();
        KeptFiles { id, files }
    }

    /// One ticked checkbox per file (unticked, it is left out), and the id to send back.
    fn view(self, t: crate::i18n::Texts) -> Option<impl IntoView + use<>> {
        if self.id.is_empty() || self.files.is_empty() {
            return None;
        }
        let boxes = self
            .files
            .into_iter()
            .enumerate()
            .map(|(i, (size, name))| {
                let label = format!("{name}（{}）", file_size(size));
                view! {
                    <label class="check">
                        <input type="checkbox" name=format!("kept_file.{i}") value="1" checked/>
                        {label}
                    </label>
                }
            })
            .collect_view();
        Some(view! {
            <fieldset class="field-group">
                <legend>{t.gv_kept_files()}</legend>
                <input type="hidden" name="attachments" value=self.id/>
                {boxes}
                <p class="hint">{t.gv_kept_files_hint()}</p>
            </fieldset>
        })
    }
}

/// A file's size as people read it: `830 B`, `12 KB`, `3.4 MB`.
fn file_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{} KB", bytes.div_ceil(1024)),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::{KeptFiles, file_size};

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(file_size(830), "830 B");
        assert_eq!(file_size(12 * 1024 - 5), "12 KB");
        assert_eq!(file_size(3_565_158), "3.4 MB");
    }

    #[test]
    fn kept_files_are_read_from_the_refill_and_nonsense_is_left_out() {
        let kept = KeptFiles::from_refill(
            "abc".into(),
            vec!["120:灯.png".into(), "5:a:b.pdf".into(), "x:bad".into()],
        );
        assert_eq!(
            kept.files,
            vec![(120, "灯.png".to_owned()), (5, "a:b.pdf".to_owned())]
        );
    }
}
