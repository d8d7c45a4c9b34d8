//! The closed sets of the grievance domain, shared by pages, the API and the tables.

use crate::code_enum;
use crate::i18n::Texts;

code_enum! {
    /// How the problem reached the county.
    pub enum Channel {
        /// 走访发现: raised during a household visit.
        Visit = "visit",
        /// 来访: walked in.
        WalkIn = "walk_in",
        /// 来信
        Letter = "letter",
        /// 电话 / 12345 热线
        Phone = "phone",
        /// 网上: an online platform the county watches.
        Online = "online",
        /// The resident's own submission through the county's public page.
        Resident = "resident",
    }
}

code_enum! {
    /// Where a case is in its closed loop. `lifecycle` decides every move between them.
    pub enum Status {
        /// 登记: waiting for the dispatcher's decision on acceptance.
        Registered = "registered",
        /// 不予受理 (with the reason the resident reads). Final.
        NotAccepted = "not_accepted",
        /// 受理: accepted, waiting to be assigned (or returned by a handler).
        Accepted = "accepted",
        /// 交办: with its lead unit, not yet taken up.
        Assigned = "assigned",
        /// 办理中
        InProgress = "in_progress",
        /// 已答复: the answer is with the resident, the follow-up call is next.
        Replied = "replied",
        /// 已回访: the resident was satisfied enough; ready to close.
        FollowedUp = "followed_up",
        /// 销号. Final.
        Closed = "closed",
    }
}

code_enum! {
    pub enum Urgency {
        Normal = "normal",
        Urgent = "urgent",
        /// 特急: life, safety or a crowd at risk.
        Critical = "critical",
    }
}

code_enum! {
    /// The resident's verdict at the follow-up (回访).
    pub enum Satisfaction {
        Satisfied = "satisfied",
        Fair = "fair",
        Dissatisfied = "dissatisfied",
    }
}

code_enum! {
    /// The one extension a case may ask for.
    pub enum Extension {
        Requested = "requested",
        Approved = "approved",
        Refused = "refused",
    }
}

code_enum! {
    /// What the deadline job last found.
    pub enum Alert {
        None = "none",
        /// Within the county's "due soon" days of its deadline.
        Soon = "soon",
        Overdue = "overdue",
    }
}

code_enum! {
    /// A line on a case's timeline.
    pub enum EventKind {
        Registered = "registered",
        Accepted = "accepted",
        NotAccepted = "not_accepted",
        Assigned = "assigned",
        Started = "started",
        Returned = "returned",
        Replied = "replied",
        FollowedUp = "followed_up",
        /// A dissatisfied follow-up sent the case back (重办).
        Redo = "redo",
        Closed = "closed",
        ExtensionAsked = "extension_asked",
        ExtensionGranted = "extension_granted",
        ExtensionRefused = "extension_refused",
        Note = "note",
        /// 督办: by a leader or by the deadline job for an overdue case.
        Supervised = "supervised",
        /// 领导包案
        LeaderNamed = "leader_named",
        DueSoon = "due_soon",
        Overdue = "overdue",
    }
}

impl Channel {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Channel::Visit => t.channel_visit(),
            Channel::WalkIn => t.channel_walk_in(),
            Channel::Letter => t.channel_letter(),
            Channel::Phone => t.channel_phone(),
            Channel::Online => t.channel_online(),
            Channel::Resident => t.channel_resident(),
        }
    }

    /// The channels staff record; `Resident` comes only through the public page and `Visit`
    /// only from a visit's concern.
    pub const STAFF: &[Channel] = &[
        Channel::WalkIn,
        Channel::Letter,
        Channel::Phone,
        Channel::Online,
    ];
}

impl Status {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Status::Registered => t.status_registered(),
            Status::NotAccepted => t.status_not_accepted(),
            Status::Accepted => t.status_accepted(),
            Status::Assigned => t.status_assigned(),
            Status::InProgress => t.status_in_progress(),
            Status::Replied => t.status_replied(),
            Status::FollowedUp => t.status_followed_up(),
            Status::Closed => t.status_closed(),
        }
    }

    /// No further step is possible.
    pub const fn is_final(self) -> bool {
        matches!(self, Status::NotAccepted | Status::Closed)
    }

    /// Statuses whose deadline still runs (the deadline job's work).
    pub const OPEN: &[Status] = &[
        Status::Registered,
        Status::Accepted,
        Status::Assigned,
        Status::InProgress,
    ];
}

