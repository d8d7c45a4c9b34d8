//! File downloads: one response shape for templates and exports.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// An attachment named `name` (RFC 5987, for the Chinese name) with `ascii_name` for clients
/// that read only the plain parameter. Never cached: exports carry county data.
pub fn attachment(bytes: Vec<u8>, content_type: &str, ascii_name: &str, name: &str) -> Response {
    attachment_body(Body::from(bytes), content_type, ascii_name, name)
}

/// The same, for a body that streams (large exports).
pub fn attachment_body(body: Body, content_type: &str, ascii_name: &str, name: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
        percent(name)
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// RFC 5987 percent-encoding of a file name.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_percent_encoded() {
        assert_eq!(super::percent("审计-1.xlsx"), "%E5%AE%A1%E8%AE%A1-1.xlsx");
    }
}
