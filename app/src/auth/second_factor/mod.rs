//! Two-factor sign-in: TOTP (RFC 6238) with one-time recovery codes. The rule for who must use
//! it is `policy`; the codes, URI and QR code `codes`; the keys (secret sealed at rest, recovery
//! hashes, the signed challenge) `keys` and `challenge`. `store` reads and writes the tables,
//! `account` is the owner's enrolment, `verify` the code step of signing in, `rule` a
//! county's settings. Every enrolment, use, disable and reset writes an audit row.

pub mod account;
pub(crate) mod challenge;
pub mod codes;
pub mod entity;
mod keys;
pub mod policy;
pub mod rule;
pub(crate) mod store;
pub mod verify;

pub use challenge::{Purpose, TTL_SECS as CHALLENGE_TTL_SECS};
pub use keys::Keys;
pub use policy::{Rule, Standing};
pub use store::{remove, standing};

/// The second factor's part of the authentication settings: its keys and the challenges
/// already spent on this instance.
#[derive(Clone, Debug)]
pub struct SecondFactor {
    pub(crate) keys: Keys,
    pub(crate) spent: challenge::Spent,
}

impl SecondFactor {
    /// `master`: `MINQING_SECOND_FACTOR_KEY`, or the token signing secret when none is set.
    pub fn new(master: &[u8]) -> SecondFactor {
        SecondFactor {
            keys: Keys::new(master),
            spent: challenge::Spent::default(),
        }
    }

    /// A challenge for the step after the password.
    pub(crate) fn challenge(
        &self,
        purpose: Purpose,
        county_id: Option<uuid::Uuid>,
        user_id: uuid::Uuid,
    ) -> Result<String, crate::error::AppError> {
        challenge::issue(&self.keys, purpose, county_id, user_id, now_secs())
    }
}

pub(crate) fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
