//! `AppError` as RFC 9457 problem+json. Handlers return `Problem` (any `AppError` converts
//! with `?`) and never think about language: `localize`, one layer around the REST API, renders
//! the `detail` in the caller's language (zh-CN unless `Accept-Language` prefers English) and
//! turns every bare error the stack produces by itself (axum's 405, the body limit's 413, the
//! timeout's 408, a panic's 500) into a problem too.

use app::error::{AppError, Malformed};
use app::i18n::Locale;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The REST API's error. Rendered in zh-CN at once (so it is right even outside the layer) and
/// kept whole in the response's extensions for `localize`.
#[derive(Debug)]
pub struct Problem(pub AppError);

impl From<AppError> for Problem {
    fn from(error: AppError) -> Problem {
        Problem(error)
    }
}

/// The error behind a rendered problem, for `localize`.
#[derive(Clone)]
struct Unlocalized(std::sync::Arc<AppError>);

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = render(&self.0, Locale::ZhCn);
        response
            .extensions_mut()
            .insert(Unlocalized(std::sync::Arc::new(self.0)));
        response
    }
}

/// zh-CN unless the client asks for English first.
pub fn locale(headers: &HeaderMap) -> Locale {
    let prefers_english = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("en"));
    if prefers_english {
        Locale::En
    } else {
        Locale::ZhCn
    }
}

/// The problem body for `error` in `locale`, with its status and headers.
pub fn render(error: &AppError, locale: Locale) -> Response {
    let t = locale.texts();
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut body = json!({
        "type": format!("urn:minqing:problem:{}", error.code()),
        "title": status.canonical_reason().unwrap_or_default(),
        "status": status.as_u16(),
        "detail": error.message(t),
    });
    match error {
        AppError::Invalid(list) => {
            body["errors"] = list
                .iter()
                .map(|i| json!({ "field": i.field, "code": i.reason.code(), "detail": i.reason.message(t) }))
                .collect();
        }
        AppError::Malformed { field, reason, .. } => {
            body["errors"] =
                json!([{ "field": field, "code": reason.code(), "detail": reason.message(t) }]);
        }
        AppError::Conflict(reason) => body["code"] = reason.code().into(),
        _ => {}
    }
    let mut response = (status, axum::Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    if let AppError::Throttled { retry_after_secs } | AppError::Busy { retry_after_secs } = error
        && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
    {
        headers.insert(header::RETRY_AFTER, v);
    }
    if status == StatusCode::UNAUTHORIZED {
        headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// The REST API's one language layer (see the module comment). Pages are left alone: they
/// render their own errors.
pub async fn localize(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/v1/") {
        return next.run(request).await;
    }
    let locale = locale(request.headers());
    let mut response = next.run(request).await;
    if let Some(Unlocalized(error)) = response.extensions_mut().remove::<Unlocalized>() {
        if locale == Locale::ZhCn {
            return response;
        }
        return keep_headers(render(&error, locale), &response);
    }
    match bare_error(&response) {
        Some(error) => {
            if let AppError::Internal(detail) = &error {
                tracing::error!(%detail, "request failed");
            }
            keep_headers(render(&error, locale), &response)
        }
        None => response,
    }
}

/// An error response that is not a problem yet: what axum, tower-http or a panic produced.
fn bare_error(response: &Response) -> Option<AppError> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if is_problem {
        return None;
    }
    Some(match status {
        StatusCode::NOT_FOUND => AppError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => AppError::malformed(Malformed::Method, "method"),
        StatusCode::PAYLOAD_TOO_LARGE => AppError::malformed(Malformed::TooLarge, "body"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            AppError::malformed(Malformed::ContentType, "content-type")
        }
        StatusCode::REQUEST_TIMEOUT => AppError::malformed(Malformed::Timeout, "request"),
        s if s.is_server_error() => AppError::Internal(format!("bare {s} response")),
        _ => AppError::malformed(Malformed::Syntax, "request"),
    })
}

/// The headers a re-rendered problem must not lose (`Allow` on a 405, cookies, request id).
fn keep_headers(mut rendered: Response, original: &Response) -> Response {
    let own: Vec<_> = rendered.headers().keys().cloned().collect();
    for (name, value) in original.headers() {
        // The new body is neither the old one's length nor compressed like it.
        let about_the_body = name == header::CONTENT_LENGTH || name == header::CONTENT_ENCODING;
        if !own.contains(name) && !about_the_body {
            rendered.headers_mut().append(name, value.clone());
        }
    }
    rendered
}
