//! Importing the household registry from a sheet with one row per person: the household's
//! columns (村代码, 组, 门牌号, 地址, 户主姓名, 联系电话, 标签, 备注) and the person's (成员姓名,
//! 与户主关系, 性别, 出生日期, 身份证号, 成员电话). Rows with the same village, 组, 门牌号 and 户主姓名
//! are one household; the household's columns may be repeated on each of its rows or given on
//! the first only.
//!
//! An existing household with the same four is matched, and so are its members: by ID number,
//! else by name. Empty cells keep what is stored, tags are only added, and nothing is ever
//! deleted, so importing a sheet twice (or an exported one, whose masked numbers match the
//! stored ones) changes nothing. Values are checked by the same rules as the household form
//! (`households::check_household`, `check_member`).

use super::faults::{Fault, Faults, RowFault, Spec, find_columns, halfwidth, is_scientific};
use crate::error::{Invalid, Reason};
use crate::households::personal::{IdNumber, mask_id, mask_phone};
use crate::households::{HEAD, HouseholdInput, MemberInput, check_household, check_member};
use crate::org::OrgKind;
use crate::sheet::{Row, Table};
use std::collections::{HashMap, HashSet};
use time::Date;
use uuid::Uuid;

mod merge;
mod parse;
#[cfg(test)]
mod tests;

use merge::*;
use parse::*;

/// The columns in template order (the registry export writes the same).
pub const HEADERS: [&str; 14] = [
    "村代码",
    "组",
    "门牌号",
    "地址",
    "户主姓名",
    "联系电话",
    "标签",
    "备注",
    "成员姓名",
    "与户主关系",
    "性别",
    "出生日期",
    "身份证号",
    "成员电话",
];

const VILLAGE: usize = 0;

const GROUP: usize = 1;

const HOUSE: usize = 2;

const ADDRESS: usize = 3;

const HEAD_NAME: usize = 4;

const PHONE: usize = 5;

const TAGS: usize = 6;

const NOTES: usize = 7;

const NAME: usize = 8;

const RELATION: usize = 9;

const GENDER: usize = 10;

const BIRTH: usize = 11;

const ID_NUMBER: usize = 12;

const MEMBER_PHONE: usize = 13;

/// Header aliases per column, the template's name first.
const SPECS: [Spec; 14] = [
    Spec {
        aliases: &[
            "村代码",
            "村（社区）代码",
            "村区划代码",
            "区划代码",
            "village code",
        ],
        required: true,
    },
    Spec {
        aliases: &["组", "村民小组", "组别", "group"],
        required: false,
    },
    Spec {
        aliases: &["门牌号", "门牌", "house number"],
        required: false,
    },
    Spec {
        aliases: &["地址", "住址", "家庭住址", "address"],
        required: false,
    },
    Spec {
        aliases: &["户主姓名", "户主", "head of household", "head"],
        required: true,
    },
    Spec {
        aliases: &["联系电话", "户主电话", "家庭电话", "phone"],
        required: false,
    },
    Spec {
        aliases: &["标签", "户标签", "户类别", "tags"],
        required: false,
    },
    Spec {
        aliases: &["备注", "notes"],
        required: false,
    },
    Spec {
        aliases: &["成员姓名", "姓名", "member name", "name"],
        required: false,
    },
    Spec {
        aliases: &["与户主关系", "关系", "relation"],
        required: false,
    },
    Spec {
        aliases: &["性别", "gender"],
        required: false,
    },
    Spec {
        aliases: &["出生日期", "出生年月日", "birth date"],
        required: false,
    },
    Spec {
        aliases: &["身份证号", "身份证号码", "公民身份号码", "id number"],
        required: false,
    },
    Spec {
        aliases: &["成员电话", "本人电话", "member phone"],
        required: false,
    },
];

/// Rows between two progress reports.
const REPORT_EVERY: usize = 5_000;

/// An org unit of the county, by code.
#[derive(Clone, Debug)]
pub struct Unit {
    pub id: Uuid,
    pub path: String,
    pub kind: OrgKind,
    pub active: bool,
    /// Inside the importer's reach for managing households.
    pub in_reach: bool,
}

/// A person as stored, or as the import will store them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub relation: String,
    pub gender: Option<String>,
    pub birth_date: Option<Date>,
    /// Valid (GB 11643), upper-case.
    pub id_number: Option<String>,
    /// Normalised (`Phone::as_str`).
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingMember {
    pub id: Uuid,
    pub position: i32,
    pub person: Person,
}

/// A household's own fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    pub group_name: String,
    pub house_number: String,
    pub address: String,
    pub head_name: String,
    pub phone: Option<String>,
    pub tags: Vec<String>,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingHousehold {
    pub id: Uuid,
    pub village: Uuid,
    pub fields: Fields,
    pub members: Vec<ExistingMember>,
}

