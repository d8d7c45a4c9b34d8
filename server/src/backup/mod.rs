//! Backups of a SQLite database, and restoring one (`minqing backup`, `minqing restore`, and
//! the serving process's schedule in `schedule.rs`).
//!
//! The copy is made with `VACUUM INTO`: it reads one snapshot in a single read transaction,
//! so writers carry on meanwhile and it finishes in one pass however busy the database is (the
//! online-backup API, as the `sqlite3` CLI's `.backup` drives it, restarts whenever a writer
//! changes a page, and under four writers never finished). Every copy is checked before it
//! counts (`check.rs`), and its manifest (`FILE.manifest.json`, written beside it, last) records
//! what the check found plus the file's SHA-256: a backup without its manifest is incomplete,
//! and a file that no longer matches its manifest is refused. Restoring checks everything
//! again on the copy that will become the database, so what is put in place is what was checked.
//!
//! PostgreSQL is backed up with `pg_dump` (README, "Backup and restore"): the dump's role, its
//! version matching the server's, and continuous archiving are the database operator's
//! choices, which a wrapper here would only hide.

pub mod check;
pub mod schedule;

use anyhow::{Context, bail};
use check::Contents;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use time::OffsetDateTime;

/// What `minqing backup` says when the database is PostgreSQL.
pub const POSTGRES_HINT: &str = "DATABASE_URL is PostgreSQL: back it up with pg_dump as the tables' owner \
     (pg_dump --format=custom --file=minqing.dump \"$MINQING_OWNER_DATABASE_URL\") and restore with \
     pg_restore; see README.md, \"Backup and restore\"";

/// `FILE.manifest.json`, beside the copy.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// 1: this layout.
    pub format: u32,
    /// The copy's file name (the manifest travels beside it).
    pub file: String,
    /// When the snapshot was taken (UTC, RFC 3339).
    pub created_at: String,
    pub minqing_version: String,
    pub bytes: u64,
    pub sha256: String,
    /// How long the copy and its check took, in milliseconds.
    pub took_ms: u64,
    /// `PRAGMA integrity_check` on the copy: always `ok` (a copy that fails is no backup).
    pub integrity_check: String,
    #[serde(flatten)]
    pub contents: Contents,
}

/// `FILE.manifest.json`.
pub fn manifest_path(file: &Path) -> PathBuf {
    with_suffix(file, ".manifest.json")
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Copies the database behind `db` to `to` with `VACUUM INTO`, checks the copy and writes
/// its manifest. Neither `to` nor its manifest may exist yet. The snapshot holds every write
/// committed before this was called.
pub async fn create(db: &DatabaseConnection, to: &Path) -> anyhow::Result<Manifest> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        bail!(POSTGRES_HINT);
    }
    let manifest_file = manifest_path(to);
    for existing in [to, &manifest_file] {
        if existing.exists() {
            bail!(
                "{} exists already: a backup never overwrites a file",
                existing.display()
            );
        }
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let partial = with_suffix(to, ".partial");
    remove_if_present(&partial)?;
    let started = Instant::now();
    let created_at = OffsetDateTime::now_utc();
    let target = partial
        .to_str()
        .context("the backup's path must be valid UTF-8")?;
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "VACUUM INTO ?",
        [target.into()],
    ))
    .await
    .context("VACUUM INTO")?;
    let result = async {
        File::open(&partial)?.sync_all()?;
        let contents = check::sqlite_file(&partial)
            .await
            .context("the copy failed its check, so the database itself may be damaged")?;
        let (bytes, sha256) = hash_file(&partial).await?;
        let manifest = Manifest {
            format: 1,
            file: to
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            created_at: created_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            minqing_version: env!("CARGO_PKG_VERSION").to_owned(),
            bytes,
            sha256,
            took_ms: started.elapsed().as_millis() as u64,
            integrity_check: "ok".to_owned(),
            contents,
        };
        // The copy first, the manifest last: a backup is complete once its manifest exists.
        std::fs::rename(&partial, to)?;
        write_durably(&manifest_file, &serde_json::to_vec_pretty(&manifest)?)?;
        sync_dir(to)?;
        Ok(manifest)
    }
    .await;
    if result.is_err() {
        remove_if_present(&partial).ok();
    }
    result
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    pub database: PathBuf,
    /// Where the database that was there before went (only with `replace`).
    pub kept_previous: Option<PathBuf>,
}

