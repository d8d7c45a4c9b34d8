//! `users`: accounts. County accounts carry their county and org unit; platform accounts
//! (operator, province viewer) carry neither.

use crate::access::Role;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    pub county_id: Option<Uuid>,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_unit_id: Option<Uuid>,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// argon2id PHC string; never leaves the server.
    pub password_hash: String,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::org::entity::Entity",
        from = "Column::OrgUnitId",
        to = "crate::org::entity::Column::Id"
    )]
    OrgUnit,
}

impl Related<crate::org::entity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrgUnit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

// Tenant tables: queried through `Tx::select` and its kin (see `tenancy`).
crate::tenant!(here, platform);
