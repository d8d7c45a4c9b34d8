//! The only way to open a transaction on tenant tables. A `Tx` knows which county it serves
//! and, on PostgreSQL, tells the database (`app.county_id`, transaction-local) so row-level
//! security rejects every row of any other county even if a query forgets its filter.

mod scoped;

pub use scoped::{Placed, Tenant};

use crate::access::Actor;
use crate::error::AppError;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use tokio::sync::OwnedMutexGuard;
use uuid::Uuid;

pub struct Tx {
    inner: DatabaseTransaction,
    county_id: Option<Uuid>,
    /// SQLite's writer turn, held until the transaction ends (see `write_turn`).
    _turn: Option<OwnedMutexGuard<()>>,
}

/// Reads share a snapshot; writes on SQLite take the write lock at `BEGIN`, so a transaction
/// that reads and then writes never fails when another writer got in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Read,
    Write,
}

impl Tx {
    /// A transaction in the caller's county (or, for platform accounts, in no county).
    pub async fn begin(db: &DatabaseConnection, actor: &Actor, mode: Mode) -> Result<Tx, DbErr> {
        Tx::open(db, actor.county_id(), mode).await
    }

    /// A transaction in a county chosen by a flow without a county actor: signing in and
    /// checking a token (the county the user typed or the token names), the public side (the
    /// county of the resident's page), the deadline job, the platform operator's county
    /// administration, seeding and the backup check.
    pub async fn for_county(
        db: &DatabaseConnection,
        county_id: Option<Uuid>,
        mode: Mode,
    ) -> Result<Tx, DbErr> {
        Tx::open(db, county_id, mode).await
    }

    async fn open(
        db: &DatabaseConnection,
        county_id: Option<Uuid>,
        mode: Mode,
    ) -> Result<Tx, DbErr> {
        let options = TransactionOptions {
            access_mode: (db.get_database_backend() == DatabaseBackend::Postgres).then_some(
                match mode {
                    Mode::Read => AccessMode::ReadOnly,
                    Mode::Write => AccessMode::ReadWrite,
                },
            ),
            sqlite_transaction_mode: Some(match mode {
                Mode::Read => SqliteTransactionMode::Deferred,
                Mode::Write => SqliteTransactionMode::Immediate,
            }),
            ..Default::default()
        };
        let turn = match (mode, db.get_database_backend()) {
            (Mode::Write, DatabaseBackend::Sqlite) => Some(write_turn(db).await?),
            _ => None,
        };
        let inner = db.begin_with_options(options).await?;
        if inner.get_database_backend() == DatabaseBackend::Postgres {
            let value = county_id.map(|c| c.to_string()).unwrap_or_default();
            inner
                .execute_raw(Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    "SELECT set_config('app.county_id', $1, true)",
                    [value.into()],
                ))
                .await?;
        }
        Ok(Tx {
            inner,
            county_id,
            _turn: turn,
        })
    }

    pub fn county_id(&self) -> Option<Uuid> {
        self.county_id
    }

    /// The county this transaction serves. A platform transaction has none, and to it every
    /// county's record is "not found": tenant code fails closed without a county.
    pub fn require_county(&self) -> Result<Uuid, AppError> {
        self.county_id.ok_or(AppError::NotFound)
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        self.inner.commit().await
    }

    /// The connection for queries. Tenant queries start from `select`/`update`/`delete`
    /// (see `scoped`), which filter by county: row-level security is the second lock.
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.inner
    }
}

/// SQLite has one writer at a time. Left to `BEGIN IMMEDIATE`, waiting writers poll the lock
/// with sleeps of up to 100 ms (SQLite's busy handler), so under load most of them nap while
/// the file is free: the visit bench measured 290 writes/s with p95 701 ms. Queueing them here
/// first, in arrival order, hands the lock straight to the next one. One queue per database
/// file, shared by every pool opened on it; as long as SQLite's own busy timeout.
async fn write_turn(db: &DatabaseConnection) -> Result<OwnedMutexGuard<()>, DbErr> {
    static QUEUES: LazyLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
        LazyLock::new(Mutex::default);
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_owned();
    let queue = {
        let mut queues = QUEUES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(queues.entry(file).or_default())
    };
    tokio::time::timeout(Duration::from_secs(5), queue.lock_owned())
        .await
        .map_err(|_| DbErr::Custom("timed out waiting for the database's write lock".into()))
}
