//! Pairing (结对子): the cadres a household is paired with, who hold its new tasks.

use super::entity::cadre;
use super::manage::{find, label, load};
use super::model::Household;
use crate::access::{Action, Actor, Role};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Reason};
use crate::org::{entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use crate::users::entity as user;
use crate::visits::tasks;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Roles that can be paired with households.
pub const CADRE_ROLES: [Role; 3] = [Role::VillageCadre, Role::TownshipStaff, Role::TownshipAdmin];

/// Replaces the household's paired cadres. Each must be an active cadre account at the
/// household's village or its township. Open tasks nobody holds go to the first of them.
pub async fn set_cadres(
    db: &DatabaseConnection,
    actor: &Actor,
    household_id: Uuid,
    cadres: Vec<Uuid>,
) -> Result<Household, AppError> {
    if cadres.len() > 10 {
        return Err(AppError::invalid("cadres", Reason::TooMany));
    }
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let h = find(tx, actor, Action::HouseholdsManage, household_id).await?;
        let county = h.county_id;
        let mut chosen: Vec<Uuid> = Vec::new();
        for id in cadres {
            if !chosen.contains(&id) {
                chosen.push(id);
            }
        }
        let accounts = tx
            .select::<user::Entity>()?
            .find_also_related(org_unit::Entity)
            .filter(user::Column::Id.is_in(chosen.clone()))
            .all(tx.conn())
            .await?;
        let above = tree::ancestors(&h.path);
        for id in &chosen {
            let fits = accounts.iter().any(|(u, unit)| {
                u.id == *id
                    && u.active
                    && CADRE_ROLES.contains(&u.role)
                    && unit.as_ref().is_some_and(|o| above.contains(&o.path))
            });
            if !fits {
                return Err(AppError::invalid("cadres", Reason::NotACadre));
            }
        }
        tx.delete::<cadre::Entity>()?
            .filter(cadre::Column::HouseholdId.eq(h.id))
            .exec(tx.conn())
            .await?;
        let now = OffsetDateTime::now_utc();
        // Pairing order is kept through `created_at`: the first cadre is the one tasks go to.
        let rows: Vec<cadre::ActiveModel> = chosen
            .iter()
            .enumerate()
            .map(|(i, u)| {
                cadre::Model {
                    county_id: county,
                    household_id: h.id,
                    user_id: *u,
                    created_at: now + time::Duration::microseconds(i as i64),
                }
                .into()
            })
            .collect();
        if !rows.is_empty() {
            cadre::Entity::insert_many(rows)
                .exec_without_returning(tx.conn())
                .await?;
        }
        if let Some(first) = chosen.first() {
            tasks::assign_unheld(tx, h.id, *first).await?;
        }
        let event = Event::new(AuditAction::CadrePairing, Outcome::Success)
            .target("household", h.id, label(&h))
            .detail(serde_json::json!({
                "cadres": chosen.iter().map(Uuid::to_string).collect::<Vec<_>>(),
            }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        load(tx, h).await
    })
    .await
}

/// The first paired cadre of each household, for assigning tasks.
pub async fn first_cadres(tx: &Tx, households: &[Uuid]) -> Result<HashMap<Uuid, Uuid>, AppError> {
    let mut out = HashMap::new();
    for chunk in households.chunks(500) {
        let rows = tx
            .select::<cadre::Entity>()?
            .filter(cadre::Column::HouseholdId.is_in(chunk.to_vec()))
            .order_by_asc(cadre::Column::CreatedAt)
            .all(tx.conn())
            .await?;
        for row in rows {
            out.entry(row.household_id).or_insert(row.user_id);
        }
    }
    Ok(out)
}
