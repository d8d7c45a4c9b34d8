//! A household and its members against what the registry holds: matched, merged, or new.

use super::*;

pub(super) enum Outcome {
    New(NewHousehold),
    Changed(HouseholdChange),
    Same,
}

/// A household field given on several rows: the first non-empty value, and a problem for
/// every later row that says otherwise.
pub(super) fn merged<T: Clone + PartialEq>(
    rows: &[Parsed],
    column: usize,
    value: impl Fn(&Parsed) -> Option<T>,
    found: &mut Vec<(usize, usize, Fault)>,
) -> Option<(T, usize)> {
    let mut first: Option<(T, usize)> = None;
    for r in rows {
        let Some(v) = value(r) else { continue };
        match &first {
            None => first = Some((v, r.row)),
            Some((f, first_row)) if *f != v => found.push((
                r.row,
                column,
                Fault::HouseholdMismatch {
                    first_row: *first_row,
                },
            )),
            Some(_) => {}
        }
    }
    first
}

/// Plans one household from its rows. Faults go to `found` as (row, column, fault).
pub(super) fn household(
    known: &Known,
    rows: &[Parsed],
    before: Option<&ExistingHousehold>,
    found: &mut Vec<(usize, usize, Fault)>,
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
                    found.push((row, PHONE, Fault::MaskedPhone));
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
                found.push((row, TAGS, Fault::UnknownTag { tag }));
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
pub(super) fn members(
    known: &Known,
    rows: &[Parsed],
    before: Option<&ExistingHousehold>,
    found: &mut Vec<(usize, usize, Fault)>,
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
                    found.push((r.row, ID_NUMBER, Fault::PersonExists));
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
                        found.push((r.row, ID_NUMBER, Fault::MaskedIdNumber));
                        continue;
                    }
                }
            }
            Given::Empty => {
                if let Some(&first_row) = unnumbered.get(m.name.as_str()) {
                    found.push((r.row, NAME, Fault::DuplicateInSheet { first_row }));
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
                        found.push((r.row, MEMBER_PHONE, Fault::MaskedPhone));
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
