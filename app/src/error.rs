//! One error type for the domain. The REST API renders it as RFC 9457 problem+json, pages as a
//! localized message; both take the words from `Reason` and the i18n table.

use crate::access::Action;
#[cfg(feature = "ssr")]
use crate::access::Decision;
use crate::i18n::Texts;

#[derive(Debug, thiserror::Error)]
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

    pub const fn status(&self) -> u16 {
        match self {
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
            AppError::Conflict(reason) => reason.code().to_owned(),
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
        AppError::Internal(e.to_string())
    }
}

/// Why input was refused; each has a sentence in both languages (`i18n::texts`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Required,
    TooLong,
    ControlCharacters,
    BadUsername,
    WeakPassword,
    PasswordIsUsername,
    WrongCurrentPassword,
    BadCountyCode,
    BadDivisionCode,
    BadShortCode,
    CodeOfAnotherCounty,
    WrongParent,
    ParentMissing,
    UnitInactive,
    MoveIntoOwnSubtree,
    OwnUnit,
    OwnAccount,
    UsernameTaken,
    CodeTaken,
    RoleNotGrantable,
    RoleUnitMismatch,
    UnknownRole,
    UnknownUnit,
    CountySuspended,
    Credentials,
    MustChangePassword,
    FileMissing,
    FileTooLarge,
    ImportNotReady,
    PasswordsDiffer,
    BadDays,
    LabelTaken,
    BadIdNumber,
    BadPhone,
    PersonExists,
    DuplicatePerson,
    BadDate,
    BadDateRange,
    NotAVillage,
    UnknownTag,
    UnknownOption,
    ModeNotAllowed,
    AttitudeRequired,
    BadPercent,
    CampaignClosed,
    NotACadre,
    BadPhoto,
    BadLocation,
    SubmissionReused,
    BadGender,
    TooMany,
    NotNow,
    ExtensionUsed,
    LeadAlsoCo,
    UnknownCategory,
    NotADepartment,
    BadChallenge,
    BadFileType,
    StaleCase,
    NotALeader,
    TooFast,
    ChallengeExpired,
}

