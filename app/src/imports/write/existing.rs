//! What the county holds now, read for the pure plans: units, departments, accounts, and the
//! households and members a household sheet names; then the plan itself.

use super::*;

/// Plans `table` against what the caller's county holds now. `report(n)` hears how many rows
/// were checked (household sheets only; the others are quick).
pub async fn plan(
    tx: &Tx,
    actor: &Actor,
    job: &job::Model,
    table: &Table,
    report: &(dyn Fn(usize) + Sync),
) -> Result<Result<Planned, Vec<RowFault>>, AppError> {
    let units = tx.select::<unit::Entity>()?.all(tx.conn()).await?;
    let county_code = actor
        .home
        .as_ref()
        .map(|h| h.county_code.clone())
        .ok_or(AppError::NotFound)?;
    Ok(match job.kind {
        ImportKind::Org => {
            let existing: Vec<Existing> = units
                .iter()
                .filter(|u| u.kind != OrgKind::Department)
                .map(|u| Existing {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    kind: u.kind,
                })
                .collect();
            org_import::plan(&county_code, &existing, table).map(Planned::Org)
        }
        ImportKind::Departments => {
            let existing: Vec<ExistingDepartment> = units
                .iter()
                .filter(|u| u.kind == OrgKind::Department)
                .map(|u| ExistingDepartment {
                    code: u.code.clone(),
                    name: u.name.clone(),
                })
                .collect();
            department_import::plan(&existing, table).map(Planned::Departments)
        }
        ImportKind::Users => {
            let code_of: HashMap<Uuid, &unit::Model> = units.iter().map(|u| (u.id, u)).collect();
            let existing: Vec<ExistingUser> = tx
                .select::<user::Entity>()?
                .all(tx.conn())
                .await?
                .into_iter()
                .filter_map(|u| {
                    let unit = code_of.get(&u.org_unit_id?)?;
                    Some(ExistingUser {
                        username: u.username,
                        name: u.display_name,
                        role: u.role,
                        unit_code: unit.code.clone(),
                    })
                })
                .collect();
            let refs: Vec<UnitRef> = units
                .iter()
                .filter(|u| u.active)
                .map(|u| UnitRef {
                    code: u.code.clone(),
                    kind: u.kind,
                })
                .collect();
            let paths: HashMap<&str, &str> = units
                .iter()
                .map(|u| (u.code.as_str(), u.path.as_str()))
                .collect();
            let scope = actor.scope_path(Action::UsersImport).unwrap_or("\0");
            let may_grant = |role, code: &str| {
                actor.role.may_grant(role) && paths.get(code).is_some_and(|p| p.starts_with(scope))
            };
            user_import::plan(&existing, &refs, &may_grant, table).and_then(|plan| {
                let problems: Vec<RowFault> = plan
                    .add
                    .iter()
                    .filter_map(|u| match &u.password {
                        None if job.password_hash.is_none() => Some(password_missing(u.row)),
                        Some(p) if p.eq_ignore_ascii_case(&u.username) => Some(RowFault {
                            row: u.row,
                            column: Some("初始密码".into()),
                            problem: Fault::WeakPassword,
                        }),
                        _ => None,
                    })
                    .collect();
                if problems.is_empty() {
                    Ok(Planned::Users(plan))
                } else {
                    Err(problems)
                }
            })
        }
        ImportKind::Households => {
            let scope = actor.scope_path(Action::HouseholdsManage).unwrap_or("\0");
            let keys = household_import::sheet_keys(table);
            let units: HashMap<String, household_import::Unit> = units
                .into_iter()
                .map(|u| {
                    let unit = household_import::Unit {
                        id: u.id,
                        in_reach: u.path.starts_with(scope),
                        path: u.path,
                        kind: u.kind,
                        active: u.active,
                    };
                    (u.code, unit)
                })
                .collect();
            let paths: Vec<String> = keys
                .village_codes
                .iter()
                .filter_map(|code| units.get(code))
                .filter(|u| u.kind == OrgKind::Village && u.in_reach)
                .map(|u| u.path.clone())
                .collect();
            let known = Known {
                county_code,
                units,
                tags: crate::households::known_tags(tx).await?,
                households: existing_households(tx, &paths).await?,
                id_owners: id_owners(tx, &keys.id_numbers).await?,
            };
            household_import::plan(&known, table, report).map(Planned::Households)
        }
    })
}

/// Paths per query: each village's households are one range of `ix_households_county_path`.
pub(super) const PATHS_PER_QUERY: usize = 100;

/// The households at these villages (exactly: households carry their village's path), with
/// their members in order.
pub(super) async fn existing_households(
    tx: &Tx,
    paths: &[String],
) -> Result<Vec<ExistingHousehold>, AppError> {
    let mut out = Vec::new();
    for chunk in paths.chunks(PATHS_PER_QUERY) {
        let rows = tx
            .select::<household::Entity>()?
            .filter(household::Column::Path.is_in(chunk.to_vec()))
            .order_by_asc(household::Column::Path)
            .order_by_asc(household::Column::Id)
            .all(tx.conn())
            .await?;
        for batch in rows.chunks(BATCH) {
            let mut people: HashMap<Uuid, Vec<ExistingMember>> = HashMap::new();
            let members = tx
                .select::<member::Entity>()?
                .filter(member::Column::HouseholdId.is_in(batch.iter().map(|h| h.id)))
                .order_by_asc(member::Column::HouseholdId)
                .order_by_asc(member::Column::Position)
                .all(tx.conn())
                .await?;
            for m in members {
                people
                    .entry(m.household_id)
                    .or_default()
                    .push(ExistingMember {
                        id: m.id,
                        position: m.position,
                        person: Person {
                            name: m.name,
                            relation: m.relation,
                            gender: m.gender,
                            birth_date: m.birth_date,
                            id_number: m.id_number,
                            phone: m.phone,
                        },
                    });
            }
            out.extend(batch.iter().map(|h| ExistingHousehold {
                id: h.id,
                village: h.org_unit_id,
                fields: Fields {
                    group_name: h.group_name.clone(),
                    house_number: h.house_number.clone(),
                    address: h.address.clone(),
                    head_name: h.head_name.clone(),
                    phone: h.phone.clone(),
                    tags: split_set(&h.tags),
                    notes: h.notes.clone(),
                },
                members: people.remove(&h.id).unwrap_or_default(),
            }));
        }
    }
    Ok(out)
}

/// Which household holds each of these ID numbers (one unique-index lookup per batch).
pub(super) async fn id_owners(
    tx: &Tx,
    ids: &HashSet<String>,
) -> Result<HashMap<String, Uuid>, AppError> {
    let ids: Vec<&String> = ids.iter().collect();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let rows: Vec<(Option<String>, Uuid)> = tx
            .select::<member::Entity>()?
            .select_only()
            .column(member::Column::IdNumber)
            .column(member::Column::HouseholdId)
            .filter(member::Column::IdNumber.is_in(chunk.iter().map(|s| s.as_str())))
            .into_tuple()
            .all(tx.conn())
            .await?;
        out.extend(rows.into_iter().filter_map(|(id, h)| Some((id?, h))));
    }
    Ok(out)
}
