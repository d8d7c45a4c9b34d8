//! Import jobs: upload → check (in the background) → preview → apply (in the background, one
//! transaction, all or nothing) → result. The preview is re-checked inside the applying
//! transaction, so what is written is exactly what was valid at that moment.

use super::entity::{self, ImportKind, JobStatus};
use super::faults::RowFault;
use super::report::{KeptFaults, Progress, Step, Summary};
use super::write::{self, Planned};
use crate::access::{Action, Actor};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::auth::password;
use crate::error::{AppError, Reason};
use crate::sheet::{self, Table};
use crate::tenancy::{Mode, Tx};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Twice the largest sheet the bench imports; more is refused with a clear message.
pub const MAX_ROWS: usize = 100_000;
/// The largest upload accepted (the HTTP layer caps the request body to match).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Household sheets have a row per person: a township's people in one file.
pub const MAX_HOUSEHOLD_ROWS: usize = 200_000;
/// A 200,000-row household sheet is ~35 MB as CSV (~10 MB as xlsx).
pub const MAX_HOUSEHOLD_FILE_BYTES: usize = 40 * 1024 * 1024;
/// The largest upload of any kind (the wizard's form takes every kind).
pub const MAX_UPLOAD_BYTES: usize = MAX_HOUSEHOLD_FILE_BYTES;
/// A job still "running" this long after its last step was cut off by a restart.
const STALE: Duration = Duration::minutes(15);

impl ImportKind {
    pub const ALL: [ImportKind; 4] = [
        ImportKind::Org,
        ImportKind::Departments,
        ImportKind::Users,
        ImportKind::Households,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ImportKind::Org => "org",
            ImportKind::Departments => "departments",
            ImportKind::Users => "users",
            ImportKind::Households => "households",
        }
    }

    /// Data rows a sheet of this kind may have.
    pub const fn max_rows(self) -> usize {
        match self {
            ImportKind::Households => MAX_HOUSEHOLD_ROWS,
            _ => MAX_ROWS,
        }
    }

    /// Bytes an upload of this kind may have.
    pub const fn max_file_bytes(self) -> usize {
        match self {
            ImportKind::Households => MAX_HOUSEHOLD_FILE_BYTES,
            _ => MAX_FILE_BYTES,
        }
    }

    /// How far an xlsx of this kind may unpack (zip bombs): in proportion to its rows.
    const fn max_unpacked_bytes(self) -> u64 {
        match self {
            ImportKind::Households => 2 * sheet::MAX_XLSX_UNPACKED_BYTES,
            _ => sheet::MAX_XLSX_UNPACKED_BYTES,
        }
    }

    pub fn from_code(code: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub const fn action(self) -> Action {
        match self {
            ImportKind::Org | ImportKind::Departments => Action::OrgImport,
            ImportKind::Users => Action::UsersImport,
            ImportKind::Households => Action::HouseholdsManage,
        }
    }

    const fn audit(self) -> AuditAction {
        match self {
            ImportKind::Org | ImportKind::Departments => AuditAction::OrgImport,
            ImportKind::Users => AuditAction::UserImport,
            ImportKind::Households => AuditAction::HouseholdImport,
        }
    }
}

