//! Background work of a serving process. Each job carries its county explicitly and is safe to
//! run on any number of instances at once (see `app::grievances::deadline_job`), so every
//! instance simply runs it on its own timer: no leader election, no queue.

use sea_orm::DatabaseConnection;
use std::time::Duration;
use time::OffsetDateTime;

/// How often the deadline job looks for cases due soon or overdue.
pub const DEADLINE_EVERY: Duration = Duration::from_secs(300);

/// Runs the deadline job now and then every `DEADLINE_EVERY`, until the process ends, and
/// keeps SQLite's planner statistics fresh on the same beat.
pub fn spawn_deadlines(db: DatabaseConnection) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(DEADLINE_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            deadlines_once(&db).await;
            if let Err(e) = crate::db::refresh_statistics(&db).await {
                tracing::warn!(error = %e, "refreshing statistics failed");
            }
        }
    })
}

/// One pass, logged; a failure is logged and retried on the next tick.
pub async fn deadlines_once(db: &DatabaseConnection) {
    let started = std::time::Instant::now();
    match app::grievances::deadline_job::run(db, OffsetDateTime::now_utc()).await {
        Ok(report) => tracing::info!(
            counties = report.counties,
            due_soon = report.due_soon,
            overdue = report.overdue,
            ms = started.elapsed().as_millis() as u64,
            "deadline job"
        ),
        Err(e) => tracing::error!(error = %e, "deadline job failed"),
    }
}
