//! The resident's posts from the county's public pages (no account): the grievance form
//! (multipart, for the photos) and the rating of a reply. Each answers with a redirect (POST →
//! redirect → GET); a refused form comes back with its text refilled from the server
//! (`super::kept`), never from the address.

use super::{query, refused_anonymous};
use crate::state::AppState;
use app::auth::sessions::Client;
use app::flash::Notice;
use app::grievances::inputs::{Rating, submit_fields};
use app::i18n::Locale;
use axum::{
    Extension, Form,
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// Only a county code goes into an address we send the browser to.
fn county_code(raw: &str) -> Option<&str> {
    (raw.len() == 6 && raw.bytes().all(|b| b.is_ascii_digit())).then_some(raw)
}

/// `POST /c/{county}/report`: to the "submitted" page with the tracking code, or back.
pub async fn report(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(county): Path<String>,
    request: Request,
) -> Response {
    let Some(county) = county_code(&county) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let page = format!("/c/{county}/report");
    if let Err(e) = state.desk.admit_submission(client.ip) {
        return refused_anonymous(&page, &client, &e, "");
    }
    let (fields, uploads) = match crate::http::upload::read_body(request).await {
        Ok(read) => read,
        Err(e) => return refused_anonymous(&page, &client, &e, ""),
    };
    match submit_fields(&state.db, &state.desk, county, &fields, uploads).await {
        Ok(code) => Redirect::to(&format!("/c/{county}/report/done?code={code}")).into_response(),
        Err(e) => {
            let get = |k: &str| fields.get(k).map_or("", String::as_str);
            let refill = query(&[
                ("place", get("place_id")),
                ("category", get("category_id")),
                ("name", get("reporter_name")),
                ("description", get("description")),
            ]);
            refused_anonymous(&page, &client, &e, &refill)
        }
    }
}

/// `POST /c/{county}/track/rating`: back to the tracking page, which shows the verdict.
pub async fn rate(
    State(state): State<AppState>,
    Extension(client): Extension<Client>,
    Path(county): Path<String>,
    Form(form): Form<Rating>,
) -> Response {
    let Some(county) = county_code(&county) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let page = format!("/c/{county}/track");
    let lookup = query(&[
        ("code", &form.lookup.code),
        ("phone_last4", &form.lookup.phone_last4),
    ]);
    // The answer's words are not shown: the page reads the case again.
    let t = Locale::default().texts();
    match form
        .give(&state.db, &state.desk, client.ip, county, t)
        .await
    {
        Ok(_) => super::back_with(
            &page,
            &format!("done={}", Notice::Rated.code()),
            super::kept::Owner::Address(client.ip),
            &lookup,
        ),
        Err(e) => refused_anonymous(&page, &client, &e, &lookup),
    }
}