/// A job as its owner sees it.
#[derive(Clone, Debug, Serialize)]
pub struct JobView {
    pub id: Uuid,
    pub kind: ImportKind,
    pub status: JobStatus,
    pub file_name: String,
    pub rows: usize,
    pub summary: Option<Summary>,
    pub problems: KeptFaults,
    /// Set when `status` is `failed`.
    pub error: Option<String>,
    pub progress: Option<Step>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

fn view(job: entity::Model, progress: &Progress) -> JobView {
    let live = progress.get(job.id);
    let stale = job.status.is_running()
        && live.is_none()
        && job.updated_at < OffsetDateTime::now_utc() - STALE;
    JobView {
        id: job.id,
        kind: job.kind,
        status: if stale { JobStatus::Failed } else { job.status },
        file_name: job.file_name,
        rows: usize::try_from(job.rows).unwrap_or_default(),
        summary: job.summary.and_then(|s| serde_json::from_str(&s).ok()),
        problems: job
            .problems
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        error: if stale {
            Some("interrupted".into())
        } else {
            job.error
        },
        progress: live,
        created_at: job.created_at,
        updated_at: job.updated_at,
    }
}

/// An uploaded sheet.
pub struct Upload {
    pub kind: ImportKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// Users imports: the initial password of rows that give none.
    pub password: Option<String>,
}

/// Stores the upload and starts checking it. Answers at once; poll `get` for the outcome.
pub async fn start(
    db: &DatabaseConnection,
    actor: Arc<Actor>,
    progress: &Progress,
    upload: Upload,
) -> Result<JobView, AppError> {
    let action = upload.kind.action();
    if let Err(e) = actor.decide(action, None).or_deny(action) {
        return Err(audit::denied(db, &actor, e).await);
    }
    if upload.bytes.is_empty() {
        return Err(AppError::invalid("file", Reason::FileMissing));
    }
    if upload.bytes.len() > upload.kind.max_file_bytes() {
        return Err(AppError::invalid("file", Reason::FileTooLarge));
    }
    let password_hash = match upload.password.as_deref().map(str::trim) {
        Some(p) if !p.is_empty() && upload.kind == ImportKind::Users => {
            password::check_strength("password", p, "").map_err(|i| AppError::Invalid(vec![i]))?;
            Some(password::hash(p.to_owned()).await?)
        }
        _ => None,
    };
    let now = OffsetDateTime::now_utc();
    let job = audit::guarded(db, &actor, Mode::Write, async |tx| {
        let job = entity::Model {
            county_id: tx.require_county()?,
            id: Uuid::now_v7(),
            created_by: actor.user_id,
            kind: upload.kind,
            status: JobStatus::Checking,
            file_name: file_name(&upload.file_name),
            file: upload.bytes,
            password_hash,
            rows: 0,
            summary: None,
            problems: None,
            error: None,
            created_at: now,
            updated_at: now,
        };
        entity::Entity::insert(entity::ActiveModel::from(job.clone()))
            .exec_without_returning(tx.conn())
            .await?;
        Ok(job)
    })
    .await?;
    progress.set(job.id, 0, 0);
    tokio::spawn(check(db.clone(), actor, progress.clone(), job.id));
    Ok(view(job, progress))
}

/// The last part of the name the browser sent, without control characters, at most 120 chars.
fn file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if name.trim().is_empty() {
        "upload".into()
    } else {
        name
    }
}

/// One of the caller's own jobs. Anyone else's, in this county or another, is not found.
pub async fn get(
    db: &DatabaseConnection,
    actor: &Actor,
    progress: &Progress,
    id: Uuid,
) -> Result<JobView, AppError> {
    let job = audit::guarded(db, actor, Mode::Read, async |tx| {
        own_job(tx, actor, id).await
    })
    .await?;
    Ok(view(job, progress))
}

/// The caller's latest jobs, newest first.
pub async fn recent(
    db: &DatabaseConnection,
    actor: &Actor,
    progress: &Progress,
    limit: u64,
) -> Result<Vec<JobView>, AppError> {
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let jobs = tx
        .select::<entity::Entity>()?
        .filter(entity::Column::CreatedBy.eq(actor.user_id))
        .order_by_desc(entity::Column::CreatedAt)
        .limit(limit)
        .all(tx.conn())
        .await?;
    Ok(jobs.into_iter().map(|j| view(j, progress)).collect())
}

/// One of the caller's own jobs; another account's job is a hidden denial.
async fn own_job(tx: &Tx, actor: &Actor, id: Uuid) -> Result<entity::Model, AppError> {
    let job = tx.get::<entity::Entity>(id).await?;
    if job.created_by != actor.user_id {
        return Err(AppError::Denied {
            action: job.kind.action(),
            hidden: true,
        });
    }
    Ok(job)
}

