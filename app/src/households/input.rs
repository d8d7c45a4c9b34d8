//! What a household or member form or API body carries, and the checks that make it clean:
//! pure functions, shared by the registry, the import and the forms.

use super::personal::{IdNumber, Phone};
use crate::error::{Invalid, Reason, text_field};
use crate::format;
use serde::Deserialize;
use std::collections::HashSet;
use uuid::Uuid;

#[derive(Clone, Debug, Default)]
pub struct HouseholdFilter {
    /// Only households at this unit or below it.
    pub unit: Option<Uuid>,
    /// Part of the head's or a member's name, the address, or the house number.
    pub q: Option<String>,
    pub tag: Option<String>,
    /// Only the caller's paired households (我的户).
    pub mine: bool,
    /// Keyset: ids after this one.
    pub after: Option<Uuid>,
    pub limit: u64,
}

/// A household as typed into the form, the API or a sheet row. Omitted fields are empty.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct HouseholdInput {
    pub group_name: String,
    pub house_number: String,
    pub address: String,
    pub head_name: String,
    pub phone: String,
    pub tags: Vec<String>,
    pub notes: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub relation: String,
    /// 男 / 女; taken from the ID number when empty.
    pub gender: String,
    /// `YYYY-MM-DD`; taken from the ID number when empty.
    pub birth_date: String,
    pub id_number: String,
    pub phone: String,
}

/// The relation that marks the head of the household.
pub const HEAD: &str = "户主";

/// A household's fields, checked. Tags must be in the county's list (`known_tags`).
pub struct CleanHousehold {
    pub group_name: String,
    pub house_number: String,
    pub address: String,
    pub head_name: String,
    pub phone: Option<Phone>,
    pub tags: Vec<String>,
    pub notes: String,
}

/// Optional text: empty is fine, too long or control characters are not.
fn optional(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        text_field(field, value, max)
    }
}

pub fn check_household(
    input: &HouseholdInput,
    known_tags: &HashSet<String>,
) -> Result<CleanHousehold, Vec<Invalid>> {
    let mut problems = Vec::new();
    let mut take = |r: Result<String, Invalid>| r.map_err(|i| problems.push(i)).unwrap_or_default();
    let group_name = take(optional("group_name", &input.group_name, 32));
    let house_number = take(optional("house_number", &input.house_number, 32));
    let address = take(optional("address", &input.address, 128));
    let head_name = take(text_field("head_name", &input.head_name, 32));
    let notes = take(optional("notes", &input.notes, 1000));
    let phone = match input.phone.trim() {
        "" => None,
        raw => Phone::parse(raw).or_else(|| {
            problems.push(Invalid {
                field: "phone",
                reason: Reason::BadPhone,
            });
            None
        }),
    };
    let mut tags = Vec::new();
    for tag in input
        .tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        if !known_tags.contains(tag) {
            problems.push(Invalid {
                field: "tags",
                reason: Reason::UnknownTag,
            });
        } else if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    if problems.is_empty() {
        Ok(CleanHousehold {
            group_name,
            house_number,
            address,
            head_name,
            phone,
            tags,
            notes,
        })
    } else {
        Err(problems)
    }
}

pub struct CleanMember {
    pub name: String,
    pub relation: String,
    pub gender: Option<String>,
    pub birth_date: Option<time::Date>,
    pub id_number: Option<IdNumber>,
    pub phone: Option<Phone>,
}

pub fn check_member(input: &MemberInput) -> Result<CleanMember, Vec<Invalid>> {
    let mut problems = Vec::new();
    let name = text_field("name", &input.name, 32)
        .map_err(|i| problems.push(i))
        .unwrap_or_default();
    let relation = optional("relation", &input.relation, 16)
        .map_err(|i| problems.push(i))
        .unwrap_or_default();
    let mut bad = |field, reason| problems.push(Invalid { field, reason });
    let id_number = match input.id_number.trim() {
        "" => None,
        raw => IdNumber::parse(raw).or_else(|| {
            bad("id_number", Reason::BadIdNumber);
            None
        }),
    };
    let phone = match input.phone.trim() {
        "" => None,
        raw => Phone::parse(raw).or_else(|| {
            bad("phone", Reason::BadPhone);
            None
        }),
    };
    let gender = match input.gender.trim() {
        "" => id_number
            .as_ref()
            .map(|id| if id.is_male() { "男" } else { "女" }.to_owned()),
        g @ ("男" | "女") => Some(g.to_owned()),
        _ => {
            bad("gender", Reason::BadGender);
            None
        }
    };
    let birth_date = match input.birth_date.trim() {
        "" => id_number.as_ref().and_then(|id| {
            let (y, m, d) = id.birth_date()?;
            time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
        }),
        raw => format::parse_date(raw).or_else(|| {
            bad("birth_date", Reason::BadDate);
            None
        }),
    };
    if problems.is_empty() {
        Ok(CleanMember {
            name,
            relation: if relation.is_empty() {
                "其他".into()
            } else {
                relation
            },
            gender,
            birth_date,
            id_number,
            phone,
        })
    } else {
        Err(problems)
    }
}
