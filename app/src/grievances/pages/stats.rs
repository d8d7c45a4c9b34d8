//! `/grievances/stats`: each unit's numbers for the cases received in a period (the last 30
//! days by default), most overdue first, read from the rollup, with the rates worked out here;
//! the yellow cards (黄牌警告) issued in the period; and, for county leaders, the form to issue
//! one to a slow unit (`POST /yellow-cards`).

use super::{Choice, choice_options};
use crate::flash::{Flash, LoadFailed};
use crate::grievances::model::{CardLine, UnitStats};
use crate::i18n::use_texts;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsData {
    pub from: String,
    pub until: String,
    pub rows: Vec<UnitStats>,
    pub cards: Vec<CardLine>,
    /// The caller may issue a yellow card.
    pub can_card: bool,
}

#[server(endpoint = "grievances_stats")]
pub async fn load_stats(from: String, until: String) -> Result<StatsData, ServerFnError> {
    use crate::access::Action;
    use crate::error::{AppError, Reason};
    use crate::format;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let day = |field: &'static str, raw: &str| match raw.trim() {
        "" => Ok(None),
        d => format::parse_date(d)
            .map(Some)
            .ok_or(AppError::invalid(field, Reason::BadDate)),
    };
    let (first, last) = crate::grievances::stats::default_period(format::today());
    let from = day("from", &from).or_page()?.unwrap_or(first);
    let until = day("until", &until).or_page()?.unwrap_or(last);
    if from > until {
        return Err(AppError::invalid("until", Reason::BadDateRange)).or_page();
    }
    let rows = crate::grievances::stats::by_unit(&db, &actor, from, until)
        .await
        .or_page()?;
    let cards = crate::grievances::stats::cards(&db, &actor, from, until)
        .await
        .or_page()?;
    Ok(StatsData {
        from: format::date(from),
        until: format::date(until),
        rows,
        cards,
        can_card: actor.can(Action::GrievancesSupervise),
    })
}

/// `12.5%`, or `—` when there is nothing to divide.
fn rate(part: i64, whole: i64) -> String {
    UnitStats::percent(part, whole).map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
}

#[component]
pub fn StatsPage() -> impl IntoView {
    let t = use_texts();
    let (from, until, reason) = use_query_map().with_untracked(|p| {
        (
            p.get("from").unwrap_or_default(),
            p.get("until").unwrap_or_default(),
            p.get("reason").unwrap_or_default(),
        )
    });
    let loaded = crate::session::load_once(load_stats(from, until));
    view! {
        <Title text=format!("{} · {}", t.gv_stats_title(), t.app_name())/>
        <div class="page-head">
            <h1>{t.gv_stats_title()}</h1>
            <a href="/grievances">{t.gv_ledger_title()}</a>
        </div>
        <Flash/>
        <Suspense>
            {move || {
                let reason = reason.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    let data = match loaded {
                        Ok(data) => data,
                        Err(e) => return view! { <LoadFailed error=e/> }.into_any(),
                    };
                    let units: Vec<Choice> = data
                        .rows
                        .iter()
                        .map(|r| Choice { id: r.unit_id.clone(), name: r.unit.clone() })
                        .collect();
                    let rows = data
                        .rows
                        .iter()
                        .map(|r| {
                            let overdue = if r.overdue_now > 0 { "num overdue" } else { "num" };
                            view! {
                                <tr>
                                    <td>{r.unit.clone()}</td>
                                    <td data-label=t.gv_stats_overdue() class=overdue>{r.overdue_now}</td>
                                    <td data-label=t.gv_stats_received() class="num">{r.received}</td>
                                    <td data-label=t.gv_stats_accepted_on_time() class="num">{rate(r.accepted_on_time, r.accepted)}</td>
                                    <td data-label=t.gv_stats_closed_on_time() class="num">{rate(r.closed_on_time, r.closed)}</td>
                                    <td data-label=t.gv_stats_satisfaction() class="num">{rate(r.satisfied, r.followed_up)}</td>
                                    <td data-label=t.gv_stats_redo() class="num">{rate(r.redone, r.followed_up)}</td>
                                    <td data-label=t.gv_stats_repeat() class="num">{rate(r.repeats, r.received)}</td>
                                    <td data-label=t.gv_stats_cards() class="num">{r.yellow_cards}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    let issued = (!data.cards.is_empty()).then(|| {
                        let lines = data
                            .cards
                            .iter()
                            .map(|c| {
                                let case = c.grievance_id.clone().zip(c.grievance_code.clone());
                                view! {
                                    <li>
                                        <strong>{c.unit.clone()}</strong>
                                        " · "{c.issued_on.clone()}" · "{c.reason.clone()}
                                        {case.map(|(id, code)| view! {
                                            " · "<a href=format!("/grievances/{id}")>{code}</a>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <section class="panel" aria-labelledby="issued">
                                <h2 id="issued">{t.gv_cards_issued()}</h2>
                                <ul>{lines}</ul>
                            </section>
                        }
                    });
                    let card = data.can_card.then(|| view! {
                        <section class="panel" aria-labelledby="card">
                            <h2 id="card">{t.gv_card_title()}</h2>
                            <form class="form narrow-left" method="post" action="/yellow-cards">
                                <label for="card-unit">{t.gv_card_unit()}</label>
                                <select id="card-unit" name="unit_id" required>
                                    <option value="">{t.users_choose()}</option>
                                    {choice_options(&units, "")}
                                </select>
                                <label for="card-reason">{t.gv_card_reason()}</label>
                                <textarea id="card-reason" name="reason" rows="3" maxlength="2000"
                                    required>{reason.clone()}</textarea>
                                <button type="submit" class="button">{t.gv_card_submit()}</button>
                            </form>
                        </section>
                    });
                    view! {
                        <form class="toolbar" method="get" action="/grievances/stats">
                            <label>
                                {t.gv_stats_from()}
                                <input type="date" name="from" value=data.from.clone()/>
                            </label>
                            <label>
                                {t.gv_stats_until()}
                                <input type="date" name="until" value=data.until.clone()/>
                            </label>
                            <button type="submit" class="button">{t.gv_stats_submit()}</button>
                        </form>
                        <div class="stack">
                            {if data.rows.is_empty() {
                                view! { <p class="muted">{t.gv_stats_none()}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="data figures">
                                            <thead>
                                                <tr>
                                                    <th>{t.gv_stats_unit()}</th>
                                                    <th>{t.gv_stats_overdue()}</th>
                                                    <th>{t.gv_stats_received()}</th>
                                                    <th>{t.gv_stats_accepted_on_time()}</th>
                                                    <th>{t.gv_stats_closed_on_time()}</th>
                                                    <th>{t.gv_stats_satisfaction()}</th>
                                                    <th>{t.gv_stats_redo()}</th>
                                                    <th>{t.gv_stats_repeat()}</th>
                                                    <th>{t.gv_stats_cards()}</th>
                                                </tr>
                                            </thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </div>
                                    <p class="hint">{t.gv_stats_hint()}</p>
                                }
                                    .into_any()
                            }}
                            {issued}
                            {card}
                        </div>
                    }
                        .into_any()
                }))
            }}
        </Suspense>
    }
}
