//! The resident's public pages (no account, no island: they only display and post plain
//! forms): the county's grievance form and its answer (`report`), and the tracking page with
//! the rating of the reply (`track`).

pub mod report;
pub mod track;

/// What the pages' server functions need: the database and the public counter.
#[cfg(feature = "ssr")]
fn counter() -> Result<
    (
        sea_orm::DatabaseConnection,
        crate::grievances::resident::Desk,
    ),
    leptos::prelude::ServerFnError,
> {
    use leptos::prelude::{ServerFnError, use_context};
    let db = use_context::<sea_orm::DatabaseConnection>()
        .ok_or_else(|| ServerFnError::new("no database in context"))?;
    let desk = use_context::<crate::grievances::resident::Desk>()
        .ok_or_else(|| ServerFnError::new("no public desk in context"))?;
    Ok((db, desk))
}

/// The client's address as the middleware resolved it (`MINQING_TRUST_PROXY` decides).
#[cfg(feature = "ssr")]
fn client_ip() -> std::net::IpAddr {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<crate::auth::sessions::Client>()
                .map(|c| c.ip)
        })
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]))
}
