//! The users console: `/users` (filters and a keyset-paged list), `/users/new` (create an
//! account) and `/users/{id}` (the account, its edit form and the password reset). Forms post
//! to `/users`, `/users/{id}` and `/users/{id}/password` (server `forms::users`), which answer
//! with a redirect back here, so everything works without JavaScript.

use crate::access::Role;
use crate::flash::{Flash, LoadFailed};
use crate::i18n::{Texts, use_texts};
use crate::ui::query_string;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// Accounts shown per page.
pub const PAGE_SIZE: u64 = 50;

/// The list's filters as they travel in the URL (`/users?unit=…&role=…&status=…&q=…&after=…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersQuery {
    pub unit: String,
    pub role: String,
    /// `active`, `inactive`, or empty for both.
    pub status: String,
    pub q: String,
    /// Keyset: usernames after this one.
    pub after: String,
}

impl UsersQuery {
    fn from_params(p: &ParamsMap) -> UsersQuery {
        let get = |k: &str| p.get(k).unwrap_or_default();
        UsersQuery {
            unit: get("unit"),
            role: get("role"),
            status: get("status"),
            q: get("q"),
            after: get("after"),
        }
    }

    /// The filters without the page position.
    fn filters(&self) -> [(&'static str, &str); 4] {
        [
            ("unit", &self.unit),
            ("role", &self.role),
            ("status", &self.status),
            ("q", &self.q),
        ]
    }
}

/// One account in a list or on its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: String,
    pub unit_name: String,
    pub active: bool,
    pub must_change_password: bool,
}

/// An org unit in a select, parents before children.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    pub id: String,
    pub name: String,
    /// 0 for the county, 1 for townships and departments, 2 for villages.
    pub depth: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersList {
    pub rows: Vec<UserRow>,
    /// The `after` of the next page, if there is one.
    pub next: Option<String>,
    pub units: Vec<UnitOption>,
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUserForm {
    /// The roles the caller may grant.
    pub roles: Vec<Role>,
    pub units: Vec<UnitOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetail {
    pub user: UserRow,
    /// The caller's own account: changed under "My account", not here.
    pub own: bool,
    /// The caller may edit the account and reset its password.
    pub can_edit: bool,
    pub roles: Vec<Role>,
    pub units: Vec<UnitOption>,
}

#[cfg(feature = "ssr")]
mod server {
    use super::{UnitOption, UserRow};
    use crate::access::Actor;
    use crate::error::AppError;
    use crate::org::tree::{self, OrgFilter};
    use crate::tenancy::Mode;
    use crate::users::UserView;
    use sea_orm::DatabaseConnection;
    use uuid::Uuid;

    pub fn row(u: UserView) -> UserRow {
        UserRow {
            id: u.id.to_string(),
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            unit_id: u.org_unit_id.map(|id| id.to_string()).unwrap_or_default(),
            unit_name: u.org_unit_name.unwrap_or_default(),
            active: u.active,
            must_change_password: u.must_change_password,
        }
    }

    /// The active units within the caller's reach, plus `keep` (an account's current unit)
    /// even when it has been deactivated.
    pub async fn units(
        db: &DatabaseConnection,
        actor: &Actor,
        keep: Option<Uuid>,
    ) -> Result<Vec<UnitOption>, AppError> {
        let filter = OrgFilter {
            include_inactive: keep.is_some(),
            ..OrgFilter::default()
        };
        let units = crate::audit::guarded(db, actor, Mode::Read, async |tx| {
            tree::list(tx, actor, &filter).await
        })
        .await?;
        Ok(units
            .into_iter()
            .filter(|u| u.active || Some(u.id) == keep)
            .map(|u| UnitOption {
                id: u.id.to_string(),
                name: u.name,
                depth: u.depth,
            })
            .collect())
    }
}

#[server(endpoint = "users_list")]
pub async fn load_users(query: UsersQuery) -> Result<UsersList, ServerFnError> {
    use crate::access::Action;
    use crate::session::{OrPage, signed_in};
    use crate::users::{UserFilter, list};
    let (db, actor) = signed_in(false)?;
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let filter = UserFilter {
        unit: uuid::Uuid::parse_str(query.unit.trim()).ok(),
        role: Role::from_code(query.role.trim()).filter(|r| !r.is_platform()),
        active: match query.status.as_str() {
            "active" => Some(true),
            "inactive" => Some(false),
            _ => None,
        },
        q: text(&query.q),
        after: text(&query.after),
        limit: PAGE_SIZE,
    };
    let (rows, next) = list(&db, &actor, &filter).await.or_page()?;
    let units = server::units(&db, &actor, None).await.or_page()?;
    Ok(UsersList {
        rows: rows.into_iter().map(server::row).collect(),
        next,
        units,
        can_manage: actor.can(Action::UsersManage),
    })
}

#[server(endpoint = "users_new")]
pub async fn load_new_user() -> Result<NewUserForm, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    if !actor.can(Action::UsersManage) {
        let denied = AppError::Denied {
            action: Action::UsersManage,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    let units = server::units(&db, &actor, None).await.or_page()?;
    Ok(NewUserForm {
        roles: grantable(actor.role),
        units,
    })
}

#[server(endpoint = "users_one")]
pub async fn load_user(id: String) -> Result<UserDetail, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| AppError::NotFound)
        .or_page()?;
    let user = crate::users::get(&db, &actor, id).await.or_page()?;
    let own = user.id == actor.user_id;
    let can_edit = !own && actor.can(Action::UsersManage) && actor.role.may_grant(user.role);
    let units = if can_edit {
        server::units(&db, &actor, user.org_unit_id)
            .await
            .or_page()?
    } else {
        Vec::new()
    };
    Ok(UserDetail {
        user: server::row(user),
        own,
        can_edit,
        roles: if can_edit {
            grantable(actor.role)
        } else {
            Vec::new()
        },
        units,
    })
}

/// The county roles `role` may give.
#[cfg(feature = "ssr")]
fn grantable(role: Role) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| !r.is_platform() && role.may_grant(*r))
        .collect()
}

