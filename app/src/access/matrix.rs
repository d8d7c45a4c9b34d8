//! Who may do what, as data: the one place that says it. `docs/ACCESS.md` shows this table and
//! `tests::matrix_doc_is_current` keeps the two equal.

use super::Role;
use serde::{Deserialize, Serialize};

/// Everything a signed-in user can ask to do that needs a permission. Managing one's own
/// account (password, sessions) needs none beyond being signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// List, create, suspend and reactivate counties; create their admin and auditor accounts.
    CountiesManage,
    /// See org units and the tree.
    OrgView,
    /// Create, rename, move and deactivate org units.
    OrgManage,
    /// Import the org tree or departments from a spreadsheet.
    OrgImport,
    /// See accounts.
    UsersView,
    /// Create, edit, disable accounts, reset passwords, end their sessions.
    UsersManage,
    /// Import accounts from a spreadsheet.
    UsersImport,
    /// Read the audit log and export it.
    AuditView,
    /// See households and their members (personal fields masked).
    HouseholdsView,
    /// Add and edit households, pair cadres with them, import them.
    HouseholdsManage,
    /// Reveal a masked ID-card number or phone, one field at a time; each reveal is audited.
    PersonalReveal,
    /// See campaigns, visit tasks, visits and coverage.
    VisitsView,
    /// Create and close visit campaigns, assign their tasks.
    CampaignsManage,
    /// Record visits and must-visit (五必访) events.
    VisitsRecord,
    /// Edit the county's tags, must-visit events, policies and the 补访 delay.
    VisitSettings,
    /// Export the ledgers (households, visits, grievances) to spreadsheets.
    LedgerExport,
    /// See grievances: by their place, or, for a unit handling them, by that unit.
    GrievancesView,
    /// Register a grievance (walk-in, letter, phone, online, or a visit's concern).
    GrievancesRecord,
    /// Decide acceptance, assign, follow up (回访) and close: the dispatcher of the place.
    GrievancesDispatch,
    /// Take up, reply to, return and ask to extend the cases one's unit leads.
    GrievancesHandle,
    /// Decide extensions, supervise (督办), name a responsible leader, issue yellow cards.
    GrievancesSupervise,
    /// Edit the county's categories, deadlines, routing rules and repeat window.
    GrievanceSettings,
    /// Edit the county's security rules: which further roles must use two-factor sign-in,
    /// and the grace period before it is enforced.
    SecuritySettings,
}

impl Action {
    pub const ALL: [Action; 23] = [
        Action::CountiesManage,
        Action::OrgView,
        Action::OrgManage,
        Action::OrgImport,
        Action::UsersView,
        Action::UsersManage,
        Action::UsersImport,
        Action::AuditView,
        Action::HouseholdsView,
        Action::HouseholdsManage,
        Action::PersonalReveal,
        Action::VisitsView,
        Action::CampaignsManage,
        Action::VisitsRecord,
        Action::VisitSettings,
        Action::LedgerExport,
        Action::GrievancesView,
        Action::GrievancesRecord,
        Action::GrievancesDispatch,
        Action::GrievancesHandle,
        Action::GrievancesSupervise,
        Action::GrievanceSettings,
        Action::SecuritySettings,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Action::CountiesManage => "counties_manage",
            Action::OrgView => "org_view",
            Action::OrgManage => "org_manage",
            Action::OrgImport => "org_import",
            Action::UsersView => "users_view",
            Action::UsersManage => "users_manage",
            Action::UsersImport => "users_import",
            Action::AuditView => "audit_view",
            Action::HouseholdsView => "households_view",
            Action::HouseholdsManage => "households_manage",
            Action::PersonalReveal => "personal_reveal",
            Action::VisitsView => "visits_view",
            Action::CampaignsManage => "campaigns_manage",
            Action::VisitsRecord => "visits_record",
            Action::VisitSettings => "visit_settings",
            Action::LedgerExport => "ledger_export",
            Action::GrievancesView => "grievances_view",
            Action::GrievancesRecord => "grievances_record",
            Action::GrievancesDispatch => "grievances_dispatch",
            Action::GrievancesHandle => "grievances_handle",
            Action::GrievancesSupervise => "grievances_supervise",
            Action::GrievanceSettings => "grievance_settings",
            Action::SecuritySettings => "security_settings",
        }
    }
}

/// How far a grant reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The whole deployment (platform actions, which touch no county's data).
    Platform,
    /// Everything in the caller's county.
    County,
    /// The caller's own org unit and everything under it.
    Subtree,
}

use Action::*;
use Reach::*;
use Role::*;

