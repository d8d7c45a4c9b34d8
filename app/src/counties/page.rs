//! `/counties`: the platform operator's screen. Every county with its status, a button per row
//! to suspend or reactivate it, and the form that sets up a new county with its first admin.
//! The forms post to `POST /counties` and `POST /counties/{code}/status` (server's
//! `http::forms::counties`), which answer with a redirect back here.

use crate::flash::{Flash, LoadFailed};
use crate::i18n::{Texts, use_texts};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// One county as the table shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyRow {
    pub code: String,
    pub name: String,
    pub province: String,
    pub city: String,
    pub active: bool,
    /// `YYYY-MM-DD HH:MM`, China time.
    pub created: String,
}

/// Every county, for the platform operator; anyone else gets "forbidden" (403).
#[server(endpoint = "console_counties")]
pub async fn counties_console() -> Result<Vec<CountyRow>, ServerFnError> {
    use crate::counties::{CountyStatus, manage};
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};

    let (db, actor) = signed_in(false)?;
    let list = manage::list(&db, &actor)
        .await
        // The screen's existence is no secret: say "not your role" rather than "not found".
        .map_err(|e| match e {
            AppError::Denied { action, .. } => AppError::Denied {
                action,
                hidden: false,
            },
            other => other,
        })
        .or_page()?;
    Ok(list
        .into_iter()
        .map(|c| CountyRow {
            active: c.status == CountyStatus::Active,
            created: crate::format::datetime(c.created_at),
            code: c.code,
            name: c.name,
            province: c.province,
            city: c.city,
        })
        .collect())
}

/// The typed values of a refused "new county" form, back from the query string (never the
/// password).
#[derive(Clone, Debug, Default)]
struct Refill {
    code: String,
    name: String,
    province: String,
    city: String,
    username: String,
    display_name: String,
}

#[component]
pub fn CountiesPage() -> impl IntoView {
    let t = use_texts();
    let refill = use_query_map().with_untracked(|q| {
        let get = |k: &str| q.get(k).unwrap_or_default();
        Refill {
            code: get("code"),
            name: get("name"),
            province: get("province"),
            city: get("city"),
            username: get("username"),
            display_name: get("display_name"),
        }
    });
    let loaded = crate::session::load_once(counties_console());
    view! {
        <Title text=format!("{} · {}", t.counties_title(), t.app_name())/>
        <Flash/>
        <div class="page-head">
            <h1>{t.counties_title()}</h1>
        </div>
        <Suspense>
            {move || {
                let refill = refill.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(rows) => {
                            view! {
                                <CountyTable rows=rows t=t/>
                                <NewCountyForm refill=refill t=t/>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! { <LoadFailed error=e/> }.into_any()
                        }
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn CountyTable(rows: Vec<CountyRow>, t: Texts) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{t.counties_empty()}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.county_code()}</th>
                        <th scope="col">{t.counties_col_name()}</th>
                        <th scope="col">{t.counties_col_province()}</th>
                        <th scope="col">{t.counties_col_city()}</th>
                        <th scope="col">{t.counties_col_status()}</th>
                        <th scope="col">{t.counties_col_created()}</th>
                        <th scope="col">{t.counties_col_actions()}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|c| {
                            let action = format!("/counties/{}/status", c.code);
                            let (badge, status_class, next, button) = if c.active {
                                (
                                    t.counties_status_active(),
                                    "badge",
                                    "suspended",
                                    t.counties_suspend(),
                                )
                            } else {
                                (
                                    t.counties_status_suspended(),
                                    "badge off",
                                    "active",
                                    t.counties_reactivate(),
                                )
                            };
                            let button_label = format!("{button} {}", c.name);
                            view! {
                                <tr>
                                    <td class="code">{c.code}</td>
                                    <td data-label=t.counties_col_name()>{c.name}</td>
                                    <td data-label=t.counties_col_province()>{c.province}</td>
                                    <td data-label=t.counties_col_city()>{c.city}</td>
                                    <td data-label=t.counties_col_status()>
                                        <span class=status_class>{badge}</span>
                                    </td>
                                    <td data-label=t.counties_col_created()>{c.created}</td>
                                    <td>
                                        <form class="inline-form" method="post" action=action>
                                            <input type="hidden" name="status" value=next/>
                                            <button
                                                type="submit"
                                                class="link-button"
                                                aria-label=button_label
                                            >
                                                {button}
                                            </button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewCountyForm(refill: Refill, t: Texts) -> impl IntoView {
    view! {
        <section class="panel console-form" aria-labelledby="new-county">
            <h2 id="new-county">{t.counties_new()}</h2>
            <form class="form" method="post" action="/counties">
                <label for="code">{t.county_code()}</label>
                <input
                    id="code"
                    name="code"
                    inputmode="numeric"
                    maxlength="6"
                    autocomplete="off"
                    required
                    value=refill.code
                />
                <p class="hint">{t.counties_code_hint()}</p>
                <label for="name">{t.counties_col_name()}</label>
                <input id="name" name="name" maxlength="64" required value=refill.name/>
                <label for="province">{t.counties_col_province()}</label>
                <input
                    id="province"
                    name="province"
                    maxlength="64"
                    required
                    value=refill.province
                />
                <label for="city">{t.counties_col_city()}</label>
                <input id="city" name="city" maxlength="64" required value=refill.city/>
                <h3>{t.counties_first_admin()}</h3>
                <label for="username">{t.counties_admin_username()}</label>
                <input
                    id="username"
                    name="username"
                    maxlength="32"
                    autocomplete="off"
                    autocapitalize="none"
                    required
                    value=refill.username
                />
                <label for="display_name">{t.counties_admin_display_name()}</label>
                <input
                    id="display_name"
                    name="display_name"
                    maxlength="32"
                    required
                    value=refill.display_name
                />
                <label for="password">{t.counties_admin_password()}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    required
                />
                <p class="hint">{t.counties_admin_password_hint()}</p>
                <button type="submit" class="button">{t.counties_create_submit()}</button>
            </form>
        </section>
    }
}
