//! What a backup is checked against, on creation and again before a restore: the database's own
//! consistency check, every audit chain re-walked from its first entry to its head, and the
//! row count of every table. The same reading serves both databases (the PostgreSQL drill
//! compares a restored dump with its source this way); `PRAGMA integrity_check` is SQLite's.

use anyhow::{Context, bail};
use app::audit;
use app::tenancy::{Mode, Tx};
use sea_orm::{
    ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Statement,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use uuid::Uuid;

/// One audit chain (a county's, or the platform's) as it stood in the copy.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Chain {
    /// The county's id, or `platform`.
    pub chain: String,
    /// Entries from the first to the head, every link checked.
    pub entries: u64,
    /// The head's hash: a restored chain must end exactly here.
    pub head_hash: String,
}

/// What a database holds, as far as a backup promises to keep it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Contents {
    /// Applied migrations, oldest first.
    pub migrations: Vec<String>,
    /// Rows per table.
    pub tables: BTreeMap<String, u64>,
    pub audit_chains: Vec<Chain>,
}

impl Contents {
    pub fn audit_entries(&self) -> u64 {
        self.audit_chains.iter().map(|c| c.entries).sum()
    }

    pub fn rows(&self) -> u64 {
        self.tables.values().sum()
    }
}

/// Reads `db`'s contents and walks every audit chain. Fails on a broken chain: a backup that
/// cannot show its audit log is intact is no backup. On PostgreSQL the connection must see
/// every county's rows (the tables' owner with BYPASSRLS, or a superuser), or the counts are
/// those of the platform alone.
pub async fn contents(db: &DatabaseConnection) -> anyhow::Result<Contents> {
    let backend = db.get_database_backend();
    let tables_sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name"
        }
    };
    let mut tables = BTreeMap::new();
    for row in db
        .query_all_raw(Statement::from_string(backend, tables_sql))
        .await?
    {
        let name: String = row.try_get("", "name")?;
        // Names come from the catalog, not from a user; quoted all the same.
        let count = db
            .query_one_raw(Statement::from_string(
                backend,
                format!(
                    "SELECT count(*) AS n FROM \"{}\"",
                    name.replace('"', "\"\"")
                ),
            ))
            .await?
            .context("count")?
            .try_get::<i64>("", "n")?;
        tables.insert(name, count as u64);
    }
    let migrations = if tables.contains_key("seaql_migrations") {
        db.query_all_raw(Statement::from_string(
            backend,
            "SELECT version FROM seaql_migrations ORDER BY version",
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "version"))
        .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let audit_chains = if tables.contains_key("audit_heads") {
        chains(db).await?
    } else {
        Vec::new()
    };
    let contents = Contents {
        migrations,
        tables,
        audit_chains,
    };
    let in_table = contents.tables.get("audit_events").copied().unwrap_or(0);
    if contents.audit_entries() != in_table {
        bail!(
            "audit_events holds {in_table} rows but the chains account for {}: rows outside any chain",
            contents.audit_entries()
        );
    }
    Ok(contents)
}

/// Every chain re-walked (`audit::verify`), its length equal to its head's sequence number and
/// its last entry's hash equal to the head's.
async fn chains(db: &DatabaseConnection) -> anyhow::Result<Vec<Chain>> {
    let backend = db.get_database_backend();
    let heads = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT chain, seq, hash FROM audit_heads ORDER BY chain",
        ))
        .await?;
    let mut chains = Vec::with_capacity(heads.len());
    for head in heads {
        let chain: String = head.try_get("", "chain")?;
        let seq: i64 = head.try_get("", "seq")?;
        let hash: String = head.try_get("", "hash")?;
        let county = match chain.as_str() {
            "platform" => None,
            id => Some(Uuid::parse_str(id).with_context(|| format!("audit chain {id:?}"))?),
        };
        let tx = Tx::for_county(db, county, Mode::Read).await?;
        let entries = match audit::verify(&tx).await? {
            Ok(n) => n,
            Err(broken) => bail!("audit chain {chain} is broken at entry {broken}"),
        };
        if entries != seq as u64 {
            bail!("audit chain {chain}: its head counts {seq} entries, the log holds {entries}");
        }
        let last = audit::entity::Entity::find()
            .filter(match county {
                Some(c) => audit::entity::Column::CountyId.eq(c),
                None => audit::entity::Column::CountyId.is_null(),
            })
            .order_by_desc(audit::entity::Column::Seq)
            .one(tx.conn())
            .await?
            .map(|row| row.hash)
            .unwrap_or_default();
        if last != hash {
            bail!("audit chain {chain}: its last entry is not its head");
        }
        chains.push(Chain {
            chain,
            entries,
            head_hash: hash,
        });
    }
    Ok(chains)
}

/// Opens a SQLite file as it is: read-only, its journal mode untouched, never created.
pub async fn open_sqlite(path: &Path) -> anyhow::Result<DatabaseConnection> {
    let file = path.to_owned();
    let mut options = ConnectOptions::new(format!("sqlite://{}", path.display()));
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| o.filename(&file).read_only(true).create_if_missing(false));
    Database::connect(options)
        .await
        .with_context(|| format!("opening {}", path.display()))
}

/// SQLite's own check of every page, index and constraint: `ok`, or what is wrong.
pub async fn integrity(db: &DatabaseConnection) -> anyhow::Result<String> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA integrity_check(20)",
        ))
        .await?;
    let found: Vec<String> = rows
        .iter()
        .map(|row| row.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?;
    Ok(found.join("; "))
}

/// A SQLite file checked as a backup: integrity `ok`, then its contents with every chain intact.
pub async fn sqlite_file(path: &Path) -> anyhow::Result<Contents> {
    let db = open_sqlite(path).await?;
    let result = async {
        let integrity = integrity(&db).await.context("integrity_check")?;
        if integrity != "ok" {
            bail!("integrity_check: {integrity}");
        }
        contents(&db).await
    }
    .await;
    db.close().await.ok();
    result
}
