//! The closed loop as a pure function: `step(case, command)` either refuses or returns the one
//! `Step` that the store writes — the next state plus its timeline event. The store has no
//! other way to change a case, so an illegal transition cannot be written, and every change
//! carries its event.

use super::kinds::{EventKind, Extension, Satisfaction, Status};
use crate::error::Reason;
use uuid::Uuid;

/// The most days one extension may add (信访工作条例: at most 30).
pub const MAX_EXTENSION_DAYS: i32 = 30;

/// What the state machine needs to know about a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    /// The lead unit (主办): set from assignment until the case is returned.
    pub lead: Option<Uuid>,
    pub extension: Option<Extension>,
    /// Days added by an approved extension (the request's days while it waits).
    pub extension_days: i32,
    pub redo_count: i32,
    pub has_reply: bool,
    pub satisfaction: Option<Satisfaction>,
    pub supervised: bool,
    pub leader: Option<Uuid>,
}

impl State {
    /// A case just registered.
    pub const fn new() -> State {
        State {
            status: Status::Registered,
            lead: None,
            extension: None,
            extension_days: 0,
            redo_count: 0,
            has_reply: false,
            satisfaction: None,
            supervised: false,
            leader: None,
        }
    }
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

/// Everything anyone can ask of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// 受理
    Accept,
    /// 不予受理, with the reason the resident reads.
    Reject {
        reason: String,
    },
    /// 交办 (from registered it also accepts); again later, it reassigns.
    Assign {
        lead: Uuid,
        co: Vec<Uuid>,
    },
    /// The lead unit takes it up.
    Start,
    /// A misrouted case goes back to the dispatcher.
    Return {
        reason: String,
    },
    /// The answer to the resident, written for them.
    Reply {
        text: String,
    },
    /// 回访: the resident's verdict (a dissatisfied one sends the case back).
    FollowUp {
        satisfaction: Satisfaction,
        note: String,
    },
    /// 销号
    Close,
    RequestExtension {
        days: i32,
        reason: String,
    },
    DecideExtension {
        approve: bool,
        note: String,
    },
    Note {
        text: String,
    },
    /// 督办
    Supervise {
        note: String,
    },
    /// 领导包案
    NameLeader {
        leader: Uuid,
    },
}

/// Who may give a command: the store checks the caller against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duty {
    /// The dispatcher of the case's place (township or county).
    Dispatch,
    /// Someone in the lead unit.
    Handle,
    /// A county leader.
    Supervise,
    /// Anyone who may see the case and works on it (dispatchers, handlers, leaders).
    Participate,
}

impl Command {
    pub const fn duty(&self) -> Duty {
        match self {
            Command::Accept
            | Command::Reject { .. }
            | Command::Assign { .. }
            | Command::FollowUp { .. }
            | Command::Close => Duty::Dispatch,
            Command::Start
            | Command::Return { .. }
            | Command::Reply { .. }
            | Command::RequestExtension { .. } => Duty::Handle,
            Command::DecideExtension { .. }
            | Command::Supervise { .. }
            | Command::NameLeader { .. } => Duty::Supervise,
            Command::Note { .. } => Duty::Participate,
        }
    }

    /// The code used in forms and the API (`/grievances/{id}/actions`).
    pub const fn code(&self) -> &'static str {
        match self {
            Command::Accept => "accept",
            Command::Reject { .. } => "reject",
            Command::Assign { .. } => "assign",
            Command::Start => "start",
            Command::Return { .. } => "return",
            Command::Reply { .. } => "reply",
            Command::FollowUp { .. } => "follow_up",
            Command::Close => "close",
            Command::RequestExtension { .. } => "request_extension",
            Command::DecideExtension { .. } => "decide_extension",
            Command::Note { .. } => "note",
            Command::Supervise { .. } => "supervise",
            Command::NameLeader { .. } => "name_leader",
        }
    }
}

/// The one change a command makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub next: State,
    pub event: EventKind,
    /// The text that goes on the timeline with the event.
    pub note: Option<String>,
}

/// Why a command was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not possible in the case's current status.
    NotNow,
    /// The one extension was already asked for.
    ExtensionUsed,
    /// Days outside 1..=30.
    BadDays,
    /// A reason, reply or note is required.
    TextRequired,
    /// The lead unit cannot also co-handle.
    LeadAlsoCo,
}

impl Refusal {
    pub const fn reason(self) -> Reason {
        match self {
            Refusal::NotNow => Reason::NotNow,
            Refusal::ExtensionUsed => Reason::ExtensionUsed,
            Refusal::BadDays => Reason::BadDays,
            Refusal::TextRequired => Reason::Required,
            Refusal::LeadAlsoCo => Reason::LeadAlsoCo,
        }
    }
}

