//! Deadline arithmetic. Days are calendar days counted from the moment of the step that
//! starts the clock (信访工作条例 counts 日): acceptance is decided within `accept_days` of
//! registration, handling ends within `handle_days` of acceptance plus an approved extension.

use super::kinds::{Alert, Status};
use time::{Duration, OffsetDateTime};

/// The national defaults, used for categories that do not set their own.
pub const ACCEPT_DAYS: i32 = 15;
pub const HANDLE_DAYS: i32 = 60;
/// A case is "due soon" this many days before its deadline, unless the county says otherwise.
pub const SOON_DAYS: i32 = 3;
/// The same phone or household with the same category within this many days is a repeat.
pub const REPEAT_DAYS: i32 = 90;

pub fn accept_due(registered_at: OffsetDateTime, accept_days: i32) -> OffsetDateTime {
    registered_at + Duration::days(i64::from(accept_days))
}

pub fn handle_due(
    accepted_at: OffsetDateTime,
    handle_days: i32,
    extension_days: i32,
) -> OffsetDateTime {
    accepted_at + Duration::days(i64::from(handle_days) + i64::from(extension_days))
}

/// The deadline that runs in `status`, if any: acceptance while registered, handling until the
/// reply. A replied, followed-up, closed or refused case has no running deadline.
pub fn running(
    status: Status,
    accept_due: OffsetDateTime,
    handle_due: Option<OffsetDateTime>,
) -> Option<OffsetDateTime> {
    match status {
        Status::Registered => Some(accept_due),
        Status::Accepted | Status::Assigned | Status::InProgress => handle_due,
        _ => None,
    }
}

/// What the deadline job should mark a case with at `now`.
pub fn alert(due: Option<OffsetDateTime>, now: OffsetDateTime, soon_days: i32) -> Alert {
    match due {
        Some(due) if now > due => Alert::Overdue,
        Some(due) if now + Duration::days(i64::from(soon_days)) >= due => Alert::Soon,
        _ => Alert::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn acceptance_and_handling_deadlines() {
        let registered = datetime!(2026-11-01 10:00 UTC);
        assert_eq!(
            accept_due(registered, ACCEPT_DAYS),
            datetime!(2026-11-16 10:00 UTC)
        );
        let accepted = datetime!(2026-11-10 08:00 UTC);
        assert_eq!(
            handle_due(accepted, HANDLE_DAYS, 0),
            datetime!(2027-01-09 08:00 UTC)
        );
        // An approved extension of 30 days adds exactly 30 days, across a month end.
        assert_eq!(
            handle_due(accepted, HANDLE_DAYS, 30),
            datetime!(2027-02-08 08:00 UTC)
        );
    }

    #[test]
    fn which_deadline_runs() {
        let a = datetime!(2026-11-16 10:00 UTC);
        let h = Some(datetime!(2027-01-09 08:00 UTC));
        assert_eq!(running(Status::Registered, a, None), Some(a));
        assert_eq!(running(Status::Accepted, a, h), h);
        assert_eq!(running(Status::InProgress, a, h), h);
        assert_eq!(running(Status::Replied, a, h), None);
        assert_eq!(running(Status::Closed, a, h), None);
        assert_eq!(running(Status::NotAccepted, a, None), None);
    }

    #[test]
    fn due_soon_and_overdue_edges() {
        let due = datetime!(2026-11-16 10:00 UTC);
        let at = |s: OffsetDateTime| alert(Some(due), s, SOON_DAYS);
        assert_eq!(at(datetime!(2026-11-13 09:59 UTC)), Alert::None);
        assert_eq!(at(datetime!(2026-11-13 10:00 UTC)), Alert::Soon);
        assert_eq!(at(datetime!(2026-11-16 10:00 UTC)), Alert::Soon);
        assert_eq!(at(datetime!(2026-11-16 10:01 UTC)), Alert::Overdue);
        assert_eq!(alert(None, due, SOON_DAYS), Alert::None);
    }
}
