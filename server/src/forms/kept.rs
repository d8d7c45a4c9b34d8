//! What a refused form keeps for its refill, held on the server for a few minutes instead of in
//! the address it redirects to: typed text (notes, names, descriptions) would otherwise reach
//! browser history, proxies and server logs. The redirect carries only `kept=<random id>`;
//! `expand` (a layer in front of the pages) puts the values back into the request the page is
//! rendered from, for the same person (their account, or their address when anonymous) only.
//!
//! A refused registration also keeps the files it carried (`keep_with_files`), so the retry
//! need not choose them again: the refill names them, the form sends back which ones to keep,
//! and `take_files` hands them to the retry, for their owner only. Files are bounded by the
//! same ten minutes, one waiting set per person, and `FILE_BYTES` for everyone together.
//!
//! It lives in the process, bounded in count and age: behind several instances without sticky
//! sessions a refill can land on another instance and is then lost (the error still shows).

use crate::http::auth::Resolved;
use app::auth::sessions::Client;
use app::grievances::model::Upload;
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
/// All waiting files together: one full registration (5 × 10 MB) and change. When more
/// arrive, the oldest sets go first.
const FILE_BYTES: usize = 64 * 1024 * 1024;

/// The refill's keys that describe kept files: the id to send back, and `size:name` per file
/// in order (the form's `kept_file.<n>` checkboxes refer to these positions).
pub const FILES_KEY: &str = "attachments";
pub const FILE_KEY: &str = "attachment";

/// Whose refill it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    User(Uuid),
    Address(IpAddr),
}

struct Entry {
    owner: Owner,
    query: String,
    files: Vec<Upload>,
    at: Instant,
}

impl Entry {
    fn file_bytes(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }
}

/// The form handlers' refusal helpers are called from every handler, none of which carries the
/// application state: one process-wide store.
static KEPT: LazyLock<Mutex<HashMap<String, Entry>>> = LazyLock::new(Default::default);

/// Keeps `query` (`k=v&k=v`, encoded) for `owner`; the id to put in the redirect, or `None` when
/// there is nothing to keep (or too much).
pub fn keep(owner: Owner, query: &str) -> Option<String> {
    keep_with_files(owner, query, Vec::new())
}

/// `keep`, with the files the refused form carried: they wait for the retry (see
/// `take_files`), and the refill says which they are. Keeping new files drops the owner's
/// earlier waiting ones: a person retries one form at a time.
pub fn keep_with_files(owner: Owner, query: &str, files: Vec<Upload>) -> Option<String> {
    let incoming: usize = files.iter().map(|f| f.bytes.len()).sum();
    let files = if incoming > FILE_BYTES {
        Vec::new()
    } else {
        files
    };
    if (query.is_empty() && files.is_empty()) || query.len() > MAX_BYTES {
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
    let mut query = query.to_owned();
    if !files.is_empty() {
        for e in kept.values_mut().filter(|e| e.owner == owner) {
            e.files.clear();
        }
        let mut waiting: usize = kept.values().map(Entry::file_bytes).sum();
        while waiting + files_bytes(&files) > FILE_BYTES {
            let Some(oldest) = kept
                .values_mut()
                .filter(|e| !e.files.is_empty())
                .min_by_key(|e| e.at)
            else {
                break;
            };
            waiting -= oldest.file_bytes();
            oldest.files.clear();
        }
        let mut described = form_urlencoded::Serializer::new(String::new());
        described.append_pair(FILES_KEY, &id);
        for f in &files {
            described.append_pair(FILE_KEY, &format!("{}:{}", f.bytes.len(), f.file_name));
        }
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&described.finish());
    }
    kept.insert(
        id.clone(),
        Entry {
            owner,
            query,
            files,
            at: now,
        },
    );
    Some(id)
}

fn files_bytes(files: &[Upload]) -> usize {
    files.iter().map(|f| f.bytes.len()).sum()
}

/// The files kept under `id` for `owner` whose positions `chosen` accepts; they leave the
/// store (a retry that is refused again keeps them anew). Nothing for anyone else, or late.
pub fn take_files(id: &str, owner: Owner, chosen: impl Fn(usize) -> bool) -> Vec<Upload> {
    let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    match kept.get_mut(id.trim()) {
        Some(e) if e.owner == owner && e.at.elapsed() < TTL => std::mem::take(&mut e.files)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| chosen(*i))
            .map(|(_, f)| f)
            .collect(),
        _ => Vec::new(),
    }
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

    fn file(name: &str, len: usize) -> Upload {
        Upload {
            file_name: name.into(),
            bytes: vec![7; len],
        }
    }

    #[test]
    fn kept_files_go_to_their_owner_once_within_bounds() {
        let me = Owner::User(Uuid::now_v7());
        let id = keep_with_files(me, "", vec![file("a.png", 3), file("b:c.pdf", 5)]).unwrap();
        let refill = find(&id, &[me]).unwrap();
        assert_eq!(
            refill,
            format!("attachments={id}&attachment=3%3Aa.png&attachment=5%3Ab%3Ac.pdf")
        );
        assert!(take_files(&id, Owner::User(Uuid::now_v7()), |_| true).is_empty());
        let taken = take_files(&id, me, |i| i == 1);
        assert_eq!(taken.len(), 1);
        assert_eq!(taken[0].file_name, "b:c.pdf");
        assert!(take_files(&id, me, |_| true).is_empty(), "taken once");

        // One waiting set per person, and one bound for all (in the same test: the store is
        // the process's, and eviction would race a parallel test).
        let first = keep_with_files(me, "a=1", vec![file("a.png", 3)]).unwrap();
        let second = keep_with_files(me, "a=2", vec![file("b.png", 3)]).unwrap();
        assert!(take_files(&first, me, |_| true).is_empty(), "replaced");
        assert_eq!(take_files(&second, me, |_| true).len(), 1);
        // Too much at once is not kept at all; the text still is.
        let big = keep_with_files(me, "a=3", vec![file("big.pdf", FILE_BYTES + 1)]).unwrap();
        assert_eq!(find(&big, &[me]).as_deref(), Some("a=3"));
        // Others' sets make room, oldest first.
        let other = Owner::User(Uuid::now_v7());
        let old = keep_with_files(other, "", vec![file("old.png", FILE_BYTES / 2)]).unwrap();
        let new = keep_with_files(me, "", vec![file("new.png", FILE_BYTES / 2 + 1)]).unwrap();
        assert!(take_files(&old, other, |_| true).is_empty(), "evicted");
        assert_eq!(take_files(&new, me, |_| true).len(), 1);
    }
}