impl Reason {
    pub const ALL: [Reason; 62] = [
        Reason::Required,
        Reason::TooLong,
        Reason::ControlCharacters,
        Reason::BadUsername,
        Reason::WeakPassword,
        Reason::PasswordIsUsername,
        Reason::WrongCurrentPassword,
        Reason::BadCountyCode,
        Reason::BadDivisionCode,
        Reason::BadShortCode,
        Reason::CodeOfAnotherCounty,
        Reason::WrongParent,
        Reason::ParentMissing,
        Reason::UnitInactive,
        Reason::MoveIntoOwnSubtree,
        Reason::OwnUnit,
        Reason::OwnAccount,
        Reason::UsernameTaken,
        Reason::CodeTaken,
        Reason::RoleNotGrantable,
        Reason::RoleUnitMismatch,
        Reason::UnknownRole,
        Reason::UnknownUnit,
        Reason::CountySuspended,
        Reason::Credentials,
        Reason::MustChangePassword,
        Reason::FileMissing,
        Reason::FileTooLarge,
        Reason::ImportNotReady,
        Reason::PasswordsDiffer,
        Reason::BadDays,
        Reason::LabelTaken,
        Reason::BadIdNumber,
        Reason::BadPhone,
        Reason::PersonExists,
        Reason::DuplicatePerson,
        Reason::BadDate,
        Reason::BadDateRange,
        Reason::NotAVillage,
        Reason::UnknownTag,
        Reason::UnknownOption,
        Reason::ModeNotAllowed,
        Reason::AttitudeRequired,
        Reason::BadPercent,
        Reason::CampaignClosed,
        Reason::NotACadre,
        Reason::BadPhoto,
        Reason::BadLocation,
        Reason::SubmissionReused,
        Reason::BadGender,
        Reason::TooMany,
        Reason::NotNow,
        Reason::ExtensionUsed,
        Reason::LeadAlsoCo,
        Reason::UnknownCategory,
        Reason::NotADepartment,
        Reason::BadChallenge,
        Reason::BadFileType,
        Reason::StaleCase,
        Reason::NotALeader,
        Reason::TooFast,
        Reason::ChallengeExpired,
    ];

    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    pub const fn code(self) -> &'static str {
        match self {
            Reason::Required => "required",
            Reason::TooLong => "too_long",
            Reason::ControlCharacters => "control_characters",
            Reason::BadUsername => "bad_username",
            Reason::WeakPassword => "weak_password",
            Reason::PasswordIsUsername => "password_is_username",
            Reason::WrongCurrentPassword => "wrong_current_password",
            Reason::BadCountyCode => "bad_county_code",
            Reason::BadDivisionCode => "bad_division_code",
            Reason::BadShortCode => "bad_short_code",
            Reason::CodeOfAnotherCounty => "code_of_another_county",
            Reason::WrongParent => "wrong_parent",
            Reason::ParentMissing => "parent_missing",
            Reason::UnitInactive => "unit_inactive",
            Reason::MoveIntoOwnSubtree => "move_into_own_subtree",
            Reason::OwnUnit => "own_unit",
            Reason::OwnAccount => "own_account",
            Reason::UsernameTaken => "username_taken",
            Reason::CodeTaken => "code_taken",
            Reason::RoleNotGrantable => "role_not_grantable",
            Reason::RoleUnitMismatch => "role_unit_mismatch",
            Reason::UnknownRole => "unknown_role",
            Reason::UnknownUnit => "unknown_unit",
            Reason::CountySuspended => "county_suspended",
            Reason::Credentials => "credentials",
            Reason::MustChangePassword => "must_change_password",
            Reason::FileMissing => "file_missing",
            Reason::FileTooLarge => "file_too_large",
            Reason::ImportNotReady => "import_not_ready",
            Reason::PasswordsDiffer => "passwords_differ",
            Reason::BadDays => "bad_days",
            Reason::LabelTaken => "label_taken",
            Reason::BadIdNumber => "bad_id_number",
            Reason::BadPhone => "bad_phone",
            Reason::PersonExists => "person_exists",
            Reason::DuplicatePerson => "duplicate_person",
            Reason::BadDate => "bad_date",
            Reason::BadDateRange => "bad_date_range",
            Reason::NotAVillage => "not_a_village",
            Reason::UnknownTag => "unknown_tag",
            Reason::UnknownOption => "unknown_option",
            Reason::ModeNotAllowed => "mode_not_allowed",
            Reason::AttitudeRequired => "attitude_required",
            Reason::BadPercent => "bad_percent",
            Reason::CampaignClosed => "campaign_closed",
            Reason::NotACadre => "not_a_cadre",
            Reason::BadPhoto => "bad_photo",
            Reason::BadLocation => "bad_location",
            Reason::SubmissionReused => "submission_reused",
            Reason::BadGender => "bad_gender",
            Reason::TooMany => "too_many",
            Reason::NotNow => "not_now",
            Reason::ExtensionUsed => "extension_used",
            Reason::LeadAlsoCo => "lead_also_co",
            Reason::UnknownCategory => "unknown_category",
            Reason::NotADepartment => "not_a_department",
            Reason::BadChallenge => "bad_challenge",
            Reason::BadFileType => "bad_file_type",
            Reason::StaleCase => "stale_case",
            Reason::NotALeader => "not_a_leader",
            Reason::TooFast => "too_fast",
            Reason::ChallengeExpired => "challenge_expired",
        }
    }

    pub const fn message(self, t: Texts) -> &'static str {
        match self {
            Reason::Required => t.reason_required(),
            Reason::TooLong => t.reason_too_long(),
            Reason::ControlCharacters => t.reason_control_characters(),
            Reason::BadUsername => t.reason_bad_username(),
            Reason::WeakPassword => t.reason_weak_password(),
            Reason::PasswordIsUsername => t.reason_password_is_username(),
            Reason::WrongCurrentPassword => t.reason_wrong_current_password(),
            Reason::BadCountyCode => t.reason_bad_county_code(),
            Reason::BadDivisionCode => t.reason_bad_division_code(),
            Reason::BadShortCode => t.reason_bad_short_code(),
            Reason::CodeOfAnotherCounty => t.reason_code_of_another_county(),
            Reason::WrongParent => t.reason_wrong_parent(),
            Reason::ParentMissing => t.reason_parent_missing(),
            Reason::UnitInactive => t.reason_unit_inactive(),
            Reason::MoveIntoOwnSubtree => t.reason_move_into_own_subtree(),
            Reason::OwnUnit => t.reason_own_unit(),
            Reason::OwnAccount => t.reason_own_account(),
            Reason::UsernameTaken => t.reason_username_taken(),
            Reason::CodeTaken => t.reason_code_taken(),
            Reason::RoleNotGrantable => t.reason_role_not_grantable(),
            Reason::RoleUnitMismatch => t.reason_role_unit_mismatch(),
            Reason::UnknownRole => t.reason_unknown_role(),
            Reason::UnknownUnit => t.reason_unknown_unit(),
            Reason::CountySuspended => t.reason_county_suspended(),
            Reason::Credentials => t.sign_in_error_credentials(),
            Reason::MustChangePassword => t.reason_must_change_password(),
            Reason::FileMissing => t.reason_file_missing(),
            Reason::FileTooLarge => t.reason_file_too_large(),
            Reason::ImportNotReady => t.reason_import_not_ready(),
            Reason::PasswordsDiffer => t.reason_passwords_differ(),
            Reason::BadDays => t.reason_bad_days(),
            Reason::LabelTaken => t.reason_label_taken(),
            Reason::BadIdNumber => t.reason_bad_id_number(),
            Reason::BadPhone => t.reason_bad_phone(),
            Reason::PersonExists => t.reason_person_exists(),
            Reason::DuplicatePerson => t.reason_duplicate_person(),
            Reason::BadDate => t.reason_bad_date(),
            Reason::BadDateRange => t.reason_bad_date_range(),
            Reason::NotAVillage => t.reason_not_a_village(),
            Reason::UnknownTag => t.reason_unknown_tag(),
            Reason::UnknownOption => t.reason_unknown_option(),
            Reason::ModeNotAllowed => t.reason_mode_not_allowed(),
            Reason::AttitudeRequired => t.reason_attitude_required(),
            Reason::BadPercent => t.reason_bad_percent(),
            Reason::CampaignClosed => t.reason_campaign_closed(),
            Reason::NotACadre => t.reason_not_a_cadre(),
            Reason::BadPhoto => t.reason_bad_photo(),
            Reason::BadLocation => t.reason_bad_location(),
            Reason::SubmissionReused => t.reason_submission_reused(),
            Reason::BadGender => t.reason_bad_gender(),
            Reason::TooMany => t.reason_too_many(),
            Reason::NotNow => t.reason_not_now(),
            Reason::ExtensionUsed => t.reason_extension_used(),
            Reason::LeadAlsoCo => t.reason_lead_also_co(),
            Reason::UnknownCategory => t.reason_unknown_category(),
            Reason::NotADepartment => t.reason_not_a_department(),
            Reason::BadChallenge => t.reason_bad_challenge(),
            Reason::BadFileType => t.reason_bad_file_type(),
            Reason::StaleCase => t.reason_stale_case(),
            Reason::NotALeader => t.reason_not_a_leader(),
            Reason::TooFast => t.reason_too_fast(),
            Reason::ChallengeExpired => t.reason_challenge_expired(),
        }
    }
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
