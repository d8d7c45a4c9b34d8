//! What the log viewer and its export show: the filters as they travel in the URL, the
//! labels of actions and outcomes, and a page of entries.

use super::{AuditAction, Outcome};
use crate::access::Role;
use crate::i18n::Texts;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// The filters as they travel in the URL; the export reads the same ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// `YYYY-MM-DD`, China time, whole days.
    pub from: String,
    pub until: String,
    /// The username of whoever acted.
    pub actor: String,
    /// An `AuditAction` code.
    pub action: String,
    /// An `Outcome` code.
    pub outcome: String,
    /// Keyset: entries older than this sequence number.
    pub before: String,
}

impl AuditQuery {
    pub fn from_params(p: &ParamsMap) -> AuditQuery {
        let get = |k: &str| p.get(k).unwrap_or_default();
        AuditQuery {
            from: get("from"),
            until: get("until"),
            actor: get("actor"),
            action: get("action"),
            outcome: get("outcome"),
            before: get("before"),
        }
    }

    /// The filters without the page position.
    pub fn filters(&self) -> [(&'static str, &str); 5] {
        [
            ("from", &self.from),
            ("until", &self.until),
            ("actor", &self.actor),
            ("action", &self.action),
            ("outcome", &self.outcome),
        ]
    }
}

impl AuditAction {
    /// What happened, as people say it.
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            AuditAction::SignIn => t.audit_action_sign_in(),
            AuditAction::SignOut => t.audit_action_sign_out(),
            AuditAction::TokenRefreshReuse => t.audit_action_token_refresh_reuse(),
            AuditAction::PermissionDenied => t.audit_action_permission_denied(),
            AuditAction::PasswordChange => t.audit_action_password_change(),
            AuditAction::SessionsRevoke => t.audit_action_sessions_revoke(),
            AuditAction::CountyCreate => t.audit_action_county_create(),
            AuditAction::CountySuspend => t.audit_action_county_suspend(),
            AuditAction::CountyReactivate => t.audit_action_county_reactivate(),
            AuditAction::OrgUnitCreate => t.audit_action_org_unit_create(),
            AuditAction::OrgUnitUpdate => t.audit_action_org_unit_update(),
            AuditAction::OrgImport => t.audit_action_org_import(),
            AuditAction::UserCreate => t.audit_action_user_create(),
            AuditAction::UserUpdate => t.audit_action_user_update(),
            AuditAction::UserPasswordReset => t.audit_action_user_password_reset(),
            AuditAction::UserImport => t.audit_action_user_import(),
            AuditAction::AuditExport => t.audit_action_audit_export(),
            AuditAction::HouseholdCreate => t.audit_action_household_create(),
            AuditAction::HouseholdUpdate => t.audit_action_household_update(),
            AuditAction::HouseholdImport => t.audit_action_household_import(),
            AuditAction::HouseholdExport => t.audit_action_household_export(),
            AuditAction::PersonalReveal => t.audit_action_personal_reveal(),
            AuditAction::CadrePairing => t.audit_action_cadre_pairing(),
            AuditAction::CampaignCreate => t.audit_action_campaign_create(),
            AuditAction::CampaignUpdate => t.audit_action_campaign_update(),
            AuditAction::VisitSettingsUpdate => t.audit_action_visit_settings_update(),
            AuditAction::LedgerExport => t.audit_action_ledger_export(),
            AuditAction::GrievanceSettingsUpdate => t.audit_action_grievance_settings_update(),
            AuditAction::YellowCard => t.audit_action_yellow_card(),
            AuditAction::GrievanceRegister => t.audit_action_grievance_register(),
            AuditAction::GrievanceStep => t.audit_action_grievance_step(),
            AuditAction::VisitRecord => t.audit_action_visit_record(),
            AuditAction::TriggerRecord => t.audit_action_trigger_record(),
            AuditAction::SecondFactorEnrol => t.audit_action_second_factor_enrol(),
            AuditAction::SecondFactorVerify => t.audit_action_second_factor_verify(),
            AuditAction::RecoveryCodeUse => t.audit_action_recovery_code_use(),
            AuditAction::SecondFactorDisable => t.audit_action_second_factor_disable(),
            AuditAction::SecondFactorReset => t.audit_action_second_factor_reset(),
            AuditAction::SecuritySettingsUpdate => t.audit_action_security_settings_update(),
        }
    }
}

impl Outcome {
    pub const fn label(self, t: Texts) -> &'static str {
        match self {
            Outcome::Success => t.audit_outcome_success(),
            Outcome::Failure => t.audit_outcome_failure(),
            Outcome::Denied => t.audit_outcome_denied(),
        }
    }
}

/// One entry as the table shows it. Codes the viewer does not know stay as they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub seq: i64,
    /// `YYYY-MM-DD HH:MM`, China time.
    pub at: String,
    pub actor: String,
    pub role: Option<Role>,
    pub action: Option<AuditAction>,
    pub action_code: String,
    pub target: String,
    pub outcome: Option<Outcome>,
    pub outcome_code: String,
    pub ip: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLines {
    pub rows: Vec<AuditLine>,
    /// The `before` of the next (older) page, if there is one.
    pub next: Option<i64>,
}