fn unit_options(units: Vec<UnitOption>, chosen: String) -> impl IntoView {
    units
        .into_iter()
        .map(|u| {
            let selected = u.id == chosen;
            let label = format!("{}{}", "\u{3000}".repeat(u.depth), u.name);
            view! { <option value=u.id selected=selected>{label}</option> }
        })
        .collect_view()
}

fn role_options(t: Texts, roles: Vec<Role>, chosen: String) -> impl IntoView {
    roles
        .into_iter()
        .map(|r| {
            let selected = r.code() == chosen;
            view! { <option value=r.code() selected=selected>{r.label(t)}</option> }
        })
        .collect_view()
}

fn status_badges(t: Texts, user: &UserRow) -> impl IntoView + use<> {
    let (class, text) = if user.active {
        ("badge", t.users_status_active())
    } else {
        ("badge off", t.users_status_inactive())
    };
    view! {
        <span class=class>{text}</span>
        {user
            .must_change_password
            .then(|| view! { " " <span class="badge">{t.users_must_change()}</span> })}
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map().with_untracked(UsersQuery::from_params);
    view! {
        <Title text=format!("{} · {}", t.users_title(), t.app_name())/>
        {crate::ui::loaded(
            load_users(query.clone()),
            Some(t.users_title()),
            move |list| {
                let query = query.clone();
                view! { <UsersListView list query/> }
            },
        )}
    }
}

#[component]
fn UsersListView(list: UsersList, query: UsersQuery) -> impl IntoView {
    let t = use_texts();
    let next = list.next.map(|after| {
        let [a, b, c, d] = query.filters();
        format!("/users{}", query_string(&[a, b, c, d, ("after", &after)]))
    });
    let statuses = [
        ("", t.users_status_all()),
        ("active", t.users_status_active()),
        ("inactive", t.users_status_inactive()),
    ];
    let roles: Vec<Role> = Role::ALL.into_iter().filter(|r| !r.is_platform()).collect();
    let empty = list.rows.is_empty();
    view! {
        <div class="page-head">
            <h1>{t.users_title()}</h1>
            {list
                .can_manage
                .then(|| view! { <a class="button" href="/users/new">{t.users_new()}</a> })}
        </div>
        <Flash/>
        <form class="toolbar" method="get" action="/users">
            <label>
                {t.users_filter_q()}
                <input type="search" name="q" value=query.q.clone() maxlength="64"/>
            </label>
            <crate::filters::Filters active={[&query.unit, &query.role, &query.status].iter().any(|v| !v.is_empty())}>
                <label>
                    {t.users_filter_unit()}
                    <select name="unit">
                        <option value="">{t.users_all_units()}</option>
                        {unit_options(list.units, query.unit.clone())}
                    </select>
                </label>
                <label>
                    {t.users_filter_role()}
                    <select name="role">
                        <option value="">{t.users_all_roles()}</option>
                        {role_options(t, roles, query.role.clone())}
                    </select>
                </label>
                <label>
                    {t.users_filter_status()}
                    <select name="status">
                        {statuses
                            .into_iter()
                            .map(|(code, text)| {
                                let selected = code == query.status;
                                view! { <option value=code selected=selected>{text}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            </crate::filters::Filters>
            <button type="submit" class="button">{t.users_filter_submit()}</button>
        </form>
        {if empty {
            view! { <p class="muted">{t.users_none()}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data">
                        <thead>
                            <tr>
                                <th>{t.users_col_username()}</th>
                                <th>{t.users_col_name()}</th>
                                <th>{t.users_col_role()}</th>
                                <th>{t.users_col_unit()}</th>
                                <th>{t.users_col_status()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .rows
                                .into_iter()
                                .map(|u| {
                                    let badges = status_badges(t, &u);
                                    view! {
                                        <tr>
                                            <td><a href=format!("/users/{}", u.id)>{u.username}</a></td>
                                            <td data-label=t.users_col_name()>{u.display_name}</td>
                                            <td data-label=t.users_col_role()>{u.role.label(t)}</td>
                                            <td data-label=t.users_col_unit()>{u.unit_name}</td>
                                            <td data-label=t.users_col_status()>{badges}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {next.map(|href| view! { <p><a class="button secondary" href=href>{t.users_next_page()}</a></p> })}
    }
}

#[component]
pub fn NewUserPage() -> impl IntoView {
    let t = use_texts();
    // What the form held when the server sent it back (never the password).
    let typed = use_query_map().with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        (
            get("username"),
            get("display_name"),
            get("role"),
            get("unit"),
        )
    });
    view! {
        <Title text=format!("{} · {}", t.users_new(), t.app_name())/>
        {crate::ui::loaded(
            load_new_user(),
            Some(t.users_new()),
            move |form| {
                let (username, display_name, role, unit) = typed.clone();
                view! {
                    <section class="panel narrow">
                        <h1>{t.users_new()}</h1>
                        <Flash/>
                        <form class="form" method="post" action="/users">
                            <label for="username">{t.users_field_username()}</label>
                            <input id="username" name="username" value=username required
                                minlength="3" maxlength="32" autocomplete="off"
                                autocapitalize="none" spellcheck="false"/>
                            <p class="hint">{t.users_field_username_hint()}</p>
                            <label for="display_name">{t.users_field_display_name()}</label>
                            <input id="display_name" name="display_name" value=display_name
                                required maxlength="32" autocomplete="off"/>
                            <label for="role">{t.users_field_role()}</label>
                            <select id="role" name="role" required>
                                <option value="">{t.users_choose()}</option>
                                {role_options(t, form.roles, role)}
                            </select>
                            <label for="unit">{t.users_field_unit()}</label>
                            <select id="unit" name="unit" required>
                                <option value="">{t.users_choose()}</option>
                                {unit_options(form.units, unit)}
                            </select>
                            <p class="hint">{t.users_field_unit_hint()}</p>
                            <label for="password">{t.users_field_password()}</label>
                            <input id="password" name="password" type="password"
                                autocomplete="new-password" minlength="8" maxlength="64"
                                required/>
                            <p class="hint">{t.users_field_password_hint()}</p>
                            <button type="submit" class="button">{t.users_create_submit()}</button>
                        </form>
                        <p><a href="/users">{t.users_back()}</a></p>
                    </section>
                }
            },
        )}
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let t = use_texts();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    // After a refused edit, the values the form held.
    let typed = use_query_map().with_untracked(|p| {
        p.get("error").map(|_| {
            let get = |k: &str| p.get(k).unwrap_or_default();
            (get("display_name"), get("role"), get("unit"), get("active"))
        })
    });
    let loaded = crate::session::load_once(load_user(id.clone()));
    view! {
        <Title text=format!("{} · {}", t.users_title(), t.app_name())/>
        <Suspense>
            {move || {
                let typed = typed.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(detail) => view! { <UserView detail typed/> }.into_any(),
                        Err(e) => {
                            view! {
                                <div class="page-head"><h1>{t.users_title()}</h1></div>
                                <LoadFailed error=e/>
                                <p><a href="/users">{t.users_back()}</a></p>
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
fn UserView(detail: UserDetail, typed: Option<(String, String, String, String)>) -> impl IntoView {
    let t = use_texts();
    let user = detail.user;
    let badges = status_badges(t, &user);
    let (display_name, role, unit, active) = typed.unwrap_or_else(|| {
        (
            user.display_name.clone(),
            user.role.code().to_owned(),
            user.unit_id.clone(),
            user.active.to_string(),
        )
    });
    let checked = active == "true";
    let edit = detail.can_edit.then(|| {
        let action = format!("/users/{}", user.id);
        let reset = format!("/users/{}/password", user.id);
        let reset_second_factor = format!("/users/{}/second-factor/reset", user.id);
        view! {
            <section class="panel" aria-labelledby="edit">
                <h2 id="edit">{t.users_edit_heading()}</h2>
                <form class="form" method="post" action=action>
                    <label for="display_name">{t.users_field_display_name()}</label>
                    <input id="display_name" name="display_name" value=display_name required
                        maxlength="32" autocomplete="off"/>
                    <label for="role">{t.users_field_role()}</label>
                    <select id="role" name="role" required>
                        {role_options(t, detail.roles, role)}
                    </select>
                    <label for="unit">{t.users_field_unit()}</label>
                    <select id="unit" name="unit" required>
                        {unit_options(detail.units, unit)}
                    </select>
                    <p class="hint">{t.users_field_unit_hint()}</p>
                    <label class="user-check">
                        <input type="checkbox" name="active" value="true" checked=checked/>
                        {t.users_field_active()}
                    </label>
                    <button type="submit" class="button">{t.users_save()}</button>
                </form>
            </section>
            <section class="panel" aria-labelledby="reset">
                <h2 id="reset">{t.users_reset_heading()}</h2>
                <p class="hint">{t.users_reset_hint()}</p>
                <form class="form" method="post" action=reset>
                    <label for="password">{t.users_reset_password()}</label>
                    <input id="password" name="password" type="password"
                        autocomplete="new-password" minlength="8" maxlength="64" required/>
                    <p class="hint">{t.users_field_password_hint()}</p>
                    <button type="submit" class="button secondary">{t.users_reset_submit()}</button>
                </form>
            </section>
            <section class="panel" aria-labelledby="reset-second-factor">
                <h2 id="reset-second-factor">{t.tf_reset()}</h2>
                <p class="hint">{t.tf_reset_hint()}</p>
                <form method="post" action=reset_second_factor>
                    <button type="submit" class="button secondary">{t.tf_reset()}</button>
                </form>
            </section>
        }
    });
    let note = if detail.own {
        Some(t.reason_own_account())
    } else if !detail.can_edit {
        Some(t.users_not_manageable())
    } else {
        None
    };
    view! {
        <div class="page-head">
            <h1>{user.display_name.clone()}</h1>
            <a href="/users">{t.users_back()}</a>
        </div>
        <Flash/>
        <div class="stack">
            <section class="panel">
                <dl class="user-facts">
                    <dt>{t.users_col_username()}</dt>
                    <dd>{user.username.clone()}</dd>
                    <dt>{t.users_col_role()}</dt>
                    <dd>{user.role.label(t)}</dd>
                    <dt>{t.users_col_unit()}</dt>
                    <dd>{user.unit_name.clone()}</dd>
                    <dt>{t.users_col_status()}</dt>
                    <dd>{badges}</dd>
                </dl>
                {note.map(|n| view! { <p class="muted">{n}</p> })}
            </section>
            {edit}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn only_county_roles_the_caller_may_grant_are_offered() {
        assert!(grantable(Role::TownshipAdmin).contains(&Role::VillageCadre));
        assert!(!grantable(Role::TownshipAdmin).contains(&Role::CountyAdmin));
        assert!(!grantable(Role::CountyAdmin).contains(&Role::Auditor));
        assert!(grantable(Role::CountyLeader).is_empty());
    }
}
