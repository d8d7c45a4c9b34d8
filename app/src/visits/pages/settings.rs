//! `/settings/visits`: the county's visit lists for those who keep them (county admins):
//! household tags, must-visit events (五必访) with their due days, the policies a visit can
//! deliver, and the days until a 补访 is due. Each list is one form posting to
//! `/settings/visits/{kind}` (server `forms::campaigns::save_settings`): every row with its
//! label and an "in use" box (entries are never deleted, only retired), plus an empty row to
//! add one.

use crate::flash::Flash;
use crate::i18n::{Texts, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// One entry of a list as the form shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceRow {
    pub code: String,
    pub label: String,
    pub days: Option<i32>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsData {
    pub tags: Vec<ChoiceRow>,
    pub triggers: Vec<ChoiceRow>,
    pub policies: Vec<ChoiceRow>,
    pub follow_up_days: i32,
}

#[server(endpoint = "visit_settings_page")]
pub async fn load_visit_settings() -> Result<SettingsData, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    if !actor.can(Action::VisitSettings) {
        let denied = AppError::Denied {
            action: Action::VisitSettings,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    let s = crate::visits::options::settings(&db, &actor)
        .await
        .or_page()?;
    let rows = |list: Vec<crate::visits::options::Choice>| {
        list.into_iter()
            .map(|c| ChoiceRow {
                code: c.code,
                label: c.label,
                days: c.days,
                active: c.active,
            })
            .collect()
    };
    Ok(SettingsData {
        tags: rows(s.tags),
        triggers: rows(s.triggers),
        policies: rows(s.policies),
        follow_up_days: s.follow_up_days,
    })
}

#[component]
pub fn VisitSettingsPage() -> impl IntoView {
    let t = use_texts();
    // After a refused save: which list, and the new row as typed.
    let typed = use_query_map().with_untracked(|p| {
        p.get("error").map(|_| {
            let get = |k: &str| p.get(k).unwrap_or_default();
            (get("form"), get("label"), get("days"))
        })
    });
    view! {
        <Title text=format!("{} · {}", t.visit_settings_title(), t.app_name())/>
        {crate::ui::loaded(
            load_visit_settings(),
            Some(t.visit_settings_title()),
            move |data| {
                let typed = typed.clone();
                view! { <SettingsView data typed/> }
            },
        )}
    }
}

/// One list's form: a row per entry, then an empty row to add one.
fn list_form(
    t: Texts,
    kind: &'static str,
    heading: &'static str,
    hint: &'static str,
    rows: Vec<ChoiceRow>,
    with_days: bool,
    typed: &Option<(String, String, String)>,
) -> AnyView {
    let (new_label, new_days) = match typed {
        Some((form, label, days)) if form == kind => (label.clone(), days.clone()),
        _ => (String::new(), String::new()),
    };
    let n = rows.len();
    let entries = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let days = row.days.map(|d| d.to_string()).unwrap_or_default();
            view! {
                <tr>
                    <td>
                        <input type="hidden" name=format!("code.{i}") value=row.code/>
                        <input name=format!("label.{i}") value=row.label required maxlength="32"
                            aria-label=t.visit_settings_col_label()/>
                    </td>
                    {with_days.then(|| view! {
                        <td data-label=t.visit_settings_col_days()>
                            <input class="days" type="number" min="1" max="90" step="1"
                                inputmode="numeric" name=format!("days.{i}") value=days required
                                aria-label=t.visit_settings_col_days()/>
                        </td>
                    })}
                    <td data-label=t.visit_settings_col_active()>
                        <label class="check">
                            <input type="checkbox" name=format!("active.{i}") value="1"
                                checked=row.active aria-label=t.visit_settings_active()/>
                        </label>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let new_days = if new_days.is_empty() && with_days {
        "3".to_owned()
    } else {
        new_days
    };
    view! {
        <section class="panel" aria-labelledby=format!("list-{kind}")>
            <h2 id=format!("list-{kind}")>{heading}</h2>
            <p class="hint">{hint}</p>
            <form method="post" action=format!("/settings/visits/{kind}")>
                <div class="table-wrap">
                    <table class="data settings">
                        <thead>
                            <tr>
                                <th>{t.visit_settings_col_label()}</th>
                                {with_days.then(|| view! { <th>{t.visit_settings_col_days()}</th> })}
                                <th>{t.visit_settings_col_active()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries}
                            <tr>
                                <td>
                                    <input name=format!("label.{n}") value=new_label maxlength="32"
                                        placeholder=t.visit_settings_new_placeholder()
                                        aria-label=t.visit_settings_new_placeholder()/>
                                    <input type="hidden" name=format!("active.{n}") value="1"/>
                                </td>
                                {with_days.then(|| view! {
                                    <td data-label=t.visit_settings_col_days()>
                                        <input class="days" type="number" min="1" max="90" step="1"
                                            inputmode="numeric" name=format!("days.{n}")
                                            value=new_days aria-label=t.visit_settings_col_days()/>
                                    </td>
                                })}
                                <td></td>
                            </tr>
                        </tbody>
                    </table>
                </div>
                <button type="submit" class="button">{t.visit_settings_save()}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn SettingsView(data: SettingsData, typed: Option<(String, String, String)>) -> impl IntoView {
    let t = use_texts();
    let follow_up = match &typed {
        Some((form, _, days)) if form == "follow_up" && !days.is_empty() => days.clone(),
        _ => data.follow_up_days.to_string(),
    };
    view! {
        <div class="page-head">
            <h1>{t.visit_settings_title()}</h1>
        </div>
        <Flash/>
        <div class="stack">
            {list_form(
                t,
                "tag",
                t.visit_settings_tags(),
                t.visit_settings_tags_hint(),
                data.tags,
                false,
                &typed,
            )}
            {list_form(
                t,
                "trigger",
                t.visit_settings_triggers(),
                t.visit_settings_triggers_hint(),
                data.triggers,
                true,
                &typed,
            )}
            {list_form(
                t,
                "policy",
                t.visit_settings_policies(),
                t.visit_settings_policies_hint(),
                data.policies,
                false,
                &typed,
            )}
            <section class="panel" aria-labelledby="list-follow_up">
                <h2 id="list-follow_up">{t.visit_settings_follow_up()}</h2>
                <form class="form narrow-left" method="post" action="/settings/visits/follow_up">
                    <input type="hidden" name="code.0" value="days"/>
                    <input type="hidden" name="active.0" value="1"/>
                    <label for="follow_up_days">{t.visit_settings_follow_up_days()}</label>
                    <input id="follow_up_days" type="number" min="1" max="90" step="1"
                        inputmode="numeric" name="days.0" value=follow_up required/>
                    <p class="hint">{t.visit_settings_follow_up_hint()}</p>
                    <button type="submit" class="button">{t.visit_settings_save()}</button>
                </form>
            </section>
        </div>
    }
}
