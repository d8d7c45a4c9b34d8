//! The household registry as a spreadsheet: one row per person with the import template's
//! columns (so an exported sheet imports again, masked numbers included), plus the township
//! and village names. ID numbers and phones are masked unless the export is asked to reveal
//! them, which needs `PersonalReveal` over the whole exported subtree. Every export writes a
//! `household_export` audit row with its counts (and a `personal_reveal` row when unmasked),
//! committed before the file is handed out.

use super::entity::{household, member};
use super::personal::{mask_id, mask_phone};
use crate::access::{Action, Actor, Target};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::AppError;
use crate::export_file::{Column, SheetWriter, Written};
use crate::format;
use crate::i18n::Locale;
use crate::imports::household_import::HEADERS;
use crate::org::{entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use crate::visits::kinds::split_set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// Households read per query (their members come with them, ~3 each).
const PAGE: u64 = 2_000;

/// An export that passed its checks, ready to write.
#[derive(Clone, Debug)]
pub struct Prepared {
    prefix: String,
    /// The unit asked for (its id, code and name), if any.
    unit: Option<(Uuid, String, String)>,
    reveal: bool,
    /// `households-YYYYMMDD.xlsx`.
    pub file_name: String,
    /// `户籍台账-正定镇-YYYYMMDD.xlsx`.
    pub label: String,
}

/// Checks the caller may export the registry under `unit` (their whole reach when none) and,
/// for `reveal`, see its personal fields. Refusals are audited; out-of-reach units are "not
/// found".
pub async fn prepare(
    db: &DatabaseConnection,
    actor: &Actor,
    unit: Option<Uuid>,
    reveal: bool,
) -> Result<Prepared, AppError> {
    if let Err(e) = actor
        .decide(Action::LedgerExport, None)
        .or_deny(Action::LedgerExport)
    {
        return Err(audit::denied(db, actor, e).await);
    }
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let county = tx.require_county()?;
        let prefix = super::scope(tx, actor, Action::LedgerExport, unit).await?;
        let unit = match unit {
            Some(id) => Some(tree::find(tx, actor, Action::LedgerExport, id).await?),
            None => None,
        };
        if reveal {
            // The whole export's subtree: the unit asked for, else the caller's own unit.
            let top = unit
                .as_ref()
                .map(|u| u.path.as_str())
                .or_else(|| actor.home.as_ref().map(|h| h.path.as_str()))
                .ok_or(AppError::NotFound)?;
            actor
                .decide(
                    Action::PersonalReveal,
                    Some(Target {
                        county_id: county,
                        path: top,
                    }),
                )
                .or_deny(Action::PersonalReveal)?;
        }
        let unit = unit.map(|u| (u.id, u.code, u.name));
        let place = unit
            .as_ref()
            .map(|(_, _, name)| name.clone())
            .or_else(|| actor.home.as_ref().map(|h| h.org_unit_name.clone()))
            .unwrap_or_default();
        let day = format::date(format::today()).replace('-', "");
        let t = Locale::ZhCn.texts();
        Ok(Prepared {
            prefix,
            unit,
            reveal,
            file_name: format!("households-{day}.xlsx"),
            label: format!("{}-{place}-{day}.xlsx", t.export_households_file()),
        })
    })
    .await
}

fn columns() -> Vec<Column> {
    let t = Locale::ZhCn.texts();
    // Widths and text formats follow the import template.
    let shape: [(f64, bool); 14] = [
        (16.0, true),
        (8.0, true),
        (10.0, true),
        (28.0, false),
        (10.0, false),
        (14.0, true),
        (18.0, false),
        (20.0, false),
        (10.0, false),
        (10.0, false),
        (6.0, false),
        (12.0, true),
        (20.0, true),
        (14.0, true),
    ];
    HEADERS
        .iter()
        .zip(shape)
        .map(|(header, (width, text))| Column::new(*header, width, text))
        .chain([
            Column::new(t.export_col_township(), 16.0, false),
            Column::new(t.export_col_village(), 16.0, false),
        ])
        .collect()
}

struct Place {
    code: String,
    name: String,
    parent: Option<Uuid>,
}

async fn places(tx: &Tx) -> Result<HashMap<Uuid, Place>, AppError> {
    Ok(tx
        .select::<org_unit::Entity>()?
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| {
            let place = Place {
                code: u.code,
                name: u.name,
                parent: u.parent_id,
            };
            (u.id, place)
        })
        .collect())
}

