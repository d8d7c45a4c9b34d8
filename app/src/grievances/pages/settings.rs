//! `/settings/grievances`: the county admin's categories (two levels, each with its days to
//! decide and to handle), the routing rules (category → department) and the repeat window and
//! "due soon" days. Each category row is its own small form (inputs joined to it by the `form`
//! attribute, since a form cannot wrap a table row); the rules and the other settings are one
//! form each.

use super::{Choice, choice_options};
use crate::flash::{Flash, LoadFailed};
use crate::grievances::model::CategoryView;
use crate::i18n::{Texts, use_texts};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsData {
    pub categories: Vec<CategoryView>,
    /// (category id, department id) of every rule.
    pub rules: Vec<(String, String)>,
    pub departments: Vec<Choice>,
    pub repeat_days: i32,
    pub soon_days: i32,
}

#[server(endpoint = "grievances_settings")]
pub async fn load_settings() -> Result<SettingsData, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::grievances::{categories, routing};
    use crate::org::OrgKind;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    if !actor.can(Action::GrievanceSettings) {
        let denied = AppError::Denied {
            action: Action::GrievanceSettings,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    let categories = categories::list(&db, &actor).await.or_page()?;
    let rules = routing::list(&db, &actor)
        .await
        .or_page()?
        .into_iter()
        .map(|r| (r.category_id, r.unit_id))
        .collect();
    let departments = routing::handler_units(&db, &actor)
        .await
        .or_page()?
        .into_iter()
        .filter(|u| u.kind == OrgKind::Department)
        .map(|u| Choice {
            id: u.id.to_string(),
            name: u.name,
        })
        .collect();
    let (repeat_days, soon_days) = categories::read_settings(&db, &actor).await.or_page()?;
    Ok(SettingsData {
        categories,
        rules,
        departments,
        repeat_days,
        soon_days,
    })
}

/// Categories in taxonomy order: each top followed by its subcategories (depth 0 or 1).
fn ordered(cats: &[CategoryView]) -> Vec<(&CategoryView, usize)> {
    cats.iter()
        .filter(|c| c.parent_id.is_none())
        .flat_map(|top| {
            std::iter::once((top, 0)).chain(
                cats.iter()
                    .filter(|c| c.parent_id.as_deref() == Some(top.id.as_str()))
                    .map(|c| (c, 1)),
            )
        })
        .collect()
}

#[component]
pub fn GrievanceSettingsPage() -> impl IntoView {
    let t = use_texts();
    // The add form as typed when it came back (`form=add`).
    let typed = use_query_map().with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        (get("form") == "add").then(|| {
            [
                get("parent_id"),
                get("name"),
                get("accept_days"),
                get("handle_days"),
            ]
        })
    });
    let loaded = crate::session::load_once(load_settings());
    view! {
        <Title text=format!("{} · {}", t.gv_settings_title(), t.app_name())/>
        <div class="page-head"><h1>{t.gv_settings_title()}</h1></div>
        <Flash/>
        <Suspense>
            {move || {
                let typed = typed.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(data) => view! { <SettingsView data typed/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn SettingsView(data: SettingsData, typed: Option<[String; 4]>) -> impl IntoView {
    let t = use_texts();
    let rows = ordered(&data.categories)
        .into_iter()
        .map(|(c, depth)| category_row(t, c, depth))
        .collect_view();
    let rules = ordered(&data.categories)
        .into_iter()
        .map(|(c, depth)| {
            let current = data
                .rules
                .iter()
                .find(|(cat, _)| cat == &c.id)
                .map(|(_, unit)| unit.clone())
                .unwrap_or_default();
            let label = format!("{}{}", "\u{3000}".repeat(depth), c.name);
            view! {
                <tr>
                    <td>{label.clone()}</td>
                    <td data-label=t.gv_lead()>
                        <select name=format!("rule.{}", c.id) aria-label=label>
                            <option value="">{t.gv_settings_no_rule()}</option>
                            {choice_options(&data.departments, &current)}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let tops: Vec<Choice> = data
        .categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| Choice {
            id: c.id.clone(),
            name: c.name.clone(),
        })
        .collect();
    let [parent, name, accept, handle] =
        typed.unwrap_or_else(|| [String::new(), String::new(), "15".into(), "60".into()]);
    view! {
        <div class="stack">
            <section class="panel" aria-labelledby="cats">
                <h2 id="cats">{t.gv_settings_categories()}</h2>
                <p class="hint">{t.gv_settings_categories_hint()}</p>
                <div class="table-wrap">
                    <table class="data settings">
                        <thead>
                            <tr>
                                <th>{t.gv_settings_col_name()}</th>
                                <th>{t.gv_settings_col_accept()}</th>
                                <th>{t.gv_settings_col_handle()}</th>
                                <th>{t.gv_settings_col_active()}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <h3>{t.gv_settings_add()}</h3>
                <form class="form narrow-left" method="post" action="/settings/grievances/categories">
                    <label for="parent_id">{t.gv_settings_parent()}</label>
                    <select id="parent_id" name="parent_id">
                        <option value="">{t.gv_settings_top()}</option>
                        {choice_options(&tops, &parent)}
                    </select>
                    <label for="name">{t.gv_settings_col_name()}</label>
                    <input id="name" name="name" value=name required maxlength="32"/>
                    <label for="accept_days">{t.gv_settings_col_accept()}</label>
                    <input id="accept_days" name="accept_days" type="number" min="1" max="90"
                        inputmode="numeric" value=accept required/>
                    <label for="handle_days">{t.gv_settings_col_handle()}</label>
                    <input id="handle_days" name="handle_days" type="number" min="1" max="365"
                        inputmode="numeric" value=handle required/>
                    <button type="submit" class="button">{t.gv_settings_add()}</button>
                </form>
            </section>
            <section class="panel" aria-labelledby="rules">
                <h2 id="rules">{t.gv_settings_rules()}</h2>
                <p class="hint">{t.gv_settings_rules_hint()}</p>
                <form method="post" action="/settings/grievances/rules">
                    <div class="table-wrap">
                        <table class="data settings">
                            <thead>
                                <tr>
                                    <th>{t.gv_settings_col_name()}</th>
                                    <th>{t.gv_lead()}</th>
                                </tr>
                            </thead>
                            <tbody>{rules}</tbody>
                        </table>
                    </div>
                    <button type="submit" class="button">{t.gv_settings_save()}</button>
                </form>
            </section>
            <section class="panel" aria-labelledby="general">
                <h2 id="general">{t.gv_settings_general()}</h2>
                <form class="form narrow-left" method="post" action="/settings/grievances">
                    <label for="repeat_days">{t.gv_settings_repeat_days()}</label>
                    <input id="repeat_days" name="repeat_days" type="number" min="1" max="365"
                        inputmode="numeric" value=data.repeat_days.to_string() required/>
                    <label for="soon_days">{t.gv_settings_soon_days()}</label>
                    <input id="soon_days" name="soon_days" type="number" min="1" max="30"
                        inputmode="numeric" value=data.soon_days.to_string() required/>
                    <button type="submit" class="button">{t.gv_settings_save()}</button>
                </form>
            </section>
        </div>
    }
}

/// One category as its own form: the inputs in the row belong to the form in its last cell.
fn category_row(t: Texts, c: &CategoryView, depth: usize) -> impl IntoView + use<> {
    let form = format!("cat-{}", c.id);
    let label = format!("{}{}", "\u{3000}".repeat(depth), c.name);
    view! {
        <tr>
            <td>
                <input form=form.clone() name="name" value=c.name.clone() required maxlength="32"
                    aria-label=label/>
            </td>
            <td data-label=t.gv_settings_col_accept()>
                <input form=form.clone() class="days" type="number" min="1" max="90"
                    inputmode="numeric" name="accept_days" value=c.accept_days.to_string()
                    required aria-label=t.gv_settings_col_accept()/>
            </td>
            <td data-label=t.gv_settings_col_handle()>
                <input form=form.clone() class="days" type="number" min="1" max="365"
                    inputmode="numeric" name="handle_days" value=c.handle_days.to_string()
                    required aria-label=t.gv_settings_col_handle()/>
            </td>
            <td data-label=t.gv_settings_col_active()>
                <label class="check">
                    <input form=form.clone() type="checkbox" name="active" value="1"
                        checked=c.active aria-label=t.gv_settings_col_active()/>
                </label>
            </td>
            <td>
                <form id=form method="post" action=format!("/settings/grievances/categories/{}", c.id)>
                    <button type="submit" class="button secondary">{t.gv_settings_save()}</button>
                </form>
            </td>
        </tr>
    }
}
