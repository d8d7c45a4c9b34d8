//! What a refused form keeps for its refill, held on the server for a few minutes instead of in
//! the address it redirects to: typed text (notes, names, descriptions) would otherwise reach
//! browser history, proxies and server logs. The redirect carries only `kept=<random id>`;
//! `expand` (a layer in front of the pages) puts the values back into the request the page is
//! rendered from, for the same person (their account, or their address when anonymous) only.
//!
//! It lives in the process, bounded in count and age: behind several instances without sticky
//! sessions a refill can land on another instance and is then lost (the error still shows).

use crate::http::auth::Resolved;
use app::auth::sessions::Client;
use axum::extract::Request;
use axum::http::{Method, Uri};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a refill waits for its page.
const TTL: Duration = Duration::from_secs(10 * 60);
/// At most this many at once (oldest dropped first), each at most `MAX_BYTES`.
const CAPACITY: usize = 10_000;
const MAX_BYTES: usize = 64 * 1024;

/// Whose refill it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    User(Uuid),
    Address(IpAddr),
}

struct Entry {
    owner: Owner,
    query: String,
    at: Instant,
}

/// The form handlers' refusal helpers are called from every handler, none of which carries the
/// application state: one process-wide store.
static KEPT: LazyLock<Mutex<HashMap<String, Entry>>> = LazyLock::new(Default::default);

/// Keeps `query` (`k=v&k=v`, encoded) for `owner`; the id to put in the redirect, or `None` when
/// there is nothing to keep (or too much).
pub fn keep(owner: Owner, query: &str) -> Option<String> {
    if query.is_empty() || query.len() > MAX_BYTES {
        return None;
    }
    let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    kept.retain(|_, e| now.duration_since(e.at) < TTL);
    if kept.len() >= CAPACITY
        && let Some(oldest) = kept
            .iter()
            .min_by_key(|(_, e)| e.at)
            .map(|(k, _)| k.clone())
    {
        kept.remove(&oldest);
    }
    let id = Uuid::new_v4().simple().to_string();
    kept.insert(
        id.clone(),
        Entry {
            owner,
            query: query.to_owned(),
            at: now,
        },
    );
    Some(id)
}

/// The refill kept under `id` for someone who is one of `owners`.
fn find(id: &str, owners: &[Owner]) -> Option<String> {
    let kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    kept.get(id)
        .filter(|e| e.at.elapsed() < TTL && owners.contains(&e.owner))
        .map(|e| e.query.clone())
}

/// What `location` (a redirect's target) stands for with its kept values spelled out, whoever
/// owns them: for the HTTP tests, which read redirects instead of following them.
#[doc(hidden)]
pub fn spelled_out(location: &str) -> String {
    let Some((page, query)) = location.split_once('?') else {
        return location.to_owned();
    };
    let kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    let parts: Vec<String> = query
        .split('&')
        .map(
            |pair| match pair.strip_prefix("kept=").and_then(|id| kept.get(id)) {
                Some(e) => e.query.clone(),
                None => pair.to_owned(),
            },
        )
        .collect();
    format!("{page}?{}", parts.join("&"))
}

/// `GET page?…&kept=<id>`: renders the page as if the kept values were in its query. The
/// browser's address keeps only the id; a stranger's id, or an expired one, adds nothing.
pub async fn expand(mut request: Request, next: Next) -> Response {
    let id = (request.method() == Method::GET)
        .then(|| request.uri().query())
        .flatten()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "kept"))
        .map(|(_, v)| v.into_owned());
    if let Some(id) = id {
        let mut owners = Vec::new();
        if let Some(actor) = request
            .extensions()
            .get::<Resolved>()
            .and_then(|r| r.0.as_ref())
        {
            owners.push(Owner::User(actor.user_id));
        }
        if let Some(client) = request.extensions().get::<Client>() {
            owners.push(Owner::Address(client.ip));
        }
        if let Some(values) = find(&id, &owners) {
            let uri = request.uri();
            let rest: Vec<String> =
                form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
                    .filter(|(k, _)| k != "kept")
                    .map(|(k, v)| {
                        form_urlencoded::Serializer::new(String::new())
                            .append_pair(&k, &v)
                            .finish()
                    })
                    .collect();
            let query = [rest.join("&"), values]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("&");
            if let Ok(expanded) = format!("{}?{query}", uri.path()).parse::<Uri>() {
                *request.uri_mut() = expanded;
            }
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refill_is_found_by_its_owner_only() {
        let me = Owner::User(Uuid::now_v7());
        let id = keep(me, "notes=%E8%80%81").unwrap();
        assert_eq!(find(&id, &[me]).as_deref(), Some("notes=%E8%80%81"));
        assert_eq!(find(&id, &[Owner::User(Uuid::now_v7())]), None);
        assert_eq!(find("nope", &[me]), None);
        assert_eq!(keep(me, ""), None);
        assert_eq!(keep(me, &"x".repeat(MAX_BYTES + 1)), None);
    }
}
