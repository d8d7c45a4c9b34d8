//! The org-unit tree of a county: county → townships/streets → villages/communities, and the
//! county's departments. Codes and kinds are plain domain types; the table lives behind `ssr`.

mod division_code;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod manage;
pub mod page;
#[cfg(feature = "ssr")]
pub mod tree;

pub use division_code::{DivisionCode, DivisionCodeError};

use serde::{Deserialize, Serialize};

/// What an org unit is. Stored as a short string (see `entity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 县/区/县级市: the root of a tenant's tree.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "county"))]
    County,
    /// 乡镇/街道
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "township"))]
    Township,
    /// 村/社区
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "village"))]
    Village,
    /// 县直部门, directly under the county.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "department"))]
    Department,
}

impl OrgKind {
    /// The kind's name as people say it.
    pub const fn label(self, t: crate::i18n::Texts) -> &'static str {
        match self {
            OrgKind::County => t.kind_county(),
            OrgKind::Township => t.kind_township(),
            OrgKind::Village => t.kind_village(),
            OrgKind::Department => t.kind_department(),
        }
    }
}
