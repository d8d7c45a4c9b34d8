//! The one-line answer a form handler leaves when it sends the browser back (POST → redirect →
//! GET): `?done=<notice>` after a success, `?error=<codes>` after a refusal (see
//! `AppError::flash_code`). Pages show it with [`Flash`].

use crate::error::Reason;
use crate::i18n::{Texts, use_texts};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What went well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Saved,
    Created,
    PasswordChanged,
    PasswordReset,
    SignedOutOthers,
    Suspended,
    Reactivated,
    VisitRecorded,
    VisitAlreadyRecorded,
    FollowUpCreated,
    TaskLeftOpen,
    TriggerRecorded,
    MemberRemoved,
    TasksAssigned,
    CampaignClosed,
    Rated,
    CaseRegistered,
    CaseUpdated,
    CaseReturned,
    InboxRead,
    YellowCard,
    SecondFactorDisabled,
    SecondFactorReset,
}

impl Notice {
    const ALL: &[Notice] = &[
        Notice::Saved,
        Notice::Created,
        Notice::PasswordChanged,
        Notice::PasswordReset,
        Notice::SignedOutOthers,
        Notice::Suspended,
        Notice::Reactivated,
        Notice::VisitRecorded,
        Notice::VisitAlreadyRecorded,
        Notice::FollowUpCreated,
        Notice::TaskLeftOpen,
        Notice::TriggerRecorded,
        Notice::MemberRemoved,
        Notice::TasksAssigned,
        Notice::CampaignClosed,
        Notice::Rated,
        Notice::CaseRegistered,
        Notice::CaseUpdated,
        Notice::CaseReturned,
        Notice::InboxRead,
        Notice::YellowCard,
        Notice::SecondFactorDisabled,
        Notice::SecondFactorReset,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Notice::Saved => "saved",
            Notice::Created => "created",
            Notice::PasswordChanged => "password_changed",
            Notice::PasswordReset => "password_reset",
            Notice::SignedOutOthers => "signed_out_others",
            Notice::Suspended => "suspended",
            Notice::Reactivated => "reactivated",
            Notice::VisitRecorded => "visit_recorded",
            Notice::VisitAlreadyRecorded => "visit_already_recorded",
            Notice::FollowUpCreated => "follow_up_created",
            Notice::TaskLeftOpen => "task_left_open",
            Notice::TriggerRecorded => "trigger_recorded",
            Notice::MemberRemoved => "member_removed",
            Notice::TasksAssigned => "tasks_assigned",
            Notice::CampaignClosed => "campaign_closed",
            Notice::Rated => "rated",
            Notice::CaseRegistered => "case_registered",
            Notice::CaseUpdated => "case_updated",
            Notice::CaseReturned => "case_returned",
            Notice::InboxRead => "inbox_read",
            Notice::YellowCard => "yellow_card",
            Notice::SecondFactorDisabled => "second_factor_disabled",
            Notice::SecondFactorReset => "second_factor_reset",
        }
    }

    pub const fn message(self, t: Texts) -> &'static str {
        match self {
            Notice::Saved => t.notice_saved(),
            Notice::Created => t.notice_created(),
            Notice::PasswordChanged => t.notice_password_changed(),
            Notice::PasswordReset => t.notice_password_reset(),
            Notice::SignedOutOthers => t.notice_signed_out_others(),
            Notice::Suspended => t.notice_suspended(),
            Notice::Reactivated => t.notice_reactivated(),
            Notice::VisitRecorded => t.visit_recorded(),
            Notice::VisitAlreadyRecorded => t.visit_recorded_again(),
            Notice::FollowUpCreated => t.notice_follow_up_created(),
            Notice::TaskLeftOpen => t.visit_left_open(),
            Notice::TriggerRecorded => t.notice_trigger_recorded(),
            Notice::MemberRemoved => t.notice_member_removed(),
            Notice::TasksAssigned => t.notice_tasks_assigned(),
            Notice::CampaignClosed => t.notice_campaign_closed(),
            Notice::Rated => t.notice_rated(),
            Notice::CaseRegistered => t.notice_case_registered(),
            Notice::CaseUpdated => t.notice_case_updated(),
            Notice::CaseReturned => t.notice_case_returned(),
            Notice::InboxRead => t.notice_inbox_read(),
            Notice::YellowCard => t.notice_yellow_card(),
            Notice::SecondFactorDisabled => t.notice_second_factor_disabled(),
            Notice::SecondFactorReset => t.notice_second_factor_reset(),
        }
    }
}

/// The sentences for an `?error=` value; unknown codes fall back to a general one.
pub fn error_message(codes: &str, t: Texts) -> String {
    let mut sentences: Vec<&str> = codes
        .split(',')
        .map(|code| match Reason::from_code(code) {
            Some(reason) => reason.message(t),
            None => match code {
                "unauthenticated" => t.error_unauthenticated(),
                "not_found" => t.error_not_found(),
                "forbidden" => t.error_forbidden(),
                "cross_site" => t.error_cross_site(),
                "throttled" => t.error_too_many(),
                _ => t.error_internal(),
            },
        })
        .collect();
    sentences.dedup();
    sentences.join(" ")
}

/// The answer of the last form post, if any.
#[component]
pub fn Flash() -> impl IntoView {
    let t = use_texts();
    let (done, error) = use_query_map().with_untracked(|q| (q.get("done"), q.get("error")));
    let done = done.and_then(|code| Notice::ALL.iter().copied().find(|n| n.code() == code));
    view! {
        {done.map(|n| view! { <p class="notice" role="status">{n.message(t)}</p> })}
        {error.map(|codes| view! { <p class="error" role="alert">{error_message(&codes, t)}</p> })}
    }
}

/// A page that could not load: the domain's sentence (already in the page's language, see
/// `session::OrPage`), or a general one for anything else. Never the framework's English.
#[component]
pub fn LoadFailed(error: ServerFnError) -> impl IntoView {
    let message = match error {
        ServerFnError::ServerError(message) => message,
        _ => use_texts().load_error().to_owned(),
    };
    view! { <p class="error" role="alert">{message}</p> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn codes_come_back_as_sentences() {
        let t = Locale::ZhCn.texts();
        assert_eq!(
            error_message("required,weak_password", t),
            format!("{} {}", t.reason_required(), t.reason_weak_password())
        );
        assert_eq!(error_message("forbidden", t), t.error_forbidden());
        assert_eq!(error_message("<script>", t), t.error_internal());
        for notice in Notice::ALL.iter().copied() {
            assert!(!notice.message(t).is_empty());
        }
    }
}