impl Urgency {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Urgency::Normal => t.urgency_normal(),
            Urgency::Urgent => t.urgency_urgent(),
            Urgency::Critical => t.urgency_critical(),
        }
    }
}

impl Satisfaction {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Satisfaction::Satisfied => t.satisfaction_satisfied(),
            Satisfaction::Fair => t.satisfaction_fair(),
            Satisfaction::Dissatisfied => t.satisfaction_dissatisfied(),
        }
    }
}

impl Extension {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Extension::Requested => t.extension_requested(),
            Extension::Approved => t.extension_approved(),
            Extension::Refused => t.extension_refused(),
        }
    }
}

impl EventKind {
    /// The line staff read on the timeline.
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            EventKind::Registered => t.event_registered(),
            EventKind::Accepted => t.event_accepted(),
            EventKind::NotAccepted => t.event_not_accepted(),
            EventKind::Assigned => t.event_assigned(),
            EventKind::Started => t.event_started(),
            EventKind::Returned => t.event_returned(),
            EventKind::Replied => t.event_replied(),
            EventKind::FollowedUp => t.event_followed_up(),
            EventKind::Redo => t.event_redo(),
            EventKind::Closed => t.event_closed(),
            EventKind::ExtensionAsked => t.event_extension_asked(),
            EventKind::ExtensionGranted => t.event_extension_granted(),
            EventKind::ExtensionRefused => t.event_extension_refused(),
            EventKind::Note => t.event_note(),
            EventKind::Supervised => t.event_supervised(),
            EventKind::LeaderNamed => t.event_leader_named(),
            EventKind::DueSoon => t.event_due_soon(),
            EventKind::Overdue => t.event_overdue(),
        }
    }

    /// The plain words a resident reads on the tracking page, or `None` for internal lines
    /// (notes, reminders, supervision, extensions and who handles it stay inside).
    pub const fn public_label(self, t: Texts) -> Option<&'static str> {
        Some(match self {
            EventKind::Registered => t.track_registered(),
            EventKind::Accepted => t.track_accepted(),
            EventKind::NotAccepted => t.track_not_accepted(),
            EventKind::Assigned => t.track_assigned(),
            EventKind::Started => t.track_started(),
            EventKind::Replied => t.track_replied(),
            EventKind::FollowedUp => t.track_followed_up(),
            EventKind::Redo => t.track_redo(),
            EventKind::Closed => t.track_closed(),
            _ => return None,
        })
    }
}

code_enum! {
    /// Why a case is in a unit's inbox.
    pub enum InboxKind {
        /// A new case to decide on (to its dispatcher).
        New = "new",
        /// Assigned to the unit (lead or co-handler).
        Assigned = "assigned",
        /// A handler sent it back as misrouted (to its dispatcher).
        Returned = "returned",
        /// A dissatisfied follow-up sent it back (to its lead).
        Redo = "redo",
        /// An extension waits for a decision (to the county).
        Extension = "extension",
        /// A leader supervises it (to its lead).
        Supervised = "supervised",
        DueSoon = "due_soon",
        Overdue = "overdue",
        /// Overdue, escalated to the county leaders (督办).
        Escalated = "escalated",
    }
}

impl InboxKind {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            InboxKind::New => t.inbox_new(),
            InboxKind::Assigned => t.inbox_assigned(),
            InboxKind::Returned => t.inbox_returned(),
            InboxKind::Redo => t.inbox_redo(),
            InboxKind::Extension => t.inbox_extension(),
            InboxKind::Supervised => t.inbox_supervised(),
            InboxKind::DueSoon => t.inbox_due_soon(),
            InboxKind::Overdue => t.inbox_overdue(),
            InboxKind::Escalated => t.inbox_escalated(),
        }
    }
}
