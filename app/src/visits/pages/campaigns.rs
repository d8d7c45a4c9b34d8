//! `/campaigns`: the visit campaigns for supervisors, and the create form for those who
//! manage them. Forms post to `/campaigns…` (server `forms::campaigns`) and answer with a
//! redirect back here.

use super::campaign::*;
use crate::flash::Flash;
use crate::households::pickers::{PlaceOption, TagOption, place_options, tag_checks};
use crate::i18n::use_texts;
use crate::visits::kinds::{CampaignStatus, VisitMode};
use crate::visits::model::Campaign;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignsList {
    pub campaigns: Vec<Campaign>,
    pub can_manage: bool,
    /// Where a new campaign may reach (county, townships, villages); empty unless managing.
    pub places: Vec<PlaceOption>,
    pub tags: Vec<TagOption>,
}

#[server(endpoint = "campaigns_list")]
pub async fn load_campaigns() -> Result<CampaignsList, ServerFnError> {
    use crate::access::Action;
    use crate::households::pickers::server::places_and_tags;
    use crate::org::OrgKind;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let campaigns = crate::visits::campaigns::list(&db, &actor)
        .await
        .or_page()?;
    let can_manage = actor.can(Action::CampaignsManage);
    let (places, tags) = if can_manage {
        let kinds = [OrgKind::County, OrgKind::Township, OrgKind::Village];
        let (places, tags) = places_and_tags(&db, &actor, &kinds).await.or_page()?;
        (places, tags.into_iter().filter(|t| t.active).collect())
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(CampaignsList {
        campaigns,
        can_manage,
        places,
        tags,
    })
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let t = use_texts();
    // After a refused create, what the form held.
    let typed = use_query_map().with_untracked(|p| {
        p.get("error").map(|_| {
            let get = |k: &str| p.get(k).unwrap_or_default();
            Typed {
                name: get("name"),
                starts_on: get("starts_on"),
                ends_on: get("ends_on"),
                unit: get("unit"),
                target_percent: get("target_percent"),
                tags: p.get_all("tags").unwrap_or_default(),
                modes: p.get_all("modes").unwrap_or_default(),
            }
        })
    });
    view! {
        <Title text=format!("{} · {}", t.campaigns_title(), t.app_name())/>
        {crate::ui::loaded(
            load_campaigns(),
            Some(t.campaigns_title()),
            move |list| {
                let typed = typed.clone();
                view! { <CampaignsView list typed/> }
            },
        )}
    }
}

#[derive(Clone, Debug, Default)]
pub(super) struct Typed {
    name: String,
    starts_on: String,
    ends_on: String,
    unit: String,
    target_percent: String,
    tags: Vec<String>,
    modes: Vec<String>,
}

#[component]
fn CampaignsView(list: CampaignsList, typed: Option<Typed>) -> impl IntoView {
    let t = use_texts();
    let empty = list.campaigns.is_empty();
    let rows = list
        .campaigns
        .into_iter()
        .map(|c| {
            let href = format!("/campaigns/{}", c.id);
            let dates = dates(&c);
            let status = c.status.label(t);
            let class = if c.status == CampaignStatus::Open {
                "badge"
            } else {
                "badge off"
            };
            view! {
                <tr>
                    <td><a href=href.clone()>{c.name}</a></td>
                    <td data-label=t.campaigns_col_scope()>{c.unit_name}</td>
                    <td data-label=t.campaigns_col_dates()>{dates}</td>
                    <td data-label=t.campaigns_col_status()><span class=class>{status}</span></td>
                    <td class="num" data-label=t.campaigns_col_target()>{c.target}</td>
                    <td><a href=href>{t.campaigns_coverage_link()}</a></td>
                </tr>
            }
        })
        .collect_view();
    let create = list.can_manage.then(|| {
        let refill = typed.is_some();
        let typed = typed.unwrap_or_else(|| Typed {
            target_percent: "100".into(),
            modes: vec![VisitMode::InPerson.code().to_owned()],
            ..Typed::default()
        });
        let modes = VisitMode::ALL
            .iter()
            .map(|m| {
                let checked = typed.modes.iter().any(|x| x == m.code());
                view! {
                    <label class="check">
                        <input type="checkbox" name="modes" value=m.code() checked=checked/>
                        {m.label(t)}
                    </label>
                }
            })
            .collect_view();
        view! {
            <section class="panel" aria-labelledby="create">
                <details open=refill>
                    <summary><h2 id="create" class="summary-title">{t.campaigns_new()}</h2></summary>
                    <form class="form console-form" method="post" action="/campaigns">
                        <label for="name">{t.campaigns_field_name()}</label>
                        <input id="name" name="name" value=typed.name required maxlength="64"
                            autocomplete="off"/>
                        <label for="starts_on">{t.campaigns_field_starts_on()}</label>
                        <input id="starts_on" name="starts_on" type="date" value=typed.starts_on
                            required/>
                        <label for="ends_on">{t.campaigns_field_ends_on()}</label>
                        <input id="ends_on" name="ends_on" type="date" value=typed.ends_on
                            required/>
                        <label for="unit">{t.campaigns_field_unit()}</label>
                        <select id="unit" name="unit" required>
                            <option value="">{t.users_choose()}</option>
                            {place_options(&list.places, &typed.unit)}
                        </select>
                        <fieldset class="field-group">
                            <legend>{t.campaigns_field_tags()}</legend>
                            {tag_checks(&list.tags, &typed.tags)}
                            <p class="hint">{t.campaigns_field_tags_hint()}</p>
                        </fieldset>
                        <fieldset class="field-group">
                            <legend>{t.campaigns_field_modes()}</legend>
                            <div class="checks">{modes}</div>
                        </fieldset>
                        <label for="target_percent">{t.campaigns_field_target_percent()}</label>
                        <input id="target_percent" name="target_percent" type="number" min="1"
                            max="100" step="1" inputmode="numeric" value=typed.target_percent
                            required/>
                        <p class="hint">{t.campaigns_create_hint()}</p>
                        <button type="submit" class="button">{t.campaigns_create_submit()}</button>
                    </form>
                </details>
            </section>
        }
        .into_any()
    });
    view! {
        <div class="page-head">
            <h1>{t.campaigns_title()}</h1>
        </div>
        <Flash/>
        <div class="stack">
            {if empty {
                view! { <p class="muted">{t.campaigns_none()}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th>{t.campaigns_col_name()}</th>
                                    <th>{t.campaigns_col_scope()}</th>
                                    <th>{t.campaigns_col_dates()}</th>
                                    <th>{t.campaigns_col_status()}</th>
                                    <th>{t.campaigns_col_target()}</th>
                                    <th>{t.campaigns_col_coverage()}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            {create}
        </div>
    }
}
