//! One error type for the domain. The REST API renders it as RFC 9457 problem+json, pages as a
//! localized message; both take the words from `Reason` and the i18n table.

use crate::access::Action;
#[cfg(feature = "ssr")]
use crate::access::Decision;
use crate::i18n::Texts;

#[derive(Clone, Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in or session ended")]
    Unauthenticated,
    /// Denied by the matrix; `hidden` answers 404 so the record's existence does not leak.
    #[error("denied: {action:?}")]
    Denied { action: Action, hidden: bool },
    #[error("not found")]
    NotFound,
    /// A cookie-carrying write that did not come from this site (CSRF).
    #[error("cross-site write refused")]
    CrossSite,
    #[error("invalid input: {0:?}")]
    Invalid(Vec<Invalid>),
    /// A request that could not be read as the route expects (see `Malformed`); `field` names
    /// where (`mode`, `members[2].name`, `id`).
    #[error("malformed request: {field}: {reason:?}")]
    Malformed {
        kind: Malformed,
        field: String,
        reason: Reason,
    },
    #[error("conflict: {0:?}")]
    Conflict(Reason),
    #[error("too many attempts; retry after {retry_after_secs}s")]
    Throttled { retry_after_secs: u64 },
    /// The server is saturated for a moment (e.g. every password-hashing slot is taken and the
    /// wait ran out): 503 with `Retry-After`, for the client to try again.
    #[error("busy; retry after {retry_after_secs}s")]
    Busy { retry_after_secs: u64 },
    #[error("internal error: {0}")]
    Internal(String),
}

/// How a request failed to be read, before any domain rule saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// The body is not JSON at all (400).
    Syntax,
    /// A JSON value of the wrong type, outside its set, unknown or missing (422).
    Value,
    /// A body that is not `application/json` (415).
    ContentType,
    /// A path segment that cannot be what the route names, e.g. not an id (400).
    Path,
    /// A query parameter of the wrong form (400).
    Query,
    /// A method the route does not have (405).
    Method,
    /// A body over the limit (413).
    TooLarge,
    /// The request took longer than allowed (408).
    Timeout,
}

impl Malformed {
    const fn status(self) -> u16 {
        match self {
            Malformed::Syntax | Malformed::Path | Malformed::Query => 400,
            Malformed::Value => 422,
            Malformed::ContentType => 415,
            Malformed::Method => 405,
            Malformed::TooLarge => 413,
            Malformed::Timeout => 408,
        }
    }

    /// The reason when nothing more precise is known.
    const fn reason(self) -> Reason {
        match self {
            Malformed::Syntax => Reason::MalformedJson,
            Malformed::Value | Malformed::Query => Reason::BadValue,
            Malformed::ContentType => Reason::NotJson,
            Malformed::Path => Reason::BadId,
            Malformed::Method => Reason::MethodNotAllowed,
            Malformed::TooLarge => Reason::BodyTooLarge,
            Malformed::Timeout => Reason::TimedOut,
        }
    }
}

/// One field's problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub reason: Reason,
}

impl AppError {
    pub fn invalid(field: &'static str, reason: Reason) -> AppError {
        AppError::Invalid(vec![Invalid { field, reason }])
    }

    /// A malformed request with the kind's own reason.
    pub fn malformed(kind: Malformed, field: impl Into<String>) -> AppError {
        AppError::Malformed {
            kind,
            field: field.into(),
            reason: kind.reason(),
        }
    }

    pub const fn status(&self) -> u16 {
        match self {
            AppError::Malformed { kind, .. } => kind.status(),
            AppError::Unauthenticated => 401,
            AppError::Denied { hidden: true, .. } | AppError::NotFound => 404,
            AppError::Denied { hidden: false, .. } | AppError::CrossSite => 403,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Throttled { .. } => 429,
            AppError::Busy { .. } => 503,
            AppError::Internal(_) => 500,
        }
    }

