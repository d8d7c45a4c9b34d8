//! `import_jobs`: a tenant table. One uploaded sheet from its check to its end; the file is
//! kept only until then.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a sheet imports.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(16))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Townships and villages by division code.
    Org,
    Departments,
    Users,
    /// Households and their members, one row per person.
    Households,
}

/// Where a job is. `Checking` and `Applying` are done by a background task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, EnumIter, DeriveActiveEnum)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(16))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Checking,
    /// Some rows have problems; nothing can be applied.
    Invalid,
    /// Checked clean; waiting for the user to apply the preview.
    Ready,
    Applying,
    Applied,
    /// An unexpected error (or a restart) ended it; nothing was written.
    Failed,
}

impl JobStatus {
    pub const fn is_running(self) -> bool {
        matches!(self, JobStatus::Checking | JobStatus::Applying)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_jobs")]
pub struct Model {
    pub county_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub created_by: Uuid,
    pub kind: ImportKind,
    pub status: JobStatus,
    pub file_name: String,
    /// The upload, emptied when the job ends.
    pub file: Vec<u8>,
    /// Users imports: the hash of the initial password for rows that give none.
    pub password_hash: Option<String>,
    pub rows: i32,
    /// JSON `Summary`.
    pub summary: Option<String>,
    /// JSON `Vec<RowFault>` (the first `MAX_PROBLEMS`).
    pub problems: Option<String>,
    pub error: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// Tenant tables: queried through `Tx::select` and its kin (see `tenancy`).
crate::tenant!(here);
