//! Which org units find a case in their ledger: every unit whose subtree holds the case's place
//! or one of its handling units. Stored as one `grievance_reach` row per (unit path, case), so a
//! township's or department's ledger is one index range read newest first, instead of "place in
//! the subtree OR handled by a unit in it", which walked the whole county's cases (a
//! department's first page took 144–216 ms at 200,000 cases and timed out at 1,000,000).
//! Paths never change, so the rows change only when the handling units do.

use super::entity::reach;
use crate::error::AppError;
use crate::org::tree;
use crate::tenancy::Tx;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The paths that reach a case at `place` handled by units at `units`: each of them and all
/// their ancestors, the county root included (a subtree account homed there sees it all).
pub fn paths<'a>(place: &'a str, units: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    std::iter::once(place)
        .chain(units)
        .flat_map(tree::ancestors)
        .collect()
}

/// The rows for one case.
pub fn rows<'a>(
    county_id: Uuid,
    grievance_id: Uuid,
    place: &'a str,
    units: impl IntoIterator<Item = &'a str>,
) -> Vec<reach::ActiveModel> {
    paths(place, units)
        .into_iter()
        .map(|path| {
            reach::ActiveModel::from(reach::Model {
                county_id,
                path,
                grievance_id,
            })
        })
        .collect()
}

/// A new case's reach: its place only (no unit handles it yet), in `tx`.
pub async fn add(tx: &Tx, grievance_id: Uuid, place: &str) -> Result<(), AppError> {
    let county = tx.require_county()?;
    reach::Entity::insert_many(rows(county, grievance_id, place, []))
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}

/// Sets a case's reach to its place and the given handling units, in `tx`.
pub async fn set<'a>(
    tx: &Tx,
    grievance_id: Uuid,
    place: &'a str,
    units: impl IntoIterator<Item = &'a str>,
) -> Result<(), AppError> {
    let county = tx.require_county()?;
    tx.delete::<reach::Entity>()?
        .filter(reach::Column::GrievanceId.eq(grievance_id))
        .exec(tx.conn())
        .await?;
    reach::Entity::insert_many(rows(county, grievance_id, place, units))
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_reaches_its_place_its_units_and_all_their_ancestors_once() {
        let got: Vec<String> = paths("/1/4/9/", ["/1/20/", "/1/4/"]).into_iter().collect();
        assert_eq!(got, ["/1/", "/1/20/", "/1/4/", "/1/4/9/"]);
    }

    #[test]
    fn an_unassigned_case_reaches_only_up_its_place() {
        let got: Vec<String> = paths("/1/4/9/", []).into_iter().collect();
        assert_eq!(got, ["/1/", "/1/4/", "/1/4/9/"]);
    }
}
