//! `/campaigns/{id}/households`: the households behind one figure of the coverage table
//! (`?show=` which figure, `unit=`, `assignee=`), keyset-paged.

#[cfg(feature = "ssr")]
use super::{optional_id, parse_id};
use crate::flash::LoadFailed;
use crate::i18n::{Texts, use_texts};
use crate::ui::query_string;
use crate::visits::model::{Campaign, Counts, TaskLine};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// Households shown per page of a drill-down.
pub const PAGE_SIZE: u64 = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillDown {
    pub campaign: Campaign,
    pub unit_name: String,
    pub assignee_name: Option<String>,
    pub rows: Vec<TaskLine>,
    pub next: Option<String>,
}

/// Which number of the coverage table a drill-down lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Show {
    Target,
    Visited,
    Met,
    NotMet,
    FollowUps,
    Overdue,
}

impl Show {
    pub const ALL: [Show; 6] = [
        Show::Target,
        Show::Visited,
        Show::Met,
        Show::NotMet,
        Show::FollowUps,
        Show::Overdue,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Show::Target => "target",
            Show::Visited => "visited",
            Show::Met => "met",
            Show::NotMet => "not_met",
            Show::FollowUps => "follow_ups",
            Show::Overdue => "overdue",
        }
    }

    /// Unknown codes list the whole target.
    pub fn from_code(code: &str) -> Show {
        Show::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or(Show::Target)
    }

    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Show::Target => t.campaigns_col_target(),
            Show::Visited => t.campaigns_col_visited(),
            Show::Met => t.campaigns_col_met(),
            Show::NotMet => t.campaigns_col_not_met(),
            Show::FollowUps => t.campaigns_col_follow_ups(),
            Show::Overdue => t.campaigns_col_overdue(),
        }
    }

    pub(super) fn count(self, c: &Counts) -> i64 {
        match self {
            Show::Target => c.target,
            Show::Visited => c.visited,
            Show::Met => c.met,
            Show::NotMet => c.not_met,
            Show::FollowUps => c.follow_ups,
            Show::Overdue => c.overdue,
        }
    }

    /// The task filter behind the number.
    #[cfg(feature = "ssr")]
    pub(super) fn filter(self) -> crate::visits::tasks::TaskFilter {
        use crate::visits::kinds::{TaskKind, TaskStatus};
        use crate::visits::tasks::TaskFilter;
        let campaign = TaskFilter {
            kind: Some(TaskKind::Campaign),
            ..TaskFilter::default()
        };
        match self {
            Show::Target => campaign,
            Show::Visited => TaskFilter {
                visited: Some(true),
                ..campaign
            },
            Show::Met => TaskFilter {
                met: Some(true),
                ..campaign
            },
            Show::NotMet => TaskFilter {
                visited: Some(true),
                met: Some(false),
                ..campaign
            },
            Show::FollowUps => TaskFilter {
                kind: Some(TaskKind::FollowUp),
                status: Some(TaskStatus::Open),
                ..TaskFilter::default()
            },
            Show::Overdue => TaskFilter {
                overdue: true,
                ..TaskFilter::default()
            },
        }
    }
}

#[server(endpoint = "campaigns_drill")]
pub async fn load_drill_down(
    id: String,
    unit: String,
    show: String,
    assignee: String,
    after: String,
) -> Result<DrillDown, ServerFnError> {
    use crate::access::Action;
    use crate::org::tree;
    use crate::session::{OrPage, signed_in};
    use crate::tenancy::Mode;
    let (db, actor) = signed_in(false)?;
    let id = parse_id(&id).or_page()?;
    let unit = optional_id(&unit).or_page()?;
    let assignee = optional_id(&assignee).or_page()?;
    let after = optional_id(&after).or_page()?;
    let campaign = crate::visits::campaigns::get(&db, &actor, id)
        .await
        .or_page()?;
    let unit_name = match unit {
        Some(u) => {
            crate::audit::guarded(&db, &actor, Mode::Read, async |tx| {
                tree::find(tx, &actor, Action::VisitsView, u).await
            })
            .await
            .or_page()?
            .name
        }
        None => String::new(),
    };
    let filter = crate::visits::tasks::TaskFilter {
        campaign: Some(id),
        unit,
        assignee,
        after,
        limit: PAGE_SIZE,
        ..Show::from_code(&show).filter()
    };
    let (rows, next) = crate::visits::tasks::list(&db, &actor, &filter)
        .await
        .or_page()?;
    let assignee_name = assignee.and_then(|a| {
        rows.iter()
            .find(|r| r.assignee_id.as_deref() == Some(&a.to_string()))
            .and_then(|r| r.assignee_name.clone())
    });
    Ok(DrillDown {
        campaign,
        unit_name,
        assignee_name,
        rows,
        next,
    })
}

