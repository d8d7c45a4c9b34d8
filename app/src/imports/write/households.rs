//! Writing a household plan: new households with their members, changed ones merged.

use super::*;

pub(super) fn member_model(
    county: Uuid,
    household: Uuid,
    position: i32,
    p: &Person,
) -> member::ActiveModel {
    member::Model {
        county_id: county,
        id: Uuid::now_v7(),
        household_id: household,
        name: p.name.clone(),
        relation: p.relation.clone(),
        gender: p.gender.clone(),
        birth_date: p.birth_date,
        id_number: p.id_number.clone(),
        phone: p.phone.clone(),
        position,
    }
    .into()
}

/// Inserts members in batches (their households exist already) and empties `members`.
pub(super) async fn insert_members(
    tx: &Tx,
    members: &mut Vec<member::ActiveModel>,
) -> Result<(), AppError> {
    while !members.is_empty() {
        let rest = members.split_off(members.len().min(BATCH));
        let batch = std::mem::replace(members, rest);
        member::Entity::insert_many(batch)
            .exec_without_returning(tx.conn())
            .await?;
    }
    Ok(())
}

/// Writes a household plan: new households and their people in batches, then the changes.
/// New households, and households given new tags, join the open campaigns that cover them.
pub(super) async fn apply_households(
    tx: &Tx,
    county: Uuid,
    by_code: &HashMap<String, unit::Model>,
    plan: &HouseholdPlan,
    report: &(dyn Fn(usize) + Sync),
) -> Result<(), AppError> {
    let now = OffsetDateTime::now_utc();
    // Most of the time no campaign is open, and joining costs nothing.
    let open: Vec<String> = tx
        .select::<campaign::Entity>()?
        .select_only()
        .column(campaign::Column::Path)
        .filter(campaign::Column::Status.eq(CampaignStatus::Open.code()))
        .filter(campaign::Column::EndsOn.gte(crate::format::today()))
        .into_tuple()
        .all(tx.conn())
        .await?;
    let covered = |path: &str| open.iter().any(|p| path.starts_with(p.as_str()));
    let mut done = 0;
    let mut people = Vec::with_capacity(BATCH);
    for chunk in plan.add.chunks(BATCH) {
        let mut rows = Vec::with_capacity(chunk.len());
        for h in chunk {
            let village = by_code.get(&h.village_code).ok_or(AppError::NotFound)?;
            let f = &h.fields;
            let row = household::Model {
                county_id: county,
                id: Uuid::now_v7(),
                org_unit_id: village.id,
                path: village.path.clone(),
                group_name: f.group_name.clone(),
                house_number: f.house_number.clone(),
                address: f.address.clone(),
                head_name: f.head_name.clone(),
                phone: f.phone.clone(),
                tags: join_set(f.tags.iter().map(String::as_str)),
                notes: f.notes.clone(),
                members: i32::try_from(h.members.len()).unwrap_or(i32::MAX),
                created_at: now,
                updated_at: now,
            };
            for (position, p) in (0..).zip(&h.members) {
                people.push(member_model(county, row.id, position, p));
            }
            rows.push(row);
        }
        household::Entity::insert_many(rows.iter().cloned().map(household::ActiveModel::from))
            .exec_without_returning(tx.conn())
            .await?;
        // Members point at their households: write the ones left once those exist.
        insert_members(tx, &mut people).await?;
        for row in rows.iter().filter(|r| covered(&r.path)) {
            campaigns::join_open(tx, row).await?;
        }
        done += chunk.len();
        report(done);
    }
    for h in &plan.update {
        let f = &h.fields;
        let mut update = tx
            .update::<household::Entity>()?
            .col_expr(household::Column::UpdatedAt, Expr::value(now))
            .filter(household::Column::Id.eq(h.id));
        if !h.changed.is_empty() {
            update = update
                .col_expr(household::Column::Address, Expr::value(f.address.clone()))
                .col_expr(household::Column::Phone, Expr::value(f.phone.clone()))
                .col_expr(
                    household::Column::Tags,
                    Expr::value(join_set(f.tags.iter().map(String::as_str))),
                )
                .col_expr(household::Column::Notes, Expr::value(f.notes.clone()));
        }
        if !h.add_members.is_empty() {
            let count = h.members_before + h.add_members.len();
            update = update.col_expr(
                household::Column::Members,
                Expr::value(i32::try_from(count).unwrap_or(i32::MAX)),
            );
        }
        update.exec(tx.conn()).await?;
        for (position, p) in (h.first_position..).zip(&h.add_members) {
            people.push(member_model(county, h.id, position, p));
        }
        if people.len() >= BATCH {
            insert_members(tx, &mut people).await?;
        }
        for (id, p) in &h.change_members {
            tx.update::<member::Entity>()?
                .col_expr(member::Column::Name, Expr::value(p.name.clone()))
                .col_expr(member::Column::Relation, Expr::value(p.relation.clone()))
                .col_expr(member::Column::Gender, Expr::value(p.gender.clone()))
                .col_expr(member::Column::BirthDate, Expr::value(p.birth_date))
                .col_expr(member::Column::IdNumber, Expr::value(p.id_number.clone()))
                .col_expr(member::Column::Phone, Expr::value(p.phone.clone()))
                .filter(member::Column::HouseholdId.eq(h.id))
                .filter(member::Column::Id.eq(*id))
                .exec(tx.conn())
                .await?;
        }
        if h.changed.contains(&household_import::HEADERS[6]) {
            let row = tx
                .select_by_id::<household::Entity>(h.id)?
                .one(tx.conn())
                .await?
                .ok_or(AppError::NotFound)?;
            if covered(&row.path) {
                campaigns::join_open(tx, &row).await?;
            }
        }
        done += 1;
        if done % BATCH == 0 {
            report(done);
        }
    }
    insert_members(tx, &mut people).await?;
    report(done);
    Ok(())
}
