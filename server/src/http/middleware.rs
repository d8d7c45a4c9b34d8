//! The layers every response passes through, outermost first: a tracing span per request (named
//! by its matched route), security headers, the API's problem+json language layer, panic → 500,
//! timeout, compression, body limit.

use crate::config::Config;
use axum::{
    Router,
    body::Body,
    extract::MatchedPath,
    http::{HeaderName, HeaderValue, Request, Response, StatusCode, header},
    response::IntoResponse,
};
use std::any::Any;
use tower::ServiceBuilder;
use tower_http::{
    LatencyUnit,
    catch_panic::CatchPanicLayer,
    compression::{CompressionLayer, CompressionLevel},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

/// Pages set their own nonce-based policy; everything else (health, redirects, errors) gets
/// one that allows nothing.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The largest file a request to a path may carry (its route's upload limit), if any.
pub type UploadLimit = fn(&str) -> Option<usize>;

pub fn with_middleware(router: Router, config: &Config, uploads: UploadLimit) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let hsts = config.is_https().then(|| {
        header(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        )
    });
    router.layer(
        ServiceBuilder::new()
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(request_span)
                    // One line per request at INFO: the access log, inside the request's span.
                    .on_response(
                        DefaultOnResponse::new()
                            .level(Level::INFO)
                            .latency_unit(LatencyUnit::Micros),
                    ),
            )
            .layer(header(header::CONTENT_SECURITY_POLICY, DEFAULT_CSP))
            .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(header(header::X_FRAME_OPTIONS, "DENY"))
            .layer(header(header::REFERRER_POLICY, "same-origin"))
            .layer(header(
                HeaderName::from_static("cross-origin-opener-policy"),
                "same-origin",
            ))
            .layer(header(
                HeaderName::from_static("permissions-policy"),
                "camera=(self), geolocation=(self), microphone=()",
            ))
            .option_layer(hsts)
            // Every error under /api/v1 leaves as problem+json in the caller's language, those
            // of the layers below included.
            .layer(axum::middleware::from_fn(super::problem::localize))
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                config.request_timeout(),
            ))
            // Back to axum's body type, which the timeout layer can produce on its own.
            .map_response(IntoResponse::into_response)
            // Brotli's default (quality 11) costs more CPU than rendering the page; 4 keeps most
            // of the saving (see the bench).
            .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
            .layer(axum::middleware::from_fn_with_state(
                (config.body_limit_bytes, uploads),
                limit_body,
            ))
            // `limit_body` is the one limit; axum's own (2 MB for every extractor) would
            // refuse uploads that `limit_body` allows.
            .layer(axum::extract::DefaultBodyLimit::disable()),
    )
}

/// Room for the multipart form around an uploaded file.
const FORM_BYTES: usize = 64 * 1024;

/// Caps every request body: uploads at their route's file limit plus the form, everything else
/// at the configured limit. A declared length over the cap is refused before reading; a body
/// that grows past it fails while being read, and the extractor answers 413.
async fn limit_body(
    axum::extract::State((limit, uploads)): axum::extract::State<(usize, UploadLimit)>,
    request: Request<Body>,
    next: axum::middleware::Next,
) -> Response<Body> {
    let limit = uploads(request.uri().path()).map_or(limit, |file| file + FORM_BYTES);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    next.run(request.map(|body| Body::new(http_body_util::Limited::new(body, limit))))
        .await
}

/// The path without its query string: queries may carry personal data, logs never do.
fn request_span(request: &Request<Body>) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str)
        .unwrap_or("fallback");
    tracing::info_span!(
        "request",
        method = %request.method(),
        route,
        path = %request.uri().path(),
    )
}

/// A panic is a bug: log it, tell the client nothing about it.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response<String> {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "request handler panicked");
    let mut response = Response::new("服务器内部错误 Internal Server Error".to_owned());
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
