//! Who is looking at the page. The server's middleware resolves the caller of every request
//! and leaves a [`Resolved`] in the request; pages read it through [`use_viewer`], and their
//! server functions through [`signed_in`], which is the one door from a page to tenant data.

use crate::access::{Action, Role, matrix};
use serde::{Deserialize, Serialize};

/// The signed-in user as a page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub county_name: Option<String>,
    pub unit_name: Option<String>,
    pub must_change_password: bool,
}

impl Viewer {
    /// Whether the role may do `action` somewhere: for menus; the domain decides per record.
    pub fn can(&self, action: Action) -> bool {
        matrix::reach(self.role, action).is_some()
    }
}

#[cfg(feature = "ssr")]
pub use server::{OrPage, Resolved, signed_in};

/// A page's data, loaded once per request however often its view runs (the view closure of a
/// `Suspense` may run more than once). Not a resource: a resource would also serialise the
/// data into the page for hydration, and pages are never hydrated, only their islands.
pub fn load_once<F>(load: F) -> futures::future::Shared<F>
where
    F: Future,
    F::Output: Clone,
{
    futures::FutureExt::shared(load)
}

/// The signed-in user of the request being rendered. Pages render on the server only (the
/// browser hydrates islands, never pages), so in the browser this is always `None`.
pub fn use_viewer() -> Option<Viewer> {
    #[cfg(feature = "ssr")]
    {
        server::actor().map(|a| Viewer {
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: a.role,
            county_name: a.home.as_ref().map(|h| h.county_name.clone()),
            unit_name: a.home.as_ref().map(|h| h.org_unit_name.clone()),
            must_change_password: a.must_change_password,
        })
    }
    #[cfg(not(feature = "ssr"))]
    None
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Actor;
    use crate::error::AppError;
    use crate::i18n::use_texts;
    use leptos::prelude::*;
    use sea_orm::DatabaseConnection;
    use std::sync::Arc;

    /// The caller the middleware resolved, in the request's extensions; `None` when nobody is
    /// signed in.
    #[derive(Clone, Debug)]
    pub struct Resolved(pub Option<Arc<Actor>>);

    pub(super) fn actor() -> Option<Arc<Actor>> {
        use_context::<axum::http::request::Parts>()?
            .extensions
            .get::<Resolved>()?
            .0
            .clone()
    }

    /// For a page's server function: the database and the signed-in caller. Nobody signed in
    /// sends the browser to the sign-in page; an initial password still in use, to "My
    /// account" (`account: true` is that page itself).
    pub fn signed_in(account: bool) -> Result<(DatabaseConnection, Arc<Actor>), ServerFnError> {
        let Some(actor) = actor() else {
            // Back to the page asked for once signed in (the sign-in form carries it along).
            let asked = use_context::<axum::http::request::Parts>()
                .and_then(|p| p.uri.path_and_query().map(|pq| pq.as_str().to_owned()))
                .filter(|pq| pq != "/")
                .map(|pq| format!("/sign-in?next={}", encode(&pq)))
                .unwrap_or_else(|| "/sign-in".to_owned());
            send_to(&asked);
            return Err(ServerFnError::new(
                AppError::Unauthenticated.message(use_texts()),
            ));
        };
        if actor.must_change_password && !account {
            send_to("/account");
            return Err(ServerFnError::new(
                use_texts().reason_must_change_password(),
            ));
        }
        let db = use_context::<DatabaseConnection>()
            .ok_or_else(|| ServerFnError::new("no database in context"))?;
        Ok((db, actor))
    }

    /// Answers the page request with a redirect. (`leptos_axum::redirect` only does so when
    /// the request says it accepts HTML; a page request always gets a page or a redirect.)
    fn send_to(path: &str) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(location) = axum::http::HeaderValue::from_str(path)
        {
            response.insert_header(axum::http::header::LOCATION, location);
            response.set_status(axum::http::StatusCode::FOUND);
        }
    }

    /// `text` percent-encoded for a query value.
    fn encode(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    /// `.or_page()?` in a page's server function: a domain error as the page's error, in the
    /// page's language. A refusal also sets the status, so a forbidden page answers 403 (or
    /// 404), not 200.
    pub trait OrPage<T> {
        fn or_page(self) -> Result<T, ServerFnError>;
    }

    impl<T> OrPage<T> for Result<T, AppError> {
        fn or_page(self) -> Result<T, ServerFnError> {
            self.map_err(page_error)
        }
    }

    fn page_error(error: AppError) -> ServerFnError {
        {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
                && let Ok(status) = axum::http::StatusCode::from_u16(error.status())
                && !status.is_success()
            {
                response.set_status(status);
            }
            if let AppError::Internal(detail) = &error {
                tracing::error!(%detail, "page failed");
            }
            ServerFnError::new(error.message(use_texts()))
        }
    }
}
