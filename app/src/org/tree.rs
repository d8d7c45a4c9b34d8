//! Reading the org tree within the caller's reach.

use super::{OrgKind, entity};
use crate::access::{Action, Actor, Target};
use crate::error::AppError;
use crate::tenancy::Tx;
use crate::users::entity as user;
use sea_orm::{ColumnTrait, Condition, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// An org unit as clients see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrgUnitView {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    pub active: bool,
    /// 0 for the county, 1 for townships and departments, 2 for villages.
    pub depth: usize,
    pub children: u32,
    pub users: u32,
}

/// Units at `prefix` or below it, as a range on `(county_id, path)` so the index serves it
/// (`LIKE 'prefix%'` would scan: SQLite's LIKE ignores case, PostgreSQL's depends on the
/// collation). Paths are digits and `/`, and `0` sorts right after `/`, so every path under
/// `/1/4/` lies in [`/1/4/`, `/1/40`).
pub fn in_subtree(prefix: &str) -> Condition {
    path_within(entity::Column::Path, prefix)
}

/// The same range on any table's `path` column (records carry their place's path). The county
/// scope `/` is every path and adds no condition.
pub fn path_within<C: ColumnTrait>(column: C, prefix: &str) -> Condition {
    if prefix == "/" {
        return Condition::all();
    }
    Condition::all()
        .add(column.gte(prefix))
        .add(column.lt(subtree_end(prefix)))
}

/// Every path from the county root down to `path` itself: `/1/4/9/` → `/1/`, `/1/4/`,
/// `/1/4/9/`. Records scoped to any of them cover `path`.
pub fn ancestors(path: &str) -> Vec<String> {
    path.char_indices()
        .filter(|(i, c)| *c == '/' && *i > 0)
        .map(|(i, _)| path[..=i].to_owned())
        .collect()
}

/// The first path after every path that starts with `prefix`.
fn subtree_end(prefix: &str) -> String {
    match prefix.strip_suffix('/') {
        Some(stem) => format!("{stem}0"),
        None => format!("{prefix}\u{10FFFF}"),
    }
}

/// The ids of the units at `prefix` or below it.
pub async fn subtree_ids(tx: &Tx, prefix: &str) -> Result<Vec<Uuid>, AppError> {
    Ok(tx
        .select::<entity::Entity>()?
        .select_only()
        .column(entity::Column::Id)
        .filter(in_subtree(prefix))
        .into_tuple()
        .all(tx.conn())
        .await?)
}

#[derive(Clone, Debug, Default)]
pub struct OrgFilter {
    /// Part of a name, or the start of a code.
    pub q: Option<String>,
    pub kind: Option<OrgKind>,
    pub include_inactive: bool,
}

impl entity::Model {
    pub fn target(&self) -> Target<'_> {
        Target {
            county_id: self.county_id,
            path: &self.path,
        }
    }
}

/// One unit by id, if the caller may `action` it. Unknown, other-county and out-of-scope ids
/// all answer `NotFound`.
pub async fn find(
    tx: &Tx,
    actor: &Actor,
    action: Action,
    id: Uuid,
) -> Result<entity::Model, AppError> {
    tx.find_for::<entity::Entity>(actor, action, id).await
}

/// One unit by code (12-digit division code or department code), scoped the same way.
pub async fn find_by_code(
    tx: &Tx,
    actor: &Actor,
    action: Action,
    code: &str,
) -> Result<entity::Model, AppError> {
    let unit = tx
        .select::<entity::Entity>()?
        .filter(entity::Column::Code.eq(code.trim()))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    find(tx, actor, action, unit.id).await
}

/// Every unit the caller may see, parents before children, with child and user counts.
pub async fn list(
    tx: &Tx,
    actor: &Actor,
    filter: &OrgFilter,
) -> Result<Vec<OrgUnitView>, AppError> {
    let scope = actor.scope_path(Action::OrgView).ok_or(AppError::Denied {
        action: Action::OrgView,
        hidden: false,
    })?;
    let mut query = tx.select::<entity::Entity>()?;
    if scope != "/" {
        query = query.filter(in_subtree(scope));
    }
    if !filter.include_inactive {
        query = query.filter(entity::Column::Active.eq(true));
    }
    let units = query
        .order_by_asc(entity::Column::Path)
        .all(tx.conn())
        .await?;

    #[derive(FromQueryResult)]
    struct Count {
        org_unit_id: Option<Uuid>,
        n: i64,
    }
    let mut count_query = tx
        .select::<user::Entity>()?
        .select_only()
        .column(user::Column::OrgUnitId)
        .column_as(user::Column::Id.count(), "n")
        .filter(user::Column::Active.eq(true));
    if scope != "/" {
        // Only the units shown: a township's few, not the whole county's accounts.
        count_query = count_query.filter(user::Column::OrgUnitId.is_in(units.iter().map(|u| u.id)));
    }
    let counts: HashMap<Uuid, u32> = count_query
        .group_by(user::Column::OrgUnitId)
        .into_model::<Count>()
        .all(tx.conn())
        .await?
        .into_iter()
        .filter_map(|c| Some((c.org_unit_id?, c.n as u32)))
        .collect();
    let mut children: HashMap<Uuid, u32> = HashMap::new();
    for unit in &units {
        if let Some(parent) = unit.parent_id {
            *children.entry(parent).or_default() += 1;
        }
    }
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    Ok(units
        .into_iter()
        .filter(|u| filter.kind.is_none_or(|k| u.kind == k))
        .filter(|u| q.is_none_or(|q| u.name.contains(q) || u.code.starts_with(q)))
        .map(|u| OrgUnitView {
            depth: u.path.matches('/').count().saturating_sub(2),
            children: children.get(&u.id).copied().unwrap_or(0),
            users: counts.get(&u.id).copied().unwrap_or(0),
            id: u.id,
            parent_id: u.parent_id,
            kind: u.kind,
            code: u.code,
            name: u.name,
            active: u.active,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{ancestors, subtree_end};

    #[test]
    fn ancestors_run_from_the_root_to_the_path() {
        assert_eq!(ancestors("/1/4/9/"), ["/1/", "/1/4/", "/1/4/9/"]);
        assert_eq!(ancestors("/1/"), ["/1/"]);
    }

    #[test]
    fn the_subtree_range_holds_exactly_the_paths_below() {
        let end = subtree_end("/1/4/");
        let inside = |path: &str| path >= "/1/4/" && path < end.as_str();
        for path in ["/1/4/", "/1/4/17/", "/1/4/9/", "/1/4/99999/"] {
            assert!(inside(path), "{path}");
        }
        for path in ["/1/", "/1/40/", "/1/41/", "/1/5/", "/1/3/99/", "/2/4/"] {
            assert!(!inside(path), "{path}");
        }
    }
}