/// Puts the backup `from` in place of the SQLite database of `database_url`, after checking it
/// against its manifest and again on its own (integrity, chains, counts, known migrations). An
/// existing database is replaced only with `replace`, and then kept beside, renamed; a
/// database a server is serving (see `ServingLock`) is never replaced.
pub async fn restore(database_url: &str, from: &Path, replace: bool) -> anyhow::Result<Restored> {
    let Some(database) = crate::db::sqlite_file(database_url) else {
        bail!(
            "DATABASE_URL is not a SQLite file: restore a PostgreSQL dump with pg_restore \
             (README.md, \"Backup and restore\")"
        );
    };
    let manifest = read_manifest(from)?;
    let _lock = ServingLock::exclusive(&database)?;
    let exists = std::fs::metadata(&database).is_ok_and(|m| m.len() > 0);
    if exists && !replace {
        bail!(
            "{} exists already; pass --replace to put the backup in its place (the current \
             file is kept beside it, renamed)",
            database.display()
        );
    }
    if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let partial = with_suffix(&database, ".restoring");
    remove_if_present(&partial)?;
    let result = async {
        let (bytes, sha256) = copy_hashing(from, &partial).await?;
        if bytes != manifest.bytes || sha256 != manifest.sha256 {
            bail!(
                "{} does not match its manifest (SHA-256 or size differ): refused",
                from.display()
            );
        }
        let contents = check::sqlite_file(&partial)
            .await
            .with_context(|| format!("{} failed its check: refused", from.display()))?;
        if contents != manifest.contents {
            bail!(
                "{} does not hold what its manifest says (row counts or audit chains differ): refused",
                from.display()
            );
        }
        let known: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        if let Some(newer) = contents.migrations.iter().find(|m| !known.contains(m)) {
            bail!("the backup has migration {newer}, unknown to this minqing: restore it with a newer one");
        }
        let kept_previous = if exists {
            let stamp = stamp(OffsetDateTime::now_utc());
            let aside = with_suffix(&database, &format!(".before-restore-{stamp}"));
            std::fs::rename(&database, &aside)?;
            // The old write-ahead log belongs to the old file: left in place it would be
            // replayed into the restored one.
            for (from, to) in [("-wal", "-wal"), ("-shm", "-shm")] {
                let sidecar = with_suffix(&database, from);
                if sidecar.exists() {
                    std::fs::rename(&sidecar, with_suffix(&aside, to))?;
                }
            }
            Some(aside)
        } else {
            None
        };
        std::fs::rename(&partial, &database)?;
        sync_dir(&database)?;
        Ok(kept_previous)
    }
    .await;
    match result {
        Ok(kept_previous) => Ok(Restored {
            manifest,
            database,
            kept_previous,
        }),
        Err(e) => {
            remove_if_present(&partial).ok();
            Err(e)
        }
    }
}

/// The manifest beside `file`; an error that says what is missing or unreadable.
pub fn read_manifest(file: &Path) -> anyhow::Result<Manifest> {
    if !file.exists() {
        bail!("{} does not exist", file.display());
    }
    let path = manifest_path(file);
    let text = std::fs::read(&path).with_context(|| {
        format!(
            "no manifest {} beside the backup: it is incomplete or was not made by minqing backup",
            path.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .with_context(|| format!("{} is not a backup manifest", path.display()))?;
    if manifest.format != 1 || manifest.integrity_check != "ok" {
        bail!("{} is not a manifest of a checked backup", path.display());
    }
    Ok(manifest)
}

/// The serving process holds this (shared) on its SQLite database for as long as it runs, and a
/// restore holds it exclusively, so neither starts while the other is at work. It is an
/// advisory lock on `DATABASE.serving`, never on the database file itself (SQLite's own locks
/// live there).
pub struct ServingLock {
    _file: File,
}

impl ServingLock {
    /// For `serve`: `None` when the database is not a SQLite file.
    pub fn shared(database_url: &str) -> anyhow::Result<Option<ServingLock>> {
        let Some(database) = crate::db::sqlite_file(database_url) else {
            return Ok(None);
        };
        let file = Self::open(&database)?;
        if file.try_lock_shared().is_err() {
            bail!(
                "{} is being restored: start again when that has finished",
                database.display()
            );
        }
        Ok(Some(ServingLock { _file: file }))
    }

    /// For `restore`.
    pub fn exclusive(database: &Path) -> anyhow::Result<ServingLock> {
        let file = Self::open(database)?;
        if file.try_lock().is_err() {
            bail!(
                "{} is being served (or restored) right now: stop the server first; a live \
                 database is never replaced",
                database.display()
            );
        }
        Ok(ServingLock { _file: file })
    }

    fn open(database: &Path) -> anyhow::Result<File> {
        if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let path = with_suffix(database, ".serving");
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))
    }
}

/// `YYYYMMDDTHHMMSSZ`: sorts as it counts.
pub fn stamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        at.year(),
        at.month() as u8,
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

async fn hash_file(path: &Path) -> anyhow::Result<(u64, String)> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || hash_stream(&mut File::open(&path)?, None)).await?
}

/// Copies `from` to `to` (synced), hashing what it copies.
async fn copy_hashing(from: &Path, to: &Path) -> anyhow::Result<(u64, String)> {
    let (from, to) = (from.to_owned(), to.to_owned());
    tokio::task::spawn_blocking(move || {
        let mut out = File::create(&to)?;
        let result = hash_stream(&mut File::open(&from)?, Some(&mut out))?;
        out.sync_all()?;
        Ok(result)
    })
    .await?
}

fn hash_stream(input: &mut File, mut copy: Option<&mut File>) -> anyhow::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = input.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        if let Some(out) = copy.as_deref_mut() {
            out.write_all(&buffer[..n])?;
        }
        bytes += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((bytes, hex))
}

fn write_durably(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let partial = with_suffix(path, ".partial");
    let mut file = File::create(&partial)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&partial, path)?;
    Ok(())
}

/// Makes a rename in `file`'s folder durable.
fn sync_dir(file: &Path) -> anyhow::Result<()> {
    let dir = match file.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.to_owned(),
        None => PathBuf::from("."),
    };
    File::open(dir)?.sync_all()?;
    Ok(())
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_sort_as_time_does() {
        let at = time::macros::datetime!(2026-12-02 09:05:07 UTC);
        assert_eq!(stamp(at), "20261202T090507Z");
        assert!(stamp(at) < stamp(at + time::Duration::seconds(1)));
    }

    #[test]
    fn the_manifest_sits_beside_its_file() {
        assert_eq!(
            manifest_path(Path::new("/b/minqing.db")),
            Path::new("/b/minqing.db.manifest.json")
        );
    }
}
