//! The HTML document around every page: `<head>` with the inline stylesheet, the locale taken
//! from the request, the Content-Security-Policy that allows exactly this page's nonce, and
//! the browser bundle only on the pages that hold islands (`ISLAND_PAGES`).

use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// The one stylesheet, small enough to inline: the first flight carries everything to paint.
pub const STYLESHEET: &str = include_str!("../style/main.css");

/// The routes whose pages hold an island (Leptos route patterns, `:param` for a segment).
/// Only these load the WASM bundle; every other page ships no script but its own inline one.
/// None today: the county finder was the only island, and the public and village pages must
/// carry no WASM (the village budget, 30 KB, is under the islands runtime's 42 KB). Staff
/// screens with real interaction add theirs here; an HTTP test fails when a page holds an
/// island and is not listed, or is listed and holds none.
pub const ISLAND_PAGES: &[&str] = &[];

/// Whether `path` is one of `pages` (route patterns).
pub fn carries_islands(pages: &[&str], path: &str) -> bool {
    let segments = |p: &str| {
        p.trim_matches('/')
            .split('/')
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let path = segments(path);
    pages.iter().any(|pattern| {
        let pattern = segments(pattern);
        pattern.len() == path.len()
            && pattern
                .iter()
                .zip(&path)
                .all(|(want, got)| (want.starts_with(':') && !got.is_empty()) || want == got)
    })
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
    let islands = carries_islands(ISLAND_PAGES, &request_path());
    provide_context(locale);
    provide_context(options.clone());
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
                {islands.then(|| view! { <HydrationScripts options=options.clone() islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <crate::App/>
            </body>
        </html>
    }
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
fn request_path() -> String {
    use_context::<axum::http::request::Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn request_path() -> String {
    String::new()
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

#[cfg(test)]
mod tests {
    use super::carries_islands;

    #[test]
    fn island_pages_are_matched_by_route_pattern() {
        let pages = ["/assessments/:id/interview", "/questionnaires"];
        assert!(carries_islands(&pages, "/assessments/0193/interview"));
        assert!(carries_islands(&pages, "/questionnaires/"));
        assert!(!carries_islands(&pages, "/assessments/0193"));
        assert!(!carries_islands(&pages, "/assessments//interview"));
        assert!(!carries_islands(&pages, "/"));
        assert!(!carries_islands(super::ISLAND_PAGES, "/"));
    }
}
