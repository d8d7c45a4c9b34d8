//! Ledger exports as xlsx: the household registry and the visit ledger (走访台账). The checks
//! run before the answer starts, so a refusal is an ordinary problem+json. The file is then
//! written in the background and streamed once it is complete and its audit row committed.
//! Headers go out at once: the request timeout covers only the wait for them, so a
//! million-row ledger is not cut off. Should writing fail after that, the body ends in an
//! error and the client sees a broken download rather than a short file.

use crate::http::auth::Caller;
use crate::http::download::attachment_body;
use crate::http::extract::Query;
use crate::http::problem::Problem;
use crate::state::AppState;
use app::error::AppError;
use app::export_file::{Written, XLSX};
use app::grievances::export as grievance_export;
use app::grievances::ledger as grievance_ledger;
use app::households::export as registry;
use app::visits::ledger::{self, LedgerQuery};
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use futures_util::{TryStreamExt, stream};
use serde::Deserialize;
use tokio::task::JoinHandle;
use tokio_util::io::ReaderStream;
use uuid::Uuid;

#[derive(Deserialize)]
pub struct HouseholdsQuery {
    unit: Option<Uuid>,
    #[serde(default)]
    reveal: bool,
}

/// `GET /households/export?unit=&reveal=`
pub async fn households(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<HouseholdsQuery>,
) -> Response {
    let prepared = match registry::prepare(&state.db, &actor, query.unit, query.reveal).await {
        Ok(prepared) => prepared,
        Err(e) => return Problem(e).into_response(),
    };
    let (file_name, label) = (prepared.file_name.clone(), prepared.label.clone());
    let task = tokio::spawn(registry::write(state.db.clone(), actor, prepared));
    download(task, &file_name, &label)
}

#[derive(Deserialize)]
pub struct VisitsQuery {
    campaign: Option<Uuid>,
    unit: Option<Uuid>,
    from: Option<String>,
    until: Option<String>,
}

/// `GET /visits/export?campaign=&unit=&from=&until=`
pub async fn visits(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<VisitsQuery>,
) -> Response {
    let query = LedgerQuery {
        campaign: query.campaign,
        unit: query.unit,
        from: query.from,
        until: query.until,
    };
    let prepared = match ledger::prepare(&state.db, &actor, &query).await {
        Ok(prepared) => prepared,
        Err(e) => return Problem(e).into_response(),
    };
    let (file_name, label) = (prepared.file_name.clone(), prepared.label.clone());
    let task = tokio::spawn(ledger::write(state.db.clone(), actor, prepared));
    download(task, &file_name, &label)
}

/// `GET /grievances/export?…` with the ledger's filters.
pub async fn grievances(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<grievance_ledger::FilterQuery>,
) -> Response {
    let prepared = match query.parse() {
        Ok(filter) => grievance_export::prepare(&state.db, &actor, filter).await,
        Err(e) => Err(e),
    };
    let prepared = match prepared {
        Ok(prepared) => prepared,
        Err(e) => return Problem(e).into_response(),
    };
    let (file_name, label) = (prepared.file_name.clone(), prepared.label.clone());
    let task = tokio::spawn(grievance_export::write(state.db.clone(), actor, prepared));
    download(task, &file_name, &label)
}

/// The file the task writes, streamed from its temporary file once the task is done.
fn download(task: JoinHandle<Result<Written, AppError>>, file_name: &str, label: &str) -> Response {
    let file = stream::once(async move {
        let failed = |error: String| {
            tracing::error!(%error, "export failed");
            Err(std::io::Error::other("export failed"))
        };
        match task.await {
            Ok(Ok(written)) => Ok(ReaderStream::new(tokio::fs::File::from_std(written.file))),
            Ok(Err(e)) => failed(e.to_string()),
            Err(e) => failed(e.to_string()),
        }
    })
    .try_flatten();
    attachment_body(Body::from_stream(file), XLSX, file_name, label)
}
