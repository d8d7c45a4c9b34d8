//! `/grievances`: the ledger (问题台账) within the caller's reach. The filters are a GET form,
//! so a filtered ledger is a link; "next page" carries the keyset cursor; the export link
//! takes the same filters (`GET /api/v1/grievances/export`, which browsers reach with their
//! session cookies). Reporter names arrive masked.

use super::{Choice, category_options, choice_options, code_options, due_cell, flags};
use crate::flash::{Flash, LoadFailed};
use crate::grievances::kinds::{Channel, Status, Urgency};
use crate::grievances::model::{CaseLine, CategoryView};
use crate::households::pickers::{PlaceOption, place_options};
use crate::i18n::use_texts;
use crate::ui::query_string;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// Cases per page.
pub const PAGE_SIZE: u64 = 25;

/// The filters as they travel in the URL; empty is no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerQuery {
    pub status: String,
    pub category: String,
    pub unit: String,
    pub channel: String,
    pub urgency: String,
    pub overdue: String,
    pub repeat: String,
    pub supervised: String,
    pub place: String,
    pub from: String,
    pub until: String,
    pub code: String,
    pub after: String,
}

impl LedgerQuery {
    fn from_params(p: &ParamsMap) -> LedgerQuery {
        let get = |k: &str| p.get(k).unwrap_or_default();
        LedgerQuery {
            status: get("status"),
            category: get("category"),
            unit: get("unit"),
            channel: get("channel"),
            urgency: get("urgency"),
            overdue: get("overdue"),
            repeat: get("repeat"),
            supervised: get("supervised"),
            place: get("place"),
            from: get("from"),
            until: get("until"),
            code: get("code"),
            after: get("after"),
        }
    }

