//! The static side: the browser bundle under `/pkg` (content-hashed names, pre-compressed
//! `.br`/`.gz` siblings, cached for a year) and the favicon.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{MethodRouter, get_service},
};
use std::path::Path;
use tower_http::services::ServeDir;

/// Files under `/pkg` are named by their content hash, so they never change: cache for good.
pub fn bundle(site_root: &Path) -> MethodRouter {
    get_service(
        ServeDir::new(site_root.join("pkg"))
            .precompressed_br()
            .precompressed_gzip(),
    )
    .layer(axum::middleware::map_response(cache_forever))
}

async fn cache_forever(mut response: Response) -> Response {
    if response.status().is_success() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    response
}

/// `minqing.<hash>`: the bundle the build left in `<site_root>/pkg`. Plain `minqing` when no
/// bundle was built (pages still work; islands stay static).
pub fn bundle_name(site_root: &Path) -> String {
    let found = std::fs::read_dir(site_root.join("pkg"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter_map(|name| {
            let stem = name.strip_suffix(".js")?;
            stem.starts_with("minqing.").then(|| stem.to_owned())
        })
        .max();
    found.unwrap_or_else(|| {
        tracing::warn!(
            site_root = %site_root.display(),
            "no browser bundle found: pages will render without interactivity"
        );
        "minqing".to_owned()
    })
}

const FAVICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#9f1d1d"/><text x="32" y="45" font-size="38" text-anchor="middle" fill="#fff" font-family="sans-serif">民</text></svg>"##;

pub async fn favicon() -> impl IntoResponse {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
}