/// The grants. A (role, action) pair that is absent is denied.
pub const MATRIX: &[(Role, Action, Reach)] = &[
    (PlatformAdmin, CountiesManage, Platform),
    (CountyAdmin, OrgView, County),
    (CountyAdmin, OrgManage, County),
    (CountyAdmin, OrgImport, County),
    (CountyAdmin, UsersView, County),
    (CountyAdmin, UsersManage, County),
    (CountyAdmin, UsersImport, County),
    (CountyLeader, OrgView, County),
    (CountyLeader, UsersView, County),
    (DepartmentStaff, OrgView, Subtree),
    (TownshipAdmin, OrgView, Subtree),
    (TownshipAdmin, OrgManage, Subtree),
    (TownshipAdmin, UsersView, Subtree),
    (TownshipAdmin, UsersManage, Subtree),
    (TownshipAdmin, UsersImport, Subtree),
    (TownshipStaff, OrgView, Subtree),
    (TownshipStaff, UsersView, Subtree),
    (VillageCadre, OrgView, Subtree),
    (Auditor, AuditView, County),
    // Households and visits. Departments see no registry; the province sees nothing here.
    (CountyAdmin, HouseholdsView, County),
    (CountyLeader, HouseholdsView, County),
    (TownshipAdmin, HouseholdsView, Subtree),
    (TownshipStaff, HouseholdsView, Subtree),
    (VillageCadre, HouseholdsView, Subtree),
    (CountyAdmin, HouseholdsManage, County),
    (TownshipAdmin, HouseholdsManage, Subtree),
    (TownshipStaff, HouseholdsManage, Subtree),
    (VillageCadre, HouseholdsManage, Subtree),
    // Those who phone and visit families; leaders read masked records.
    (CountyAdmin, PersonalReveal, County),
    (TownshipAdmin, PersonalReveal, Subtree),
    (TownshipStaff, PersonalReveal, Subtree),
    (VillageCadre, PersonalReveal, Subtree),
    (CountyAdmin, VisitsView, County),
    (CountyLeader, VisitsView, County),
    (TownshipAdmin, VisitsView, Subtree),
    (TownshipStaff, VisitsView, Subtree),
    (VillageCadre, VisitsView, Subtree),
    (CountyAdmin, CampaignsManage, County),
    (TownshipAdmin, CampaignsManage, Subtree),
    (TownshipAdmin, VisitsRecord, Subtree),
    (TownshipStaff, VisitsRecord, Subtree),
    (VillageCadre, VisitsRecord, Subtree),
    (CountyAdmin, VisitSettings, County),
    (CountyAdmin, LedgerExport, County),
    (CountyLeader, LedgerExport, County),
    (TownshipAdmin, LedgerExport, Subtree),
    // Grievances. A department's reach is its own subtree: the cases it handles, since no
    // place lies under a department.
    (CountyAdmin, GrievancesView, County),
    (CountyLeader, GrievancesView, County),
    (DepartmentStaff, GrievancesView, Subtree),
    (TownshipAdmin, GrievancesView, Subtree),
    (TownshipStaff, GrievancesView, Subtree),
    (VillageCadre, GrievancesView, Subtree),
    (CountyLeader, GrievancesRecord, County),
    (TownshipAdmin, GrievancesRecord, Subtree),
    (TownshipStaff, GrievancesRecord, Subtree),
    (VillageCadre, GrievancesRecord, Subtree),
    // The county's 信访/综治 centre and the townships dispatch.
    (CountyLeader, GrievancesDispatch, County),
    (TownshipAdmin, GrievancesDispatch, Subtree),
    (TownshipStaff, GrievancesDispatch, Subtree),
    (DepartmentStaff, GrievancesHandle, Subtree),
    (TownshipAdmin, GrievancesHandle, Subtree),
    (TownshipStaff, GrievancesHandle, Subtree),
    (CountyLeader, GrievancesSupervise, County),
    (CountyAdmin, GrievanceSettings, County),
    (CountyAdmin, SecuritySettings, County),
];

pub fn reach(role: Role, action: Action) -> Option<Reach> {
    MATRIX
        .iter()
        .find(|(r, a, _)| *r == role && *a == action)
        .map(|(_, _, reach)| *reach)
}

/// The matrix as a Markdown table, for the docs.
pub fn markdown() -> String {
    let mut out = String::from("| action |");
    for role in Role::ALL {
        out.push_str(&format!(" {} |", role.code()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(Role::ALL.len()));
    out.push('\n');
    for action in Action::ALL {
        out.push_str(&format!("| {} |", action.code()));
        for role in Role::ALL {
            let cell = match reach(role, action) {
                None => "–",
                Some(Platform) => "all counties",
                Some(County) => "county",
                Some(Subtree) => "own subtree",
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pair_is_granted_at_most_once() {
        for (i, (r, a, _)) in MATRIX.iter().enumerate() {
            assert!(
                !MATRIX[i + 1..].iter().any(|(r2, a2, _)| r2 == r && a2 == a),
                "{r:?} × {a:?} twice"
            );
        }
    }

    #[test]
    fn platform_reach_only_for_platform_roles_and_county_roles_stay_in_counties() {
        for (role, action, reach) in MATRIX {
            assert_eq!(
                *reach == Platform,
                role.is_platform(),
                "{role:?} × {action:?}"
            );
        }
    }

    #[test]
    fn duties_stay_separate() {
        // 三员分立: the auditor does nothing but audit; nobody else reads the audit log.
        for action in Action::ALL {
            let auditor = reach(Auditor, action).is_some();
            assert_eq!(auditor, action == AuditView, "{action:?}");
        }
        for role in Role::ALL {
            assert_eq!(
                reach(role, AuditView).is_some(),
                role == Auditor,
                "{role:?}"
            );
        }
        // The province sees aggregates only: nothing in this matrix.
        assert!(
            Action::ALL
                .iter()
                .all(|a| reach(ProvinceViewer, *a).is_none())
        );
    }

    #[test]
    fn matrix_doc_is_current() {
        let doc = include_str!("../../../docs/ACCESS.md");
        assert!(
            doc.contains(&markdown()),
            "docs/ACCESS.md must contain the table printed by access::matrix::markdown():\n{}",
            markdown()
        );
    }
}
