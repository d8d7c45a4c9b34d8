//! Visits, tasks, campaigns and coverage as screens and the API see them. Ids are strings,
//! dates `YYYY-MM-DD`, times China time `YYYY-MM-DD HH:MM`.

use super::kinds::{Attitude, CampaignStatus, TaskKind, TaskStatus, VisitMode};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskLine {
    pub id: String,
    pub kind: TaskKind,
    pub status: TaskStatus,
    pub household_id: String,
    pub head_name: String,
    /// 组 and house number, e.g. `三组 12号`.
    pub place: String,
    pub village_name: String,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    /// For must-visit tasks: what happened.
    pub reason: Option<String>,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub due_on: String,
    pub overdue: bool,
    /// Campaign tasks: visited at all, and someone met.
    pub visited: bool,
    pub met: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitLine {
    pub id: String,
    pub household_id: String,
    pub head_name: String,
    pub village_name: String,
    pub visitor_name: String,
    pub visited_at: String,
    pub mode: VisitMode,
    pub met: bool,
    pub met_whom: String,
    pub attitude: Option<Attitude>,
    pub notes: String,
    pub concerns: Vec<Concern>,
    /// Labels of the policies delivered.
    pub policies: Vec<String>,
    pub has_photo: bool,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub campaign_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concern {
    pub id: String,
    pub text: String,
    /// The grievance case opened from it, once there is one.
    pub grievance_id: Option<String>,
}

/// What a recorded visit led to, for the answer the cadre reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    pub visit: VisitLine,
    /// False when this was a retry of a submission already recorded.
    pub created: bool,
    /// Due date of the 补访 task the visit created (nobody met).
    pub follow_up_due: Option<String>,
    /// Tasks the visit closed.
    pub closed_tasks: u32,
    /// Must-visit and 补访 tasks left open because nobody was met.
    pub left_open: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub unit_id: String,
    pub unit_name: String,
    pub tags: Vec<String>,
    pub modes: Vec<VisitMode>,
    pub target_percent: i32,
    pub status: CampaignStatus,
    pub target: i32,
}

/// The counts behind one row of a coverage table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub target: i64,
    pub visited: i64,
    pub met: i64,
    /// Visited but nobody met yet.
    pub not_met: i64,
    /// Open 补访 tasks.
    pub follow_ups: i64,
    /// Open tasks past their due date.
    pub overdue: i64,
}

impl Counts {
    /// Nothing held, nothing open: what an assignee's rollup row says once all their tasks have
    /// moved to someone else.
    pub fn is_empty(&self) -> bool {
        self.target == 0 && self.visited == 0 && self.follow_ups == 0 && self.overdue == 0
    }

    /// Coverage: met / target, in tenths of a percent (0–1000), so it stays an integer.
    pub fn coverage_permille(&self) -> i64 {
        if self.target == 0 {
            0
        } else {
            self.met * 1000 / self.target
        }
    }

    /// `87.5%`
    pub fn coverage_text(&self) -> String {
        let p = self.coverage_permille();
        format!("{}.{}%", p / 10, p % 10)
    }

    pub fn add(&mut self, other: &Counts) {
        self.target += other.target;
        self.visited += other.visited;
        self.met += other.met;
        self.not_met += other.not_met;
        self.follow_ups += other.follow_ups;
        self.overdue += other.overdue;
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageRow {
    /// The unit (or, in the per-cadre table, the account) the row counts.
    pub id: String,
    pub name: String,
    /// Whether the row's unit has units below it to drill into.
    pub drill: bool,
    pub counts: Counts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub campaign: Campaign,
    /// The unit the table breaks down, and its total.
    pub unit_id: String,
    pub unit_name: String,
    pub total: Counts,
    /// One row per unit directly below (townships, or villages).
    pub units: Vec<CoverageRow>,
    /// One row per assignee, furthest behind first and at most `CADRE_ROWS`; the unassigned
    /// row has an empty id.
    pub cadres: Vec<CoverageRow>,
    /// How many assignees there are in all.
    pub cadres_total: usize,
    /// The unit above, when the caller may go up.
    pub parent_id: Option<String>,
}

/// The cadre's own numbers on their home: how far each open campaign has come among their
/// households, and how many open tasks of each kind they hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySummary {
    pub campaigns: Vec<MyCampaign>,
    /// Open tasks per kind, in `TaskKind::ALL`'s order; kinds with none are left out.
    pub open: Vec<(TaskKind, u64)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCampaign {
    pub id: String,
    pub name: String,
    /// Households of this cadre's where someone was met, of all this cadre holds.
    pub met: u64,
    pub households: u64,
}
