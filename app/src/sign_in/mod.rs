//! The sign-in page. A plain form (POST /sign-in) that works without JavaScript; the server
//! answers with a redirect back here, carrying an error code when it refused.

use crate::counties::api::list_counties;
use crate::i18n::{Texts, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Why a sign-in was refused, as carried in `?error=`. One answer for unknown user and wrong
/// password, so the form never tells which accounts exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInError {
    Missing,
    Credentials,
    Throttled,
    Suspended,
    Busy,
    Unavailable,
    /// The code step's challenge ran out (or was never there): start again.
    Expired,
}

impl SignInError {
    pub const fn code(self) -> &'static str {
        match self {
            SignInError::Missing => "missing",
            SignInError::Credentials => "credentials",
            SignInError::Throttled => "throttled",
            SignInError::Suspended => "suspended",
            SignInError::Busy => "busy",
            SignInError::Unavailable => "unavailable",
            SignInError::Expired => "second_factor_expired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            SignInError::Missing,
            SignInError::Credentials,
            SignInError::Throttled,
            SignInError::Suspended,
            SignInError::Busy,
            SignInError::Unavailable,
            SignInError::Expired,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }

    pub const fn message(self, t: Texts) -> &'static str {
        match self {
            SignInError::Missing => t.sign_in_error_missing(),
            SignInError::Credentials => t.sign_in_error_credentials(),
            SignInError::Throttled => t.sign_in_error_throttled(),
            SignInError::Suspended => t.reason_county_suspended(),
            SignInError::Busy => t.error_busy(),
            SignInError::Unavailable => t.error_internal(),
            SignInError::Expired => t.sign_in_error_second_factor_expired(),
        }
    }
}

/// The cookie in which this device remembers the county it last signed in at (not a secret:
/// the list of counties is public).
pub const COUNTY_COOKIE: &str = "mq_county";

/// The county this device signed in at last, if any.
fn remembered_county() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get_all(axum::http::header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(';'))
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(name, _)| *name == COUNTY_COOKIE)
                    .map(|(_, code)| code.to_owned())
            })
            .filter(|code| code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_texts();
    let params = use_query_map();
    let (chosen, error, username, next) = params.with_untracked(|p| {
        (
            p.get("county").unwrap_or_else(remembered_county),
            p.get("error").as_deref().and_then(SignInError::from_code),
            p.get("username").unwrap_or_default(),
            p.get("next").unwrap_or_default(),
        )
    });

    view! {
        <Title text=format!("{} · {}", t.sign_in_title(), t.app_name())/>
        <section class="panel narrow">
            <h1>{t.sign_in_title()}</h1>
            <p class="muted">{t.sign_in_lead()}</p>
            {error.map(|e| view! { <p class="error" role="alert">{e.message(t)}</p> })}
            <form class="form" method="post" action="/sign-in">
                <label for="county">{t.sign_in_county()}</label>
                <select id="county" name="county">
                    <option value="">{t.sign_in_county_choose()}</option>
                    <Suspense>
                        {move || {
                            let chosen = chosen.clone();
                            Suspend::new(async move {
                                list_counties()
                                    .await
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|c| {
                                        let selected = c.code == chosen;
                                        let label = format!("{} ({})", c.name, c.code);
                                        view! {
                                            <option value=c.code selected=selected>
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })
                        }}
                    </Suspense>
                </select>
                <p class="hint">{t.sign_in_platform_hint()}</p>
                <label for="username">{t.sign_in_username()}</label>
                <input id="username" name="username" autocomplete="username" required
                    value=username/>
                <input type="hidden" name="next" value=next/>
                <label for="password">{t.sign_in_password()}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                />
                <button type="submit" class="button">{t.sign_in_submit()}</button>
            </form>
        </section>
    }
}
