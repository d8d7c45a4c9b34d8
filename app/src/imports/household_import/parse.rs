//! Reading one row: the household's and the person's cells, checked as the forms check them.

use super::*;

/// Twelve ASCII digits (full-width ones converted), or nothing.
pub(super) fn village_code(raw: &str) -> Option<String> {
    let code = halfwidth(raw.trim());
    (code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// A cell that may hold a masked value from an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Given {
    Empty,
    Value(String),
    Masked(String),
}

impl Given {
    pub(super) fn of(raw: &str) -> Given {
        match raw.trim() {
            "" => Given::Empty,
            s if s.contains(['*', '＊']) => Given::Masked(s.replace('＊', "*")),
            s => Given::Value(s.to_owned()),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        *self == Given::Empty
    }
}

/// One row, checked on its own.
pub(super) struct Parsed {
    pub(super) row: usize,
    pub(super) village: Uuid,
    pub(super) village_code: String,
    pub(super) group_name: String,
    pub(super) house_number: String,
    pub(super) head_name: String,
    pub(super) address: String,
    pub(super) phone: Given,
    pub(super) tags: Vec<String>,
    pub(super) notes: String,
    pub(super) member: Option<ParsedMember>,
}

pub(super) struct ParsedMember {
    pub(super) name: String,
    pub(super) relation: String,
    pub(super) relation_given: bool,
    pub(super) gender: Option<String>,
    pub(super) gender_given: bool,
    pub(super) birth_date: Option<Date>,
    pub(super) birth_given: bool,
    pub(super) id_number: Given,
    pub(super) phone: Given,
}

pub(super) type Key = (Uuid, String, String, String);

/// Maps the form checks' field names to this sheet's columns.
pub(super) fn household_column(field: &str) -> Option<(usize, usize)> {
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

pub(super) fn member_column(field: &str) -> Option<(usize, usize)> {
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

pub(super) fn problem_of(reason: Reason, max: usize) -> Fault {
    match reason {
        Reason::TooLong => Fault::NameTooLong { max },
        Reason::ControlCharacters => Fault::ControlCharsInName,
        Reason::BadPhone => Fault::BadPhone,
        Reason::BadIdNumber => Fault::BadIdNumber,
        Reason::BadGender => Fault::BadGender,
        Reason::BadDate => Fault::BadDate,
        _ => Fault::Required,
    }
}

pub(super) fn invalid(
    found: &mut Vec<(usize, Fault)>,
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
pub(super) fn split_tags(cell: &str) -> Vec<String> {
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

pub(super) fn find_village<'k>(known: &'k Known, raw: &str) -> Result<(&'k Unit, String), Fault> {
    if raw.is_empty() {
        return Err(Fault::Required);
    }
    if is_scientific(raw) {
        return Err(Fault::ScientificNotation);
    }
    let code = village_code(raw).ok_or(Fault::MalformedCode)?;
    let Some(unit) = known.units.get(&code) else {
        return Err(if code.starts_with(&known.county_code) {
            Fault::UnknownVillage { code }
        } else {
            Fault::OtherCounty {
                county: known.county_code.clone(),
            }
        });
    };
    if unit.kind != OrgKind::Village {
        Err(Fault::NotAVillage { kind: unit.kind })
    } else if !unit.in_reach {
        Err(Fault::OutOfReach)
    } else if !unit.active {
        Err(Fault::VillageInactive)
    } else {
        Ok((unit, code))
    }
}

/// An ID number Excel stored as a number: in scientific notation, or 18 digits whose last
/// ones were rounded to zeros.
pub(super) fn id_as_number(raw: &str) -> bool {
    is_scientific(raw)
        || (raw.len() == 18 && raw.bytes().all(|b| b.is_ascii_digit()) && raw.ends_with("00"))
}

pub(super) fn parse_row(
    known: &Known,
    row: &Row,
    columns: &[Option<usize>],
) -> Result<Parsed, Vec<(usize, Fault)>> {
    let cell = |i: usize| columns[i].map_or("", |c| row.get(c));
    let mut found: Vec<(usize, Fault)> = Vec::new();
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

pub(super) fn parse_member<'r>(
    cell: &dyn Fn(usize) -> &'r str,
    head: Option<&str>,
    found: &mut Vec<(usize, Fault)>,
) -> Option<ParsedMember> {
    let before = found.len();
    let id_raw = halfwidth(cell(ID_NUMBER));
    let id_number = Given::of(&id_raw);
    if let Given::Value(raw) = &id_number
        && id_as_number(raw)
        && IdNumber::parse(raw).is_none()
    {
        found.push((ID_NUMBER, Fault::IdNumberAsNumber));
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
            found.push((GENDER, Fault::GenderMismatch));
        }
        let born = id.birth_date().and_then(|(y, m, d)| {
            Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
        });
        if !cell(BIRTH).is_empty() && clean.birth_date != born {
            found.push((BIRTH, Fault::BirthDateMismatch));
        }
    }
    if clean.relation == HEAD && head.is_some_and(|h| h != clean.name) {
        found.push((RELATION, Fault::HeadMismatch));
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

pub(super) fn gender_of(id: &IdNumber) -> &'static str {
    if id.is_male() { "男" } else { "女" }
}
