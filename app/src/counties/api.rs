use super::CountySummary;
use leptos::prelude::*;

/// The active counties of this deployment, by province, city and code.
#[server(endpoint = "counties")]
pub async fn list_counties() -> Result<Vec<CountySummary>, ServerFnError> {
    let directory = use_context::<super::CountyDirectory>()
        .ok_or_else(|| ServerFnError::new("no county directory in context"))?;
    let list = directory.active().await.map_err(|err| {
        tracing::error!(%err, "listing counties failed");
        ServerFnError::new("database")
    })?;
    Ok(list.to_vec())
}
