//! `/org` and `/org/{id}`: the org tree within the caller's reach, a search over it, and for
//! callers who manage the tree the forms to add a unit and to rename, move, deactivate or
//! reactivate one. The forms post to `POST /org` and `POST /org/{id}` (server's
//! `http::forms::org`), which answer with a redirect back here.

use super::OrgKind;
use crate::flash::{Flash, LoadFailed};
use crate::i18n::{Texts, use_texts};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One unit as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub id: String,
    pub parent_id: Option<String>,
    /// The parent's name, when the parent is within the caller's reach.
    pub parent_name: Option<String>,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    pub active: bool,
    pub children: u32,
    pub users: u32,
}

/// A unit offered as a parent in a select.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentChoice {
    pub id: String,
    pub name: String,
    pub code: String,
    pub kind: OrgKind,
}

/// What `/org` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgOverview {
    /// Every unit within reach, parents first.
    pub units: Vec<UnitRow>,
    /// The units matching `?q=`, when searching.
    pub matches: Option<Vec<UnitRow>>,
    /// Where a new unit may go; `None` when the caller may not create units.
    pub parents: Option<Vec<ParentChoice>>,
}

/// What `/org/{id}` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDetail {
    pub unit: UnitRow,
    /// The caller may edit this unit.
    pub manage: bool,
    /// The caller's own unit (or one above it): not to be moved or deactivated by them.
    pub own: bool,
    /// Where it may move (units of the same kind as its parent); empty when it cannot move.
    pub parents: Vec<ParentChoice>,
}

#[cfg(feature = "ssr")]
fn rows(units: Vec<super::tree::OrgUnitView>, names: &HashMap<uuid::Uuid, String>) -> Vec<UnitRow> {
    units
        .into_iter()
        .map(|u| UnitRow {
            id: u.id.to_string(),
            parent_id: u.parent_id.map(|p| p.to_string()),
            parent_name: u.parent_id.and_then(|p| names.get(&p).cloned()),
            kind: u.kind,
            code: u.code,
            name: u.name,
            active: u.active,
            children: u.children,
            users: u.users,
        })
        .collect()
}

/// The county first, then by code.
#[cfg(feature = "ssr")]
fn sorted(mut choices: Vec<ParentChoice>) -> Vec<ParentChoice> {
    choices.sort_by(|a, b| {
        (a.kind != OrgKind::County, &a.code).cmp(&(b.kind != OrgKind::County, &b.code))
    });
    choices
}

#[cfg(feature = "ssr")]
fn choice(u: &super::tree::OrgUnitView) -> ParentChoice {
    ParentChoice {
        id: u.id.to_string(),
        name: u.name.clone(),
        code: u.code.clone(),
        kind: u.kind,
    }
}

/// The tree within the caller's reach (inactive units too), the matches of `q`, and the
/// parents a new unit may have.
#[server(endpoint = "console_org")]
pub async fn org_console(q: String) -> Result<OrgOverview, ServerFnError> {
    use super::tree::{self, OrgFilter};
    use crate::access::Action;
    use crate::audit;
    use crate::session::{OrPage, signed_in};
    use crate::tenancy::Mode;

    let (db, actor) = signed_in(false)?;
    let q = q.trim().to_owned();
    let (all, found) = audit::guarded(&db, &actor, Mode::Read, async |tx| {
        let everything = OrgFilter {
            include_inactive: true,
            ..OrgFilter::default()
        };
        let all = tree::list(tx, &actor, &everything).await?;
        let found = if q.is_empty() {
            None
        } else {
            let filter = OrgFilter {
                q: Some(q.clone()),
                ..everything
            };
            Some(tree::list(tx, &actor, &filter).await?)
        };
        Ok((all, found))
    })
    .await
    .or_page()?;
    // Every role that manages units sees at least as far as it manages, so the parents come
    // from the same list; the form handler's domain call checks again.
    let parents = actor.can(Action::OrgManage).then(|| {
        sorted(
            all.iter()
                .filter(|u| u.active && matches!(u.kind, OrgKind::County | OrgKind::Township))
                .map(choice)
                .collect(),
        )
    });
    let names: HashMap<_, _> = all.iter().map(|u| (u.id, u.name.clone())).collect();
    Ok(OrgOverview {
        matches: found.map(|f| rows(f, &names)),
        units: rows(all, &names),
        parents,
    })
}

