//! The door to tenant rows. Queries on a tenant table start from the transaction
//! (`tx.select::<E>()`, `tx.update::<E>()`, `tx.delete::<E>()`, `tx.find_for::<E>(…)`), which
//! adds the county filter itself: the county is the transaction's, so a query cannot forget
//! it or name another one. On PostgreSQL row-level security stands behind this as well.

use super::Tx;
use crate::access::{Action, Actor, Target};
use crate::error::AppError;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ColumnTrait, DeleteMany, EntityTrait, PrimaryKeyTrait, QueryFilter, Select, UpdateMany,
};
use uuid::Uuid;

/// A table whose rows belong to one county.
pub trait Tenant: EntityTrait {
    /// The column naming the row's county.
    const COUNTY: Self::Column;
    /// Whether platform accounts have rows here too, with no county (sessions, second
    /// factors): a platform transaction then sees exactly those instead of nothing.
    const PLATFORM_ROWS: bool = false;
}

/// A tenant table whose rows sit at a place in the org tree; the place bounds who may reach them.
pub trait Placed: Tenant {
    /// The materialised path of the row's org unit.
    fn path(row: &Self::Model) -> &str;
}

/// `tenant!(entity_module)` or `tenant!(entity_module, path)` (rows carry a `path` field);
/// `tenant!(here)` / `tenant!(here, path)` in a file that is itself the entity module;
/// `platform` instead of `path` for tables that also hold platform accounts' rows.
#[macro_export]
macro_rules! tenant {
    (here, platform) => {
        impl $crate::tenancy::Tenant for Entity {
            const COUNTY: Self::Column = Column::CountyId;
            const PLATFORM_ROWS: bool = true;
        }
    };
    (here) => {
        impl $crate::tenancy::Tenant for Entity {
            const COUNTY: Self::Column = Column::CountyId;
        }
    };
    (here, path) => {
        $crate::tenant!(here);
        impl $crate::tenancy::Placed for Entity {
            fn path(row: &Self::Model) -> &str {
                &row.path
            }
        }
    };
    ($($entity:ident)::+, platform) => {
        impl $crate::tenancy::Tenant for $($entity)::+::Entity {
            const COUNTY: Self::Column = $($entity)::+::Column::CountyId;
            const PLATFORM_ROWS: bool = true;
        }
    };
    ($($entity:ident)::+) => {
        impl $crate::tenancy::Tenant for $($entity)::+::Entity {
            const COUNTY: Self::Column = $($entity)::+::Column::CountyId;
        }
    };
    ($($entity:ident)::+, path) => {
        $crate::tenant!($($entity)::+);
        impl $crate::tenancy::Placed for $($entity)::+::Entity {
            fn path(row: &Self::Model) -> &str {
                &row.path
            }
        }
    };
}

impl Tx {
    /// The rows of `E` this transaction may touch: its county's. A platform transaction has
    /// no county and gets `NotFound` (tenant code fails closed), except on tables that hold
    /// platform accounts' rows, where it gets those.
    fn county_filter<E: Tenant>(&self) -> Result<SimpleExpr, AppError> {
        match self.county_id() {
            Some(county) => Ok(E::COUNTY.eq(county)),
            None if E::PLATFORM_ROWS => Ok(E::COUNTY.is_null()),
            None => Err(AppError::NotFound),
        }
    }

    /// Rows of `E` in this transaction's county.
    pub fn select<E: Tenant>(&self) -> Result<Select<E>, AppError> {
        Ok(E::find().filter(self.county_filter::<E>()?))
    }

    /// The row of `E` with this id, if it is in this county (as a query, to refine further).
    pub fn select_by_id<E: Tenant>(
        &self,
        id: impl Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    ) -> Result<Select<E>, AppError> {
        Ok(E::find_by_id(id).filter(self.county_filter::<E>()?))
    }

    /// The row of `E` with this id in this county, or `NotFound`.
    pub async fn get<E: Tenant>(&self, id: Uuid) -> Result<E::Model, AppError>
    where
        Uuid: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        self.select_by_id::<E>(id)?
            .one(self.conn())
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The row of `E` with this id if the caller may `action` it. Rows outside the county or
    /// the caller's reach are "not found"; rows in reach that the role may not touch are a
    /// denial (which `audit::guarded` records).
    pub async fn find_for<E: Placed>(
        &self,
        actor: &Actor,
        action: Action,
        id: Uuid,
    ) -> Result<E::Model, AppError>
    where
        Uuid: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        let row = self.get::<E>(id).await?;
        self.allow(actor, action, E::path(&row))?;
        Ok(row)
    }

    /// May the caller `action` a record of this county at `path`? (`find_for` for rows
    /// loaded some other way.)
    pub fn allow(&self, actor: &Actor, action: Action, path: &str) -> Result<(), AppError> {
        let target = Target {
            county_id: self.require_county()?,
            path,
        };
        actor.decide(action, Some(target)).or_deny(action)
    }

    /// An update of rows of `E` in this county only.
    pub fn update<E: Tenant>(&self) -> Result<UpdateMany<E>, AppError> {
        Ok(E::update_many().filter(self.county_filter::<E>()?))
    }

    /// A delete of rows of `E` in this county only.
    pub fn delete<E: Tenant>(&self) -> Result<DeleteMany<E>, AppError> {
        Ok(E::delete_many().filter(self.county_filter::<E>()?))
    }
}
