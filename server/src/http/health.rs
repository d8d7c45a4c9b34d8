use axum::{extract::State, http::StatusCode};
use sea_orm::DatabaseConnection;

/// The process is up.
pub async fn alive() -> &'static str {
    "ok"
}

/// The process can do its work: the database answers.
pub async fn ready(State(db): State<DatabaseConnection>) -> (StatusCode, &'static str) {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(%err, "readiness check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
