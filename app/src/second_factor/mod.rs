//! Two-factor sign-in as people see it: the panel on "My account" (set up with a QR code, the
//! key as text, a current code; the recovery codes shown once; turn off with a code), the
//! reminder on the workbench during the grace period, the code step and the enrolment step of
//! signing in, and the county admin's settings. Every form is a plain post (server
//! `forms::second_factor`); the domain is `auth::second_factor`.

pub mod pages;
pub mod settings;
mod texts;

#[cfg(feature = "ssr")]
pub use crate::auth::model::challenge_cookie;
pub use crate::auth::model::{
    CHALLENGE_COOKIE, EnrolView, OPTIONAL_ROLES, RecoveryCodesShown, RuleView, Status,
};

use crate::i18n::use_texts;
use leptos::prelude::*;

#[server(endpoint = "second_factor_status")]
pub async fn load_status() -> Result<Status, ServerFnError> {
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(true)?;
    let settings = use_context::<std::sync::Arc<crate::auth::AuthSettings>>()
        .ok_or_else(|| ServerFnError::new("no auth settings in context"))?;
    let status = crate::auth::second_factor::account::status(&db, &settings, &actor)
        .await
        .or_page()?;
    if status.pending.is_some() {
        // The key is on the page: keep it out of every cache.
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
        }
    }
    Ok(status)
}

/// The grace period's reminder, for the workbench: nothing once enrolled or when not required.
#[component]
pub fn GraceBanner() -> impl IntoView {
    let t = use_texts();
    let status = crate::session::load_once(load_status());
    view! {
        <Suspense>
            {move || {
                let status = status.clone();
                Suspend::new(async move {
                    status.await.ok().and_then(|s| s.deadline).map(|deadline| view! {
                        <p class="error" role="alert">
                            {t.tf_deadline()}<strong>{deadline}</strong>" "
                            <a href="/account#two-factor">{t.tf_banner_link()}</a>
                        </p>
                    })
                })
            }}
        </Suspense>
    }
}

/// The QR code, the key as text, and the code that proves the app has it.
#[component]
pub fn EnrolForm(enrol: EnrolView, action: &'static str, submit: &'static str) -> impl IntoView {
    let t = use_texts();
    view! {
        <p>{t.tf_scan()}</p>
        <div class="qr" role="img" aria-label=t.tf_qr_alt() inner_html=enrol.qr_svg></div>
        <p>{t.tf_manual()}</p>
        <p><code class="secret">{enrol.secret}</code></p>
        <form class="form" method="post" action=action>
            <label for="tf-code">{t.tf_confirm_lead()}</label>
            <CodeInput id="tf-code" recovery=false/>
            <button type="submit" class="button">{submit}</button>
        </form>
    }
}

/// A one-time code field: digits on a phone's keyboard; with `recovery`, ten letters too.
#[component]
pub fn CodeInput(id: &'static str, recovery: bool) -> impl IntoView {
    let (mode, pattern, max) = if recovery {
        ("text", "[0-9A-Za-z\\- ]{6,12}", "12")
    } else {
        ("numeric", "[0-9 ]{6,7}", "7")
    };
    view! {
        <input id=id name="code" autocomplete="one-time-code" inputmode=mode pattern=pattern
            maxlength=max required autocapitalize="off" spellcheck="false"/>
    }
}

/// The recovery codes, once.
#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="panel" aria-labelledby="recovery-codes">
            <h2 id="recovery-codes">{t.tf_codes_title()}</h2>
            <p role="alert">{t.tf_codes_lead()}</p>
            <ol class="codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
        </section>
    }
}

/// The panel on "My account".
#[component]
pub fn AccountPanel(status: Status) -> impl IntoView {
    let t = use_texts();
    let shown = use_context::<RecoveryCodesShown>();
    let state = if status.enrolled {
        t.tf_on()
    } else {
        t.tf_off()
    };
    let body = if let Some(RecoveryCodesShown(codes)) = shown {
        view! { <RecoveryCodes codes/> }.into_any()
    } else if status.enrolled {
        view! {
            <p class="muted">{t.tf_recovery_left()}{status.recovery_left}</p>
            <form class="form" method="post" action="/account/second-factor/disable">
                <label for="tf-off">{t.tf_disable_lead()}</label>
                <CodeInput id="tf-off" recovery=true/>
                <button type="submit" class="button secondary">{t.tf_disable()}</button>
            </form>
        }
        .into_any()
    } else if let Some(enrol) = status.pending {
        view! {
            <EnrolForm enrol action="/account/second-factor/confirm" submit=t.tf_confirm()/>
            <form method="post" action="/account/second-factor/disable">
                <input type="hidden" name="code" value=""/>
                <button type="submit" class="button secondary">{t.tf_cancel()}</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <form method="post" action="/account/second-factor/start">
                <button type="submit" class="button">{t.tf_start()}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="panel narrow-left" id="two-factor" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">{t.tf_title()} " " <span class="badge">{state}</span></h2>
            <p class="muted">{t.tf_lead()}</p>
            {(status.required && !status.enrolled).then(|| view! { <p>{t.tf_required()}</p> })}
            {status.deadline.map(|d| view! {
                <p class="error" role="alert">{t.tf_deadline()}<strong>{d}</strong></p>
            })}
            {body}
        </section>
    }
}
