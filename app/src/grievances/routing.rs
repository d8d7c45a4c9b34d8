//! Who handles what. The county's rules send a category to a department (a subcategory without
//! its own rule follows its parent's); without a rule, the township of the place leads. The
//! dispatcher — the place's township, or the county for places above townships — decides.

use super::categories;
use super::entity::{category, routing_rule};
use crate::access::{Action, Actor};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Reason};
use crate::org::{OrgKind, entity as org_unit, tree};
use crate::tenancy::{Mode, Tx};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

/// The unit that dispatches cases at `place`: its township (itself, for a township), else the
/// county root.
pub async fn dispatcher(tx: &Tx, place: &org_unit::Model) -> Result<org_unit::Model, AppError> {
    let ancestors = tree::ancestors(&place.path);
    let units = tx
        .select::<org_unit::Entity>()?
        .filter(org_unit::Column::Path.is_in(ancestors))
        .all(tx.conn())
        .await?;
    units
        .iter()
        .find(|u| u.kind == OrgKind::Township)
        .or_else(|| units.iter().find(|u| u.kind == OrgKind::County))
        .cloned()
        .ok_or(AppError::NotFound)
}

/// The lead the rules suggest for a category at a place.
pub async fn suggest(
    tx: &Tx,
    category: &category::Model,
    place: &org_unit::Model,
) -> Result<Uuid, AppError> {
    let ids: Vec<Uuid> = std::iter::once(category.id)
        .chain(category.parent_id)
        .collect();
    let rules = tx
        .select::<routing_rule::Entity>()?
        .filter(routing_rule::Column::CategoryId.is_in(ids))
        .all(tx.conn())
        .await?;
    let own = rules.iter().find(|r| r.category_id == category.id);
    match own.or_else(|| rules.first()) {
        Some(rule) => Ok(rule.unit_id),
        None => Ok(dispatcher(tx, place).await?.id),
    }
}

/// A unit that may handle cases: an active department or township of the county.
pub async fn handler_unit(tx: &Tx, id: Uuid) -> Result<org_unit::Model, AppError> {
    tx.select_by_id::<org_unit::Entity>(id)?
        .one(tx.conn())
        .await?
        .filter(|u| u.active && matches!(u.kind, OrgKind::Department | OrgKind::Township))
        .ok_or(AppError::invalid("unit", Reason::NotADepartment))
}

/// Every active department and township of the caller's county, departments first, by name:
/// whom a dispatcher may assign and whom a rule may name (any county account may read them).
pub async fn handler_units(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<org_unit::Model>, AppError> {
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let mut units = tx
        .select::<org_unit::Entity>()?
        .filter(org_unit::Column::Active.eq(true))
        .filter(org_unit::Column::Kind.is_in([OrgKind::Department, OrgKind::Township]))
        .all(tx.conn())
        .await?;
    units.sort_by(|a, b| {
        (a.kind != OrgKind::Department, &a.name).cmp(&(b.kind != OrgKind::Department, &b.name))
    });
    Ok(units)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleView {
    pub category_id: String,
    pub category: String,
    pub unit_id: String,
    pub unit: String,
}

/// The county's rules (any county account may read them: they say who handles what).
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<RuleView>, AppError> {
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let cats = categories::all(&tx).await?;
    let rules = tx.select::<routing_rule::Entity>()?.all(tx.conn()).await?;
    let units: Vec<Uuid> = rules.iter().map(|r| r.unit_id).collect();
    let names = super::display::unit_names(&tx, units).await?;
    let mut out: Vec<RuleView> = rules
        .iter()
        .map(|r| RuleView {
            category_id: r.category_id.to_string(),
            category: categories::full_name(&cats, r.category_id),
            unit_id: r.unit_id.to_string(),
            unit: names.get(&r.unit_id).cloned().unwrap_or_default(),
        })
        .collect();
    out.sort_by(|a, b| a.category.cmp(&b.category));
    Ok(out)
}

/// Sends `category` to `unit`, or removes its rule when `unit` is `None`.
pub async fn set(
    db: &DatabaseConnection,
    actor: &Actor,
    category: Uuid,
    unit: Option<Uuid>,
) -> Result<(), AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        actor
            .decide(Action::GrievanceSettings, None)
            .or_deny(Action::GrievanceSettings)?;
        let county = tx.require_county()?;
        let cat = categories::find(tx, category).await?;
        tx.delete::<routing_rule::Entity>()?
            .filter(routing_rule::Column::CategoryId.eq(cat.id))
            .exec(tx.conn())
            .await?;
        let mut label = format!("{} →", cat.name);
        if let Some(unit) = unit {
            let u = handler_unit(tx, unit).await?;
            if u.kind != OrgKind::Department {
                return Err(AppError::invalid("unit_id", Reason::NotADepartment));
            }
            routing_rule::Entity::insert(routing_rule::ActiveModel::from(routing_rule::Model {
                county_id: county,
                id: Uuid::now_v7(),
                category_id: cat.id,
                unit_id: u.id,
                created_at: OffsetDateTime::now_utc(),
            }))
            .exec_without_returning(tx.conn())
            .await?;
            label = format!("{label} {}", u.name);
        }
        let event = Event::new(AuditAction::GrievanceSettingsUpdate, Outcome::Success).target(
            "routing_rule",
            cat.id,
            label,
        );
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        Ok(())
    })
    .await
}
