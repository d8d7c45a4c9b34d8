//! Accounts and households of generated people: Chinese names, valid ID numbers, phones.

use super::*;

pub(super) fn account(
    rng: &mut Rng,
    unit: &org_units::Model,
    username: String,
    display_name: String,
    role: Role,
    hash: &str,
    at: OffsetDateTime,
) -> users::Model {
    users::Model {
        county_id: Some(unit.county_id),
        id: rng.v7_at(at),
        org_unit_id: Some(unit.id),
        username,
        display_name,
        role,
        password_hash: hash.to_owned(),
        active: true,
        must_change_password: false,
        created_at: at,
        updated_at: at,
    }
}

/// A household and its people (into the batch); returns the household.
#[allow(clippy::too_many_arguments)]
pub(super) fn new_household(
    rng: &mut Rng,
    people: &mut People,
    batch: &mut Batch,
    village: &org_units::Model,
    tags: &[String],
    group: String,
    house: usize,
    created: OffsetDateTime,
) -> household::Model {
    let id = rng.v7_at(created);
    let head_male = rng.permille(820);
    let head_year = 1940 + rng.below(50) as i32;
    let surname = rng.pick(SURNAMES);
    let head_name = format!("{surname}{}", given_name(rng, head_male, head_year));
    let head_phone = phone(rng, 900);
    let people_here = match rng.below(100) {
        0..35 => 2,
        35..70 => 3,
        _ => 4,
    };
    let mut members = vec![(
        head_name.clone(),
        HEAD,
        head_male,
        head_year,
        head_phone.clone(),
    )];
    let spouse_year = (head_year + rng.below(7) as i32 - 3).max(1935);
    let spouse_male = !head_male;
    members.push((
        person_name(rng, spouse_male, spouse_year),
        "配偶",
        spouse_male,
        spouse_year,
        phone(rng, 400),
    ));
    let child_year = (head_year + 22 + rng.below(9) as i32).min(2015);
    for k in 2..people_here {
        let male = rng.permille(520);
        let (relation, year) = if k == 3 && child_year < 1995 {
            ("孙子女", (child_year + 24 + rng.below(6) as i32).min(2022))
        } else {
            ("子女", (child_year + 2 * (k - 2)).min(2018))
        };
        let name = format!("{surname}{}", given_name(rng, male, year));
        members.push((
            name,
            relation,
            male,
            year,
            if year < 2005 { phone(rng, 600) } else { None },
        ));
    }
    let size = members.len();
    for (position, (name, relation, male, year, phone)) in members.into_iter().enumerate() {
        let born = Date::from_ordinal_date(year, 1 + rng.below(365) as u16).ok();
        let id_number = born.and_then(|b| people.id_number(b, male));
        batch.members.push(member::Model {
            county_id: village.county_id,
            id: rng.v7_at(created),
            household_id: id,
            name,
            relation: relation.to_owned(),
            gender: Some(if male { "男" } else { "女" }.to_owned()),
            birth_date: born,
            id_number: id_number.map(|i| i.as_str().to_owned()),
            phone: phone.map(|p| p.as_str().to_owned()),
            position: position as i32,
        });
    }
    let mut chosen: Vec<&str> = Vec::new();
    if !tags.is_empty() && rng.permille(380) {
        chosen.push(rng.pick(tags).as_str());
        if rng.permille(150) {
            let second = rng.pick(tags).as_str();
            if !chosen.contains(&second) {
                chosen.push(second);
            }
        }
    }
    household::Model {
        county_id: village.county_id,
        id,
        org_unit_id: village.id,
        path: village.path.clone(),
        group_name: group.clone(),
        house_number: format!("{house}号"),
        address: format!("{}{group}{house}号", village.name),
        head_name,
        phone: head_phone.map(|p| p.as_str().to_owned()),
        tags: join_set(chosen),
        notes: String::new(),
        members: size as i32,
        created_at: created,
        updated_at: created,
    }
}

/// ID numbers: the county's region code, the birth date and a sequence number whose parity is
/// the gender; unique within the county (existing numbers are skipped).
pub(super) struct People {
    pub(super) region: String,
    pub(super) existing: HashSet<String>,
    pub(super) next: HashMap<(Date, bool), u16>,
}

impl People {
    pub(super) async fn load(
        db: &DatabaseConnection,
        county: Uuid,
        region: &str,
    ) -> anyhow::Result<People> {
        let txn = Tx::for_county(db, Some(county), Mode::Read).await?;
        let existing = txn
            .select::<member::Entity>()?
            .select_only()
            .column(member::Column::IdNumber)
            .filter(member::Column::IdNumber.is_not_null())
            .into_tuple::<String>()
            .all(txn.conn())
            .await?
            .into_iter()
            .collect();
        txn.commit().await?;
        Ok(People {
            region: region.to_owned(),
            existing,
            next: HashMap::new(),
        })
    }

    pub(super) fn id_number(&mut self, born: Date, male: bool) -> Option<IdNumber> {
        let next = self.next.entry((born, male)).or_insert(0);
        while *next < 500 {
            let sequence = *next * 2 + u16::from(male);
            *next += 1;
            let body = format!(
                "{}{:04}{:02}{:02}{sequence:03}",
                self.region,
                born.year(),
                u8::from(born.month()),
                born.day()
            );
            let id = IdNumber::complete(&body)?;
            if !self.existing.contains(id.as_str()) {
                return Some(id);
            }
        }
        None
    }
}
