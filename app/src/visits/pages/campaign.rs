//! `/campaigns/{id}`: coverage by unit and by cadre, drilling down with `?unit=`, and the
//! close and bulk-assign forms; each figure links to the households behind it (`drill_down`).

use super::drill_down::Show;
#[cfg(feature = "ssr")]
use super::{optional_id, parse_id};
use crate::flash::{Flash, LoadFailed};
use crate::households::pickers::{CadreChoice, PlaceOption, place_options};
use crate::i18n::{Texts, use_texts};
use crate::ui::query_string;
use crate::visits::kinds::CampaignStatus;
use crate::visits::model::{Campaign, Counts, Coverage, CoverageRow};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignDetail {
    pub coverage: Coverage,
    /// The caller may close the campaign and assign its tasks.
    pub can_manage: bool,
    /// For the assign form: the level's unit and the units below it.
    pub places: Vec<PlaceOption>,
    pub cadres: Vec<CadreChoice>,
}

#[server(endpoint = "campaigns_one")]
pub async fn load_campaign(id: String, unit: String) -> Result<CampaignDetail, ServerFnError> {
    use crate::access::Action;
    use crate::households::CADRE_ROLES;
    use crate::households::pickers::server::places_and_tags;
    use crate::org::OrgKind;
    use crate::session::{OrPage, signed_in};
    use crate::users::{UserFilter, list};
    let (db, actor) = signed_in(false)?;
    let id = parse_id(&id).or_page()?;
    let unit = optional_id(&unit).or_page()?;
    let coverage = crate::visits::coverage::coverage(&db, &actor, id, unit)
        .await
        .or_page()?;
    let mut detail = CampaignDetail {
        coverage,
        can_manage: false,
        places: Vec::new(),
        cadres: Vec::new(),
    };
    if !actor.can(Action::CampaignsManage) {
        return Ok(detail);
    }
    // Managed by the caller when its unit is within their reach (the units they see are the
    // units they manage campaigns in); decided here, so no refusal is provoked and audited.
    let kinds = [OrgKind::County, OrgKind::Township, OrgKind::Village];
    let (places, _) = places_and_tags(&db, &actor, &kinds).await.or_page()?;
    detail.can_manage = places
        .iter()
        .any(|p| p.id == detail.coverage.campaign.unit_id);
    if !detail.can_manage || detail.coverage.campaign.status != CampaignStatus::Open {
        return Ok(detail);
    }
    // The level's unit and everything below it (parents come before children).
    let mut below: std::collections::HashSet<String> =
        std::iter::once(detail.coverage.unit_id.clone()).collect();
    for p in &places {
        if p.parent_id
            .as_ref()
            .is_some_and(|parent| below.contains(parent))
        {
            below.insert(p.id.clone());
        }
    }
    detail.places = places
        .into_iter()
        .filter(|p| below.contains(&p.id))
        .collect();
    let level = parse_id(&detail.coverage.unit_id).or_page()?;
    for role in CADRE_ROLES {
        let filter = UserFilter {
            unit: Some(level),
            role: Some(role),
            active: Some(true),
            limit: 200,
            ..UserFilter::default()
        };
        let (accounts, _) = list(&db, &actor, &filter).await.or_page()?;
        detail
            .cadres
            .extend(accounts.into_iter().map(|u| CadreChoice {
                id: u.id.to_string(),
                name: u.display_name,
                unit_name: u.org_unit_name.unwrap_or_default(),
            }));
    }
    Ok(detail)
}

/// `2026-11-01 – 2026-11-30`
pub(super) fn dates(c: &Campaign) -> String {
    format!("{} – {}", c.starts_on, c.ends_on)
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let t = use_texts();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let unit = use_query_map().with_untracked(|p| p.get("unit").unwrap_or_default());
    let loaded = crate::session::load_once(load_campaign(id, unit));
    view! {
        <Title text=format!("{} · {}", t.campaigns_title(), t.app_name())/>
        <Suspense>
            {move || {
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(detail) => view! { <CampaignView detail/> }.into_any(),
                        Err(e) => {
                            view! {
                                <div class="page-head"><h1>{t.campaigns_title()}</h1></div>
                                <LoadFailed error=e/>
                                <p><a href="/campaigns">{t.campaigns_back()}</a></p>
                            }
                                .into_any()
                        }
                    }
                }))
            }}
        </Suspense>
    }
}

