//! Plain form posts that must work without JavaScript; each answers with a redirect (POST →
//! redirect → GET), so a refresh never re-submits.

use crate::config::Config;
use app::{i18n::Locale, sign_in::SignInError};
use axum::{
    Form,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct LocaleForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Remembers the chosen language on this device and returns to the page the user was on.
pub async fn set_locale(
    State(config): State<Arc<Config>>,
    Form(form): Form<LocaleForm>,
) -> Response {
    let locale = Locale::from_tag(&form.lang).unwrap_or_default();
    let secure = if config.is_https() { "; Secure" } else { "" };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        Locale::COOKIE,
        locale.tag()
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, local_path(&form.next).to_owned()),
            (header::SET_COOKIE, cookie),
        ],
    )
        .into_response()
}

/// Only a path on this site: never `//elsewhere` or `https://elsewhere` (no open redirect).
pub fn local_path(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.bytes().all(|b| b.is_ascii_graphic());
    if ok { next } else { "/" }
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    county: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// The sign-in form's target. Accounts, sessions and tokens arrive with the access capability;
/// until an account exists, a complete form gets the same single refusal a wrong password will
/// get, so the page's behaviour does not change when accounts arrive.
pub async fn sign_in(Form(form): Form<SignInForm>) -> Redirect {
    let error = if form.username.trim().is_empty() || form.password.is_empty() {
        SignInError::Missing
    } else {
        SignInError::Credentials
    };
    let county = Some(form.county.trim())
        .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        .map(|c| format!("county={c}&"))
        .unwrap_or_default();
    Redirect::to(&format!("/sign-in?{county}error={}", error.code()))
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(
            local_path("/sign-in?county=130123"),
            "/sign-in?county=130123"
        );
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "",
            "/a b",
            "/\r\nSet-Cookie:x",
        ] {
            assert_eq!(local_path(hostile), "/", "{hostile:?}");
        }
    }
}
