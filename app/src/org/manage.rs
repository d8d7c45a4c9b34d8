//! Changing the org tree by form: create, rename, move, deactivate/reactivate. Each change is
//! checked against the matrix, the tree's shape and the division code, and audited.

use super::{DivisionCode, OrgKind, entity, tree};
use crate::access::{Action, Actor};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Invalid, Reason, text_field};
use crate::tenancy::{Mode, Tx};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Statement, sea_query::Expr,
};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug, Default)]
pub struct NewOrgUnit {
    pub parent_id: Option<Uuid>,
    pub kind: Option<OrgKind>,
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, Default)]
pub struct OrgUnitChange {
    pub name: Option<String>,
    pub parent_id: Option<Uuid>,
    pub active: Option<bool>,
}

/// The kind a unit's parent must have.
pub const fn parent_kind(kind: OrgKind) -> Option<OrgKind> {
    match kind {
        OrgKind::County => None,
        OrgKind::Township | OrgKind::Department => Some(OrgKind::County),
        OrgKind::Village => Some(OrgKind::Township),
    }
}

/// Checks a department's short code: 2–16 letters, digits, `-` or `_`, kept upper-case.
pub fn department_code(code: &str) -> Result<String, Reason> {
    let code = code.trim().to_uppercase();
    let ok = (2..=16).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !code.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(code)
    } else {
        Err(Reason::BadShortCode)
    }
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewOrgUnit,
) -> Result<entity::Model, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        create_in(tx, actor, input).await
    })
    .await
}

