//! `/settings/security`: the county admin chooses which further roles must use two-factor
//! sign-in and how long the grace period is (one plain form, `POST /settings/security`).

use super::{OPTIONAL_ROLES, RuleView};
use crate::flash::{Flash, LoadFailed};
use crate::i18n::use_texts;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;

#[server(endpoint = "security_settings")]
pub async fn load_rule() -> Result<RuleView, ServerFnError> {
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    crate::auth::second_factor::rule::read(&db, &actor)
        .await
        .or_page()
}

#[component]
pub fn SecuritySettingsPage() -> impl IntoView {
    let t = use_texts();
    let loaded = crate::session::load_once(load_rule());
    view! {
        <Title text=format!("{} · {}", t.tf_settings_title(), t.app_name())/>
        <div class="page-head"><h1>{t.tf_settings_title()}</h1></div>
        <Flash/>
        <Suspense>
            {move || Suspend::new(loaded.clone().map(move |loaded| match loaded {
                Ok(rule) => view! { <RuleForm rule/> }.into_any(),
                Err(e) => view! { <LoadFailed error=e/> }.into_any(),
            }))}
        </Suspense>
    }
}

#[component]
fn RuleForm(rule: RuleView) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="panel narrow-left" aria-labelledby="tf-rule">
            <h2 id="tf-rule">{t.tf_title()}</h2>
            <p class="muted">{t.tf_settings_lead()}</p>
            <form class="form" method="post" action="/settings/security">
                <fieldset>
                    <legend>{t.tf_settings_roles()}</legend>
                    {OPTIONAL_ROLES
                        .into_iter()
                        .map(|role| {
                            let id = format!("role-{}", role.code());
                            let input_id = id.clone();
                            let checked = rule.extra_roles.contains(&role);
                            view! {
                                <label class="check" for=id>
                                    <input type="checkbox" id=input_id name="extra_roles"
                                        value=role.code() checked=checked/>
                                    {role.label(t)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <label for="grace_days">{t.tf_settings_grace()}</label>
                <input id="grace_days" name="grace_days" type="number" inputmode="numeric"
                    min="0" max="90" required value=rule.grace_days.to_string()/>
                <p class="hint">{t.tf_settings_grace_hint()}</p>
                <button type="submit" class="button">{t.gv_settings_save()}</button>
            </form>
        </section>
    }
}
