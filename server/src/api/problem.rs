//! `AppError` as RFC 9457 problem+json, with the `detail` in Chinese (or English when the
//! client's `Accept-Language` prefers it).

use app::error::AppError;
use app::i18n::Locale;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub struct Problem {
    pub error: AppError,
    pub locale: Locale,
}

impl Problem {
    pub fn new(error: AppError, headers: &HeaderMap) -> Problem {
        Problem {
            error,
            locale: locale(headers),
        }
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

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let t = self.locale.texts();
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::Internal(detail) = &self.error {
            tracing::error!(error = %detail, "request failed");
        }
        let mut body = json!({
            "type": format!("urn:minqing:problem:{}", self.error.code()),
            "title": status.canonical_reason().unwrap_or_default(),
            "status": status.as_u16(),
            "detail": self.error.message(t),
        });
        match &self.error {
            AppError::Invalid(list) => {
                body["errors"] = list
                    .iter()
                    .map(|i| json!({ "field": i.field, "code": i.reason.code(), "detail": i.reason.message(t) }))
                    .collect();
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
        if let AppError::Throttled { retry_after_secs } | AppError::Busy { retry_after_secs } =
            self.error
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            headers.insert(header::RETRY_AFTER, v);
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
