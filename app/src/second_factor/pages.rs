//! The steps of signing in after the password: the code (`/sign-in/second-factor`), set-up for
//! an account past its grace period (`/sign-in/enrol`), and the recovery codes made by that
//! set-up (rendered straight into the answer of its post, `/sign-in/recovery-codes`). The
//! challenge travels in an HttpOnly cookie, never in the address.

use super::{CodeInput, EnrolForm, EnrolView, RecoveryCodes, RecoveryCodesShown};
use crate::i18n::use_texts;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The `?error=` of a refused code, as a sentence.
fn refusal() -> Option<String> {
    let t = use_texts();
    use_query_map()
        .with_untracked(|q| q.get("error"))
        .map(|codes| crate::flash::error_message(&codes, t))
}

#[component]
pub fn SecondFactorStepPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=format!("{} · {}", t.tf_step_title(), t.app_name())/>
        <section class="panel narrow">
            <h1>{t.tf_step_title()}</h1>
            <p class="muted">{t.tf_step_lead()}</p>
            {refusal().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <form class="form" method="post" action="/sign-in/second-factor">
                <label for="tf-step">{t.tf_code_or_recovery()}</label>
                <CodeInput id="tf-step" recovery=true/>
                <button type="submit" class="button">{t.tf_step_submit()}</button>
            </form>
        </section>
    }
}

#[server(endpoint = "second_factor_enrolment")]
pub async fn load_enrolment() -> Result<EnrolView, ServerFnError> {
    use crate::session::OrPage;
    let token = use_context::<axum::http::request::Parts>()
        .and_then(|parts| super::challenge_cookie(&parts.headers))
        .unwrap_or_default();
    let db = use_context::<sea_orm::DatabaseConnection>()
        .ok_or_else(|| ServerFnError::new("no database in context"))?;
    let settings = use_context::<std::sync::Arc<crate::auth::AuthSettings>>()
        .ok_or_else(|| ServerFnError::new("no auth settings in context"))?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    crate::auth::second_factor::verify::enrolment(&db, &settings, &token)
        .await
        .or_page()
}

#[component]
pub fn EnrolStepPage() -> impl IntoView {
    let t = use_texts();
    let loaded = crate::session::load_once(load_enrolment());
    view! {
        <Title text=format!("{} · {}", t.tf_enrol_title(), t.app_name())/>
        <section class="panel narrow">
            <h1>{t.tf_enrol_title()}</h1>
            <p class="muted">{t.tf_enrol_lead()}</p>
            {refusal().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Suspense>
                {move || Suspend::new(loaded.clone().map(move |loaded| match loaded {
                    Ok(enrol) => view! {
                        <EnrolForm enrol action="/sign-in/enrol" submit=t.tf_enrol_submit()/>
                    }
                    .into_any(),
                    Err(_) => view! {
                        <p class="error" role="alert">{t.sign_in_error_second_factor_expired()}</p>
                        <p><a class="button" href="/sign-in">{t.sign_in_title()}</a></p>
                    }
                    .into_any(),
                }))}
            </Suspense>
        </section>
    }
}

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let t = use_texts();
    let shown = use_context::<RecoveryCodesShown>();
    view! {
        <Title text=format!("{} · {}", t.tf_codes_title(), t.app_name())/>
        <div class="narrow">
            {match shown {
                Some(RecoveryCodesShown(codes)) => view! { <RecoveryCodes codes/> }.into_any(),
                None => view! { <p class="muted">{t.tf_codes_gone()}</p> }.into_any(),
            }}
            <p><a class="button" href="/">{t.tf_continue()}</a></p>
        </div>
    }
}
