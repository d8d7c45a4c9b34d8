//! `org_units`: a tenant table. Every row carries its county first, and a materialised `path`
//! of per-county sequence numbers (`/1/4/17/`) so "is X inside Y's subtree" is one prefix test.

use super::OrgKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_units")]
pub struct Model {
    pub county_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: OrgKind,
    /// 12-digit division code, or a department's short code.
    pub code: String,
    pub name: String,
    /// Position in the county, unique within it; the segments of `path`.
    pub seq: i32,
    pub path: String,
    pub active: bool,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::counties::entity::Entity",
        from = "Column::CountyId",
        to = "crate::counties::entity::Column::Id"
    )]
    County,
}

impl Related<crate::counties::entity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::County.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

// Tenant tables: queried through `Tx::select` and its kin (see `tenancy`).
crate::tenant!(here, path);
