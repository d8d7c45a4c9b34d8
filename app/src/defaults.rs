//! What each feature gives a new county, in the transaction that creates it. The county
//! registry calls this as a hook (`counties::manage::Defaults`), so it depends on no feature
//! above it; a feature with defaults adds its line here.

use crate::error::AppError;
use crate::tenancy::Tx;
use futures::future::BoxFuture;
use uuid::Uuid;

pub fn new_county(tx: &Tx, county: Uuid) -> BoxFuture<'_, Result<(), AppError>> {
    Box::pin(async move {
        crate::grievances::categories::insert_defaults(tx, county).await?;
        Ok(())
    })
}