/// Applies a checked job. Answers at once with the job `applying`; poll `get`.
pub async fn apply(
    db: &DatabaseConnection,
    actor: Arc<Actor>,
    progress: &Progress,
    id: Uuid,
) -> Result<JobView, AppError> {
    let job = audit::guarded(db, &actor, Mode::Write, async |tx| {
        let job = own_job(tx, &actor, id).await?;
        let action = job.kind.action();
        actor.decide(action, None).or_deny(action)?;
        if view(job.clone(), progress).status != JobStatus::Ready {
            return Err(AppError::Conflict(Reason::ImportNotReady));
        }
        let now = OffsetDateTime::now_utc();
        let changes = entity::ActiveModel {
            status: Set(JobStatus::Applying),
            updated_at: Set(now),
            ..Default::default()
        };
        store(tx, job.id, changes).await?;
        Ok(entity::Model {
            status: JobStatus::Applying,
            updated_at: now,
            ..job
        })
    })
    .await?;
    progress.set(job.id, 0, job.rows.max(0) as u64);
    tokio::spawn(run_apply(db.clone(), actor, progress.clone(), job.id));
    Ok(view(job, progress))
}

/// How a background step ended, to be stored on the job.
enum Ending {
    Checked(Result<Summary, Vec<RowFault>>, usize),
    Applied(Summary, usize),
    Failed(String),
}

async fn check(db: DatabaseConnection, actor: Arc<Actor>, progress: Progress, id: Uuid) {
    let ending = async {
        let (job, table) = match load_table(&db, &actor, id).await? {
            Ok(loaded) => loaded,
            Err(problem) => return Ok(Ending::Checked(Err(vec![problem]), 0)),
        };
        let rows = table.rows.len();
        progress.set(id, 0, rows as u64);
        let report = |done: usize| progress.set(id, done as u64, rows as u64);
        let tx = Tx::begin(&db, &actor, Mode::Read).await?;
        let planned = write::plan(&tx, &actor, &job, &table, &report).await?;
        drop(table);
        Ok(Ending::Checked(planned.map(|p| p.summary()), rows))
    }
    .await
    .unwrap_or_else(|e: AppError| Ending::Failed(e.to_string()));
    finish(&db, &actor, &progress, id, ending).await;
}

