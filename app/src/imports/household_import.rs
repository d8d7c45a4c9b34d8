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

use super::problem::{Problem, Problems, RowProblem, Spec, find_columns, halfwidth, is_scientific};
use crate::error::{Invalid, Reason};
use crate::households::personal::{IdNumber, mask_id, mask_phone};
use crate::households::{HEAD, HouseholdInput, MemberInput, check_household, check_member};
use crate::org::OrgKind;
use crate::sheet::{Row, Table};
use std::collections::{HashMap, HashSet};
use time::Date;
use uuid::Uuid;

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

/// Twelve ASCII digits (full-width ones converted), or nothing.
fn village_code(raw: &str) -> Option<String> {
    let code = halfwidth(raw.trim());
    (code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// A cell that may hold a masked value from an export.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Given {
    Empty,
    Value(String),
    Masked(String),
}

impl Given {
    fn of(raw: &str) -> Given {
        match raw.trim() {
            "" => Given::Empty,
            s if s.contains(['*', '＊']) => Given::Masked(s.replace('＊', "*")),
            s => Given::Value(s.to_owned()),
        }
    }

    fn is_empty(&self) -> bool {
        *self == Given::Empty
    }
}

/// One row, checked on its own.
struct Parsed {
    row: usize,
    village: Uuid,
    village_code: String,
    group_name: String,
    house_number: String,
    head_name: String,
    address: String,
    phone: Given,
    tags: Vec<String>,
    notes: String,
    member: Option<ParsedMember>,
}

struct ParsedMember {
    name: String,
    relation: String,
    relation_given: bool,
    gender: Option<String>,
    gender_given: bool,
    birth_date: Option<Date>,
    birth_given: bool,
    id_number: Given,
    phone: Given,
}

type Key = (Uuid, String, String, String);

/// Plans the import. `report(n)` hears how many rows were checked so far.
pub fn plan(
    known: &Known,
    table: &Table,
    report: &dyn Fn(usize),
) -> Result<HouseholdPlan, Vec<RowProblem>> {
    let columns = find_columns(table, &SPECS)?;
    let mut problems = Problems::new(table, &columns);
    let add = |problems: &mut Problems, row: usize, column: usize, problem: Problem| {
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
                    vec![(ID_NUMBER, Problem::DuplicatePerson { first_row })]
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

/// Maps the form checks' field names to this sheet's columns.
fn household_column(field: &str) -> Option<(usize, usize)> {
    Some(match field {
        "group_name" => (GROUP, 32),
        "house_number" => (HOUSE, 32),
        "address" => (ADDRESS, 128),
        "head_name" => (HEAD_NAME, 32),
        "phone" => (PHONE, 0),
        "notes" => (NOTES, 1000),
        _ => return None,
    })
}

fn member_column(field: &str) -> Option<(usize, usize)> {
    Some(match field {
        "name" => (NAME, 32),
        "relation" => (RELATION, 16),
        "gender" => (GENDER, 0),
        "birth_date" => (BIRTH, 0),
        "id_number" => (ID_NUMBER, 0),
        "phone" => (MEMBER_PHONE, 0),
        _ => return None,
    })
}

fn problem_of(reason: Reason, max: usize) -> Problem {
    match reason {
        Reason::TooLong => Problem::NameTooLong { max },
        Reason::ControlCharacters => Problem::ControlCharsInName,
        Reason::BadPhone => Problem::BadPhone,
        Reason::BadIdNumber => Problem::BadIdNumber,
        Reason::BadGender => Problem::BadGender,
        Reason::BadDate => Problem::BadDate,
        _ => Problem::Required,
    }
}

fn invalid(
    found: &mut Vec<(usize, Problem)>,
    invalid: Vec<Invalid>,
    column: fn(&str) -> Option<(usize, usize)>,
) {
    for i in invalid {
        if let Some((c, max)) = column(i.field) {
            found.push((c, problem_of(i.reason, max)));
        }
    }
}

/// Tags as typed: separated by 、 or commas (also full-width ones and semicolons).
fn split_tags(cell: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in cell
        .split(['、', ',', '，', ';', '；', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

fn find_village<'k>(known: &'k Known, raw: &str) -> Result<(&'k Unit, String), Problem> {
    if raw.is_empty() {
        return Err(Problem::Required);
    }
    if is_scientific(raw) {
        return Err(Problem::ScientificNotation);
    }
    let code = village_code(raw).ok_or(Problem::MalformedCode)?;
    let Some(unit) = known.units.get(&code) else {
        return Err(if code.starts_with(&known.county_code) {
            Problem::UnknownVillage { code }
        } else {
            Problem::OtherCounty {
                county: known.county_code.clone(),
            }
        });
    };
    if unit.kind != OrgKind::Village {
        Err(Problem::NotAVillage { kind: unit.kind })
    } else if !unit.in_reach {
        Err(Problem::OutOfReach)
    } else if !unit.active {
        Err(Problem::VillageInactive)
    } else {
        Ok((unit, code))
    }
}

/// An ID number Excel stored as a number: in scientific notation, or 18 digits whose last
/// ones were rounded to zeros.
fn id_as_number(raw: &str) -> bool {
    is_scientific(raw)
        || (raw.len() == 18 && raw.bytes().all(|b| b.is_ascii_digit()) && raw.ends_with("00"))
}

fn parse_row(
    known: &Known,
    row: &Row,
    columns: &[Option<usize>],
) -> Result<Parsed, Vec<(usize, Problem)>> {
    let cell = |i: usize| columns[i].map_or("", |c| row.get(c));
    let mut found: Vec<(usize, Problem)> = Vec::new();
    let village = find_village(known, cell(VILLAGE))
        .map_err(|p| found.push((VILLAGE, p)))
        .ok();

    let phone = Given::of(cell(PHONE));
    let input = HouseholdInput {
        group_name: cell(GROUP).to_owned(),
        house_number: cell(HOUSE).to_owned(),
        address: cell(ADDRESS).to_owned(),
        head_name: cell(HEAD_NAME).to_owned(),
        phone: match &phone {
            Given::Value(p) => p.clone(),
            _ => String::new(),
        },
        tags: Vec::new(),
        notes: cell(NOTES).to_owned(),
    };
    let household = check_household(&input, &HashSet::new())
        .map_err(|e| invalid(&mut found, e, household_column))
        .ok();
    let phone = match (phone, &household) {
        (Given::Value(_), Some(h)) => Given::Value(
            h.phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        ),
        (phone, _) => phone,
    };

    let member_cells = [NAME, RELATION, GENDER, BIRTH, ID_NUMBER, MEMBER_PHONE];
    let member = if member_cells.iter().all(|&c| cell(c).is_empty()) {
        None
    } else {
        parse_member(
            &cell,
            household.as_ref().map(|h| h.head_name.as_str()),
            &mut found,
        )
    };

    match (village, household) {
        (Some((unit, code)), Some(h)) if found.is_empty() => Ok(Parsed {
            row: row.number,
            village: unit.id,
            village_code: code,
            group_name: h.group_name,
            house_number: h.house_number,
            head_name: h.head_name,
            address: h.address,
            phone,
            tags: split_tags(cell(TAGS)),
            notes: h.notes,
            member,
        }),
        _ => Err(found),
    }
}

fn parse_member<'r>(
    cell: &dyn Fn(usize) -> &'r str,
    head: Option<&str>,
    found: &mut Vec<(usize, Problem)>,
) -> Option<ParsedMember> {
    let before = found.len();
    let id_raw = halfwidth(cell(ID_NUMBER));
    let id_number = Given::of(&id_raw);
    if let Given::Value(raw) = &id_number
        && id_as_number(raw)
        && IdNumber::parse(raw).is_none()
    {
        found.push((ID_NUMBER, Problem::IdNumberAsNumber));
    }
    let phone = Given::of(cell(MEMBER_PHONE));
    let name = cell(NAME).trim();
    let relation_given = !cell(RELATION).is_empty();
    let relation = if !relation_given && head == Some(name) {
        HEAD
    } else {
        cell(RELATION)
    };
    let input = MemberInput {
        name: name.to_owned(),
        relation: relation.to_owned(),
        gender: cell(GENDER).to_owned(),
        birth_date: cell(BIRTH).to_owned(),
        id_number: match &id_number {
            Given::Value(v) if found.len() == before => v.clone(),
            _ => String::new(),
        },
        phone: match &phone {
            Given::Value(v) => v.clone(),
            _ => String::new(),
        },
    };
    let clean = match check_member(&input) {
        Ok(clean) => clean,
        Err(e) => {
            invalid(found, e, member_column);
            return None;
        }
    };
    if let Some(id) = &clean.id_number {
        if !cell(GENDER).is_empty() && clean.gender.as_deref() != Some(gender_of(id)) {
            found.push((GENDER, Problem::GenderMismatch));
        }
        let born = id.birth_date().and_then(|(y, m, d)| {
            Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
        });
        if !cell(BIRTH).is_empty() && clean.birth_date != born {
            found.push((BIRTH, Problem::BirthDateMismatch));
        }
    }
    if clean.relation == HEAD && head.is_some_and(|h| h != clean.name) {
        found.push((RELATION, Problem::HeadMismatch));
    }
    if found.len() > before {
        return None;
    }
    Some(ParsedMember {
        name: clean.name,
        relation: clean.relation,
        relation_given,
        gender: clean.gender,
        gender_given: !cell(GENDER).is_empty(),
        birth_date: clean.birth_date,
        birth_given: !cell(BIRTH).is_empty(),
        id_number: match (&id_number, clean.id_number) {
            (_, Some(id)) => Given::Value(id.as_str().to_owned()),
            (Given::Masked(m), None) => Given::Masked(m.clone()),
            _ => Given::Empty,
        },
        phone: match (&phone, clean.phone) {
            (_, Some(p)) => Given::Value(p.as_str().to_owned()),
            (Given::Masked(m), None) => Given::Masked(m.clone()),
            _ => Given::Empty,
        },
    })
}

fn gender_of(id: &IdNumber) -> &'static str {
    if id.is_male() { "男" } else { "女" }
}

enum Outcome {
    New(NewHousehold),
    Changed(HouseholdChange),
    Same,
}

/// A household field given on several rows: the first non-empty value, and a problem for
/// every later row that says otherwise.
fn merged<T: Clone + PartialEq>(
    rows: &[Parsed],
    column: usize,
    value: impl Fn(&Parsed) -> Option<T>,
    found: &mut Vec<(usize, usize, Problem)>,
) -> Option<(T, usize)> {
    let mut first: Option<(T, usize)> = None;
    for r in rows {
        let Some(v) = value(r) else { continue };
        match &first {
            None => first = Some((v, r.row)),
            Some((f, first_row)) if *f != v => found.push((
                r.row,
                column,
                Problem::HouseholdMismatch {
                    first_row: *first_row,
                },
            )),
            Some(_) => {}
        }
    }
    first
}

/// Plans one household from its rows. Problems go to `found` as (row, column, problem).
fn household(
    known: &Known,
    rows: &[Parsed],
    before: Option<&ExistingHousehold>,
    found: &mut Vec<(usize, usize, Problem)>,
) -> Option<Outcome> {
    let first = rows.first()?;
    let problems_before = found.len();
    let text = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let address = merged(rows, ADDRESS, |r| text(&r.address), found);
    let notes = merged(rows, NOTES, |r| text(&r.notes), found);
    let phone = merged(
        rows,
        PHONE,
        |r| (!r.phone.is_empty()).then(|| r.phone.clone()),
        found,
    );
    let tag_set = |r: &Parsed| {
        let mut sorted = r.tags.clone();
        sorted.sort();
        (!sorted.is_empty()).then_some(sorted)
    };
    let tags = merged(rows, TAGS, tag_set, found).and_then(|(_, row)| {
        let r = rows.iter().find(|r| r.row == row)?;
        Some((r.tags.clone(), row))
    });

    let stored = before.map(|b| &b.fields);
    let phone = match phone {
        None => stored.and_then(|s| s.phone.clone()),
        Some((Given::Value(p), _)) => Some(p),
        Some((Given::Masked(m), row)) => {
            match stored
                .and_then(|s| s.phone.clone())
                .filter(|p| mask_phone(p) == m)
            {
                Some(p) => Some(p),
                None => {
                    found.push((row, PHONE, Problem::MaskedPhone));
                    None
                }
            }
        }
        Some((Given::Empty, _)) => None,
    };
    let mut all_tags: Vec<String> = stored.map(|s| s.tags.clone()).unwrap_or_default();
    if let Some((sheet_tags, row)) = tags {
        for tag in sheet_tags {
            if all_tags.contains(&tag) {
                continue;
            }
            if known.tags.contains(&tag) {
                all_tags.push(tag);
            } else {
                found.push((row, TAGS, Problem::UnknownTag { tag }));
            }
        }
    }
    let or_stored = |given: Option<(String, usize)>, stored: Option<&String>| {
        given
            .map(|(v, _)| v)
            .or_else(|| stored.cloned())
            .unwrap_or_default()
    };
    let fields = Fields {
        group_name: first.group_name.clone(),
        house_number: first.house_number.clone(),
        address: or_stored(address, stored.map(|s| &s.address)),
        head_name: first.head_name.clone(),
        phone,
        tags: all_tags,
        notes: or_stored(notes, stored.map(|s| &s.notes)),
    };

    let (add_members, change_members) = members(known, rows, before, found);
    if found.len() > problems_before {
        return None;
    }
    Some(match before {
        None => {
            let mut members = add_members;
            if !members.iter().any(|m| m.relation == HEAD) {
                members.insert(
                    0,
                    Person {
                        name: fields.head_name.clone(),
                        relation: HEAD.into(),
                        gender: None,
                        birth_date: None,
                        id_number: None,
                        phone: fields.phone.clone(),
                    },
                );
            }
            Outcome::New(NewHousehold {
                row: first.row,
                village: first.village,
                village_code: first.village_code.clone(),
                fields,
                members,
            })
        }
        Some(b) => {
            let mut changed = Vec::new();
            for (column, differs) in [
                (ADDRESS, fields.address != b.fields.address),
                (PHONE, fields.phone != b.fields.phone),
                (TAGS, fields.tags != b.fields.tags),
                (NOTES, fields.notes != b.fields.notes),
            ] {
                if differs {
                    changed.push(HEADERS[column]);
                }
            }
            if changed.is_empty() && add_members.is_empty() && change_members.is_empty() {
                Outcome::Same
            } else {
                Outcome::Changed(HouseholdChange {
                    row: first.row,
                    id: b.id,
                    village_code: first.village_code.clone(),
                    fields,
                    changed,
                    add_members,
                    first_position: b.members.iter().map(|m| m.position + 1).max().unwrap_or(0),
                    members_before: b.members.len(),
                    change_members,
                })
            }
        }
    })
}

/// The household's member rows: new people, and changes to the ones it has.
fn members(
    known: &Known,
    rows: &[Parsed],
    before: Option<&ExistingHousehold>,
    found: &mut Vec<(usize, usize, Problem)>,
) -> (Vec<Person>, Vec<(Uuid, Person)>) {
    let stored: &[ExistingMember] = before.map_or(&[], |b| &b.members);
    let mut taken: HashSet<Uuid> = HashSet::new();
    let mut unnumbered: HashMap<&str, usize> = HashMap::new();
    let (mut add, mut change) = (Vec::new(), Vec::new());
    for r in rows {
        let Some(m) = &r.member else { continue };
        let free = |e: &&ExistingMember| !taken.contains(&e.id);
        // The stored member this row is: by ID number, else by name.
        let (id_number, matched) = match &m.id_number {
            Given::Value(id) => {
                if known
                    .id_owners
                    .get(id)
                    .is_some_and(|owner| Some(*owner) != before.map(|b| b.id))
                {
                    found.push((r.row, ID_NUMBER, Problem::PersonExists));
                    continue;
                }
                let same = stored
                    .iter()
                    .find(|e| e.person.id_number.as_deref() == Some(id.as_str()))
                    .or_else(|| {
                        stored
                            .iter()
                            .filter(free)
                            .find(|e| e.person.id_number.is_none() && e.person.name == m.name)
                    });
                (Some(id.clone()), same)
            }
            Given::Masked(masked) => {
                let same = stored.iter().filter(free).find(|e| {
                    e.person.name == m.name
                        && e.person.id_number.as_deref().map(mask_id).as_ref() == Some(masked)
                });
                match same {
                    Some(e) => (e.person.id_number.clone(), Some(e)),
                    None => {
                        found.push((r.row, ID_NUMBER, Problem::MaskedIdNumber));
                        continue;
                    }
                }
            }
            Given::Empty => {
                if let Some(&first_row) = unnumbered.get(m.name.as_str()) {
                    found.push((r.row, NAME, Problem::DuplicateInSheet { first_row }));
                    continue;
                }
                unnumbered.insert(&m.name, r.row);
                (
                    None,
                    stored.iter().filter(free).find(|e| e.person.name == m.name),
                )
            }
        };
        let phone = match &m.phone {
            Given::Empty => matched.and_then(|e| e.person.phone.clone()),
            Given::Value(p) => Some(p.clone()),
            Given::Masked(masked) => {
                match matched
                    .and_then(|e| e.person.phone.clone())
                    .filter(|p| mask_phone(p) == *masked)
                {
                    Some(p) => Some(p),
                    None => {
                        found.push((r.row, MEMBER_PHONE, Problem::MaskedPhone));
                        continue;
                    }
                }
            }
        };
        match matched {
            None => add.push(Person {
                name: m.name.clone(),
                relation: m.relation.clone(),
                gender: m.gender.clone(),
                birth_date: m.birth_date,
                id_number,
                phone,
            }),
            Some(e) => {
                taken.insert(e.id);
                let was = &e.person;
                let person = Person {
                    name: m.name.clone(),
                    relation: if m.relation_given {
                        m.relation.clone()
                    } else {
                        was.relation.clone()
                    },
                    gender: if m.gender_given {
                        m.gender.clone()
                    } else {
                        was.gender.clone().or_else(|| m.gender.clone())
                    },
                    birth_date: if m.birth_given {
                        m.birth_date
                    } else {
                        was.birth_date.or(m.birth_date)
                    },
                    id_number: id_number.or_else(|| was.id_number.clone()),
                    phone,
                };
                if person != *was {
                    change.push((e.id, person));
                }
            }
        }
    }
    (add, change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Row;

    const ZHANG: &str = "130123196503081217";
    const LI: &str = "130123196805121229";
    const SON: &str = "130123199207161232";
    const OLD: &str = "130123194011111249";

    fn sheet(rows: &[[&str; 14]]) -> Table {
        Table {
            headers: HEADERS.map(String::from).into(),
            header_row: 1,
            header_formulas: vec![],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    number: i + 2,
                    cells: cells.map(String::from).into(),
                    formulas: vec![],
                })
                .collect(),
        }
    }

    fn unit(n: u128, path: &str, kind: OrgKind, in_reach: bool) -> Unit {
        Unit {
            id: Uuid::from_u128(n),
            path: path.into(),
            kind,
            active: true,
            in_reach,
        }
    }

    fn known() -> Known {
        let mut units = HashMap::new();
        units.insert(
            "130123100000".into(),
            unit(1, "/1/2/", OrgKind::Township, true),
        );
        units.insert(
            "130123100201".into(),
            unit(2, "/1/2/3/", OrgKind::Village, true),
        );
        units.insert(
            "130123101201".into(),
            unit(3, "/1/4/5/", OrgKind::Village, false),
        );
        let mut closed = unit(4, "/1/2/6/", OrgKind::Village, true);
        closed.active = false;
        units.insert("130123100202".into(), closed);
        Known {
            county_code: "130123".into(),
            units,
            tags: ["低保户", "老党员", "空巢老人"].map(String::from).into(),
            households: Vec::new(),
            id_owners: HashMap::new(),
        }
    }

    fn row(member: &str, relation: &str, id: &str) -> [&'static str; 14] {
        let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
        [
            "130123100201",
            "3组",
            "12号",
            "正定镇西关村3组12号",
            "张建国",
            "13812345678",
            "低保户、老党员",
            "",
            leak(member),
            leak(relation),
            "",
            "",
            leak(id),
            "",
        ]
    }

    fn family() -> Table {
        sheet(&[
            row("张建国", "户主", ZHANG),
            row("李秀英", "配偶", LI),
            row("张伟", "子女", SON),
        ])
    }

    fn problems(result: Result<HouseholdPlan, Vec<RowProblem>>) -> Vec<(usize, String, Problem)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|p| (p.row, p.column.unwrap_or_default(), p.problem))
            .collect()
    }

    /// What `apply` would store, as the next import sees it.
    fn stored(
        plan: &HouseholdPlan,
        id_owners: &mut HashMap<String, Uuid>,
    ) -> Vec<ExistingHousehold> {
        plan.add
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let id = Uuid::from_u128(1000 + i as u128);
                for p in &h.members {
                    if let Some(n) = &p.id_number {
                        id_owners.insert(n.clone(), id);
                    }
                }
                ExistingHousehold {
                    id,
                    village: h.village,
                    fields: h.fields.clone(),
                    members: h
                        .members
                        .iter()
                        .enumerate()
                        .map(|(j, p)| ExistingMember {
                            id: Uuid::from_u128(2000 + (i * 100 + j) as u128),
                            position: j as i32,
                            person: p.clone(),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    #[test]
    fn rows_of_one_household_become_one_household_with_its_members() {
        let plan = plan(&known(), &family(), &|_| {}).unwrap();
        assert_eq!(plan.add.len(), 1);
        let h = &plan.add[0];
        assert_eq!(h.row, 2);
        assert_eq!(h.village, Uuid::from_u128(2));
        assert_eq!(h.fields.tags, ["低保户", "老党员"]);
        assert_eq!(h.fields.phone.as_deref(), Some("13812345678"));
        let people: Vec<_> = h
            .members
            .iter()
            .map(|p| (p.name.as_str(), p.relation.as_str(), p.gender.as_deref()))
            .collect();
        assert_eq!(
            people,
            [
                ("张建国", "户主", Some("男")),
                ("李秀英", "配偶", Some("女")),
                ("张伟", "子女", Some("男"))
            ]
        );
        assert_eq!(
            h.members[1].birth_date,
            Date::from_calendar_date(1968, time::Month::May, 12).ok()
        );
        assert_eq!(plan.people_added(), 3);
    }

    #[test]
    fn a_household_without_a_head_row_gets_its_head_as_a_member() {
        let mut r = row("", "", "");
        r[8] = "";
        let plan = plan(&known(), &sheet(&[r]), &|_| {}).unwrap();
        let members = &plan.add[0].members;
        assert_eq!(members.len(), 1);
        assert_eq!(
            (members[0].name.as_str(), members[0].relation.as_str()),
            ("张建国", "户主")
        );
        assert_eq!(members[0].phone.as_deref(), Some("13812345678"));
    }

    #[test]
    fn reimporting_the_same_sheet_changes_nothing() {
        let mut k = known();
        let first = plan(&k, &family(), &|_| {}).unwrap();
        let mut owners = HashMap::new();
        k.households = stored(&first, &mut owners);
        k.id_owners = owners;
        let again = plan(&k, &family(), &|_| {}).unwrap();
        assert_eq!(
            again,
            HouseholdPlan {
                unchanged: 1,
                ..HouseholdPlan::default()
            }
        );
    }

    #[test]
    fn an_exported_sheet_with_masked_numbers_reimports_without_change() {
        let mut k = known();
        let first = plan(&k, &family(), &|_| {}).unwrap();
        let mut owners = HashMap::new();
        k.households = stored(&first, &mut owners);
        k.id_owners = owners;
        let mut masked = family();
        for r in &mut masked.rows {
            r.cells[5] = mask_phone(&r.cells[5]);
            r.cells[12] = mask_id(&r.cells[12]);
        }
        let again = plan(&k, &masked, &|_| {}).unwrap();
        assert_eq!(again.unchanged, 1, "{again:?}");
        // A masked number that is not the stored one cannot be imported.
        masked.rows[1].cells[12] = "130123********9999".into();
        assert_eq!(
            problems(plan(&k, &masked, &|_| {})),
            [(3, "身份证号".into(), Problem::MaskedIdNumber)]
        );
    }

    #[test]
    fn new_members_and_changed_fields_update_an_existing_household() {
        let mut k = known();
        let first = plan(&k, &sheet(&[row("张建国", "户主", "")]), &|_| {}).unwrap();
        let mut owners = HashMap::new();
        k.households = stored(&first, &mut owners);
        let mut more = family();
        more.rows[0].cells[6] = "空巢老人".into();
        more.rows[1].cells[6] = String::new();
        more.rows[2].cells[6] = String::new();
        let plan = plan(&k, &more, &|_| {}).unwrap();
        assert_eq!(plan.update.len(), 1);
        let change = &plan.update[0];
        assert_eq!(change.changed, ["标签"]);
        // Tags are only ever added.
        assert_eq!(change.fields.tags, ["低保户", "老党员", "空巢老人"]);
        // The head had no ID number: matched by name, and given it.
        assert_eq!(change.change_members.len(), 1);
        assert_eq!(change.change_members[0].1.id_number.as_deref(), Some(ZHANG));
        assert_eq!(change.add_members.len(), 2);
        assert_eq!((change.first_position, change.members_before), (1, 1));
    }

    #[test]
    fn every_bad_row_is_reported_per_column() {
        let mut k = known();
        k.id_owners.insert(OLD.into(), Uuid::from_u128(77));
        let with = |member: &str, relation: &str, id: &str, edits: &[(usize, &str)]| {
            let mut r = row(member, relation, id);
            for (c, v) in edits {
                r[*c] = Box::leak(v.to_string().into_boxed_str());
            }
            r
        };
        let rows = [
            row("张建国", "户主", ZHANG),                                 // 2
            row("李秀英", "配偶", LI),                                    // 3
            row("张伟", "子女", LI),                                      // 4: same person twice
            row("张老汉", "父亲", OLD),                                   // 5: in another household
            row("张三", "子女", "130123196503081218"),                    // 6: check digit
            with("张丽", "子女", "", &[(PHONE, "1381234567")]),           // 7: bad phone
            with("王五", "", "", &[(VILLAGE, "130123999201")]),           // 8: unknown village
            with("王五", "", "", &[(VILLAGE, "130123101201")]),           // 9: another township
            with("王五", "", "", &[(VILLAGE, "130123100000")]),           // 10: a township
            with("张丽", "子女", "", &[(BIRTH, "1995-02-30")]),           // 11: no such day
            with("张丽", "子女", "", &[(GENDER, "未知")]),                // 12
            with("张小", "子女", "", &[(TAGS, "低保户、空巢老人")]),      // 13: other tags
            with("", "子女", "", &[(VILLAGE, ""), (HEAD_NAME, "")]),      // 14: missing
            with("赵六", "", "1.30123E+17", &[(VILLAGE, "1.30123E+11")]), // 15
            with(
                "孙七",
                "",
                "130123196503081000",
                &[(VILLAGE, "130123100202")],
            ), // 16
            row("张老二", "户主", ""),                                    // 17: not the head
            with("周九", "子女", "", &[(MEMBER_PHONE, "138****5678")]),   // 18: masked
            with(
                "钱八",
                "子女",
                SON,
                &[(GENDER, "女"), (BIRTH, "1992-07-17")],
            ), // 19
        ];
        let col = |i: usize| HEADERS[i].to_owned();
        assert_eq!(
            problems(plan(&k, &sheet(&rows), &|_| {})),
            [
                (4, col(ID_NUMBER), Problem::DuplicatePerson { first_row: 3 }),
                (5, col(ID_NUMBER), Problem::PersonExists),
                (6, col(ID_NUMBER), Problem::BadIdNumber),
                (7, col(PHONE), Problem::BadPhone),
                (
                    8,
                    col(VILLAGE),
                    Problem::UnknownVillage {
                        code: "130123999201".into()
                    }
                ),
                (9, col(VILLAGE), Problem::OutOfReach),
                (
                    10,
                    col(VILLAGE),
                    Problem::NotAVillage {
                        kind: OrgKind::Township
                    }
                ),
                (11, col(BIRTH), Problem::BadDate),
                (12, col(GENDER), Problem::BadGender),
                (13, col(TAGS), Problem::HouseholdMismatch { first_row: 2 }),
                (14, col(VILLAGE), Problem::Required),
                (14, col(HEAD_NAME), Problem::Required),
                (14, col(NAME), Problem::Required),
                (15, col(VILLAGE), Problem::ScientificNotation),
                (15, col(ID_NUMBER), Problem::IdNumberAsNumber),
                (16, col(VILLAGE), Problem::VillageInactive),
                (16, col(ID_NUMBER), Problem::IdNumberAsNumber),
                (17, col(RELATION), Problem::HeadMismatch),
                (18, col(MEMBER_PHONE), Problem::MaskedPhone),
                (19, col(GENDER), Problem::GenderMismatch),
                (19, col(BIRTH), Problem::BirthDateMismatch),
            ]
        );
    }

    #[test]
    fn unknown_tags_are_named() {
        let mut r = row("张建国", "户主", ZHANG);
        r[6] = "低保户,贫困户";
        assert_eq!(
            problems(plan(&known(), &sheet(&[r]), &|_| {})),
            [(
                2,
                "标签".into(),
                Problem::UnknownTag {
                    tag: "贫困户".into()
                }
            )]
        );
    }

    #[test]
    fn required_columns_are_named_on_the_header_row() {
        let mut t = family();
        t.headers[0] = "乡镇".into();
        assert_eq!(
            problems(plan(&known(), &t, &|_| {})),
            [(
                1,
                String::new(),
                Problem::MissingColumn {
                    name: "村代码".into()
                }
            )]
        );
    }

    #[test]
    fn sheet_keys_list_what_to_look_up() {
        let keys = sheet_keys(&family());
        assert_eq!(
            keys.village_codes,
            HashSet::from(["130123100201".to_owned()])
        );
        assert_eq!(keys.id_numbers.len(), 3);
    }

    #[test]
    fn progress_is_reported() {
        let seen = std::cell::RefCell::new(Vec::new());
        plan(&known(), &family(), &|n| seen.borrow_mut().push(n)).unwrap();
        assert_eq!(*seen.borrow(), [0, 3]);
    }
}