fn text(s: &str) -> Result<Option<String>, Refusal> {
    let s = s.trim();
    if s.is_empty() {
        Err(Refusal::TextRequired)
    } else {
        Ok(Some(s.to_owned()))
    }
}

fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Decides a command. Pure: the same state and command always give the same answer.
pub fn step(state: &State, command: &Command) -> Result<Step, Refusal> {
    use Status::*;
    let mut next = state.clone();
    let status = state.status;
    let handling = matches!(status, Assigned | InProgress);
    let (event, note) = match command {
        Command::Accept if status == Registered => {
            next.status = Accepted;
            (EventKind::Accepted, None)
        }
        Command::Reject { reason } if status == Registered => {
            next.status = NotAccepted;
            (EventKind::NotAccepted, text(reason)?)
        }
        Command::Assign { lead, co } if matches!(status, Registered | Accepted) || handling => {
            if co.contains(lead) {
                return Err(Refusal::LeadAlsoCo);
            }
            next.status = Assigned;
            next.lead = Some(*lead);
            (EventKind::Assigned, None)
        }
        Command::Start if status == Assigned => {
            next.status = InProgress;
            (EventKind::Started, None)
        }
        Command::Return { reason } if handling => {
            next.status = Accepted;
            next.lead = None;
            (EventKind::Returned, text(reason)?)
        }
        Command::Reply { text: reply } if handling => {
            next.status = Replied;
            next.has_reply = true;
            (EventKind::Replied, text(reply)?)
        }
        Command::FollowUp { satisfaction, note } if status == Replied => {
            next.satisfaction = Some(*satisfaction);
            if *satisfaction == Satisfaction::Dissatisfied {
                next.status = InProgress;
                next.redo_count += 1;
                (EventKind::Redo, optional(note))
            } else {
                next.status = FollowedUp;
                (EventKind::FollowedUp, optional(note))
            }
        }
        Command::Close if status == FollowedUp => {
            next.status = Closed;
            (EventKind::Closed, None)
        }
        Command::RequestExtension { days, reason } if handling => {
            if state.extension.is_some() {
                return Err(Refusal::ExtensionUsed);
            }
            if !(1..=MAX_EXTENSION_DAYS).contains(days) {
                return Err(Refusal::BadDays);
            }
            next.extension = Some(Extension::Requested);
            next.extension_days = *days;
            (EventKind::ExtensionAsked, text(reason)?)
        }
        Command::DecideExtension { approve, note }
            if state.extension == Some(Extension::Requested) && !status.is_final() =>
        {
            if *approve {
                next.extension = Some(Extension::Approved);
                (EventKind::ExtensionGranted, optional(note))
            } else {
                next.extension = Some(Extension::Refused);
                next.extension_days = 0;
                (EventKind::ExtensionRefused, optional(note))
            }
        }
        Command::Note { text: body } if !status.is_final() => (EventKind::Note, text(body)?),
        Command::Supervise { note } if !status.is_final() => {
            next.supervised = true;
            (EventKind::Supervised, optional(note))
        }
        Command::NameLeader { leader } if !status.is_final() => {
            next.leader = Some(*leader);
            (EventKind::LeaderNamed, None)
        }
        _ => return Err(Refusal::NotNow),
    };
    Ok(Step { next, event, note })
}