/// Writes the export and records it. The file is complete and the audit rows committed when
/// this returns.
pub async fn write(
    db: DatabaseConnection,
    actor: Arc<Actor>,
    prepared: Prepared,
) -> Result<Written, AppError> {
    let t = Locale::ZhCn.texts();
    let places = {
        let tx = Tx::begin(&db, &actor, Mode::Read).await?;
        places(&tx).await?
    };
    let name_of = |id: Option<Uuid>| {
        id.and_then(|id| places.get(&id))
            .map_or(String::new(), |p| p.name.clone())
    };
    let mut writer = SheetWriter::start(t.export_households_sheet(), columns());
    let mut after: Option<(String, Uuid)> = None;
    let mut households = 0usize;
    loop {
        let tx = Tx::begin(&db, &actor, Mode::Read).await?;
        let mut query = tx
            .select::<household::Entity>()?
            .filter(tree::path_within(household::Column::Path, &prepared.prefix));
        if let Some((path, id)) = &after {
            // Keyset on `ix_households_county_path (county_id, path, id)`.
            query = query.filter(
                Expr::tuple([
                    Expr::col(household::Column::Path),
                    Expr::col(household::Column::Id),
                ])
                .gt(Expr::tuple([Expr::val(path.clone()), Expr::val(*id)])),
            );
        }
        let page = query
            .order_by_asc(household::Column::Path)
            .order_by_asc(household::Column::Id)
            .limit(PAGE)
            .all(tx.conn())
            .await?;
        let mut people: HashMap<Uuid, Vec<member::Model>> = HashMap::new();
        if !page.is_empty() {
            for m in tx
                .select::<member::Entity>()?
                .filter(member::Column::HouseholdId.is_in(page.iter().map(|h| h.id)))
                .order_by_asc(member::Column::HouseholdId)
                .order_by_asc(member::Column::Position)
                .all(tx.conn())
                .await?
            {
                people.entry(m.household_id).or_default().push(m);
            }
        }
        drop(tx);
        let mut rows = Vec::with_capacity(page.len() * 3);
        for h in &page {
            let village = places.get(&h.org_unit_id);
            let household_cells = [
                village.map_or(String::new(), |v| v.code.clone()),
                h.group_name.clone(),
                h.house_number.clone(),
                h.address.clone(),
                h.head_name.clone(),
                personal(h.phone.as_deref(), prepared.reveal, mask_phone),
                split_set(&h.tags).join("、"),
                h.notes.clone(),
            ];
            let township = name_of(village.and_then(|v| v.parent));
            let village_name = name_of(Some(h.org_unit_id));
            let members = people.remove(&h.id).unwrap_or_default();
            if members.is_empty() {
                let mut row = household_cells.to_vec();
                row.extend(std::iter::repeat_n(String::new(), 6));
                row.extend([township.clone(), village_name.clone()]);
                rows.push(row);
            }
            for m in members {
                let mut row = household_cells.to_vec();
                row.extend([
                    m.name,
                    m.relation,
                    m.gender.unwrap_or_default(),
                    m.birth_date.map(format::date).unwrap_or_default(),
                    personal(m.id_number.as_deref(), prepared.reveal, mask_id),
                    personal(m.phone.as_deref(), prepared.reveal, mask_phone),
                    township.clone(),
                    village_name.clone(),
                ]);
                rows.push(row);
            }
        }
        households += page.len();
        writer.push(rows).await?;
        match page.last() {
            Some(last) if page.len() as u64 == PAGE => after = Some((last.path.clone(), last.id)),
            _ => break,
        }
    }
    let written = writer.finish().await?;

    let unit_code = prepared.unit.as_ref().map(|(_, code, _)| code.clone());
    let mut export =
        Event::new(AuditAction::HouseholdExport, Outcome::Success).detail(serde_json::json!({
            "unit": unit_code,
            "households": households,
            "rows": written.rows,
            "revealed": prepared.reveal,
            "truncated": written.truncated,
        }));
    if let Some((id, _, name)) = &prepared.unit {
        export = export.target("org_unit", id, name.clone());
    }
    let tx = Tx::begin(&db, &actor, Mode::Write).await?;
    let who = Who::actor(&actor, &actor.ip);
    audit::record(&tx, &who, export).await?;
    if prepared.reveal {
        let reveal = Event::new(AuditAction::PersonalReveal, Outcome::Success)
            .detail(serde_json::json!({ "export": "households", "rows": written.rows }));
        audit::record(&tx, &who, reveal).await?;
    }
    tx.commit().await?;
    Ok(written)
}

/// A stored personal value as the export shows it.
fn personal(value: Option<&str>, reveal: bool, mask: fn(&str) -> String) -> String {
    match value {
        Some(v) if reveal => v.to_owned(),
        Some(v) => mask(v),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_import_s_then_the_names() {
        let headers: Vec<String> = columns().into_iter().map(|c| c.header).collect();
        assert_eq!(headers[..14], HEADERS.map(String::from));
        assert_eq!(headers[14..], ["所属乡镇（街道）", "所属村（社区）"]);
    }

    #[test]
    fn personal_values_are_masked_unless_revealed() {
        assert_eq!(
            personal(Some("130123196503081217"), false, mask_id),
            "130123********1217"
        );
        assert_eq!(
            personal(Some("13812345678"), true, mask_phone),
            "13812345678"
        );
        assert_eq!(personal(None, true, mask_phone), "");
    }
}