/// One unit within reach (another county's or out of reach: not found).
#[server(endpoint = "console_org_unit")]
pub async fn org_unit_console(id: String) -> Result<UnitDetail, ServerFnError> {
    use super::manage::parent_kind;
    use super::tree::{self, OrgFilter};
    use crate::access::{Action, Decision};
    use crate::audit;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    use crate::tenancy::Mode;

    let (db, actor) = signed_in(false)?;
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| AppError::NotFound)
        .or_page()?;
    let (unit, all) = audit::guarded(&db, &actor, Mode::Read, async |tx| {
        let unit = tree::find(tx, &actor, Action::OrgView, id).await?;
        let everything = OrgFilter {
            include_inactive: true,
            ..OrgFilter::default()
        };
        Ok((unit, tree::list(tx, &actor, &everything).await?))
    })
    .await
    .or_page()?;
    let manage = actor.decide(Action::OrgManage, Some(unit.target())) == Decision::Allow;
    let own = actor
        .home
        .as_ref()
        .is_some_and(|h| h.path.starts_with(&unit.path));
    let parents = if manage && !own {
        let wanted = parent_kind(unit.kind);
        sorted(
            all.iter()
                .filter(|u| Some(u.kind) == wanted && (u.active || Some(u.id) == unit.parent_id))
                .map(choice)
                .collect(),
        )
    } else {
        Vec::new()
    };
    let names: HashMap<_, _> = all.iter().map(|u| (u.id, u.name.clone())).collect();
    let counted = all.iter().find(|u| u.id == unit.id);
    let row = UnitRow {
        id: unit.id.to_string(),
        parent_id: unit.parent_id.map(|p| p.to_string()),
        parent_name: unit.parent_id.and_then(|p| names.get(&p).cloned()),
        kind: unit.kind,
        children: counted.map_or(0, |u| u.children),
        users: counted.map_or(0, |u| u.users),
        code: unit.code,
        name: unit.name,
        active: unit.active,
    };
    Ok(UnitDetail {
        unit: row,
        manage,
        own,
        parents,
    })
}

fn query(key: &str) -> String {
    use_query_map().with_untracked(|q| q.get(key).unwrap_or_default())
}

