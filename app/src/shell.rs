//! The HTML document around every page: `<head>` with the inline stylesheet, the locale taken
//! from the request, and the Content-Security-Policy that allows exactly this page's nonce.

use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// The one stylesheet, small enough to inline: the first flight carries everything to paint.
pub const STYLESHEET: &str = include_str!("../style/main.css");

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
    provide_context(locale);
    provide_context(options);
    let nonce = leptos::nonce::use_nonce();
    #[cfg(feature = "ssr")]
    set_content_security_policy(nonce.as_ref());

    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#9f1d1d"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <style nonce=nonce>{STYLESHEET}</style>
                <MetaTags/>
            </head>
            <body>
                <crate::App/>
            </body>
        </html>
    }
}

/// Loads the WASM that brings this page's islands to life. Only pages with islands render it,
/// so display-only pages ship no JavaScript at all.
#[component]
pub fn IslandScripts() -> impl IntoView {
    use_context::<LeptosOptions>().map(|options| view! { <HydrationScripts options islands=true/> })
}

#[cfg(feature = "ssr")]
fn request_locale() -> Locale {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(axum::http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(Locale::from_cookie_header)
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn request_locale() -> Locale {
    Locale::default()
}

#[cfg(feature = "ssr")]
fn set_content_security_policy(nonce: Option<&leptos::nonce::Nonce>) {
    use axum::http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
    let (Some(response), Some(nonce)) = (use_context::<leptos_axum::ResponseOptions>(), nonce)
    else {
        return;
    };
    let nonce = nonce.as_inner();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
