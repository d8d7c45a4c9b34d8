//! The caller. Built only by `auth::sessions::authenticate` from a verified token plus the live
//! session, user, org-unit and county rows; nothing else can make one, so holding an `Actor`
//! means the request is authenticated *now* (not merely when the token was issued).

use super::{Action, Reach, Role, matrix};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Where a county account sits; `None` exactly for platform roles.
    pub home: Option<Home>,
    pub must_change_password: bool,
    /// The address the request came from, for the audit log.
    pub ip: String,
}

/// A county account's place: its county and its org unit's materialised path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Home {
    pub county_id: Uuid,
    pub county_code: String,
    pub county_name: String,
    pub org_unit_id: Uuid,
    pub org_unit_name: String,
    pub path: String,
}

/// Where a record lives: its county and the path of the org unit it belongs to.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    pub county_id: Uuid,
    pub path: &'a str,
}

/// The answer to "may this caller do this to that?". `NotFound` hides records that are outside
/// the caller's county or subtree: they must not learn that the record exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum Decision {
    Allow,
    Forbidden,
    NotFound,
}

impl Actor {
    /// Constructed in one place (see the module comment); `pub(crate)` keeps it there.
    #[allow(clippy::too_many_arguments)] // one call site, every field named there
    pub(crate) fn new(
        user_id: Uuid,
        session_id: Uuid,
        username: String,
        display_name: String,
        role: Role,
        home: Option<Home>,
        must_change_password: bool,
        ip: String,
    ) -> Option<Actor> {
        // The role and the presence of a county must agree, or this is no actor at all.
        (role.is_platform() == home.is_none()).then_some(Actor {
            user_id,
            session_id,
            username,
            display_name,
            role,
            home,
            must_change_password,
            ip,
        })
    }

    pub fn county_id(&self) -> Option<Uuid> {
        self.home.as_ref().map(|h| h.county_id)
    }

    /// May the caller do `action` at all (somewhere)? For screens and menus.
    pub fn can(&self, action: Action) -> bool {
        matrix::reach(self.role, action).is_some()
    }

    /// The decision for `action` on a record at `target`, or on the caller's whole reach when
    /// the action has no single target (listing, creating at the top).
    pub fn decide(&self, action: Action, target: Option<Target<'_>>) -> Decision {
        let reach = matrix::reach(self.role, action);
        let Some(home) = &self.home else {
            // Platform roles touch no county's records.
            return match (reach, target) {
                (Some(Reach::Platform), None) => Decision::Allow,
                (_, Some(_)) => Decision::NotFound,
                (_, None) => Decision::Forbidden,
            };
        };
        let Some(target) = target else {
            return match reach {
                Some(Reach::County | Reach::Subtree) => Decision::Allow,
                _ => Decision::Forbidden,
            };
        };
        if target.county_id != home.county_id {
            return Decision::NotFound;
        }
        let inside = target.path.starts_with(&home.path);
        match reach {
            Some(Reach::County) => Decision::Allow,
            Some(Reach::Subtree) if inside => Decision::Allow,
            None if inside => Decision::Forbidden,
            _ => Decision::NotFound,
        }
    }

    /// The path prefix that bounds what the caller may see for `action`: the county root for
    /// county-wide grants, the caller's own path for subtree grants.
    pub fn scope_path(&self, action: Action) -> Option<&str> {
        let home = self.home.as_ref()?;
        match matrix::reach(self.role, action)? {
            Reach::County => Some("/"),
            Reach::Subtree => Some(home.path.as_str()),
            Reach::Platform => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::matrix::MATRIX;

    /// A county account at `path` (the county root is `/1/`).
    pub(crate) fn actor(role: Role, county_id: Uuid, path: &str) -> Actor {
        let home = (!role.is_platform()).then(|| Home {
            county_id,
            county_code: "130123".into(),
            county_name: "正定县".into(),
            org_unit_id: Uuid::nil(),
            org_unit_name: String::new(),
            path: path.into(),
        });
        Actor::new(
            Uuid::nil(),
            Uuid::nil(),
            "u".into(),
            "u".into(),
            role,
            home,
            false,
            String::new(),
        )
        .unwrap()
    }

    /// Each role's home path in a county whose tree is /1/ → township /1/2/ → village /1/2/3/,
    /// department /1/9/.
    fn home_path(role: Role) -> &'static str {
        match role.unit_kind() {
            Some(super::super::OrgKind::Township) => "/1/2/",
            Some(super::super::OrgKind::Village) => "/1/2/3/",
            Some(super::super::OrgKind::Department) => "/1/9/",
            _ => "/1/",
        }
    }

    /// Every role × every action × (own scope, out of scope, another county).
    #[test]
    fn every_cell_of_the_matrix() {
        let here = Uuid::from_u128(1);
        let elsewhere = Uuid::from_u128(2);
        for role in Role::ALL {
            let me = actor(role, here, home_path(role));
            for action in Action::ALL {
                let reach = matrix::reach(role, action);
                let own = me.decide(
                    action,
                    Some(Target {
                        county_id: here,
                        path: home_path(role),
                    }),
                );
                let other_county = me.decide(
                    action,
                    Some(Target {
                        county_id: elsewhere,
                        path: home_path(role),
                    }),
                );
                // A unit outside every non-county role's subtree: another township's village.
                let outside = me.decide(
                    action,
                    Some(Target {
                        county_id: here,
                        path: "/1/7/8/",
                    }),
                );
                assert_eq!(
                    other_county,
                    Decision::NotFound,
                    "{role:?} {action:?} other county"
                );
                if role.is_platform() {
                    assert_eq!(own, Decision::NotFound, "{role:?} {action:?}");
                    let expected = if reach.is_some() {
                        Decision::Allow
                    } else {
                        Decision::Forbidden
                    };
                    assert_eq!(
                        me.decide(action, None),
                        expected,
                        "{role:?} {action:?} untargeted"
                    );
                    continue;
                }
                let expected_own = if reach.is_some() {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                };
                assert_eq!(own, expected_own, "{role:?} {action:?} own scope");
                let county_wide = home_path(role) == "/1/";
                let expected_outside = match reach {
                    Some(Reach::County) => Decision::Allow,
                    None if county_wide => Decision::Forbidden,
                    _ => Decision::NotFound,
                };
                assert_eq!(outside, expected_outside, "{role:?} {action:?} outside");
            }
        }
        assert!(!MATRIX.is_empty());
    }

    #[test]
    fn a_role_without_a_county_is_no_actor() {
        assert!(
            Actor::new(
                Uuid::nil(),
                Uuid::nil(),
                "x".into(),
                "x".into(),
                Role::VillageCadre,
                None,
                false,
                String::new()
            )
            .is_none()
        );
    }
}
