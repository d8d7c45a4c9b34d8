//! `counties`: the tenant registry, owned by the platform. Not itself tenant data: the landing
//! page may list active counties to anyone.

use super::CountyStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "counties")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// 6-digit county division code, unique across the deployment.
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub province: String,
    pub city: String,
    pub status: CountyStatus,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl From<Model> for super::CountySummary {
    fn from(m: Model) -> Self {
        super::CountySummary {
            code: m.code,
            name: m.name,
            province: m.province,
            city: m.city,
        }
    }
}
