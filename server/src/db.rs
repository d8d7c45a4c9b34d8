//! The database connection: SQLite by default (a file under `./data`, WAL, foreign keys on),
//! PostgreSQL when `DATABASE_URL` says so. Same migrations, same queries on both.

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use std::time::Duration;

/// A statement this slow is logged at WARN.
const SLOW_STATEMENT: Duration = Duration::from_millis(100);

pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    let folder = sqlite_file(url).and_then(|file| file.parent().map(ToOwned::to_owned));
    if let Some(dir) = folder.filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating database folder {}", dir.display()))?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        // Statements are logged only when slow: a plan gone wrong shows in the log with its
        // SQL and time instead of as an unexplained slow page.
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Trace)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, SLOW_STATEMENT)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: an acknowledged write survives power loss, not only a process crash.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // Statistics for the planner (see `refresh_statistics`), also as connections
                // close: the pool renews them every half hour.
                .optimize_on_close(true, 1000)
        });
    Database::connect(options)
        .await
        .with_context(|| format!("connecting to {}", redact(url)))
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("applying migrations")?;
    refresh_statistics(db)
        .await
        .context("refreshing statistics")
}

/// Planner statistics where they are stale. SQLite gathers none by itself, and without them
/// `county_id = ? AND id IN (…)` walked a county's whole index instead of looking up the ids
/// (0.4 s for 18 households of 300,000, which made a cadre's home take 1.6 s). `optimize`
/// analyses only the tables that changed a lot since their last analysis, so it is cheap when
/// nothing did: run at start, by the background jobs and after bulk loads. (Not at every
/// connection's opening: there it ran under load, up to 1.3 s per new connection.)
/// PostgreSQL's autovacuum keeps its own.
pub async fn refresh_statistics(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        db.execute_unprepared("PRAGMA optimize=0x10002").await?;
    }
    Ok(())
}

/// The file behind a `sqlite://` URL, if it is one (`sqlite::memory:` has none).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://")?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.into())
}

/// A URL fit for logs: without its password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_file("sqlite://data/minqing.db?mode=rwc"),
            Some("data/minqing.db".into())
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://x/y"), None);
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redact("postgres://minqing:s3cret@db:5432/minqing"),
            "postgres://minqing:***@db:5432/minqing"
        );
        assert_eq!(
            redact("sqlite://data/minqing.db"),
            "sqlite://data/minqing.db"
        );
    }
}
