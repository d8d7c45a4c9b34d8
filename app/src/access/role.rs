//! The roles of shared/DOMAIN.md. Stored and sent as their snake_case code.

use super::OrgKind;
use crate::i18n::Texts;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(24))",
        rename_all = "snake_case"
    )
)]
pub enum Role {
    PlatformAdmin,
    ProvinceViewer,
    CountyAdmin,
    CountyLeader,
    DepartmentStaff,
    TownshipAdmin,
    TownshipStaff,
    VillageCadre,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::PlatformAdmin,
        Role::ProvinceViewer,
        Role::CountyAdmin,
        Role::CountyLeader,
        Role::DepartmentStaff,
        Role::TownshipAdmin,
        Role::TownshipStaff,
        Role::VillageCadre,
        Role::Auditor,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::ProvinceViewer => "province_viewer",
            Role::CountyAdmin => "county_admin",
            Role::CountyLeader => "county_leader",
            Role::DepartmentStaff => "department_staff",
            Role::TownshipAdmin => "township_admin",
            Role::TownshipStaff => "township_staff",
            Role::VillageCadre => "village_cadre",
            Role::Auditor => "auditor",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The role's name as people say it.
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Role::PlatformAdmin => t.role_platform_admin(),
            Role::ProvinceViewer => t.role_province_viewer(),
            Role::CountyAdmin => t.role_county_admin(),
            Role::CountyLeader => t.role_county_leader(),
            Role::DepartmentStaff => t.role_department_staff(),
            Role::TownshipAdmin => t.role_township_admin(),
            Role::TownshipStaff => t.role_township_staff(),
            Role::VillageCadre => t.role_village_cadre(),
            Role::Auditor => t.role_auditor(),
        }
    }

    /// The kind of org unit an account with this role belongs to; `None` for platform accounts,
    /// which belong to no county.
    pub const fn unit_kind(self) -> Option<OrgKind> {
        match self {
            Role::PlatformAdmin | Role::ProvinceViewer => None,
            Role::CountyAdmin | Role::CountyLeader | Role::Auditor => Some(OrgKind::County),
            Role::DepartmentStaff => Some(OrgKind::Department),
            Role::TownshipAdmin | Role::TownshipStaff => Some(OrgKind::Township),
            Role::VillageCadre => Some(OrgKind::Village),
        }
    }

    pub const fn is_platform(self) -> bool {
        self.unit_kind().is_none()
    }

    /// The roles this role may give to accounts it manages: at or below its own level, and
    /// never the auditor's, which only the platform operator grants (三员分立: the admin who
    /// manages accounts must not control the account that audits them).
    pub fn may_grant(self, role: Role) -> bool {
        use Role::*;
        match self {
            PlatformAdmin => matches!(role, CountyAdmin | Auditor),
            CountyAdmin => matches!(
                role,
                CountyAdmin
                    | CountyLeader
                    | DepartmentStaff
                    | TownshipAdmin
                    | TownshipStaff
                    | VillageCadre
            ),
            TownshipAdmin => matches!(role, TownshipAdmin | TownshipStaff | VillageCadre),
            _ => false,
        }
    }
}
