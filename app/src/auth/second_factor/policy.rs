//! Who must give a second factor, and from when. The platform operator, county admins and
//! auditors always must (MLPS level 3 wants two factors for administrators); a county may add
//! its other roles. An account the rule applies to that has not enrolled yet has a grace
//! period — counted from the later of its creation and the moment the rule first applied to
//! its role — during which it still signs in with its password alone and is told the
//! deadline; after it, the password alone is refused and the sign-in leads to enrolment.

use crate::access::Role;

/// Roles that always need a second factor.
pub const ALWAYS: [Role; 3] = [Role::PlatformAdmin, Role::CountyAdmin, Role::Auditor];
/// Roles a county may add.
pub const OPTIONAL: [Role; 5] = crate::auth::model::OPTIONAL_ROLES;
pub const DEFAULT_GRACE_DAYS: u32 = 7;
/// The longest grace period a county may set.
pub const MAX_GRACE_DAYS: u32 = 90;
const DAY: i64 = 86_400;

/// A county's (or the platform's) rule, as stored in `second_factor_settings`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub extra_roles: Vec<Role>,
    pub grace_days: u32,
    /// When the rule began for the always-required roles (Unix seconds).
    pub required_since: i64,
    /// When the county last added a role to `extra_roles`.
    pub extra_since: i64,
}

impl Default for Rule {
    /// No row yet: the defaults, with the grace counted from each account's creation.
    fn default() -> Rule {
        Rule {
            extra_roles: Vec::new(),
            grace_days: DEFAULT_GRACE_DAYS,
            required_since: 0,
            extra_since: 0,
        }
    }
}

/// Where an account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    NotRequired,
    Enrolled,
    /// Required, not enrolled, and still allowed in until `deadline` (Unix seconds).
    Grace {
        deadline: i64,
    },
    /// Required, not enrolled, past the deadline: the password alone is refused.
    Overdue,
}

impl Rule {
    pub fn applies(&self, role: Role) -> bool {
        ALWAYS.contains(&role) || self.extra_roles.contains(&role)
    }

    /// The moment an account of `role` created at `created` must have enrolled by.
    pub fn deadline(&self, role: Role, created: i64) -> Option<i64> {
        if !self.applies(role) {
            return None;
        }
        let since = if ALWAYS.contains(&role) {
            self.required_since
        } else {
            self.extra_since
        };
        Some(created.max(since) + i64::from(self.grace_days) * DAY)
    }

    pub fn standing(&self, role: Role, created: i64, enrolled: bool, now: i64) -> Standing {
        match (enrolled, self.deadline(role, created)) {
            (true, _) => Standing::Enrolled,
            (false, None) => Standing::NotRequired,
            (false, Some(deadline)) if now < deadline => Standing::Grace { deadline },
            (false, Some(_)) => Standing::Overdue,
        }
    }

    /// `extra_roles` as stored: codes, comma-separated.
    pub fn roles_text(&self) -> String {
        self.extra_roles
            .iter()
            .map(|r| r.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The stored text back as roles (unknown or non-optional codes dropped).
    pub fn parse_roles(text: &str) -> Vec<Role> {
        let mut roles: Vec<Role> = text
            .split(',')
            .filter_map(|c| Role::from_code(c.trim()))
            .filter(|r| OPTIONAL.contains(r))
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_always_need_it_others_when_the_county_says_so() {
        let rule = Rule::default();
        for role in ALWAYS {
            assert!(rule.applies(role), "{role:?}");
        }
        for role in OPTIONAL.into_iter().chain([Role::ProvinceViewer]) {
            assert!(!rule.applies(role), "{role:?}");
        }
        let county = Rule {
            extra_roles: vec![Role::TownshipAdmin],
            ..Rule::default()
        };
        assert!(county.applies(Role::TownshipAdmin));
        assert!(!county.applies(Role::VillageCadre));
    }

    #[test]
    fn the_grace_runs_from_creation_or_from_when_the_rule_began_whichever_is_later() {
        let rule = Rule {
            extra_roles: vec![Role::VillageCadre],
            grace_days: 7,
            required_since: 100 * DAY,
            extra_since: 200 * DAY,
        };
        // An old admin: seven days from when the rule began.
        assert_eq!(rule.deadline(Role::CountyAdmin, 10 * DAY), Some(107 * DAY));
        // A new one: seven days from creation.
        assert_eq!(rule.deadline(Role::CountyAdmin, 150 * DAY), Some(157 * DAY));
        // A cadre: from when the county added cadres.
        assert_eq!(
            rule.deadline(Role::VillageCadre, 150 * DAY),
            Some(207 * DAY)
        );
        assert_eq!(rule.deadline(Role::TownshipStaff, 150 * DAY), None);

        let created = 150 * DAY;
        assert_eq!(
            rule.standing(Role::CountyAdmin, created, false, 156 * DAY),
            Standing::Grace {
                deadline: 157 * DAY
            }
        );
        assert_eq!(
            rule.standing(Role::CountyAdmin, created, false, 157 * DAY),
            Standing::Overdue
        );
        assert_eq!(
            rule.standing(Role::CountyAdmin, created, true, 999 * DAY),
            Standing::Enrolled
        );
        assert_eq!(
            rule.standing(Role::TownshipStaff, created, false, 999 * DAY),
            Standing::NotRequired
        );
        let none = Rule {
            grace_days: 0,
            ..rule
        };
        assert_eq!(
            none.standing(Role::Auditor, created, false, created),
            Standing::Overdue,
            "0 days: no grace at all"
        );
    }

    #[test]
    fn stored_roles_read_back_and_only_optional_ones_count() {
        let roles =
            Rule::parse_roles("village_cadre, county_admin,nonsense,township_admin,village_cadre");
        assert_eq!(roles, vec![Role::TownshipAdmin, Role::VillageCadre]);
        let rule = Rule {
            extra_roles: roles,
            ..Rule::default()
        };
        assert_eq!(Rule::parse_roles(&rule.roles_text()), rule.extra_roles);
    }
}