/// What the county holds that a sheet is checked against: every unit, the tag list, the
/// households of the villages the sheet names, and who holds the sheet's ID numbers.
#[derive(Clone, Debug, Default)]
pub struct Known {
    pub county_code: String,
    pub units: HashMap<String, Unit>,
    pub tags: HashSet<String>,
    pub households: Vec<ExistingHousehold>,
    /// ID number → the household its holder belongs to.
    pub id_owners: HashMap<String, Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewHousehold {
    /// The household's first row.
    pub row: usize,
    pub village: Uuid,
    pub village_code: String,
    pub fields: Fields,
    pub members: Vec<Person>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseholdChange {
    pub row: usize,
    pub id: Uuid,
    pub village_code: String,
    /// The fields after the import.
    pub fields: Fields,
    /// Headers of the household columns that change.
    pub changed: Vec<&'static str>,
    /// New members, in sheet order, positioned after the existing ones.
    pub add_members: Vec<Person>,
    pub first_position: i32,
    pub members_before: usize,
    /// Existing members whose stored values change.
    pub change_members: Vec<(Uuid, Person)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HouseholdPlan {
    pub add: Vec<NewHousehold>,
    pub update: Vec<HouseholdChange>,
    /// Households the sheet names that stay as they are.
    pub unchanged: usize,
}

impl HouseholdPlan {
    /// People the plan adds, in new and existing households.
    pub fn people_added(&self) -> usize {
        self.add.iter().map(|h| h.members.len()).sum::<usize>()
            + self
                .update
                .iter()
                .map(|h| h.add_members.len())
                .sum::<usize>()
    }
}

/// The village codes and ID numbers a sheet names, to look up before planning. Only values
/// that parse are listed; the plan reports the others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetKeys {
    pub village_codes: HashSet<String>,
    pub id_numbers: HashSet<String>,
}

pub fn sheet_keys(table: &Table) -> SheetKeys {
    let mut keys = SheetKeys::default();
    let Ok(columns) = find_columns(table, &SPECS) else {
        return keys;
    };
    for row in &table.rows {
        let cell = |i: usize| columns[i].map_or("", |c| row.get(c));
        if let Some(code) = village_code(cell(VILLAGE)) {
            keys.village_codes.insert(code);
        }
        if let Some(id) = IdNumber::parse(&halfwidth(cell(ID_NUMBER))) {
            keys.id_numbers.insert(id.as_str().to_owned());
        }
    }
    keys
}

/// Plans the import. `report(n)` hears how many rows were checked so far.
pub fn plan(
    known: &Known,
    table: &Table,
    report: &dyn Fn(usize),
) -> Result<HouseholdPlan, Vec<RowFault>> {
    let columns = find_columns(table, &SPECS)?;
    let mut problems = Faults::new(table, &columns);
    let add = |problems: &mut Faults, row: usize, column: usize, problem: Fault| {
        problems.add(row, columns[column], problem);
    };

    // Rows on their own, grouped into households in order of first appearance.
    let mut groups: Vec<Vec<Parsed>> = Vec::new();
    let mut group_of: HashMap<Key, usize> = HashMap::new();
    let mut id_rows: HashMap<String, usize> = HashMap::new();
    for (i, row) in table.rows.iter().enumerate() {
        if i % REPORT_EVERY == 0 {
            report(i);
        }
        if problems.formulas(row, &columns) {
            continue;
        }
        let found = match parse_row(known, row, &columns) {
            Ok(parsed) => {
                let duplicate = match parsed.member.as_ref().map(|m| &m.id_number) {
                    Some(Given::Value(id)) => match id_rows.get(id) {
                        Some(&first_row) => Some(first_row),
                        None => {
                            id_rows.insert(id.clone(), row.number);
                            None
                        }
                    },
                    _ => None,
                };
                if let Some(first_row) = duplicate {
                    vec![(ID_NUMBER, Fault::DuplicatePerson { first_row })]
                } else {
                    let key = (
                        parsed.village,
                        parsed.group_name.clone(),
                        parsed.house_number.clone(),
                        parsed.head_name.clone(),
                    );
                    let next = groups.len();
                    let g = *group_of.entry(key).or_insert(next);
                    if g == next {
                        groups.push(Vec::new());
                    }
                    groups[g].push(parsed);
                    Vec::new()
                }
            }
            Err(found) => found,
        };
        for (column, problem) in found {
            add(&mut problems, row.number, column, problem);
        }
    }
    report(table.rows.len());

    let existing: HashMap<Key, &ExistingHousehold> = known
        .households
        .iter()
        .map(|h| {
            let key = (
                h.village,
                h.fields.group_name.clone(),
                h.fields.house_number.clone(),
                h.fields.head_name.clone(),
            );
            (key, h)
        })
        .collect();
    let mut plan = HouseholdPlan::default();
    for rows in &groups {
        let Some(first) = rows.first() else { continue };
        let key = (
            first.village,
            first.group_name.clone(),
            first.house_number.clone(),
            first.head_name.clone(),
        );
        let before = existing.get(&key).copied();
        let mut found = Vec::new();
        let planned = household(known, rows, before, &mut found);
        for (row, column, problem) in found {
            add(&mut problems, row, column, problem);
        }
        match planned {
            Some(Outcome::New(h)) => plan.add.push(h),
            Some(Outcome::Changed(h)) => plan.update.push(h),
            Some(Outcome::Same) => plan.unchanged += 1,
            None => {}
        }
    }
    problems.finish(|| plan)
}
