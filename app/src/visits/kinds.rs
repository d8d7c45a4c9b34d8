//! The closed sets of the visit domain, shared by pages, the API and the tables.

use crate::code_enum;
use crate::i18n::Texts;

code_enum! {
    /// How a visit was made.
    pub enum VisitMode {
        /// 入户: at the door.
        InPerson = "in_person",
        /// 电话
        Phone = "phone",
        /// 院坝会: a courtyard meeting.
        Meeting = "meeting",
    }
}

code_enum! {
    /// The family's attitude, as the cadre judged it. Asked only when someone was met.
    pub enum Attitude {
        Satisfied = "satisfied",
        Fair = "fair",
        Dissatisfied = "dissatisfied",
        Unaware = "unaware",
    }
}

code_enum! {
    /// Why a task exists.
    pub enum TaskKind {
        /// One per target household of a campaign.
        Campaign = "campaign",
        /// 补访: a visit where nobody was met needs another.
        FollowUp = "follow_up",
        /// 五必访: an event at the household.
        Trigger = "trigger",
    }
}

code_enum! {
    pub enum TaskStatus {
        Open = "open",
        Done = "done",
        /// The campaign closed before the task was done.
        Cancelled = "cancelled",
    }
}

code_enum! {
    pub enum CampaignStatus {
        Open = "open",
        Closed = "closed",
    }
}

impl VisitMode {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            VisitMode::InPerson => t.visit_mode_in_person(),
            VisitMode::Phone => t.visit_mode_phone(),
            VisitMode::Meeting => t.visit_mode_meeting(),
        }
    }
}

impl Attitude {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Attitude::Satisfied => t.attitude_satisfied(),
            Attitude::Fair => t.attitude_fair(),
            Attitude::Dissatisfied => t.attitude_dissatisfied(),
            Attitude::Unaware => t.attitude_unaware(),
        }
    }
}

impl TaskKind {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            TaskKind::Campaign => t.task_kind_campaign(),
            TaskKind::FollowUp => t.task_kind_follow_up(),
            TaskKind::Trigger => t.task_kind_trigger(),
        }
    }
}

impl TaskStatus {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            TaskStatus::Open => t.task_status_open(),
            TaskStatus::Done => t.task_status_done(),
            TaskStatus::Cancelled => t.task_status_cancelled(),
        }
    }
}

impl CampaignStatus {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            CampaignStatus::Open => t.campaign_status_open(),
            CampaignStatus::Closed => t.campaign_status_closed(),
        }
    }
}

/// Values kept as a set in one text column: `|a|b|`, so a filter for one value is
/// `LIKE '%|a|%'` and the column reads back in order.
pub fn join_set<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("|");
    for v in values {
        out.push_str(v);
        out.push('|');
    }
    if out == "|" { String::new() } else { out }
}

pub fn split_set(stored: &str) -> Vec<String> {
    stored
        .split('|')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for m in VisitMode::ALL {
            assert_eq!(VisitMode::from_code(m.code()), Some(*m));
        }
        assert_eq!(Attitude::from_code("x"), None);
    }

    #[test]
    fn sets_round_trip_and_empty_is_empty() {
        assert_eq!(join_set(["低保户", "老党员"]), "|低保户|老党员|");
        assert_eq!(split_set("|低保户|老党员|"), ["低保户", "老党员"]);
        assert_eq!(join_set([]), "");
        assert!(split_set("").is_empty());
    }
}
