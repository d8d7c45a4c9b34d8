//! `/c/{county}/track?code=…&phone_last4=…`: the resident's tracking page. The lookup is a
//! GET form (it changes nothing; queries never reach the logs); the timeline is in plain words,
//! with the reply once there is one and, while the case waits for its follow-up, the rating
//! form (a plain post to `/c/{county}/track/rating`).

use crate::flash::{Flash, LoadFailed};
use crate::grievances::kinds::Satisfaction;
use crate::grievances::model::Tracking;
use crate::i18n::use_texts;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackPageData {
    pub county_code: String,
    pub county_name: String,
    pub tracking: Option<Tracking>,
    /// Why the lookup found nothing (said the same way whatever was wrong).
    pub problem: Option<String>,
}

#[server(endpoint = "public_track")]
pub async fn load_tracking(
    county: String,
    code: String,
    phone_last4: String,
) -> Result<TrackPageData, ServerFnError> {
    use crate::error::AppError;
    use crate::grievances::resident;
    use crate::session::OrPage;
    let (db, desk) = super::counter()?;
    let t = use_texts();
    let (_, county_name) = resident::county(&db, &county).await.or_page()?;
    let mut data = TrackPageData {
        county_code: county.trim().to_owned(),
        county_name,
        tracking: None,
        problem: None,
    };
    if code.trim().is_empty() && phone_last4.trim().is_empty() {
        return Ok(data);
    }
    let lookup = resident::Lookup {
        ip: super::client_ip(),
        county: &county,
        code: &code,
        digits: &phone_last4,
    };
    match resident::track(&db, &desk, &lookup, t).await {
        Ok(found) => data.tracking = Some(found),
        Err(e @ (AppError::NotFound | AppError::Throttled { .. })) => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
                && let Ok(status) = axum::http::StatusCode::from_u16(e.status())
            {
                response.set_status(status);
            }
            data.problem = Some(match e {
                AppError::NotFound => t.track_not_found().to_owned(),
                other => other.message(t),
            });
        }
        Err(e) => return Err(e).or_page(),
    }
    Ok(data)
}

#[component]
pub fn TrackPage() -> impl IntoView {
    let t = use_texts();
    let county = use_params_map().with_untracked(|p| p.get("county").unwrap_or_default());
    let (code, digits) = use_query_map().with_untracked(|q| {
        (
            q.get("code").unwrap_or_default(),
            q.get("phone_last4").unwrap_or_default(),
        )
    });
    let loaded = crate::session::load_once(load_tracking(county, code.clone(), digits.clone()));
    view! {
        <Title text=format!("{} · {}", t.track_title(), t.app_name())/>
        <Suspense>
            {move || {
                let (code, digits) = (code.clone(), digits.clone());
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    let data = match loaded {
                        Ok(data) => data,
                        Err(e) => {
                            return view! {
                                <h1>{t.track_title()}</h1>
                                <LoadFailed error=e/>
                            }
                                .into_any();
                        }
                    };
                    let action = format!("/c/{}/track", data.county_code);
                    let report = format!("/c/{}/report", data.county_code);
                    let county = data.county_code.clone();
                    view! {
                        <div class="page-head">
                            <h1>{format!("{} · {}", data.county_name, t.track_title())}</h1>
                        </div>
                        <Flash/>
                        <form class="panel form" method="get" action=action>
                            <p class="muted">{t.track_lead()}</p>
                            <label for="code">{t.track_code()}</label>
                            <input id="code" name="code" required maxlength="16"
                                autocomplete="off" autocapitalize="characters" value=code.clone()/>
                            <label for="phone_last4">{t.track_phone_last4()}</label>
                            <input id="phone_last4" name="phone_last4" required inputmode="numeric"
                                pattern="[0-9]{4}" maxlength="4" autocomplete="off" value=digits.clone()/>
                            <button type="submit" class="button">{t.track_submit()}</button>
                        </form>
                        {data.problem.map(|p| view! { <p class="error" role="alert">{p}</p> })}
                        {data.tracking.map(|tracking| view! {
                            <Progress tracking county=county.clone() digits=digits.clone()/>
                        })}
                        <p><a href=report>{t.track_report_link()}</a></p>
                    }
                        .into_any()
                }))
            }}
        </Suspense>
    }
}

#[component]
fn Progress(tracking: Tracking, county: String, digits: String) -> impl IntoView {
    let t = use_texts();
    let steps = tracking
        .steps
        .into_iter()
        .map(|s| view! { <li><time>{s.at}</time>{s.text}</li> })
        .collect_view();
    let rating = tracking.can_rate.then(|| {
        let action = format!("/c/{county}/track/rating");
        let choices = [
            Satisfaction::Satisfied,
            Satisfaction::Fair,
            Satisfaction::Dissatisfied,
        ]
        .into_iter()
        .map(|s| {
            view! {
                <label class="check">
                    <input type="radio" name="satisfaction" value=s.code() required/>
                    {s.label(t)}
                </label>
            }
        })
        .collect_view();
        view! {
            <form class="panel form" method="post" action=action>
                <input type="hidden" name="code" value=tracking.code.clone()/>
                <input type="hidden" name="phone_last4" value=digits/>
                <fieldset>
                    <legend>{t.track_rate_title()}</legend>
                    {choices}
                </fieldset>
                <label for="comment">{t.track_comment()}</label>
                <textarea id="comment" name="comment" rows="3" maxlength="500"></textarea>
                <button type="submit" class="button">{t.track_rate_submit()}</button>
            </form>
        }
    });
    view! {
        <section class="panel">
            <p class="tracking-code">{tracking.code.clone()}</p>
            <dl>
                <dt>{t.report_category()}</dt>
                <dd>{tracking.category}</dd>
                <dt>{t.report_place()}</dt>
                <dd>{tracking.place}</dd>
                <dt>{t.track_received()}</dt>
                <dd>{tracking.received}</dd>
                {tracking.reply_by.map(|by| view! {
                    <dt>{t.track_reply_by()}</dt>
                    <dd>{t.track_reply_by_date(&by)}</dd>
                })}
                {tracking.satisfaction.map(|s| view! {
                    <dt>{t.track_your_rating()}</dt>
                    <dd>{s.label(t)}</dd>
                })}
            </dl>
            <h2>{t.report_description()}</h2>
            <p class="reply">{tracking.description}</p>
            <h2>{t.track_progress()}</h2>
            <ol class="timeline">{steps}</ol>
            {tracking.reply.map(|reply| view! {
                <h2>{t.track_reply()}</h2>
                <p class="reply">{reply}</p>
            })}
        </section>
        {rating}
    }
}
