//! Households as screens and the API see them: personal fields already masked (or revealed one
//! at a time through `reveal`). Ids travel as strings, dates as `YYYY-MM-DD`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdRow {
    pub id: String,
    pub village_id: String,
    pub village_name: String,
    /// 组
    pub group_name: String,
    pub house_number: String,
    pub address: String,
    pub head_name: String,
    /// Masked.
    pub phone: Option<String>,
    pub tags: Vec<String>,
    pub members: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    #[serde(flatten)]
    pub row: HouseholdRow,
    pub notes: String,
    pub people: Vec<Member>,
    /// The paired cadres (结对干部).
    pub cadres: Vec<Cadre>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// 户主, 配偶, 子女, …
    pub relation: String,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    /// Masked.
    pub id_number: Option<String>,
    /// Masked.
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cadre {
    pub id: String,
    pub name: String,
}

/// Which personal field to reveal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    IdNumber,
    Phone,
}

impl Field {
    pub const fn code(self) -> &'static str {
        match self {
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        [Field::IdNumber, Field::Phone]
            .into_iter()
            .find(|f| f.code() == code)
    }
}
