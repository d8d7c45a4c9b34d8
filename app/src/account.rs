//! "My account": change one's password (first thing after an initial one), two-step
//! verification (`second_factor`), see where one is signed in, sign out everywhere else. Forms post to `/account/*` (server `forms::account`).

use crate::access::Role;
use crate::flash::Flash;
use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub must_change_password: bool,
    pub sessions: Vec<Device>,
    pub second_factor: crate::second_factor::Status,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Device {
    pub started: String,
    pub seen: String,
    pub ip: String,
    pub user_agent: String,
    pub current: bool,
}

#[server(endpoint = "account")]
pub async fn load_account() -> Result<Account, ServerFnError> {
    use crate::format::datetime;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(true)?;
    let sessions = crate::auth::sessions::list_sessions(&db, &actor)
        .await
        .or_page()?;
    let second_factor = crate::second_factor::load_status().await?;
    Ok(Account {
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        role: actor.role,
        must_change_password: actor.must_change_password,
        sessions: sessions
            .into_iter()
            .map(|s| Device {
                started: datetime(s.created_at),
                seen: datetime(s.last_seen_at),
                ip: s.ip,
                user_agent: s.user_agent,
                current: s.current,
            })
            .collect(),
        second_factor,
    })
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=format!("{} · {}", t.account_title(), t.app_name())/>
        {crate::ui::loaded(
            load_account(),
            None,
            move |account| view! { <AccountView account/> },
        )}
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="page-head">
            <h1>{t.account_title()}</h1>
        </div>
        <p class="muted">{account.display_name} " · " {account.username} " · " {account.role.label(t)}</p>
        <Flash/>
        {account
            .must_change_password
            .then(|| view! { <p class="error" role="alert">{t.account_must_change()}</p> })}
        <div class="stack">
            <section class="panel narrow-left" aria-labelledby="password">
                <h2 id="password">{t.account_password()}</h2>
                <form class="form" method="post" action="/account/password">
                    <label for="current_password">{t.account_current_password()}</label>
                    <input id="current_password" name="current_password" type="password"
                        autocomplete="current-password" required/>
                    <label for="new_password">{t.account_new_password()}</label>
                    <input id="new_password" name="new_password" type="password"
                        autocomplete="new-password" minlength="8" maxlength="64" required/>
                    <label for="confirm_password">{t.account_confirm_password()}</label>
                    <input id="confirm_password" name="confirm_password" type="password"
                        autocomplete="new-password" minlength="8" maxlength="64" required/>
                    <p class="hint">{t.account_password_hint()}</p>
                    <button type="submit" class="button">{t.account_password_submit()}</button>
                </form>
            </section>
            <crate::second_factor::AccountPanel status=account.second_factor/>
            <section class="panel" aria-labelledby="sessions">
                <h2 id="sessions">{t.account_sessions()}</h2>
                <div class="table-wrap">
                    <table class="data">
                        <thead>
                            <tr>
                                <th>{t.account_session_started()}</th>
                                <th>{t.account_session_seen()}</th>
                                <th>"IP"</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>
                            {account
                                .sessions
                                .into_iter()
                                .map(|d| view! {
                                    <tr>
                                        <td>{d.started}</td>
                                        <td data-label=t.account_session_seen()>{d.seen}</td>
                                        <td data-label="IP">{d.ip}</td>
                                        <td title=d.user_agent>
                                            {d.current.then(|| view! { <span class="badge">{t.account_session_current()}</span> })}
                                        </td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
                <form method="post" action="/account/sessions">
                    <button type="submit" class="button secondary">{t.account_sign_out_others()}</button>
                </form>
            </section>
        </div>
    }
}
