//! The household page's tables: members, open tasks, concerns, visits, must-visit events.

use super::*;

pub(super) fn members_table(
    t: Texts,
    id: &str,
    people: &[Member],
    can_reveal: bool,
    can_manage: bool,
    shown: Option<&Shown>,
) -> AnyView {
    if people.is_empty() {
        return view! { <p class="muted">{t.households_no_members()}</p> }.into_any();
    }
    let rows = people
        .iter()
        .map(|m| {
            let id_number = personal(
                t,
                id,
                Some(&m.id),
                Field::IdNumber,
                m.id_number.clone(),
                can_reveal,
                shown,
            );
            let phone = personal(
                t,
                id,
                Some(&m.id),
                Field::Phone,
                m.phone.clone(),
                can_reveal,
                shown,
            );
            let remove = (can_manage && m.relation != "户主").then(|| {
                let action = format!("/households/{id}/members/{}/remove", m.id);
                view! {
                    <form class="inline-form" method="post" action=action>
                        <button type="submit" class="link-button">{t.households_remove_member()}</button>
                    </form>
                }
            });
            view! {
                <tr>
                    <td>{m.name.clone()}</td>
                    <td data-label=t.households_member_relation()>{m.relation.clone()}</td>
                    <td data-label=t.households_member_gender()>{m.gender.clone()}</td>
                    <td data-label=t.households_member_birth_date()>{m.birth_date.clone()}</td>
                    <td data-label=t.households_member_id_number()>{id_number}</td>
                    <td data-label=t.households_col_phone()>{phone}</td>
                    <td>{remove}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.households_member_name()}</th>
                        <th>{t.households_member_relation()}</th>
                        <th>{t.households_member_gender()}</th>
                        <th>{t.households_member_birth_date()}</th>
                        <th>{t.households_member_id_number()}</th>
                        <th>{t.households_col_phone()}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Tasks with household, kind, why, assignee, due date; overdue ones in red.
pub fn task_table(t: Texts, tasks: Vec<TaskLine>) -> AnyView {
    if tasks.is_empty() {
        return view! { <p class="muted">{t.households_no_tasks()}</p> }.into_any();
    }
    let rows = tasks
        .into_iter()
        .map(|task| {
            let class = if task.overdue { "overdue" } else { "" };
            let why = task
                .reason
                .clone()
                .or(task.campaign_name.clone())
                .unwrap_or_default();
            let due = if task.overdue {
                format!("{} · {}", task.due_on, t.campaigns_overdue_flag())
            } else {
                task.due_on.clone()
            };
            view! {
                <tr class=class>
                    <td>{task.kind.label(t)}</td>
                    <td data-label=t.households_task_why()>{why}</td>
                    <td data-label=t.households_task_assignee()>{task.assignee_name.unwrap_or_else(|| t.campaigns_unassigned().to_owned())}</td>
                    <td data-label=t.households_task_due()>{due}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.households_task_kind()}</th>
                        <th>{t.households_task_why()}</th>
                        <th>{t.households_task_assignee()}</th>
                        <th>{t.households_task_due()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Each concern a visit raised: a link to its case, or (for those who record grievances) the
/// one-action "make it a case" form with its category.
pub(super) fn concern_list(
    t: Texts,
    household: &str,
    concerns: &[crate::visits::model::Concern],
    categories: &[crate::grievances::model::CategoryView],
) -> impl IntoView + use<> {
    let back = format!("/households/{household}");
    let items = concerns
        .iter()
        .map(|c| {
            let action = match &c.grievance_id {
                Some(g) => view! {
                    " " <a href=format!("/grievances/{g}")>{t.gv_concern_case()}</a>
                }
                .into_any(),
                None if !categories.is_empty() => view! {
                    <form class="toolbar" method="post"
                        action=format!("/concerns/{}/grievance", c.id)>
                        <input type="hidden" name="back" value=back.clone()/>
                        <label>
                            {t.gv_field_category()}
                            <select name="category_id" required>
                                <option value="">{t.users_choose()}</option>
                                {crate::grievances::pages::category_options(categories, "")}
                            </select>
                        </label>
                        <button type="submit" class="button secondary">{t.gv_from_concern()}</button>
                    </form>
                }
                .into_any(),
                None => ().into_any(),
            };
            view! { <li>{c.text.clone()}{action}</li> }
        })
        .collect_view();
    view! { <ul class="concerns">{items}</ul> }
}

pub(super) fn visit_table(
    t: Texts,
    household: &str,
    visits: Vec<VisitLine>,
    categories: &[crate::grievances::model::CategoryView],
) -> AnyView {
    if visits.is_empty() {
        return view! { <p class="muted">{t.households_no_visits()}</p> }.into_any();
    }
    let rows = visits
        .into_iter()
        .map(|v| {
            let met = if v.met {
                let attitude = v.attitude.map(|a| a.label(t)).unwrap_or_default();
                format!("{} {}", t.households_visit_met(), attitude)
                    .trim()
                    .to_owned()
            } else {
                t.households_visit_not_met().to_owned()
            };
            view! {
                <tr>
                    <td>{v.visited_at}</td>
                    <td data-label=t.households_visit_mode()>{v.mode.label(t)}</td>
                    <td data-label=t.households_visit_by()>{v.visitor_name}</td>
                    <td data-label=t.households_visit_result()>{met}</td>
                    <td class="wrap-cell" data-label=t.households_visit_notes()>{crate::html::cell(v.notes)}</td>
                    <td class="wrap-cell" data-label=t.ledger_col_concerns()>{concern_list(t, household, &v.concerns, categories)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.households_visit_at()}</th>
                        <th>{t.households_visit_mode()}</th>
                        <th>{t.households_visit_by()}</th>
                        <th>{t.households_visit_result()}</th>
                        <th>{t.households_visit_notes()}</th>
                        <th>{t.ledger_col_concerns()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

pub(super) fn event_table(t: Texts, events: Vec<EventLine>) -> AnyView {
    if events.is_empty() {
        return view! { <p class="muted">{t.households_no_events()}</p> }.into_any();
    }
    let rows = events
        .into_iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.occurred_on}</td>
                    <td data-label=t.households_event_what()>{e.label}</td>
                    <td class="wrap-cell" data-label=t.households_event_note()>{crate::html::cell(e.note)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.households_event_on()}</th>
                        <th>{t.households_event_what()}</th>
                        <th>{t.households_event_note()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
