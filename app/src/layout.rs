//! The page chrome every screen shares: header with the language switch and the signed-in
//! user's links, main, footer.

use crate::i18n::{Locale, use_locale, use_texts};
use crate::session::use_viewer;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let t = use_texts();
    let viewer = use_viewer();
    let nav = match viewer {
        Some(_) => view! {
            <a href="/">{t.nav_workbench()}</a>
            <a href="/account">{t.nav_account()}</a>
            <form class="inline-form" method="post" action="/sign-out">
                <button type="submit" class="link-button header-link">{t.nav_sign_out()}</button>
            </form>
        }
        .into_any(),
        None => view! { <a href="/sign-in">{t.nav_sign_in()}</a> }.into_any(),
    };
    view! {
        <a class="skip" href="#main">{t.skip_to_content()}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"民"</span>
                    <span class="brand-text">
                        <strong>{t.app_name()}</strong>
                        <small>{t.app_tagline()}</small>
                    </span>
                </a>
                <nav class="header-nav">
                    {nav}
                    <LanguageSwitch/>
                </nav>
            </div>
        </header>
        <main id="main" class="wrap">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">{t.footer_note()}</div>
        </footer>
    }
}

/// A plain form per language, so switching works before (and without) any JavaScript: the server
/// sets the `lang` cookie and sends the user back to the page they were on.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let t = use_texts();
    let current = use_locale();
    let location = use_location();
    let back = move || {
        let search = location.search.get_untracked();
        let path = location.pathname.get_untracked();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    view! {
        <form class="lang-switch" method="post" action="/locale" aria-label=t.language()>
            <input type="hidden" name="next" value=back()/>
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    let is_current = locale == current;
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=locale.tag()
                            lang=locale.tag()
                            aria-pressed=if is_current { "true" } else { "false" }
                        >
                            {locale.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}
