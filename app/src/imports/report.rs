//! What a check or an apply reports: the counts, the changes listed in the preview, the
//! faults kept, and the live progress of running jobs.

use super::faults::{Fault, RowFault};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Faults kept per job: enough to fix a sheet in one go, small enough for one row.
pub(super) const MAX_PROBLEMS: usize = 500;
/// Changes listed in the preview; the counts cover all of them.
pub(super) const PREVIEW_ROWS: usize = 200;

/// Live progress of running jobs, by job id, in this process. Read only after the job row
/// itself was found in the caller's scope, so it cannot leak across counties.
#[derive(Clone, Default)]
pub struct Progress(Arc<Mutex<HashMap<Uuid, Step>>>);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub done: u64,
    pub total: u64,
}

impl Progress {
    pub fn set(&self, job: Uuid, done: u64, total: u64) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(job, Step { done, total });
        }
    }

    pub(super) fn get(&self, job: Uuid) -> Option<Step> {
        self.0.lock().ok()?.get(&job).copied()
    }

    pub(super) fn clear(&self, job: Uuid) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&job);
        }
    }
}

/// What a clean sheet does, for the preview and the result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub add: usize,
    pub change: usize,
    pub unchanged: usize,
    /// Rows of existing users whose password cell was ignored.
    pub password_ignored: Vec<usize>,
    /// The first changes, in sheet order.
    pub preview: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub row: usize,
    pub change: ChangeKind,
    /// Division code, department code or username.
    pub key: String,
    pub name: String,
    /// What it was, for a change.
    pub before: Option<String>,
    /// A new unit's kind and its parent's name (jobs checked before these were kept have
    /// neither).
    #[serde(default)]
    pub kind: Option<crate::org::OrgKind>,
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Add,
    Change,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptFaults {
    pub total: usize,
    pub first: Vec<RowFault>,
}

impl KeptFaults {
    pub(super) fn of(mut all: Vec<RowFault>) -> KeptFaults {
        let total = all.len();
        all.truncate(MAX_PROBLEMS);
        KeptFaults { total, first: all }
    }
}

/// A problem the plan cannot see: a new account with no password anywhere.
pub(super) fn password_missing(row: usize) -> RowFault {
    RowFault {
        row,
        column: Some("初始密码".into()),
        problem: Fault::Required,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_keep_the_total_but_only_the_first_few() {
        let all: Vec<RowFault> = (2..2000)
            .map(|row| RowFault {
                row,
                column: None,
                problem: Fault::Required,
            })
            .collect();
        let kept = KeptFaults::of(all);
        assert_eq!(kept.total, 1998);
        assert_eq!(kept.first.len(), MAX_PROBLEMS);
        assert_eq!(kept.first[0].row, 2);
    }
}
