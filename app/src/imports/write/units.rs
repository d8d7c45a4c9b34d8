//! Writing an org plan's units: new units under their parents, renamed ones.

use super::*;

/// Inserts units, parents first (the plans order them so), numbering them after the
/// county's last unit.
pub(super) async fn add_units(
    tx: &Tx,
    county: Uuid,
    by_code: &mut HashMap<String, unit::Model>,
    adds: impl Iterator<Item = (String, String, OrgKind, String)>,
    report: &(dyn Fn(usize) + Sync),
) -> Result<(), AppError> {
    let mut seq = next_seq(tx, county).await?;
    let now = OffsetDateTime::now_utc();
    let mut batch = Vec::with_capacity(BATCH);
    let mut done = 0;
    for (code, name, kind, parent_code) in adds {
        let parent = by_code.get(&parent_code).ok_or(AppError::NotFound)?;
        let model = unit::Model {
            county_id: county,
            id: Uuid::now_v7(),
            parent_id: Some(parent.id),
            kind,
            code: code.clone(),
            name,
            seq,
            path: format!("{}{seq}/", parent.path),
            active: true,
            created_at: now,
        };
        seq += 1;
        batch.push(unit::ActiveModel::from(model.clone()));
        by_code.insert(code, model);
        if batch.len() == BATCH {
            unit::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(tx.conn())
                .await?;
            done += BATCH;
            report(done);
        }
    }
    done += batch.len();
    if !batch.is_empty() {
        unit::Entity::insert_many(batch)
            .exec_without_returning(tx.conn())
            .await?;
    }
    report(done);
    Ok(())
}

pub(super) async fn rename_units<'a>(
    tx: &Tx,
    renames: impl Iterator<Item = (&'a String, &'a String)>,
) -> Result<(), AppError> {
    for (code, name) in renames {
        tx.update::<unit::Entity>()?
            .col_expr(unit::Column::Name, Expr::value(name.clone()))
            .filter(unit::Column::Code.eq(code))
            .exec(tx.conn())
            .await?;
    }
    Ok(())
}
