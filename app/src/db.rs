//! Access to the database from server functions. The server provides the connection through the
//! reactive context for each request; nothing else reaches for a global.

use leptos::prelude::*;
pub use sea_orm::DatabaseConnection;

pub fn use_db() -> Result<DatabaseConnection, ServerFnError> {
    use_context::<DatabaseConnection>()
        .ok_or_else(|| ServerFnError::new("no database connection in context"))
}