/// One row of a coverage table: each number links to the households behind it, at `drill`
/// (a unit id) and, for a cadre's row, held by `assignee`.
pub(super) fn coverage_row(
    t: Texts,
    campaign: &Campaign,
    name: AnyView,
    counts: &Counts,
    drill: Option<&str>,
    assignee: &str,
) -> impl IntoView + use<> {
    let cells = Show::ALL
        .into_iter()
        .map(|show| {
            let n = show.count(counts);
            let class = match show {
                Show::Overdue if n > 0 => "num overdue",
                _ => "num",
            };
            let cell = match drill {
                Some(unit) if n > 0 => {
                    let href = format!(
                        "/campaigns/{}/households{}",
                        campaign.id,
                        query_string(&[
                            ("unit", unit),
                            ("assignee", assignee),
                            ("show", show.code()),
                        ])
                    );
                    view! { <a href=href>{n}</a> }.into_any()
                }
                _ => view! { <span>{n}</span> }.into_any(),
            };
            view! { <td class=class data-label=show.label(t)>{cell}</td> }
        })
        .collect_view();
    let short = counts.coverage_permille() < i64::from(campaign.target_percent) * 10;
    let coverage = format!("{} / {}%", counts.coverage_text(), campaign.target_percent);
    view! {
        <tr>
            <td>{name}</td>
            <td class=if short { "num short" } else { "num" }
                data-label=t.campaigns_col_coverage_vs_target()>{coverage}</td>
            {cells}
        </tr>
    }
}

pub(super) fn coverage_head(t: Texts, first: &'static str) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th>{first}</th>
                <th>{t.campaigns_col_coverage_vs_target()}</th>
                {Show::ALL.into_iter().map(|s| view! { <th>{s.label(t)}</th> }).collect_view()}
            </tr>
        </thead>
    }
}

