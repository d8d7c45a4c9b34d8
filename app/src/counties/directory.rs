//! The active counties, held in memory for a few seconds. Every public page lists or looks up
//! counties, and the registry changes only when a platform operator acts, so reading it from the
//! database on every request would be most of a page's cost. It holds no tenant data.

use super::{CountyStatus, CountySummary, entity};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

#[derive(Clone)]
pub struct CountyDirectory {
    db: DatabaseConnection,
    /// How stale a list may be. Other server instances see a change within this time; this
    /// instance sees its own changes at once through [`CountyDirectory::invalidate`].
    ttl: Duration,
    cached: Arc<RwLock<Option<Snapshot>>>,
}

/// A list and when it was read.
type Snapshot = (Instant, Arc<[CountySummary]>);

impl CountyDirectory {
    pub const DEFAULT_TTL: Duration = Duration::from_secs(5);

    pub fn new(db: DatabaseConnection, ttl: Duration) -> Self {
        CountyDirectory {
            db,
            ttl,
            cached: Arc::default(),
        }
    }

    /// Active counties by province, city and code.
    pub async fn active(&self) -> Result<Arc<[CountySummary]>, DbErr> {
        let held = self.cached.read().map(|c| c.clone()).ok().flatten();
        if let Some((_, list)) = held.filter(|(at, _)| at.elapsed() < self.ttl) {
            return Ok(list);
        }
        let list: Arc<[CountySummary]> = entity::Entity::find()
            .filter(entity::Column::Status.eq(CountyStatus::Active))
            .order_by_asc(entity::Column::Province)
            .order_by_asc(entity::Column::City)
            .order_by_asc(entity::Column::Code)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect();
        if let Ok(mut cached) = self.cached.write() {
            *cached = Some((Instant::now(), list.clone()));
        }
        Ok(list)
    }

    /// Forget the held list: the next read goes to the database.
    pub fn invalidate(&self) {
        if let Ok(mut cached) = self.cached.write() {
            *cached = None;
        }
    }
}
