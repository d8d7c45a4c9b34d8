//! The audit log: who did what to which record, from where, when, and how it ended. Rows are
//! written in the same transaction as the change they describe, so a change without its audit
//! row cannot commit. Each county has its own hash chain (the platform has one too): changing
//! or removing any row breaks every later hash, which `verify` finds.

#[cfg(feature = "ssr")]
mod chain;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod export;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
mod query;
mod texts;

#[cfg(feature = "ssr")]
pub use chain::{Event, Who, denied, guarded, record, verify, verify_in_pages};
#[cfg(feature = "ssr")]
pub use query::{AuditFilter, AuditPage, list};

use serde::{Deserialize, Serialize};

/// What happened. Stored as the snake_case code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignOut,
    TokenRefreshReuse,
    PermissionDenied,
    PasswordChange,
    SessionsRevoke,
    CountyCreate,
    CountySuspend,
    CountyReactivate,
    OrgUnitCreate,
    OrgUnitUpdate,
    OrgImport,
    UserCreate,
    UserUpdate,
    UserPasswordReset,
    UserImport,
    AuditExport,
    HouseholdCreate,
    HouseholdUpdate,
    HouseholdImport,
    HouseholdExport,
    PersonalReveal,
    CadrePairing,
    CampaignCreate,
    CampaignUpdate,
    VisitSettingsUpdate,
    LedgerExport,
    GrievanceSettingsUpdate,
    YellowCard,
    GrievanceRegister,
    GrievanceStep,
    VisitRecord,
    TriggerRecord,
    SecondFactorEnrol,
    SecondFactorVerify,
    RecoveryCodeUse,
    SecondFactorDisable,
    SecondFactorReset,
    SecuritySettingsUpdate,
}

impl AuditAction {
    pub const ALL: [AuditAction; 39] = [
        AuditAction::SignIn,
        AuditAction::SignOut,
        AuditAction::TokenRefreshReuse,
        AuditAction::PermissionDenied,
        AuditAction::PasswordChange,
        AuditAction::SessionsRevoke,
        AuditAction::CountyCreate,
        AuditAction::CountySuspend,
        AuditAction::CountyReactivate,
        AuditAction::OrgUnitCreate,
        AuditAction::OrgUnitUpdate,
        AuditAction::OrgImport,
        AuditAction::UserCreate,
        AuditAction::UserUpdate,
        AuditAction::UserPasswordReset,
        AuditAction::UserImport,
        AuditAction::AuditExport,
        AuditAction::HouseholdCreate,
        AuditAction::HouseholdUpdate,
        AuditAction::HouseholdImport,
        AuditAction::HouseholdExport,
        AuditAction::PersonalReveal,
        AuditAction::CadrePairing,
        AuditAction::CampaignCreate,
        AuditAction::CampaignUpdate,
        AuditAction::VisitSettingsUpdate,
        AuditAction::LedgerExport,
        AuditAction::GrievanceSettingsUpdate,
        AuditAction::YellowCard,
        AuditAction::GrievanceRegister,
        AuditAction::GrievanceStep,
        AuditAction::VisitRecord,
        AuditAction::TriggerRecord,
        AuditAction::SecondFactorEnrol,
        AuditAction::SecondFactorVerify,
        AuditAction::RecoveryCodeUse,
        AuditAction::SecondFactorDisable,
        AuditAction::SecondFactorReset,
        AuditAction::SecuritySettingsUpdate,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignOut => "sign_out",
            AuditAction::TokenRefreshReuse => "token_refresh_reuse",
            AuditAction::PermissionDenied => "permission_denied",
            AuditAction::PasswordChange => "password_change",
            AuditAction::SessionsRevoke => "sessions_revoke",
            AuditAction::CountyCreate => "county_create",
            AuditAction::CountySuspend => "county_suspend",
            AuditAction::CountyReactivate => "county_reactivate",
            AuditAction::OrgUnitCreate => "org_unit_create",
            AuditAction::OrgUnitUpdate => "org_unit_update",
            AuditAction::OrgImport => "org_import",
            AuditAction::UserCreate => "user_create",
            AuditAction::UserUpdate => "user_update",
            AuditAction::UserPasswordReset => "user_password_reset",
            AuditAction::UserImport => "user_import",
            AuditAction::AuditExport => "audit_export",
            AuditAction::HouseholdCreate => "household_create",
            AuditAction::HouseholdUpdate => "household_update",
            AuditAction::HouseholdImport => "household_import",
            AuditAction::HouseholdExport => "household_export",
            AuditAction::PersonalReveal => "personal_reveal",
            AuditAction::CadrePairing => "cadre_pairing",
            AuditAction::CampaignCreate => "campaign_create",
            AuditAction::CampaignUpdate => "campaign_update",
            AuditAction::VisitSettingsUpdate => "visit_settings_update",
            AuditAction::LedgerExport => "ledger_export",
            AuditAction::GrievanceSettingsUpdate => "grievance_settings_update",
            AuditAction::YellowCard => "yellow_card",
            AuditAction::GrievanceRegister => "grievance_register",
            AuditAction::GrievanceStep => "grievance_step",
            AuditAction::VisitRecord => "visit_record",
            AuditAction::TriggerRecord => "trigger_record",
            AuditAction::SecondFactorEnrol => "second_factor_enrol",
            AuditAction::SecondFactorVerify => "second_factor_verify",
            AuditAction::RecoveryCodeUse => "recovery_code_use",
            AuditAction::SecondFactorDisable => "second_factor_disable",
            AuditAction::SecondFactorReset => "second_factor_reset",
            AuditAction::SecuritySettingsUpdate => "security_settings_update",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Success, Outcome::Failure, Outcome::Denied];

    pub const fn code(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }
}