#[component]
fn CampaignView(detail: CampaignDetail) -> impl IntoView {
    let t = use_texts();
    let cov = detail.coverage;
    let c = cov.campaign.clone();
    let level = cov.unit_id.clone();
    let up = cov.parent_id.clone().map(|p| {
        let href = format!("/campaigns/{}?unit={p}", c.id);
        view! { <a href=href>{t.campaigns_up()}</a> }
    });
    let total_name = view! { <strong>{t.campaigns_total()}</strong> }.into_any();
    let total = coverage_row(t, &c, total_name, &cov.total, Some(&level), "");
    let units = cov
        .units
        .iter()
        .map(|row: &CoverageRow| {
            let name = if row.drill && !row.id.is_empty() {
                let href = format!("/campaigns/{}?unit={}", c.id, row.id);
                view! { <a href=href>{row.name.clone()}</a> }.into_any()
            } else {
                view! { <span>{row.name.clone()}</span> }.into_any()
            };
            let drill = (!row.id.is_empty()).then_some(row.id.as_str());
            coverage_row(t, &c, name, &row.counts, drill, "")
        })
        .collect_view();
    let cadres = cov
        .cadres
        .iter()
        .map(|row| {
            // Nobody's tasks cannot be filtered by assignee: the unassigned row has no links.
            let (name, drill) = if row.id.is_empty() {
                let name = view! { <span class="muted">{t.campaigns_unassigned()}</span> };
                (name.into_any(), None)
            } else {
                let name = view! { <span>{row.name.clone()}</span> };
                (name.into_any(), Some(level.as_str()))
            };
            coverage_row(t, &c, name, &row.counts, drill, &row.id)
        })
        .collect_view();
    let manage = (detail.can_manage && c.status == CampaignStatus::Open).then(|| {
        let close = format!("/campaigns/{}/close", c.id);
        let assign = format!("/campaigns/{}/assign", c.id);
        let cadre_options = detail
            .cadres
            .iter()
            .map(|k| {
                let label = format!("{}（{}）", k.name, k.unit_name);
                view! { <option value=k.id.clone()>{label}</option> }
            })
            .collect_view();
        view! {
            <section class="panel" aria-labelledby="assign">
                <h2 id="assign">{t.campaigns_assign_heading()}</h2>
                <p class="hint">{t.campaigns_assign_hint()}</p>
                <form class="form console-form" method="post" action=assign>
                    <label for="assign_unit">{t.campaigns_field_unit()}</label>
                    <select id="assign_unit" name="unit" required>
                        {place_options(&detail.places, &level)}
                    </select>
                    <label for="cadre">{t.campaigns_field_cadre()}</label>
                    <select id="cadre" name="cadre" required>
                        <option value="">{t.users_choose()}</option>
                        {cadre_options}
                    </select>
                    <button type="submit" class="button">{t.campaigns_assign_submit()}</button>
                </form>
            </section>
            <section class="panel" aria-labelledby="close">
                <h2 id="close">{t.campaigns_close_heading()}</h2>
                <p class="hint">{t.campaigns_close_hint()}</p>
                <form class="form console-form" method="post" action=close>
                    <button type="submit" class="button secondary">{t.campaigns_close_submit()}</button>
                </form>
            </section>
        }
        .into_any()
    });
    let status = c.status.label(t);
    let modes = c
        .modes
        .iter()
        .map(|m| m.label(t))
        .collect::<Vec<_>>()
        .join("、");
    let tags = if c.tags.is_empty() {
        t.campaigns_all_households().to_owned()
    } else {
        c.tags.join("、")
    };
    view! {
        <div class="page-head">
            <h1>{c.name.clone()}</h1>
            <a href="/campaigns">{t.campaigns_back()}</a>
        </div>
        <Flash/>
        <div class="stack">
            <section class="panel">
                <dl class="user-facts">
                    <dt>{t.campaigns_col_scope()}</dt>
                    <dd>{c.unit_name.clone()}</dd>
                    <dt>{t.campaigns_col_dates()}</dt>
                    <dd>{dates(&c)}</dd>
                    <dt>{t.campaigns_col_status()}</dt>
                    <dd>{status}</dd>
                    <dt>{t.campaigns_field_tags()}</dt>
                    <dd>{tags}</dd>
                    <dt>{t.campaigns_field_modes()}</dt>
                    <dd>{modes}</dd>
                    <dt>{t.campaigns_field_target_percent()}</dt>
                    <dd>{format!("{}%", c.target_percent)}</dd>
                </dl>
            </section>
            <section class="panel" aria-labelledby="by-unit">
                <div class="page-head">
                    <h2 id="by-unit">{t.campaigns_by_unit()}{" · "}{cov.unit_name.clone()}</h2>
                    {up}
                </div>
                <div class="table-wrap">
                    <table class="data coverage figures">
                        {coverage_head(t, t.campaigns_col_unit())}
                        <tbody>{units}{total}</tbody>
                    </table>
                </div>
            </section>
            <section class="panel" aria-labelledby="by-cadre">
                <h2 id="by-cadre">{t.campaigns_by_cadre()}</h2>
                {(cov.cadres_total > cov.cadres.len()).then(|| view! {
                    <p class="muted">{t.campaigns_cadres_shown(cov.cadres.len(), cov.cadres_total)}</p>
                })}
                {if cov.cadres.is_empty() {
                    view! { <p class="muted">{t.campaigns_no_cadres()}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="data coverage figures">
                                {coverage_head(t, t.campaigns_col_cadre())}
                                <tbody>{cadres}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }}
            </section>
            {manage}
        </div>
    }
}