#[component]
pub fn DrillDownPage() -> impl IntoView {
    let t = use_texts();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let (unit, show, assignee, after) = use_query_map().with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        (get("unit"), get("show"), get("assignee"), get("after"))
    });
    let loaded = crate::session::load_once(load_drill_down(
        id.clone(),
        unit.clone(),
        show.clone(),
        assignee.clone(),
        after,
    ));
    view! {
        <Title text=format!("{} · {}", t.campaigns_title(), t.app_name())/>
        <Suspense>
            {move || {
                let (id, unit, show, assignee) = (
                    id.clone(),
                    unit.clone(),
                    show.clone(),
                    assignee.clone(),
                );
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(data) => view! { <DrillDownView data unit show assignee/> }.into_any(),
                        Err(e) => {
                            let back = format!("/campaigns/{id}");
                            view! {
                                <div class="page-head"><h1>{t.campaigns_title()}</h1></div>
                                <LoadFailed error=e/>
                                <p><a href=back>{t.campaigns_back_to_coverage()}</a></p>
                            }
                                .into_any()
                        }
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn DrillDownView(data: DrillDown, unit: String, show: String, assignee: String) -> impl IntoView {
    let t = use_texts();
    let c = data.campaign;
    let which = Show::from_code(&show);
    let back = format!("/campaigns/{}{}", c.id, query_string(&[("unit", &unit)]));
    let next = data.next.map(|after| {
        format!(
            "/campaigns/{}/households{}",
            c.id,
            query_string(&[
                ("unit", &unit),
                ("assignee", &assignee),
                ("show", which.code()),
                ("after", &after)
            ])
        )
    });
    let mut heading = vec![which.label(t).to_owned()];
    if !data.unit_name.is_empty() {
        heading.push(data.unit_name.clone());
    }
    if let Some(name) = data.assignee_name.clone() {
        heading.push(name);
    }
    let empty = data.rows.is_empty();
    let rows = data
        .rows
        .into_iter()
        .map(|task| {
            let class = if task.overdue { "overdue" } else { "" };
            let href = format!("/households/{}", task.household_id);
            let state = if task.overdue {
                format!("{} · {}", task.status.label(t), t.campaigns_overdue_flag())
            } else if task.met {
                t.households_visit_met().to_owned()
            } else if task.visited {
                t.households_visit_not_met().to_owned()
            } else {
                task.status.label(t).to_owned()
            };
            view! {
                <tr class=class>
                    <td><a href=href>{task.head_name}</a></td>
                    <td data-label=t.campaigns_col_state()>{state}</td>
                    <td data-label=t.households_col_village()>{task.village_name}</td>
                    <td data-label=t.households_col_place()>{task.place}</td>
                    <td data-label=t.households_task_kind()>{task.kind.label(t)}</td>
                    <td data-label=t.households_task_assignee()>{task.assignee_name.unwrap_or_else(|| t.campaigns_unassigned().to_owned())}</td>
                    <td data-label=t.households_task_due()>{task.due_on}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="page-head">
            <h1>{c.name.clone()}</h1>
            <a href=back>{t.campaigns_back_to_coverage()}</a>
        </div>
        <p class="muted">{heading.join(" · ")}</p>
        {if empty {
            view! { <p class="muted">{t.campaigns_drill_none()}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data">
                        <thead>
                            <tr>
                                <th>{t.households_col_head()}</th>
                                <th>{t.campaigns_col_state()}</th>
                                <th>{t.households_col_village()}</th>
                                <th>{t.households_col_place()}</th>
                                <th>{t.households_task_kind()}</th>
                                <th>{t.households_task_assignee()}</th>
                                <th>{t.households_task_due()}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {next.map(|href| view! { <p><a class="button secondary" href=href>{t.users_next_page()}</a></p> })}
    }
}