    /// A short, stable identifier for clients (`type` in problem+json).
    pub const fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Denied { hidden: true, .. } | AppError::NotFound => "not_found",
            AppError::Denied { hidden: false, .. } => "forbidden",
            AppError::CrossSite => "cross_site",
            AppError::Invalid(_) => "invalid",
            AppError::Malformed { .. } => "malformed",
            AppError::Conflict(_) => "conflict",
            AppError::Throttled { .. } => "throttled",
            AppError::Busy { .. } => "busy",
            AppError::Internal(_) => "internal",
        }
    }

    /// What a form handler puts in `?error=` when it sends the browser back: the reasons'
    /// codes, or the error's own code. `flash::message` turns it back into sentences.
    pub fn flash_code(&self) -> String {
        match self {
            AppError::Invalid(list) => {
                let mut codes: Vec<&str> = list.iter().map(|i| i.reason.code()).collect();
                codes.dedup();
                codes.join(",")
            }
            AppError::Conflict(reason) | AppError::Malformed { reason, .. } => {
                reason.code().to_owned()
            }
            other => other.code().to_owned(),
        }
    }

    /// The sentence a person reads.
    pub fn message(&self, t: Texts) -> String {
        match self {
            AppError::Unauthenticated => t.error_unauthenticated().into(),
            AppError::Denied { hidden: true, .. } | AppError::NotFound => {
                t.error_not_found().into()
            }
            AppError::Denied { hidden: false, .. } => t.error_forbidden().into(),
            AppError::CrossSite => t.error_cross_site().into(),
            AppError::Invalid(list) => list
                .iter()
                .map(|i| i.reason.message(t))
                .collect::<Vec<_>>()
                .join(" "),
            AppError::Malformed { field, reason, .. } => t.error_in_field(field, reason.message(t)),
            AppError::Conflict(reason) => reason.message(t).into(),
            AppError::Throttled { retry_after_secs } => {
                t.error_throttled(retry_after_secs.div_ceil(60))
            }
            AppError::Busy { .. } => t.error_busy().into(),
            AppError::Internal(_) => t.error_internal().into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl Decision {
    /// The matrix's answer as a result: a hidden denial reads as "not found".
    pub fn or_deny(self, action: Action) -> Result<(), AppError> {
        match self {
            Decision::Allow => Ok(()),
            Decision::Forbidden => Err(AppError::Denied {
                action,
                hidden: false,
            }),
            Decision::NotFound => Err(AppError::Denied {
                action,
                hidden: true,
            }),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        // A unique key refused the row: a concurrent request wrote the same thing first.
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = e.sql_err() {
            return AppError::Conflict(Reason::Duplicate);
        }
        AppError::Internal(e.to_string())
    }
}

/// Why input was refused: a stable code for clients and a sentence in both languages
/// (`i18n::texts`). One line each.
macro_rules! reasons {
    ($($variant:ident = $code:literal => $message:ident,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Reason {
            $($variant,)*
        }

        impl Reason {
            pub const ALL: &[Reason] = &[$(Reason::$variant),*];

            pub const fn code(self) -> &'static str {
                match self {
                    $(Reason::$variant => $code,)*
                }
            }

            pub const fn message(self, t: Texts) -> &'static str {
                match self {
                    $(Reason::$variant => t.$message(),)*
                }
            }
        }
    };
}

reasons! {
    Required = "required" => reason_required,
    TooLong = "too_long" => reason_too_long,
    ControlCharacters = "control_characters" => reason_control_characters,
    BadUsername = "bad_username" => reason_bad_username,
    WeakPassword = "weak_password" => reason_weak_password,
    PasswordIsUsername = "password_is_username" => reason_password_is_username,
    WrongCurrentPassword = "wrong_current_password" => reason_wrong_current_password,
    BadCountyCode = "bad_county_code" => reason_bad_county_code,
    BadDivisionCode = "bad_division_code" => reason_bad_division_code,
    BadShortCode = "bad_short_code" => reason_bad_short_code,
    CodeOfAnotherCounty = "code_of_another_county" => reason_code_of_another_county,
    WrongParent = "wrong_parent" => reason_wrong_parent,
    ParentMissing = "parent_missing" => reason_parent_missing,
    UnitInactive = "unit_inactive" => reason_unit_inactive,
    MoveIntoOwnSubtree = "move_into_own_subtree" => reason_move_into_own_subtree,
    OwnUnit = "own_unit" => reason_own_unit,
    OwnAccount = "own_account" => reason_own_account,
    UsernameTaken = "username_taken" => reason_username_taken,
    CodeTaken = "code_taken" => reason_code_taken,
    Duplicate = "duplicate" => reason_duplicate,
    RoleNotGrantable = "role_not_grantable" => reason_role_not_grantable,
    RoleUnitMismatch = "role_unit_mismatch" => reason_role_unit_mismatch,
    UnknownRole = "unknown_role" => reason_unknown_role,
    UnknownUnit = "unknown_unit" => reason_unknown_unit,
    CountySuspended = "county_suspended" => reason_county_suspended,
    Credentials = "credentials" => sign_in_error_credentials,
    MustChangePassword = "must_change_password" => reason_must_change_password,
    FileMissing = "file_missing" => reason_file_missing,
    FileTooLarge = "file_too_large" => reason_file_too_large,
    ImportNotReady = "import_not_ready" => reason_import_not_ready,
    PasswordsDiffer = "passwords_differ" => reason_passwords_differ,
    BadDays = "bad_days" => reason_bad_days,
    LabelTaken = "label_taken" => reason_label_taken,
    BadIdNumber = "bad_id_number" => reason_bad_id_number,
    BadPhone = "bad_phone" => reason_bad_phone,
    PersonExists = "person_exists" => reason_person_exists,
    DuplicatePerson = "duplicate_person" => reason_duplicate_person,
    BadDate = "bad_date" => reason_bad_date,
    BadDateRange = "bad_date_range" => reason_bad_date_range,
    NotAVillage = "not_a_village" => reason_not_a_village,
    UnknownTag = "unknown_tag" => reason_unknown_tag,
    UnknownOption = "unknown_option" => reason_unknown_option,
    ModeNotAllowed = "mode_not_allowed" => reason_mode_not_allowed,
    AttitudeRequired = "attitude_required" => reason_attitude_required,
    BadPercent = "bad_percent" => reason_bad_percent,
    CampaignClosed = "campaign_closed" => reason_campaign_closed,
    NotACadre = "not_a_cadre" => reason_not_a_cadre,
    BadPhoto = "bad_photo" => reason_bad_photo,
    BadLocation = "bad_location" => reason_bad_location,
    SubmissionReused = "submission_reused" => reason_submission_reused,
    BadGender = "bad_gender" => reason_bad_gender,
    TooMany = "too_many" => reason_too_many,
    NotNow = "not_now" => reason_not_now,
    ExtensionUsed = "extension_used" => reason_extension_used,
    LeadAlsoCo = "lead_also_co" => reason_lead_also_co,
    UnknownCategory = "unknown_category" => reason_unknown_category,
    NotADepartment = "not_a_department" => reason_not_a_department,
    BadChallenge = "bad_challenge" => reason_bad_challenge,
    BadFileType = "bad_file_type" => reason_bad_file_type,
    StaleCase = "stale_case" => reason_stale_case,
    NotALeader = "not_a_leader" => reason_not_a_leader,
    TooFast = "too_fast" => reason_too_fast,
    ChallengeExpired = "challenge_expired" => reason_challenge_expired,
    MalformedJson = "malformed_json" => reason_malformed_json,
    NotJson = "not_json" => reason_not_json,
    BadType = "bad_type" => reason_bad_type,
    UnknownValue = "unknown_value" => reason_unknown_value,
    UnknownField = "unknown_field" => reason_unknown_field,
    BadValue = "bad_value" => reason_bad_value,
    BadId = "bad_id" => reason_bad_id,
    MethodNotAllowed = "method_not_allowed" => reason_method_not_allowed,
    BodyTooLarge = "body_too_large" => reason_body_too_large,
    TimedOut = "timed_out" => reason_timed_out,
    WrongSecondFactor = "wrong_second_factor" => reason_wrong_second_factor,
    SecondFactorEnrolmentRequired = "second_factor_enrolment_required" => reason_second_factor_enrolment_required,
    SecondFactorEnrolled = "second_factor_enrolled" => reason_second_factor_enrolled,
    SecondFactorNotEnrolled = "second_factor_not_enrolled" => reason_second_factor_not_enrolled,
    SecondFactorNotPending = "second_factor_not_pending" => reason_second_factor_not_pending,
}

impl Reason {
    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.iter().copied().find(|r| r.code() == code)
    }
}

/// A list in a request may hold at most `max` entries (each list's maximum is documented
/// with its route); more is refused before anything is read or written.
pub fn at_most<T>(field: &'static str, list: &[T], max: usize) -> Result<(), AppError> {
    if list.len() > max {
        return Err(AppError::invalid(field, Reason::TooMany));
    }
    Ok(())
}

/// Checks shared by every form: required, at most `max` characters, no control characters.
pub fn text_field(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    let value = value.trim();
    let reason = if value.is_empty() {
        Reason::Required
    } else if value.chars().count() > max {
        Reason::TooLong
    } else if value.chars().any(char::is_control) {
        Reason::ControlCharacters
    } else {
        return Ok(value.to_owned());
    };
    Err(Invalid { field, reason })
}
