//! Scheduled backups inside the serving process (SQLite). The schedule is kept by the backups
//! themselves, not by a timer: every few minutes the job looks at the newest complete backup
//! in the folder and makes a new one when that is older than `every`, so restarts neither skip
//! a backup nor pile extra ones up. Then it keeps the newest `keep` and deletes the rest. Only
//! files named as this job names them (`minqing-YYYYMMDDTHHMMSSZ.db`) are ever deleted; a
//! backup someone put there by hand stays.

use super::{Manifest, manifest_path, stamp};
use sea_orm::{DatabaseBackend, DatabaseConnection};
use std::path::{Path, PathBuf};
use std::time::Duration;
use time::OffsetDateTime;

/// How often the job looks whether a backup is due.
pub const CHECK_EVERY: Duration = Duration::from_secs(300);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub dir: PathBuf,
    pub every: Duration,
    pub keep: usize,
}

const PREFIX: &str = "minqing-";
const SUFFIX: &str = ".db";

/// Starts the job, or says why not (PostgreSQL is backed up by its operator).
pub fn spawn(db: DatabaseConnection, schedule: Schedule) -> Option<tokio::task::JoinHandle<()>> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        tracing::info!(
            "scheduled backups are for SQLite; back PostgreSQL up with pg_dump or continuous \
             archiving (README, \"Backup and restore\")"
        );
        return None;
    }
    tracing::info!(
        dir = %schedule.dir.display(),
        every_hours = schedule.every.as_secs() / 3600,
        keep = schedule.keep,
        "scheduled backups"
    );
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECK_EVERY.min(schedule.every));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&db, &schedule, OffsetDateTime::now_utc()).await {
                Ok(Some(m)) => tracing::info!(
                    file = %schedule.dir.join(&m.file).display(),
                    bytes = m.bytes,
                    rows = m.contents.rows(),
                    audit_entries = m.contents.audit_entries(),
                    ms = m.took_ms,
                    "backup made and checked"
                ),
                Ok(None) => {}
                Err(e) => tracing::error!(error = format!("{e:#}"), "scheduled backup failed"),
            }
        }
    }))
}

/// One look at the folder as of `now`: a backup if one is due, then retention. Answers the new
/// backup's manifest, if one was made.
pub async fn run_once(
    db: &DatabaseConnection,
    schedule: &Schedule,
    now: OffsetDateTime,
) -> anyhow::Result<Option<Manifest>> {
    std::fs::create_dir_all(&schedule.dir)?;
    // A copy a crash interrupted is never finished: its leftovers go.
    for entry in std::fs::read_dir(&schedule.dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(PREFIX) && name.ends_with(".partial") {
            std::fs::remove_file(entry.path()).ok();
        }
    }
    let complete = backups(&schedule.dir)?;
    let due = match complete.last() {
        Some((taken, _)) => now - *taken >= schedule.every,
        None => true,
    };
    let made = if due {
        let file = schedule.dir.join(format!("{PREFIX}{}{SUFFIX}", stamp(now)));
        Some(super::create(db, &file).await?)
    } else {
        None
    };
    let complete = backups(&schedule.dir)?;
    let surplus = complete.len().saturating_sub(schedule.keep);
    for (_, file) in complete.into_iter().take(surplus) {
        // The manifest first: a copy without one no longer counts as a backup.
        std::fs::remove_file(manifest_path(&file))?;
        std::fs::remove_file(&file)?;
        tracing::info!(file = %file.display(), "old backup removed");
    }
    Ok(made)
}

/// The folder's complete scheduled backups (each with its manifest), oldest first.
pub fn backups(dir: &Path) -> anyhow::Result<Vec<(OffsetDateTime, PathBuf)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(taken) = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.strip_suffix(SUFFIX))
            .and_then(parse_stamp)
        else {
            continue;
        };
        if manifest_path(&entry.path()).exists() {
            found.push((taken, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// The inverse of `stamp`.
fn parse_stamp(text: &str) -> Option<OffsetDateTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let date = time::Date::from_calendar_date(
        number(0..4)? as i32,
        time::Month::try_from(number(4..6)? as u8).ok()?,
        number(6..8)? as u8,
    )
    .ok()?;
    let clock = time::Time::from_hms(
        number(9..11)? as u8,
        number(11..13)? as u8,
        number(13..15)? as u8,
    )
    .ok()?;
    Some(date.with_time(clock).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_as_its_time() {
        let at = time::macros::datetime!(2026-12-02 23:59:58 UTC);
        assert_eq!(parse_stamp(&stamp(at)), Some(at));
        assert_eq!(parse_stamp("20261302T000000Z"), None);
        assert_eq!(parse_stamp("latest"), None);
    }
}