/// The states a case can be in, as rules over its fields (what the property test checks).
pub fn consistent(state: &State) -> bool {
    use Status::*;
    let lead_expected = matches!(
        state.status,
        Assigned | InProgress | Replied | FollowedUp | Closed
    );
    let reply_expected = matches!(state.status, Replied | FollowedUp | Closed);
    let satisfied = matches!(
        state.satisfaction,
        Some(Satisfaction::Satisfied | Satisfaction::Fair)
    );
    state.lead.is_some() == lead_expected
        && (!reply_expected || state.has_reply)
        && (!matches!(state.status, FollowedUp | Closed) || satisfied)
        && (state.redo_count == 0 || state.has_reply)
        && match state.extension {
            None | Some(Extension::Refused) => state.extension_days == 0,
            Some(_) => (1..=MAX_EXTENSION_DAYS).contains(&state.extension_days),
        }
        && (state.status != NotAccepted || (!state.has_reply && state.lead.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(n: u8) -> Uuid {
        Uuid::from_u128(u128::from(n % 3) + 1)
    }

    fn command() -> impl Strategy<Value = Command> {
        let words = prop_oneof![Just(String::new()), Just("理由".to_owned())];
        prop_oneof![
            Just(Command::Accept),
            words.clone().prop_map(|reason| Command::Reject { reason }),
            (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Command::Assign {
                lead: unit(a),
                co: vec![unit(b)],
            }),
            Just(Command::Start),
            words.clone().prop_map(|reason| Command::Return { reason }),
            words.clone().prop_map(|text| Command::Reply { text }),
            (0..3usize, words.clone()).prop_map(|(i, note)| Command::FollowUp {
                satisfaction: Satisfaction::ALL[i],
                note,
            }),
            Just(Command::Close),
            (-2..40i32, words.clone())
                .prop_map(|(days, reason)| Command::RequestExtension { days, reason }),
            (any::<bool>(), words.clone())
                .prop_map(|(approve, note)| Command::DecideExtension { approve, note }),
            words.clone().prop_map(|text| Command::Note { text }),
            words.prop_map(|note| Command::Supervise { note }),
            any::<u8>().prop_map(|n| Command::NameLeader { leader: unit(n) }),
        ]
    }

    proptest! {
        /// Random command sequences never reach an inconsistent state, final states stay
        /// final, and every change of status is an event that names it.
        #[test]
        fn random_sequences_stay_legal(commands in prop::collection::vec(command(), 0..60)) {
            let mut state = State::new();
            let mut timeline: Vec<(Status, Status, EventKind)> = Vec::new();
            for command in &commands {
                if let Ok(s) = step(&state, command) {
                    prop_assert!(!state.status.is_final(), "{:?} moved on", state.status);
                    timeline.push((state.status, s.next.status, s.event));
                    state = s.next;
                }
                prop_assert!(consistent(&state), "{state:?} after {command:?}");
            }
            // Replaying the timeline's statuses gives the final status: no change went unrecorded.
            let mut replay = Status::Registered;
            for (from, to, _) in &timeline {
                prop_assert_eq!(*from, replay);
                replay = *to;
            }
            prop_assert_eq!(replay, state.status);
        }
    }

    fn run(commands: &[Command]) -> State {
        commands.iter().fold(State::new(), |s, c| {
            step(&s, c)
                .unwrap_or_else(|e| panic!("{c:?} refused: {e:?}"))
                .next
        })
    }

    fn reply() -> Command {
        Command::Reply {
            text: "已修复".into(),
        }
    }

    fn follow_up(satisfaction: Satisfaction) -> Command {
        Command::FollowUp {
            satisfaction,
            note: String::new(),
        }
    }

    #[test]
    fn the_whole_loop_with_one_redo() {
        let lead = unit(1);
        let state = run(&[
            Command::Accept,
            Command::Assign { lead, co: vec![] },
            Command::Start,
            reply(),
            follow_up(Satisfaction::Dissatisfied),
            reply(),
            follow_up(Satisfaction::Satisfied),
            Command::Close,
        ]);
        assert_eq!(state.status, Status::Closed);
        assert_eq!(state.redo_count, 1);
        assert_eq!(state.lead, Some(lead));
    }

    #[test]
    fn only_one_extension_and_at_most_thirty_days() {
        let assigned = run(&[Command::Assign {
            lead: unit(1),
            co: vec![],
        }]);
        let ask = |days| Command::RequestExtension {
            days,
            reason: "需要协调".into(),
        };
        assert_eq!(step(&assigned, &ask(31)), Err(Refusal::BadDays));
        assert_eq!(step(&assigned, &ask(0)), Err(Refusal::BadDays));
        let asked = step(&assigned, &ask(30)).unwrap().next;
        assert_eq!(step(&asked, &ask(5)), Err(Refusal::ExtensionUsed));
        let refused = step(
            &asked,
            &Command::DecideExtension {
                approve: false,
                note: String::new(),
            },
        )
        .unwrap()
        .next;
        assert_eq!(refused.extension_days, 0);
        assert_eq!(step(&refused, &ask(5)), Err(Refusal::ExtensionUsed));
    }

    #[test]
    fn illegal_moves_are_refused() {
        let new = State::new();
        assert_eq!(step(&new, &reply()), Err(Refusal::NotNow));
        assert_eq!(step(&new, &Command::Close), Err(Refusal::NotNow));
        assert_eq!(step(&new, &Command::Start), Err(Refusal::NotNow));
        let rejected = run(&[Command::Reject {
            reason: "不属于受理范围".into(),
        }]);
        assert_eq!(step(&rejected, &Command::Accept), Err(Refusal::NotNow));
        assert_eq!(
            step(&new, &Command::Reject { reason: " ".into() }),
            Err(Refusal::TextRequired)
        );
        let lead = unit(1);
        assert_eq!(
            step(
                &new,
                &Command::Assign {
                    lead,
                    co: vec![lead]
                }
            ),
            Err(Refusal::LeadAlsoCo)
        );
    }

    #[test]
    fn a_returned_case_loses_its_lead() {
        let state = run(&[
            Command::Assign {
                lead: unit(1),
                co: vec![],
            },
            Command::Return {
                reason: "不属本单位职责".into(),
            },
        ]);
        assert_eq!(state.status, Status::Accepted);
        assert_eq!(state.lead, None);
    }
}
