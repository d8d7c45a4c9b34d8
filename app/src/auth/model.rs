//! What two-factor sign-in sends to pages and the API: compiled for the browser too.

use crate::access::Role;
use serde::{Deserialize, Serialize};

/// Roles a county may add to the ones that always need a second factor.
pub const OPTIONAL_ROLES: [Role; 5] = [
    Role::CountyLeader,
    Role::DepartmentStaff,
    Role::TownshipAdmin,
    Role::TownshipStaff,
    Role::VillageCadre,
];

/// The cookie that carries the challenge between the password and the code (HttpOnly, only
/// sent to `/sign-in…`, five minutes).
pub const CHALLENGE_COOKIE: &str = "mq_2fa";

/// The challenge the browser holds, if any.
#[cfg(feature = "ssr")]
pub fn challenge_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == CHALLENGE_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty())
}

/// What an authenticator app needs: the QR code (inline SVG drawn on the server) and the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolView {
    pub qr_svg: String,
    /// Base32, in groups of four.
    pub secret: String,
    /// The otpauth URI the QR code holds (for API clients).
    pub uri: String,
}

/// Where the caller's account stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub enrolled: bool,
    /// The county's rule applies to the account's role.
    pub required: bool,
    /// Required, not enrolled, in the grace period: until when (China time).
    pub deadline: Option<String>,
    /// A set-up begun and not yet confirmed.
    pub pending: Option<EnrolView>,
    pub recovery_left: u64,
}

/// A county's rule as its admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub extra_roles: Vec<Role>,
    pub grace_days: u32,
}

/// Recovery codes just made: put in the rendering context of the one response that shows
/// them (never stored in the clear, never in an address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryCodesShown(pub Vec<String>);
