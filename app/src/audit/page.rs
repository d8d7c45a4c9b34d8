//! The audit log viewer (`/audit`, auditors only): filters in the URL, entries newest first,
//! keyset-paged with `before=`, and a link to the Excel export of everything the filters
//! match (`GET /audit/export`, server `forms::audit`, built by `audit::export`).

use super::model::{AuditLine, AuditLines, AuditQuery};
use super::{AuditAction, Outcome};
use crate::flash::Flash;
use crate::i18n::use_texts;
use crate::ui::query_string;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Entries shown per page.
pub const PAGE_SIZE: u64 = 50;

#[server(endpoint = "audit_list")]
pub async fn load_audit(query: AuditQuery) -> Result<AuditLines, ServerFnError> {
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let filter = query.filter(PAGE_SIZE);
    let page = super::list(&db, &actor, &filter).await.or_page()?;
    Ok(AuditLines {
        rows: page
            .rows
            .into_iter()
            .map(|r| AuditLine {
                seq: r.seq,
                at: crate::format::datetime(r.at),
                role: r
                    .actor_role
                    .as_deref()
                    .and_then(crate::access::Role::from_code),
                actor: r.actor_name,
                action: AuditAction::from_code(&r.action),
                action_code: r.action,
                target: r.target_label,
                outcome: Outcome::from_code(&r.outcome),
                outcome_code: r.outcome,
                ip: r.ip,
            })
            .collect(),
        next: page.next,
    })
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map().with_untracked(AuditQuery::from_params);
    view! {
        <Title text=format!("{} · {}", t.audit_title(), t.app_name())/>
        {crate::ui::loaded(
            load_audit(query.clone()),
            Some(t.audit_title()),
            move |lines| {
                let query = query.clone();
                view! { <AuditView lines query/> }
            },
        )}
    }
}

#[component]
fn AuditView(lines: AuditLines, query: AuditQuery) -> impl IntoView {
    let t = use_texts();
    let filters = query.filters();
    let export = format!("/audit/export{}", query_string(&filters));
    let older = lines.next.map(|before| {
        let before = before.to_string();
        let [a, b, c, d, e] = filters;
        format!(
            "/audit{}",
            query_string(&[a, b, c, d, e, ("before", &before)])
        )
    });
    let empty = lines.rows.is_empty();
    view! {
        <div class="page-head">
            <h1>{t.audit_title()}</h1>
            <a class="button secondary" href=export>{t.audit_export()}</a>
        </div>
        <p class="muted">{t.audit_lead()}</p>
        <Flash/>
        <form class="toolbar" method="get" action="/audit">
            <crate::filters::Filters active={[&query.from, &query.until, &query.actor, &query.action, &query.outcome].iter().any(|v| !v.is_empty())}>
                <label>
                    {t.audit_filter_from()}
                    <input type="date" name="from" value=query.from.clone()/>
                </label>
                <label>
                    {t.audit_filter_until()}
                    <input type="date" name="until" value=query.until.clone()/>
                </label>
                <label>
                    {t.audit_filter_actor()}
                    <input name="actor" value=query.actor.clone() maxlength="64" autocomplete="off"
                        autocapitalize="none" spellcheck="false"/>
                </label>
                <label>
                    {t.audit_filter_action()}
                    <select name="action">
                        <option value="">{t.audit_all_actions()}</option>
                        {AuditAction::ALL
                            .into_iter()
                            .map(|a| {
                                let selected = a.code() == query.action;
                                view! { <option value=a.code() selected=selected>{a.label(t)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {t.audit_filter_outcome()}
                    <select name="outcome">
                        <option value="">{t.audit_all_outcomes()}</option>
                        {Outcome::ALL
                            .into_iter()
                            .map(|o| {
                                let selected = o.code() == query.outcome;
                                view! { <option value=o.code() selected=selected>{o.label(t)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="button">{t.audit_filter_submit()}</button>
            </crate::filters::Filters>
        </form>
        <p class="hint">{t.audit_filter_dates_hint()}</p>
        {if empty {
            view! { <p class="muted">{t.audit_none()}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data">
                        <thead>
                            <tr>
                                <th>{t.audit_col_time()}</th>
                                <th>{t.audit_col_actor()}</th>
                                <th>{t.audit_col_action()}</th>
                                <th>{t.audit_col_target()}</th>
                                <th>{t.audit_col_outcome()}</th>
                                <th>{t.audit_col_ip()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {lines.rows.into_iter().map(|line| view! { <Line line/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {older.map(|href| view! { <p><a class="button secondary" href=href>{t.audit_older()}</a></p> })}
    }
}

#[component]
fn Line(line: AuditLine) -> impl IntoView {
    let t = use_texts();
    let who = match line.role {
        Some(role) => format!("{} · {}", line.actor, role.label(t)),
        None => line.actor,
    };
    let action = line
        .action
        .map_or(line.action_code, |a| a.label(t).to_owned());
    let (class, outcome) = match line.outcome {
        Some(Outcome::Success) => ("badge", Outcome::Success.label(t).to_owned()),
        Some(o) => ("badge off", o.label(t).to_owned()),
        None => ("badge", line.outcome_code),
    };
    view! {
        <tr data-seq=line.seq>
            <td>{line.at}</td>
            <td data-label=t.audit_col_actor()>{who}</td>
            <td data-label=t.audit_col_action()>{action}</td>
            <td data-label=t.audit_col_target()>{line.target}</td>
            <td data-label=t.audit_col_outcome()><span class=class>{outcome}</span></td>
            <td data-label=t.audit_col_ip()>{line.ip}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Locale;

    #[test]
    fn every_action_and_outcome_has_a_name() {
        for locale in Locale::ALL {
            let t = locale.texts();
            for action in super::AuditAction::ALL {
                assert!(!action.label(t).is_empty());
            }
            for outcome in super::Outcome::ALL {
                assert!(!outcome.label(t).is_empty());
            }
        }
    }
}
