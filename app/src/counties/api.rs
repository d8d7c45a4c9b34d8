use super::CountySummary;
use leptos::prelude::*;

/// The active counties of this deployment, by province, city and code.
#[server(endpoint = "counties")]
pub async fn list_counties() -> Result<Vec<CountySummary>, ServerFnError> {
    use super::{CountyStatus, entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    let db = crate::db::use_db()?;
    let rows = entity::Entity::find()
        .filter(entity::Column::Status.eq(CountyStatus::Active))
        .order_by_asc(entity::Column::Province)
        .order_by_asc(entity::Column::City)
        .order_by_asc(entity::Column::Code)
        .all(&db)
        .await
        .map_err(|err| {
            tracing::error!(%err, "listing counties failed");
            ServerFnError::new("database")
        })?;
    Ok(rows.into_iter().map(Into::into).collect())
}
