//! Counties: the tenants of this deployment. The landing page lists them so a user can find the
//! right sign-in; everything inside a county belongs to that county alone.

pub mod api;
#[cfg(feature = "ssr")]
mod directory;
#[cfg(feature = "ssr")]
pub mod entity;
mod finder;
#[cfg(feature = "ssr")]
pub mod manage;
pub mod page;
mod texts;

#[cfg(feature = "ssr")]
pub use directory::CountyDirectory;
pub use finder::CountyList;

use serde::{Deserialize, Serialize};

/// Whether a county's users may sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum CountyStatus {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "active"))]
    Active,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "suspended"))]
    Suspended,
}

/// What anyone may know about a county: its public identity, nothing inside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountySummary {
    /// 6-digit county division code, e.g. `130123`.
    pub code: String,
    pub name: String,
    pub province: String,
    pub city: String,
}

impl CountySummary {
    /// Whether a search box entry finds this county: part of its name, city or province, or
    /// the start of its code. Shared by the server (no-JS search) and the browser island.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim();
        query.is_empty()
            || self.code.starts_with(query)
            || self.name.contains(query)
            || self.city.contains(query)
            || self.province.contains(query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zhengding() -> CountySummary {
        CountySummary {
            code: "130123".into(),
            name: "正定县".into(),
            province: "河北省".into(),
            city: "石家庄市".into(),
        }
    }

    #[test]
    fn search_matches_name_place_or_code_prefix() {
        let county = zhengding();
        for query in ["", "  ", "正定", "石家庄", "河北", "1301", "130123"] {
            assert!(county.matches(query), "{query:?} should match");
        }
        for query in ["平山", "0123", "1301234"] {
            assert!(!county.matches(query), "{query:?} should not match");
        }
    }
}
