//! `audit_events`: append-only (the database refuses UPDATE and DELETE) and hash-chained per
//! county; `audit_heads` holds each chain's last sequence number and hash.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    pub county_id: Option<Uuid>,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub seq: i64,
    pub at: TimeDateTimeWithTimeZone,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub actor_role: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub target_label: String,
    pub outcome: String,
    pub ip: String,
    /// JSON with the particulars (never an ID number, phone or token).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// Tenant tables: queried through `Tx::select` and its kin (see `tenancy`).
crate::tenant!(here, platform);
