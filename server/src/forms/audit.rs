//! `GET /audit/export`: the auditor's Excel download of every entry the viewer's filters match.
//! The workbook and its audit entry come from `app::audit::export`.

use super::Resolved;
use crate::state::AppState;
use app::audit::{export, model::AuditQuery};
use app::error::AppError;
use app::i18n::Locale;
use app::imports::template::SheetFormat;
use axum::{
    Extension,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

pub async fn export(
    State(state): State<AppState>,
    Extension(resolved): Extension<Resolved>,
    headers: HeaderMap,
    Query(query): Query<AuditQuery>,
) -> Response {
    let Some(actor) = resolved.0 else {
        return Redirect::to("/sign-in").into_response();
    };
    if actor.must_change_password {
        return Redirect::to("/account").into_response();
    }
    match export::export(&state.db, &actor, &query).await {
        Ok(file) => crate::http::download::attachment(
            file.bytes,
            SheetFormat::Xlsx.content_type(),
            &file.filename,
            &file.filename,
        ),
        Err(AppError::Unauthenticated) => Redirect::to("/sign-in").into_response(),
        Err(e) => {
            if let AppError::Internal(detail) = &e {
                tracing::error!(%detail, "audit export failed");
            }
            let locale = headers
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(Locale::from_cookie_header)
                .unwrap_or_default();
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                e.message(locale.texts()),
            )
                .into_response()
        }
    }
}
