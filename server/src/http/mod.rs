//! The HTTP kit every handler stands on, importing only `app`, `config` and each other: who is
//! calling (`auth`: the middleware, `Caller`/`AnyCaller`), errors as problem+json and their one
//! language layer (`problem`), the API's extractors (`extract`), downloads, the middleware stack,
//! health checks and the static bundle. The form handlers (`crate::forms`) and the REST API
//! (`crate::api`) stand on it; `crate::startup` puts them together.

pub mod auth;
pub mod download;
pub mod extract;
pub mod health;
pub mod middleware;
pub mod problem;
pub mod site;
pub mod upload;

pub use middleware::{UploadLimit, with_middleware};

/// Whether `path` is an instance of the route `template` (`{name}` matches one segment).
pub fn route_matches(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(seg), Some(actual))
                if seg == actual || (seg.starts_with('{') && !actual.is_empty()) => {}
            _ => return false,
        }
    }
}