async fn create_in(tx: &Tx, actor: &Actor, input: NewOrgUnit) -> Result<entity::Model, AppError> {
    let home = actor.home.as_ref().ok_or(AppError::Denied {
        action: Action::OrgManage,
        hidden: true,
    })?;
    let mut problems = Vec::new();
    let name = text_field("name", &input.name, 64)
        .map_err(|i| problems.push(i))
        .ok();
    // The level comes from the code: a 12-digit code says township or village; anything else
    // is a department's short code.
    let code = input.code.trim();
    let (kind, code) = if code.bytes().all(|b| b.is_ascii_digit()) && !code.is_empty() {
        match DivisionCode::parse(code) {
            Ok(dc) if !dc.to_string().starts_with(&home.county_code) => {
                problems.push(Invalid {
                    field: "code",
                    reason: Reason::CodeOfAnotherCounty,
                });
                (None, dc.to_string())
            }
            Ok(dc) if matches!(dc.kind(), OrgKind::Township | OrgKind::Village) => {
                (Some(dc.kind()), dc.to_string())
            }
            Ok(dc) => {
                problems.push(Invalid {
                    field: "code",
                    reason: Reason::WrongParent,
                });
                (None, dc.to_string())
            }
            Err(_) => {
                problems.push(Invalid {
                    field: "code",
                    reason: Reason::BadDivisionCode,
                });
                (None, code.to_owned())
            }
        }
    } else {
        match department_code(code) {
            Ok(c) => (Some(OrgKind::Department), c),
            Err(reason) => {
                problems.push(Invalid {
                    field: "code",
                    reason: if code.is_empty() {
                        Reason::Required
                    } else {
                        reason
                    },
                });
                (None, code.to_owned())
            }
        }
    };
    if let (Some(k), Some(wanted)) = (kind, input.kind)
        && k != wanted
    {
        problems.push(Invalid {
            field: "kind",
            reason: Reason::WrongParent,
        });
    }
    // The parent: given, or the county root for townships and departments.
    let parent = match input.parent_id {
        Some(id) => Some(tree::find(tx, actor, Action::OrgManage, id).await?),
        None => {
            tx.select::<entity::Entity>()?
                .filter(entity::Column::Kind.eq(OrgKind::County))
                .one(tx.conn())
                .await?
        }
    };
    let Some(parent) = parent else {
        return Err(AppError::invalid("parent_id", Reason::ParentMissing));
    };
    // The caller must be allowed to manage where the unit will live.
    tree::find(tx, actor, Action::OrgManage, parent.id).await?;
    if let Some(k) = kind {
        if parent_kind(k) != Some(parent.kind) {
            problems.push(Invalid {
                field: "parent_id",
                reason: Reason::WrongParent,
            });
        } else if k == OrgKind::Village
            && DivisionCode::parse(&code)
                .ok()
                .and_then(|c| c.parent())
                .map(|p| p.to_string())
                != Some(parent.code.clone())
        {
            // A village's code names its township; the form must agree with it.
            problems.push(Invalid {
                field: "parent_id",
                reason: Reason::WrongParent,
            });
        }
    }
    if !parent.active {
        problems.push(Invalid {
            field: "parent_id",
            reason: Reason::UnitInactive,
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (Some(kind), Some(name)) = (kind, name) else {
        return Err(AppError::invalid("code", Reason::Required));
    };
    let taken = tx
        .select::<entity::Entity>()?
        .filter(entity::Column::Code.eq(&code))
        .one(tx.conn())
        .await?
        .is_some();
    if taken {
        return Err(AppError::Conflict(Reason::CodeTaken));
    }
    let unit = insert(tx, &parent, kind, code, name).await?;
    let event = Event::new(AuditAction::OrgUnitCreate, Outcome::Success).target(
        "org_unit",
        unit.id,
        format!("{} {}", unit.code, unit.name),
    );
    audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
    Ok(unit)
}

/// Inserts a unit under `parent` with the county's next sequence number. Callers have
/// checked everything; this only places it.
pub async fn insert(
    tx: &Tx,
    parent: &entity::Model,
    kind: OrgKind,
    code: String,
    name: String,
) -> Result<entity::Model, AppError> {
    let seq = next_seq(tx, parent.county_id).await?;
    let unit = entity::Model {
        county_id: parent.county_id,
        id: Uuid::now_v7(),
        parent_id: Some(parent.id),
        kind,
        code,
        name,
        seq,
        path: format!("{}{seq}/", parent.path),
        active: true,
        created_at: OffsetDateTime::now_utc(),
    };
    entity::Entity::insert(entity::ActiveModel::from(unit.clone()))
        .exec_without_returning(tx.conn())
        .await?;
    Ok(unit)
}

/// The county's next unit number. On PostgreSQL the county row is locked first so two
/// concurrent creations cannot take the same number (SQLite writers are already serial).
pub async fn next_seq(tx: &Tx, county: Uuid) -> Result<i32, AppError> {
    if tx.conn().get_database_backend() == DatabaseBackend::Postgres {
        tx.conn()
            .execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT 1 FROM counties WHERE id = $1 FOR UPDATE",
                [county.into()],
            ))
            .await?;
    }
    let max: Option<i32> = tx
        .select::<entity::Entity>()?
        .select_only()
        .column_as(entity::Column::Seq.max(), "m")
        .into_tuple()
        .one(tx.conn())
        .await?
        .flatten();
    Ok(max.unwrap_or(0) + 1)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    change: OrgUnitChange,
) -> Result<entity::Model, AppError> {
    audit::guarded(db, actor, Mode::Write, async |tx| {
        update_in(tx, actor, id, change).await
    })
    .await
}

async fn update_in(
    tx: &Tx,
    actor: &Actor,
    id: Uuid,
    change: OrgUnitChange,
) -> Result<entity::Model, AppError> {
    let county = tx.require_county()?;
    let unit = tree::find(tx, actor, Action::OrgManage, id).await?;
    let home = actor.home.as_ref().ok_or(AppError::NotFound)?;
    let mut detail = serde_json::Map::new();
    let mut updated = unit.clone();
    if let Some(name) = &change.name {
        let name = text_field("name", name, 64).map_err(|i| AppError::Invalid(vec![i]))?;
        if name != unit.name {
            detail.insert(
                "name".into(),
                serde_json::json!({ "from": unit.name, "to": name }),
            );
            updated.name = name;
        }
    }
    let touches_self = home.path.starts_with(&unit.path);
    if let Some(active) = change.active
        && active != unit.active
    {
        if touches_self || unit.kind == OrgKind::County {
            return Err(AppError::invalid("active", Reason::OwnUnit));
        }
        detail.insert("active".into(), active.into());
        updated.active = active;
    }
    if let Some(parent_id) = change.parent_id
        && Some(parent_id) != unit.parent_id
    {
        if touches_self || unit.kind == OrgKind::County {
            return Err(AppError::invalid("parent_id", Reason::OwnUnit));
        }
        let parent = tree::find(tx, actor, Action::OrgManage, parent_id).await?;
        if parent.path.starts_with(&unit.path) {
            return Err(AppError::invalid("parent_id", Reason::MoveIntoOwnSubtree));
        }
        if parent_kind(unit.kind) != Some(parent.kind) {
            return Err(AppError::invalid("parent_id", Reason::WrongParent));
        }
        let new_path = format!("{}{}/", parent.path, unit.seq);
        // The whole subtree's paths move with it, in one statement.
        let backend = tx.conn().get_database_backend();
        let sql = match backend {
            DatabaseBackend::Postgres => {
                "UPDATE org_units SET path = $1 || substr(path, $2) WHERE county_id = $3 AND path LIKE $4"
            }
            _ => {
                "UPDATE org_units SET path = ? || substr(path, ?) WHERE county_id = ? AND path LIKE ?"
            }
        };
        tx.conn()
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    new_path.clone().into(),
                    (unit.path.len() as i32 + 1).into(),
                    county.into(),
                    format!("{}%", unit.path).into(),
                ],
            ))
            .await?;
        detail.insert("parent".into(), serde_json::json!({ "to": parent.code }));
        updated.parent_id = Some(parent.id);
        updated.path = new_path;
    }
    if detail.is_empty() {
        return Ok(unit);
    }
    tx.update::<entity::Entity>()?
        .col_expr(entity::Column::Name, Expr::value(updated.name.clone()))
        .col_expr(entity::Column::Active, Expr::value(updated.active))
        .col_expr(entity::Column::ParentId, Expr::value(updated.parent_id))
        .filter(entity::Column::Id.eq(unit.id))
        .exec(tx.conn())
        .await?;
    let event = Event::new(AuditAction::OrgUnitUpdate, Outcome::Success)
        .target(
            "org_unit",
            unit.id,
            format!("{} {}", unit.code, updated.name),
        )
        .detail(detail.into());
    audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_codes() {
        assert_eq!(department_code(" zjj "), Ok("ZJJ".into()));
        assert_eq!(department_code("GA-J_2"), Ok("GA-J_2".into()));
        for bad in ["", "Z", "住建局", "12", "A B", &"A".repeat(17)] {
            assert!(department_code(bad).is_err(), "{bad:?}");
        }
    }
}
