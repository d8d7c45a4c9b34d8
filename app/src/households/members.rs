//! A household's members: added, changed or removed one at a time, each change audited.

use super::entity::{household, member};
use super::input::{HEAD, MemberInput, check_member};
use super::manage::{check_people_unique, find, label, load, member_row};
use super::model::Household;
use super::personal::IdNumber;
use crate::access::{Action, Actor};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Reason};
use crate::tenancy::{Mode, Tx};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

/// Adds a member (`member_id` none) or changes one.
pub async fn save_member(
    db: &DatabaseConnection,
    actor: &Actor,
    household_id: Uuid,
    member_id: Option<Uuid>,
    input: MemberInput,
) -> Result<Household, AppError> {
    let clean = check_member(&input).map_err(AppError::Invalid)?;
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = find(tx, actor, Action::HouseholdsManage, household_id).await?;
        let county = h.county_id;
        let people = tx
            .select::<member::Entity>()?
            .filter(member::Column::HouseholdId.eq(h.id))
            .all(tx.conn())
            .await?;
        if let Some(id) = member_id
            && !people.iter().any(|m| m.id == id)
        {
            return Err(AppError::NotFound);
        }
        // The new number must be free: among the others here, and in the rest of the county.
        if let Some(number) = clean.id_number.as_ref().map(IdNumber::as_str) {
            let here = people
                .iter()
                .any(|m| Some(m.id) != member_id && m.id_number.as_deref() == Some(number));
            if here {
                return Err(AppError::invalid("id_number", Reason::DuplicatePerson));
            }
        }
        check_people_unique(tx, std::slice::from_ref(&clean), Some(h.id)).await?;
        let field = |m: &str| serde_json::json!({ "member": m });
        let detail = match member_id {
            Some(id) => {
                let row = member_row(county, h.id, 0, clean);
                tx.update::<member::Entity>()?
                    .col_expr(member::Column::Name, Expr::value(row.name))
                    .col_expr(member::Column::Relation, Expr::value(row.relation))
                    .col_expr(member::Column::Gender, Expr::value(row.gender))
                    .col_expr(member::Column::BirthDate, Expr::value(row.birth_date))
                    .col_expr(member::Column::IdNumber, Expr::value(row.id_number))
                    .col_expr(member::Column::Phone, Expr::value(row.phone))
                    .filter(member::Column::Id.eq(id))
                    .exec(tx.conn())
                    .await?;
                field(&id.to_string())
            }
            None => {
                let row = member_row(county, h.id, people.len() as i32, clean);
                let id = row.id;
                member::Entity::insert(member::ActiveModel::from(row))
                    .exec_without_returning(tx.conn())
                    .await?;
                set_member_count(tx, &h, people.len() as i32 + 1).await?;
                field(&id.to_string())
            }
        };
        let event = Event::new(AuditAction::HouseholdUpdate, Outcome::Success)
            .target("household", h.id, label(&h))
            .detail(detail);
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        let h = household::Model {
            members: people.len() as i32 + i32::from(member_id.is_none()),
            ..h
        };
        load(tx, h).await
    })
    .await
}

async fn set_member_count(tx: &Tx, h: &household::Model, count: i32) -> Result<(), AppError> {
    tx.update::<household::Entity>()?
        .col_expr(household::Column::Members, Expr::value(count))
        .filter(household::Column::Id.eq(h.id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Removes a member who moved away or died. The head stays.
pub async fn remove_member(
    db: &DatabaseConnection,
    actor: &Actor,
    household_id: Uuid,
    member_id: Uuid,
) -> Result<Household, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = find(tx, actor, Action::HouseholdsManage, household_id).await?;
        let gone = tx
            .delete::<member::Entity>()?
            .filter(member::Column::HouseholdId.eq(h.id))
            .filter(member::Column::Id.eq(member_id))
            .filter(member::Column::Relation.ne(HEAD))
            .exec(tx.conn())
            .await?
            .rows_affected;
        if gone == 0 {
            return Err(AppError::NotFound);
        }
        set_member_count(tx, &h, h.members - 1).await?;
        let event = Event::new(AuditAction::HouseholdUpdate, Outcome::Success)
            .target("household", h.id, label(&h))
            .detail(serde_json::json!({ "removed_member": member_id.to_string() }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        let h = household::Model {
            members: h.members - 1,
            ..h
        };
        load(tx, h).await
    })
    .await
}
