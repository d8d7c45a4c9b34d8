//! The challenge between the password step and the code step of signing in: a short-lived
//! token the server signed (HMAC-SHA256, its own derived key) that says "this account gave
//! the right password at this time", for one purpose: giving a code (`Verify`) or, for an
//! account past its grace period, enrolling (`Enrol`, which opens nothing else). It names
//! the account by id only, never by name, and travels in a request body or an HttpOnly
//! cookie, never in an address. Used once: a spent nonce is remembered until it would have
//! expired anyway (per server instance; the code itself is also good only once, in the
//! database).

use super::keys::{Keys, hex};
use crate::error::AppError;
use hmac::Mac;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// How long after the password the code must come.
pub const TTL_SECS: i64 = 5 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    Enrol,
}

impl Purpose {
    const fn tag(self) -> &'static str {
        match self {
            Purpose::Verify => "v",
            Purpose::Enrol => "e",
        }
    }
}

/// What a valid challenge says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Passed {
    pub purpose: Purpose,
    pub county_id: Option<Uuid>,
    pub user_id: Uuid,
    pub issued: i64,
    nonce: u64,
}

#[derive(Clone, Default)]
pub struct Spent(Arc<Mutex<HashMap<u64, i64>>>);

impl std::fmt::Debug for Spent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spent(..)")
    }
}

impl Spent {
    /// Whether `passed` was used already.
    pub fn is_spent(&self, passed: &Passed) -> bool {
        let spent = self.0.lock().unwrap_or_else(|e| e.into_inner());
        spent.contains_key(&passed.nonce)
    }

    /// Marks `passed` used; false if it was already.
    pub fn spend(&self, passed: &Passed, now: i64) -> bool {
        let mut spent = self.0.lock().unwrap_or_else(|e| e.into_inner());
        spent.retain(|_, issued| now - *issued <= TTL_SECS);
        spent.insert(passed.nonce, passed.issued).is_none()
    }
}

fn sign(keys: &Keys, body: &str) -> String {
    let mut mac = keys.challenge_mac();
    mac.update(body.as_bytes());
    hex(&mac.finalize().into_bytes())
}

pub fn issue(
    keys: &Keys,
    purpose: Purpose,
    county_id: Option<Uuid>,
    user_id: Uuid,
    now: i64,
) -> Result<String, AppError> {
    let mut raw = [0u8; 8];
    getrandom::fill(&mut raw).map_err(|e| AppError::Internal(e.to_string()))?;
    let county = county_id.map_or_else(|| "p".to_owned(), |c| c.simple().to_string());
    let body = format!(
        "{}.{county}.{}.{now}.{}",
        purpose.tag(),
        user_id.simple(),
        hex(&raw)
    );
    let signature = sign(keys, &body);
    Ok(format!("{body}.{signature}"))
}

/// The challenge in `token` if it is ours, unexpired and unspent (not yet marked spent: the
/// caller spends it once the code is right, so a mistyped code can be typed again).
pub fn check(keys: &Keys, token: &str, now: i64) -> Result<Passed, AppError> {
    let (body, signature) = token
        .trim()
        .rsplit_once('.')
        .ok_or(AppError::Unauthenticated)?;
    // Constant-time comparison through the MAC's own verify.
    let mut mac = keys.challenge_mac();
    mac.update(body.as_bytes());
    let given = (0..signature.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(signature.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
        .ok_or(AppError::Unauthenticated)?;
    mac.verify_slice(&given)
        .map_err(|_| AppError::Unauthenticated)?;
    let parts: Vec<&str> = body.split('.').collect();
    let [purpose, county, user, issued, nonce] = parts[..] else {
        return Err(AppError::Unauthenticated);
    };
    let purpose = match purpose {
        "v" => Purpose::Verify,
        "e" => Purpose::Enrol,
        _ => return Err(AppError::Unauthenticated),
    };
    let county_id = match county {
        "p" => None,
        other => Some(Uuid::parse_str(other).map_err(|_| AppError::Unauthenticated)?),
    };
    let user_id = Uuid::parse_str(user).map_err(|_| AppError::Unauthenticated)?;
    let issued: i64 = issued.parse().map_err(|_| AppError::Unauthenticated)?;
    let nonce = u64::from_str_radix(nonce, 16).map_err(|_| AppError::Unauthenticated)?;
    if now - issued > TTL_SECS || issued > now + 5 {
        return Err(AppError::Unauthenticated);
    }
    Ok(Passed {
        purpose,
        county_id,
        user_id,
        issued,
        nonce,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_is_good_for_its_purpose_for_five_minutes_once() {
        let keys = Keys::new(b"master-key-master-key-master-key");
        let (county, user) = (Some(Uuid::now_v7()), Uuid::now_v7());
        let token = issue(&keys, Purpose::Verify, county, user, 1000).unwrap();
        assert!(
            !token.contains(&user.to_string()),
            "the hyphenated id is not needed"
        );
        let passed = check(&keys, &token, 1100).unwrap();
        assert_eq!(
            (passed.purpose, passed.county_id, passed.user_id),
            (Purpose::Verify, county, user)
        );
        assert!(
            check(&keys, &token, 1000 + TTL_SECS + 1).is_err(),
            "expired"
        );
        let spent = Spent::default();
        assert!(spent.spend(&passed, 1100));
        assert!(!spent.spend(&passed, 1101), "used once");

        let enrol = issue(&keys, Purpose::Enrol, None, user, 1000).unwrap();
        assert_eq!(check(&keys, &enrol, 1000).unwrap().purpose, Purpose::Enrol);
        // Turning an enrolment challenge into a verification one breaks the signature.
        let forged = format!("v{}", &enrol[1..]);
        assert!(check(&keys, &forged, 1000).is_err());
        let other = Keys::new(b"another-master-key-another-key!!");
        assert!(check(&other, &token, 1100).is_err(), "another key");
        assert!(check(&keys, "garbage", 1100).is_err());
    }
}