#[component]
pub fn OrgPage() -> impl IntoView {
    let t = use_texts();
    let q = query("q");
    // The typed values of a refused "new unit" form.
    let refill = NewUnitRefill {
        parent_id: query("parent_id"),
        code: query("code"),
        name: query("name"),
    };
    let loaded = crate::session::load_once(org_console(q.clone()));
    view! {
        <Title text=format!("{} · {}", t.org_title(), t.app_name())/>
        <Flash/>
        <div class="page-head">
            <h1>{t.org_title()}</h1>
        </div>
        <form class="toolbar" method="get" action="/org" role="search">
            <label>
                {t.org_search_label()}
                <input
                    type="search"
                    name="q"
                    value=q.clone()
                    placeholder=t.org_search_placeholder()
                />
            </label>
            <button type="submit" class="button">{t.org_search_submit()}</button>
            {(!q.trim().is_empty())
                .then(|| view! { <a class="button secondary" href="/org">{t.org_search_clear()}</a> })}
        </form>
        <Suspense>
            {move || {
                let refill = refill.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(data) => {
                            let body = match data.matches {
                                Some(found) => view! { <Matches rows=found t=t/> }.into_any(),
                                None => view! { <Tree units=data.units t=t/> }.into_any(),
                            };
                            let form = data
                                .parents
                                .map(|parents| {
                                    view! { <NewUnitForm parents=parents refill=refill t=t/> }
                                });
                            view! {
                                {body}
                                {form}
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

/// "下级单位 3 · 用户 5", and the badge of an inactive unit.
fn unit_facts(unit: &UnitRow, t: Texts) -> impl IntoView + use<> {
    let counts = format!(
        "{} {} · {} {}",
        t.org_children(),
        unit.children,
        t.org_users(),
        unit.users
    );
    view! {
        <span class="badge">{unit.kind.label(t)}</span>
        <span class="unit-counts">{counts}</span>
        {(!unit.active).then(|| view! { <span class="badge off">{t.org_inactive()}</span> })}
    }
}

fn unit_line(unit: &UnitRow, t: Texts) -> impl IntoView + use<> {
    view! {
        <a href=format!("/org/{}", unit.id)>{unit.name.clone()}</a>
        <span class="code">{unit.code.clone()}</span>
        {unit_facts(unit, t)}
    }
}

/// Where a unit sorts among its siblings: townships, then departments, then by code.
fn sibling_order(unit: &UnitRow) -> (u8, String) {
    let rank = match unit.kind {
        OrgKind::County => 0,
        OrgKind::Township => 1,
        OrgKind::Department => 2,
        OrgKind::Village => 3,
    };
    (rank, unit.code.clone())
}

/// The tree as nested `<details>`: the top (the county, or the caller's own unit) open, each
/// township expandable to its villages.
#[component]
fn Tree(units: Vec<UnitRow>, t: Texts) -> impl IntoView {
    if units.is_empty() {
        return view! { <p class="muted">{t.org_empty()}</p> }.into_any();
    }
    let ids: HashSet<String> = units.iter().map(|u| u.id.clone()).collect();
    let mut roots = Vec::new();
    let mut children: HashMap<String, Vec<UnitRow>> = HashMap::new();
    for unit in units {
        match unit.parent_id.clone().filter(|p| ids.contains(p)) {
            Some(parent) => children.entry(parent).or_default().push(unit),
            None => roots.push(unit),
        }
    }
    for list in children.values_mut() {
        list.sort_by_key(sibling_order);
    }
    roots.sort_by_key(sibling_order);
    let open = roots.len() == 1;
    view! {
        <ul class="tree panel">
            {roots
                .into_iter()
                .map(|root| branch(root, &mut children, open, t))
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn branch(
    unit: UnitRow,
    children: &mut HashMap<String, Vec<UnitRow>>,
    open: bool,
    t: Texts,
) -> AnyView {
    let kids = children.remove(&unit.id).unwrap_or_default();
    if kids.is_empty() {
        return view! {
            <li>
                <div class="unit-line">{unit_line(&unit, t)}</div>
            </li>
        }
        .into_any();
    }
    let nested: Vec<AnyView> = kids
        .into_iter()
        .map(|kid| branch(kid, children, false, t))
        .collect();
    view! {
        <li>
            <details open=open>
                <summary>{unit_line(&unit, t)}</summary>
                <ul>{nested}</ul>
            </details>
        </li>
    }
    .into_any()
}

/// Search results: a flat list with each unit's parent.
#[component]
fn Matches(rows: Vec<UnitRow>, t: Texts) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{t.org_search_none()}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.org_col_name()}</th>
                        <th scope="col">{t.org_col_code()}</th>
                        <th scope="col">{t.org_col_kind()}</th>
                        <th scope="col">{t.org_col_parent()}</th>
                        <th scope="col">{t.org_children()}</th>
                        <th scope="col">{t.org_users()}</th>
                        <th scope="col">{t.org_col_status()}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|u| {
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("/org/{}", u.id)>{u.name}</a>
                                    </td>
                                    <td data-label=t.org_col_code() class="code">{u.code}</td>
                                    <td data-label=t.org_col_kind()>{u.kind.label(t)}</td>
                                    <td data-label=t.org_col_parent()>{u.parent_name.unwrap_or_else(|| "—".into())}</td>
                                    <td data-label=t.org_children()>{u.children}</td>
                                    <td data-label=t.org_users()>{u.users}</td>
                                    <td data-label=t.org_col_status()>{status_badge(u.active, t)}</td>
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

fn status_badge(active: bool, t: Texts) -> impl IntoView + use<> {
    if active {
        view! { <span class="badge">{t.org_active()}</span> }
    } else {
        view! { <span class="badge off">{t.org_inactive()}</span> }
    }
}

#[derive(Clone, Debug, Default)]
struct NewUnitRefill {
    parent_id: String,
    code: String,
    name: String,
}

fn choice_label(p: &ParentChoice, t: Texts) -> String {
    format!("{} · {} · {}", p.name, p.kind.label(t), p.code)
}

#[component]
fn NewUnitForm(parents: Vec<ParentChoice>, refill: NewUnitRefill, t: Texts) -> impl IntoView {
    view! {
        <section class="panel console-form" aria-labelledby="new-unit">
            <h2 id="new-unit">{t.org_new()}</h2>
            <form class="form" method="post" action="/org">
                <label for="parent_id">{t.org_new_parent()}</label>
                <select id="parent_id" name="parent_id" required>
                    {parents
                        .into_iter()
                        .map(|p| {
                            let selected = p.id == refill.parent_id;
                            let label = choice_label(&p, t);
                            view! {
                                <option value=p.id selected=selected>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="hint">{t.org_new_parent_hint()}</p>
                <label for="code">{t.org_col_code()}</label>
                <input
                    id="code"
                    name="code"
                    maxlength="16"
                    autocomplete="off"
                    required
                    value=refill.code
                />
                <p class="hint">{t.org_new_code_hint()}</p>
                <label for="name">{t.org_col_name()}</label>
                <input id="name" name="name" maxlength="64" required value=refill.name/>
                <button type="submit" class="button">{t.org_new_submit()}</button>
            </form>
        </section>
    }
}

#[component]
pub fn OrgUnitPage() -> impl IntoView {
    let t = use_texts();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let refill_name = use_query_map().with_untracked(|q| q.get("name"));
    let refill_parent = use_query_map().with_untracked(|q| q.get("parent_id"));
    let loaded = crate::session::load_once(org_unit_console(id.clone()));
    view! {
        <Flash/>
        <Suspense>
            {move || {
                let refill_name = refill_name.clone();
                let refill_parent = refill_parent.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(detail) => {
                            view! {
                                <UnitView
                                    detail=detail
                                    refill_name=refill_name
                                    refill_parent=refill_parent
                                    t=t
                                />
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <Title text=format!("{} · {}", t.org_title(), t.app_name())/>
                                <LoadFailed error=e/>
                                <p>
                                    <a href="/org">{t.org_back()}</a>
                                </p>
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
fn UnitView(
    detail: UnitDetail,
    refill_name: Option<String>,
    refill_parent: Option<String>,
    t: Texts,
) -> impl IntoView {
    let UnitDetail {
        unit,
        manage,
        own,
        parents,
    } = detail;
    let title = format!("{} · {} · {}", unit.name, t.org_title(), t.app_name());
    let users_link = format!("/users?unit={}", unit.id);
    let action = format!("/org/{}", unit.id);
    let name = refill_name.unwrap_or_else(|| unit.name.clone());
    let current_parent = refill_parent
        .or_else(|| unit.parent_id.clone())
        .unwrap_or_default();
    let form = manage.then(|| {
        let moves = (!parents.is_empty()).then(|| {
            view! {
                <label for="parent_id">{t.org_col_parent()}</label>
                <select id="parent_id" name="parent_id">
                    {parents
                        .into_iter()
                        .map(|p| {
                            let selected = p.id == current_parent;
                            let label = choice_label(&p, t);
                            view! {
                                <option value=p.id selected=selected>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
        });
        // Not one's own unit (nor one above it): those stay put and stay active.
        let status = (!own).then(|| {
            view! {
                <input type="hidden" name="status_shown" value="1"/>
                <label class="unit-check">
                    <input type="checkbox" name="deactivated" value="1" checked=!unit.active/>
                    {t.org_edit_deactivate()}
                </label>
                <p class="hint">{t.org_edit_deactivate_hint()}</p>
            }
        });
        view! {
            <section class="panel console-form" aria-labelledby="edit-unit">
                <h2 id="edit-unit">{t.org_edit()}</h2>
                <form class="form" method="post" action=action>
                    <label for="name">{t.org_col_name()}</label>
                    <input id="name" name="name" maxlength="64" required value=name/>
                    {moves}
                    {status}
                    {own.then(|| view! { <p class="hint">{t.org_own_unit_hint()}</p> })}
                    <button type="submit" class="button">{t.org_edit_submit()}</button>
                </form>
            </section>
        }
    });
    view! {
        <Title text=title/>
        <div class="page-head">
            <h1>{unit.name.clone()}</h1>
            <a class="button secondary" href="/org">{t.org_back()}</a>
        </div>
        <section class="panel">
            <dl class="unit-facts">
                <dt>{t.org_col_code()}</dt>
                <dd class="code">{unit.code.clone()}</dd>
                <dt>{t.org_col_kind()}</dt>
                <dd>{unit.kind.label(t)}</dd>
                <dt>{t.org_col_parent()}</dt>
                <dd>
                    {match (unit.parent_id.clone(), unit.parent_name.clone()) {
                        (Some(id), Some(name)) => {
                            view! { <a href=format!("/org/{id}")>{name}</a> }.into_any()
                        }
                        _ => "—".into_any(),
                    }}
                </dd>
                <dt>{t.org_col_status()}</dt>
                <dd>{status_badge(unit.active, t)}</dd>
                <dt>{t.org_children()}</dt>
                <dd>{unit.children}</dd>
                <dt>{t.org_users()}</dt>
                <dd>
                    {unit.users} " " <a href=users_link>{t.org_users_link()}</a>
                </dd>
            </dl>
        </section>
        {form}
    }
}
