//! What pages and the API send and receive. Ids travel as strings so the views also compile
//! into the browser bundle; personal fields arrive masked unless revealed.

use super::kinds::{Alert, Channel, EventKind, Extension, Satisfaction, Status, Urgency};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryView {
    pub id: String,
    pub parent_id: Option<String>,
    pub code: String,
    pub name: String,
    pub accept_days: i32,
    pub handle_days: i32,
    pub active: bool,
}

/// A row of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLine {
    pub id: String,
    pub code: String,
    pub channel: Channel,
    pub status: Status,
    pub urgency: Urgency,
    pub alert: Alert,
    /// "parent / child".
    pub category: String,
    pub place: String,
    pub lead_unit: Option<String>,
    /// Masked: `张*`.
    pub reporter: String,
    /// The first 80 characters.
    pub summary: String,
    pub repeat: bool,
    pub supervised: bool,
    pub redo_count: i32,
    /// The deadline that runs now (China time, to the minute), if any.
    pub due: Option<String>,
    pub received: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
    pub lead: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub kind: EventKind,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub actor: String,
    pub note: Option<String>,
    pub detail: Option<String>,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i32,
}

/// One case with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub line: CaseLine,
    pub category_id: String,
    pub place_id: String,
    pub reporter_name: String,
    /// Masked `138****5678`, or nothing.
    pub reporter_phone: Option<String>,
    pub household_id: Option<String>,
    pub description: String,
    pub reply: Option<String>,
    pub satisfaction: Option<Satisfaction>,
    pub extension: Option<Extension>,
    pub extension_days: i32,
    pub repeat_of: Option<(String, String)>,
    pub leader: Option<String>,
    pub accept_due: String,
    pub handle_due: Option<String>,
    pub units: Vec<UnitRef>,
    pub events: Vec<EventView>,
    pub attachments: Vec<AttachmentView>,
    /// The command codes (`lifecycle::Command::code`) this caller may give now.
    pub actions: Vec<String>,
    /// The unit the routing rules suggest as lead (for the assign form).
    pub suggested_lead: Option<String>,
    /// The case's version when read: a form carries it back, so a step decided on a stale
    /// page is refused instead of applied to a case that has moved on.
    pub version: i32,
    /// The caller works on the case and may reveal the reporter's phone (audited).
    pub can_reveal: bool,
}

/// What the resident's tracking page shows: plain words, no staff names, no internal notes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub code: String,
    pub status: Status,
    pub category: String,
    /// The village (with its township) or township the report is about.
    pub place: String,
    pub received: String,
    /// The latest date the answer is due (`YYYY-MM-DD`), while it is awaited.
    pub reply_by: Option<String>,
    /// What the resident wrote (their name and phone are not shown back).
    pub description: String,
    pub steps: Vec<TrackStep>,
    /// The answer, once replied, or the reason it was not accepted.
    pub reply: Option<String>,
    pub satisfaction: Option<Satisfaction>,
    /// The resident may rate the reply now.
    pub can_rate: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackStep {
    pub kind: EventKind,
    pub at: String,
    /// The plain sentence for the resident (`EventKind::public_label`).
    pub text: String,
}

/// What the county's public form offers: where it happened, what it is about, the challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicForm {
    pub county_code: String,
    pub county_name: String,
    /// Townships, each with its villages, in tree order.
    pub places: Vec<PlaceGroup>,
    /// (id, "parent / child")
    pub categories: Vec<(String, String)>,
    pub challenge: ChallengeView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceGroup {
    pub id: String,
    pub name: String,
    /// (id, name)
    pub villages: Vec<(String, String)>,
}

/// The question to answer and the signed token that goes back with the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeView {
    pub token: String,
    /// "3 + 5"
    pub question: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxLine {
    pub id: String,
    pub kind: super::kinds::InboxKind,
    pub grievance_id: String,
    pub code: String,
    pub summary: String,
    pub status: Status,
    pub at: String,
    pub read: bool,
}

/// One unit's numbers for a period (counts; rates are computed by the viewer).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitStats {
    pub unit_id: String,
    pub unit: String,
    pub received: i64,
    pub accepted: i64,
    pub accepted_on_time: i64,
    pub closed: i64,
    pub closed_on_time: i64,
    pub followed_up: i64,
    pub satisfied: i64,
    pub redone: i64,
    pub repeats: i64,
    pub overdue_now: i64,
    pub yellow_cards: i64,
}

/// A yellow card (黄牌警告) as the statistics page and the API list it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardLine {
    pub unit_id: String,
    pub unit: String,
    pub reason: String,
    pub issued_on: String,
    pub grievance_id: Option<String>,
    pub grievance_code: Option<String>,
}

impl UnitStats {
    /// `part / whole` as a percentage with one decimal, or `None` when nothing was counted.
    pub fn percent(part: i64, whole: i64) -> Option<f64> {
        (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
    }
}

#[cfg(feature = "ssr")]
pub use inputs::*;

#[cfg(feature = "ssr")]
mod inputs {
    use super::super::kinds::{Channel, Urgency};
    use serde::Deserialize;
    use uuid::Uuid;

    #[derive(Clone, Debug, Deserialize)]
    pub struct CategoryInput {
        pub parent_id: Option<Uuid>,
        pub name: String,
        pub accept_days: i32,
        pub handle_days: i32,
        pub active: Option<bool>,
    }

    #[derive(Clone, Debug, Deserialize)]
    pub struct SettingsInput {
        pub repeat_days: i32,
        pub soon_days: i32,
    }

    /// A grievance registered by staff.
    #[derive(Clone, Debug, Deserialize)]
    pub struct NewGrievance {
        pub channel: Channel,
        pub category_id: Uuid,
        /// The org unit where it happened (village, township or the county).
        pub place_id: Uuid,
        pub reporter_name: String,
        #[serde(default)]
        pub reporter_phone: String,
        pub household_id: Option<Uuid>,
        pub description: String,
        #[serde(default = "normal")]
        pub urgency: Urgency,
    }

    fn normal() -> Urgency {
        Urgency::Normal
    }

    /// A resident's own submission through the public page.
    #[derive(Clone, Debug, Deserialize)]
    pub struct PublicSubmission {
        pub reporter_name: String,
        pub reporter_phone: String,
        pub place_id: Uuid,
        pub category_id: Uuid,
        pub description: String,
    }

    /// An uploaded file, before checks.
    #[derive(Clone, Debug)]
    pub struct Upload {
        pub file_name: String,
        pub bytes: Vec<u8>,
    }
}