async fn run_apply(db: DatabaseConnection, actor: Arc<Actor>, progress: Progress, id: Uuid) {
    let ending = async {
        let (job, table) = match load_table(&db, &actor, id).await? {
            Ok(loaded) => loaded,
            Err(problem) => return Ok(Ending::Checked(Err(vec![problem]), 0)),
        };
        let rows = table.rows.len();
        let quiet = |_: usize| {};
        // Hash the sheet's own passwords before taking the write lock: hashing is slow.
        let hashes = if job.kind == ImportKind::Users {
            let tx = Tx::begin(&db, &actor, Mode::Read).await?;
            match write::plan(&tx, &actor, &job, &table, &quiet).await? {
                Ok(Planned::Users(plan)) => write::hash_passwords(&plan, &progress, id).await?,
                Ok(_) => HashMap::new(),
                Err(problems) => return Ok(Ending::Checked(Err(problems), rows)),
            }
        } else {
            HashMap::new()
        };
        let tx = Tx::begin(&db, &actor, Mode::Write).await?;
        let planned = match write::plan(&tx, &actor, &job, &table, &quiet).await? {
            Ok(planned) => planned,
            Err(problems) => return Ok(Ending::Checked(Err(problems), rows)),
        };
        drop(table);
        let summary = planned.summary();
        let report =
            |done: usize| progress.set(id, done as u64, (summary.add + summary.change) as u64);
        write::apply(&tx, &job, &planned, &hashes, &report).await?;
        let event = Event::new(job.kind.audit(), Outcome::Success)
            .target("import_job", job.id, job.file_name.clone())
            .detail(serde_json::json!({
                "kind": job.kind.code(),
                "rows": rows,
                "added": summary.add,
                "changed": summary.change,
                "unchanged": summary.unchanged,
            }));
        audit::record(&tx, &Who::actor(&actor, &actor.ip), event).await?;
        tx.commit().await?;
        Ok(Ending::Applied(summary, rows))
    }
    .await
    .unwrap_or_else(|e: AppError| Ending::Failed(e.to_string()));
    if let Ending::Failed(error) = &ending {
        let kind = load_kind(&db, &actor, id).await.unwrap_or(ImportKind::Org);
        let event = Event::new(kind.audit(), Outcome::Failure)
            .target("import_job", id, String::new())
            .detail(serde_json::json!({ "kind": kind.code(), "error": "internal" }));
        tracing::error!(%error, job = %id, "import failed");
        let recorded = async {
            let tx = Tx::begin(&db, &actor, Mode::Write).await?;
            audit::record(&tx, &Who::actor(&actor, &actor.ip), event).await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = recorded {
            tracing::error!(error = %e, "could not record a failed import");
        }
    }
    finish(&db, &actor, &progress, id, ending).await;
}

async fn load_kind(db: &DatabaseConnection, actor: &Actor, id: Uuid) -> Option<ImportKind> {
    let tx = Tx::begin(db, actor, Mode::Read).await.ok()?;
    own_job(&tx, actor, id).await.ok().map(|j| j.kind)
}

/// The job and its sheet, or the problem that makes the file unreadable.
async fn load_table(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<Result<(entity::Model, Table), RowFault>, AppError> {
    let tx = Tx::begin(db, actor, Mode::Read).await?;
    let mut job = own_job(&tx, actor, id).await?;
    drop(tx);
    let bytes = std::mem::take(&mut job.file);
    let name = job.file_name.clone();
    let kind = job.kind;
    let table = tokio::task::spawn_blocking(move || {
        sheet::read_limited(&name, &bytes, kind.max_rows(), kind.max_unpacked_bytes())
    })
    .await
    .map_err(|e| AppError::Internal(format!("reading the sheet: {e}")))?;
    Ok(table.map(|t| (job, t)).map_err(RowFault::from))
}

/// Stores how a step ended. The file is dropped once nothing more can be done with it.
async fn finish(
    db: &DatabaseConnection,
    actor: &Actor,
    progress: &Progress,
    id: Uuid,
    ending: Ending,
) {
    let now = OffsetDateTime::now_utc();
    let mut update = entity::ActiveModel {
        updated_at: Set(now),
        ..Default::default()
    };
    match &ending {
        Ending::Checked(Ok(summary), rows) => {
            update.status = Set(JobStatus::Ready);
            update.rows = Set(i32::try_from(*rows).unwrap_or(i32::MAX));
            update.summary = Set(Some(json(summary)));
            update.problems = Set(None);
        }
        Ending::Checked(Err(problems), rows) => {
            update.status = Set(JobStatus::Invalid);
            update.rows = Set(i32::try_from(*rows).unwrap_or(i32::MAX));
            update.problems = Set(Some(json(&KeptFaults::of(problems.clone()))));
            update.file = Set(Vec::new());
            update.password_hash = Set(None);
        }
        Ending::Applied(summary, rows) => {
            update.status = Set(JobStatus::Applied);
            update.rows = Set(i32::try_from(*rows).unwrap_or(i32::MAX));
            update.summary = Set(Some(json(summary)));
            update.file = Set(Vec::new());
            update.password_hash = Set(None);
        }
        Ending::Failed(error) => {
            update.status = Set(JobStatus::Failed);
            update.error = Set(Some(error.chars().take(500).collect()));
            update.file = Set(Vec::new());
            update.password_hash = Set(None);
        }
    }
    let stored = async {
        let tx = Tx::begin(db, actor, Mode::Write).await?;
        store(&tx, id, update).await?;
        Ok::<_, AppError>(tx.commit().await?)
    }
    .await;
    if let Err(e) = stored {
        tracing::error!(error = %e, job = %id, "could not store an import's outcome");
    }
    progress.clear(id);
}

/// Writes `changes` to a job, in the transaction's county only (row-level security is the
/// second lock, not the first).
async fn store(tx: &Tx, id: Uuid, changes: entity::ActiveModel) -> Result<(), AppError> {
    tx.update::<entity::Entity>()?
        .set(changes)
        .filter(entity::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_their_last_part() {
        assert_eq!(file_name("C:\\Users\\a\\乡镇.xlsx"), "乡镇.xlsx");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("a\u{0}b\n.csv"), "ab.csv");
        assert_eq!(file_name(""), "upload");
    }

    #[test]
    fn kinds_round_trip_and_map_to_their_permission() {
        for kind in ImportKind::ALL {
            assert_eq!(ImportKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ImportKind::Users.action(), Action::UsersImport);
        assert_eq!(ImportKind::Departments.action(), Action::OrgImport);
    }
}