    /// The filters (not the cursor), for links.
    fn filters(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("status", &self.status),
            ("category", &self.category),
            ("unit", &self.unit),
            ("channel", &self.channel),
            ("urgency", &self.urgency),
            ("overdue", &self.overdue),
            ("repeat", &self.repeat),
            ("supervised", &self.supervised),
            ("place", &self.place),
            ("from", &self.from),
            ("until", &self.until),
            ("code", &self.code),
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub lines: Vec<CaseLine>,
    pub next: Option<String>,
    pub categories: Vec<CategoryView>,
    pub units: Vec<Choice>,
    pub places: Vec<PlaceOption>,
    pub can_export: bool,
    pub can_record: bool,
}

#[server(endpoint = "grievances_ledger")]
pub async fn load_ledger(query: LedgerQuery) -> Result<Ledger, ServerFnError> {
    use crate::access::Action;
    use crate::grievances::{categories, ledger};
    use crate::org::OrgKind;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let some = |s: &String| Some(s.clone());
    let filter = ledger::FilterQuery {
        status: some(&query.status),
        category: some(&query.category),
        unit: some(&query.unit),
        channel: some(&query.channel),
        urgency: some(&query.urgency),
        overdue: some(&query.overdue),
        repeat: some(&query.repeat),
        supervised: some(&query.supervised),
        place: some(&query.place),
        from: some(&query.from),
        until: some(&query.until),
        code: some(&query.code),
    }
    .parse()
    .or_page()?;
    let after = uuid::Uuid::parse_str(query.after.trim()).ok();
    let page = ledger::list(&db, &actor, &filter, after, PAGE_SIZE)
        .await
        .or_page()?;
    let categories = categories::list(&db, &actor).await.or_page()?;
    let units = super::server::handler_choices(&db, &actor)
        .await
        .or_page()?;
    let kinds = [OrgKind::County, OrgKind::Township, OrgKind::Village];
    let (places, _) = crate::households::pickers::server::places_and_tags(&db, &actor, &kinds)
        .await
        .or_page()?;
    Ok(Ledger {
        lines: page.lines,
        next: page.next,
        categories,
        units,
        places,
        can_export: actor.can(Action::LedgerExport),
        can_record: actor.can(Action::GrievancesRecord),
    })
}

#[component]
pub fn LedgerPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map().with_untracked(LedgerQuery::from_params);
    let loaded = crate::session::load_once(load_ledger(query.clone()));
    view! {
        <Title text=format!("{} · {}", t.gv_ledger_title(), t.app_name())/>
        <Suspense>
            {move || {
                let query = query.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(ledger) => view! { <LedgerView ledger query/> }.into_any(),
                        Err(e) => view! {
                            <div class="page-head"><h1>{t.gv_ledger_title()}</h1></div>
                            <LoadFailed error=e/>
                            <p><a href="/grievances">{t.gv_back()}</a></p>
                        }
                            .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn LedgerView(ledger: Ledger, query: LedgerQuery) -> impl IntoView {
    let t = use_texts();
    let filters = query.filters();
    let next = ledger.next.as_ref().map(|after| {
        let mut pairs = filters.clone();
        pairs.push(("after", after));
        format!("/grievances{}", query_string(&pairs))
    });
    let export = format!("/api/v1/grievances/export{}", query_string(&filters));
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.code(), s.label(t)))
        .collect::<Vec<_>>();
    let channels = Channel::ALL
        .iter()
        .map(|c| (c.code(), c.label(t)))
        .collect::<Vec<_>>();
    let urgencies = Urgency::ALL
        .iter()
        .map(|u| (u.code(), u.label(t)))
        .collect::<Vec<_>>();
    let rows = ledger
        .lines
        .iter()
        .map(|line| {
            let href = format!("/grievances/{}", line.id);
            let class = if line.alert == crate::grievances::kinds::Alert::Overdue {
                "overdue"
            } else {
                ""
            };
            view! {
                <tr class=class>
                    <td><a href=href>{line.code.clone()}</a> " " <span class="badge">{line.status.label(t)}</span></td>
                    {due_cell(t, line)}
                    <td data-label=t.grievance_col_place()>{line.place.clone()}</td>
                    <td data-label=t.grievance_col_category()>{line.category.clone()}</td>
                    <td class="wrap-cell" data-label=t.gv_col_summary()>{line.summary.clone()}</td>
                    <td data-label=t.grievance_col_lead()>{line.lead_unit.clone()}</td>
                    <td data-label=t.grievance_col_received()>{line.received.clone()}</td>
                    <td data-label=t.grievance_col_reporter()>{line.reporter.clone()}</td>
                    <td data-label=t.grievance_col_channel()>{line.channel.label(t)}</td>
                    <td data-label=t.grievance_col_urgency()>{line.urgency.label(t)}</td>
                    <td>{flags(t, line)}</td>
                </tr>
            }
        })
        .collect_view();
    let check = |name: &'static str, on: &str, label: &'static str| {
        view! {
            <label class="check">
                <input type="checkbox" name=name value="1" checked={on == "1"}/>
                {label}
            </label>
        }
    };
    view! {
        <div class="page-head">
            <h1>{t.gv_ledger_title()}</h1>
            <p class="actions">
                {ledger.can_export.then(|| view! {
                    <a class="button secondary" href=export>{t.gv_export()}</a>
                })}
                {ledger.can_record.then(|| view! {
                    <a class="button" href="/grievances/new">{t.gv_new()}</a>
                })}
            </p>
        </div>
        <Flash/>
        <form class="toolbar" method="get" action="/grievances">
            <label>
                {t.gv_filter_code()}
                <input type="search" name="code" value=query.code.clone() maxlength="16"
                    autocapitalize="characters" spellcheck="false"/>
            </label>
            <crate::filters::Filters active={filters.iter().any(|(k, v)| *k != "code" && !v.is_empty())}>
                <label>
                    {t.gv_filter_status()}
                    <select name="status">
                        <option value="">{t.gv_all()}</option>
                        {code_options(&statuses, &query.status)}
                    </select>
                </label>
                <label>
                    {t.gv_filter_category()}
                    <select name="category">
                        <option value="">{t.gv_all()}</option>
                        {category_options(&ledger.categories, &query.category)}
                    </select>
                </label>
                <label>
                    {t.gv_filter_unit()}
                    <select name="unit">
                        <option value="">{t.gv_all()}</option>
                        {choice_options(&ledger.units, &query.unit)}
                    </select>
                </label>
                <label>
                    {t.gv_filter_place()}
                    <select name="place">
                        <option value="">{t.gv_all()}</option>
                        {place_options(&ledger.places, &query.place)}
                    </select>
                </label>
                <label>
                    {t.gv_filter_channel()}
                    <select name="channel">
                        <option value="">{t.gv_all()}</option>
                        {code_options(&channels, &query.channel)}
                    </select>
                </label>
                <label>
                    {t.gv_filter_urgency()}
                    <select name="urgency">
                        <option value="">{t.gv_all()}</option>
                        {code_options(&urgencies, &query.urgency)}
                    </select>
                </label>
                <label>
                    {t.gv_filter_from()}
                    <input type="date" name="from" value=query.from.clone()/>
                </label>
                <label>
                    {t.gv_filter_until()}
                    <input type="date" name="until" value=query.until.clone()/>
                </label>
                {check("overdue", &query.overdue, t.gv_filter_overdue())}
                {check("repeat", &query.repeat, t.gv_filter_repeat())}
                {check("supervised", &query.supervised, t.gv_filter_supervised())}
            </crate::filters::Filters>
            <button type="submit" class="button">{t.gv_filter_submit()}</button>
        </form>
        {if ledger.lines.is_empty() {
            view! { <p class="muted">{t.gv_none()}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data">
                        <thead>
                            <tr>
                                <th>{t.grievance_col_code()} " · " {t.grievance_col_status()}</th>
                                <th>{t.grievance_col_due()}</th>
                                <th>{t.grievance_col_place()}</th>
                                <th>{t.grievance_col_category()}</th>
                                <th>{t.gv_col_summary()}</th>
                                <th>{t.grievance_col_lead()}</th>
                                <th>{t.grievance_col_received()}</th>
                                <th>{t.grievance_col_reporter()}</th>
                                <th>{t.grievance_col_channel()}</th>
                                <th>{t.grievance_col_urgency()}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {next.map(|href| view! { <p><a class="button secondary" href=href>{t.gv_next_page()}</a></p> })}
    }
}
