//! The public form's challenge: a small sum ("3 + 5 = ?") whose numbers, county and issue time
//! travel in a token the server signed (HMAC-SHA256), so it works without JavaScript and needs
//! no stored state per form. An answer counts only with a valid signature, for the county it
//! was issued for, at least `min_fill` after issue (scripts post at once, people take longer
//! than a few seconds to describe a problem), within `MAX_AGE`, and once: a used token is
//! remembered until it would have expired anyway (in memory, per server instance).

use crate::error::{AppError, Reason};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How long a form may stay open before its answer is refused.
pub const MAX_AGE_SECS: i64 = 2 * 3600;

/// A question to put on the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub token: String,
    pub a: u8,
    pub b: u8,
}

#[derive(Clone)]
pub struct Challenges {
    key: Vec<u8>,
    min_fill_secs: i64,
    /// Nonces already answered, with their issue time (forgotten after `MAX_AGE_SECS`).
    used: Arc<Mutex<HashMap<String, i64>>>,
}

impl std::fmt::Debug for Challenges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Challenges(..)")
    }
}

impl Challenges {
    /// `secret` is the server's signing secret; the key is derived from it so a challenge
    /// token can never pass for anything else signed with the secret.
    pub fn new(secret: &[u8], min_fill_secs: u64) -> Challenges {
        let mut derive = mac(secret);
        derive.update(b"minqing/grievance-challenge/v1");
        Challenges {
            key: derive.finalize().into_bytes().to_vec(),
            min_fill_secs: i64::try_from(min_fill_secs).unwrap_or(i64::MAX),
            used: Arc::default(),
        }
    }

    /// A new question for a form of `county` (its division code), issued at `now` (Unix secs).
    pub fn issue(&self, county: &str, now: i64) -> Result<Challenge, AppError> {
        let mut raw = [0u8; 10];
        getrandom::fill(&mut raw).map_err(|e| AppError::Internal(e.to_string()))?;
        let (a, b) = (1 + raw[0] % 9, 1 + raw[1] % 9);
        let nonce: String = raw[2..].iter().map(|b| format!("{b:02x}")).collect();
        let body = format!("{now}.{a}.{b}.{nonce}");
        let token = format!("{body}.{}", self.sign(county, &body));
        Ok(Challenge { token, a, b })
    }

    /// Accepts `answer` to the question in `token` once, or says why not.
    pub fn check(&self, county: &str, token: &str, answer: &str, now: i64) -> Result<(), AppError> {
        let refuse = |reason| Err(AppError::invalid("answer", reason));
        let Some((body, signature)) = token.trim().rsplit_once('.') else {
            return refuse(Reason::BadChallenge);
        };
        if !self.verify(county, body, signature) {
            return refuse(Reason::BadChallenge);
        }
        let parts: Vec<&str> = body.split('.').collect();
        let [issued, a, b, nonce] = parts[..] else {
            return refuse(Reason::BadChallenge);
        };
        let (Ok(issued), Ok(a), Ok(b)) =
            (issued.parse::<i64>(), a.parse::<u32>(), b.parse::<u32>())
        else {
            return refuse(Reason::BadChallenge);
        };
        let age = now - issued;
        if age > MAX_AGE_SECS {
            return refuse(Reason::ChallengeExpired);
        }
        if age < self.min_fill_secs {
            return refuse(Reason::TooFast);
        }
        {
            let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
            used.retain(|_, at| now - *at <= MAX_AGE_SECS);
            // One answer per question, right or wrong: guessing means a new form.
            if used.insert(nonce.to_owned(), issued).is_some() {
                return refuse(Reason::BadChallenge);
            }
        }
        // Full-width digits are what many phone keyboards type in Chinese mode.
        let answer: String = answer
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                c => c,
            })
            .collect();
        if answer.parse::<u32>().ok() == Some(a + b) {
            Ok(())
        } else {
            refuse(Reason::BadChallenge)
        }
    }

    fn signed(&self, county: &str, body: &str) -> Hmac<Sha256> {
        let mut m = mac(&self.key);
        m.update(county.as_bytes());
        m.update(b"|");
        m.update(body.as_bytes());
        m
    }

    fn sign(&self, county: &str, body: &str) -> String {
        let bytes = self.signed(county, body).finalize().into_bytes();
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn verify(&self, county: &str, body: &str, signature: &str) -> bool {
        let bytes: Option<Vec<u8>> = signature
            .len()
            .is_multiple_of(2)
            .then(|| {
                (0..signature.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(signature.get(i..i + 2)?, 16).ok())
                    .collect()
            })
            .flatten();
        // `verify_slice` compares in constant time.
        bytes.is_some_and(|b| self.signed(county, body).verify_slice(&b).is_ok())
    }
}

fn mac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn reason(r: Result<(), AppError>) -> Option<Reason> {
        match r {
            Ok(()) => None,
            Err(AppError::Invalid(list)) => Some(list[0].reason),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_right_sum_passes_once() {
        let c = Challenges::new(SECRET, 3);
        let q = c.issue("130123", 1000).unwrap();
        assert!((1..=9).contains(&q.a) && (1..=9).contains(&q.b));
        let sum = (q.a + q.b).to_string();
        assert_eq!(reason(c.check("130123", &q.token, &sum, 1010)), None);
        assert_eq!(
            reason(c.check("130123", &q.token, &sum, 1011)),
            Some(Reason::BadChallenge),
            "a token works once"
        );
    }

    #[test]
    fn wrong_answers_tampering_other_counties_and_timing_are_refused() {
        let c = Challenges::new(SECRET, 3);
        let q = c.issue("130123", 1000).unwrap();
        let sum = q.a + q.b;
        let wrong = (sum + 1).to_string();
        assert_eq!(
            reason(c.check("130123", &q.token, &wrong, 1010)),
            Some(Reason::BadChallenge)
        );
        let q = c.issue("130123", 1000).unwrap();
        let sum = (q.a + q.b).to_string();
        assert_eq!(
            reason(c.check("130131", &q.token, &sum, 1010)),
            Some(Reason::BadChallenge),
            "issued for another county"
        );
        // Changing the numbers (to make the sum 2) breaks the signature.
        let mut parts: Vec<String> = q.token.split('.').map(str::to_owned).collect();
        parts[1] = "1".into();
        parts[2] = "1".into();
        assert_eq!(
            reason(c.check("130123", &parts.join("."), "2", 1010)),
            Some(Reason::BadChallenge)
        );
        let other = Challenges::new(b"another-secret-another-secret-xx", 3);
        assert_eq!(
            reason(other.check("130123", &q.token, &sum, 1010)),
            Some(Reason::BadChallenge),
            "signed with another secret"
        );
        assert_eq!(
            reason(c.check("130123", "", &sum, 1010)),
            Some(Reason::BadChallenge)
        );
        assert_eq!(
            reason(c.check("130123", &q.token, &sum, 1001)),
            Some(Reason::TooFast)
        );
        assert_eq!(
            reason(c.check("130123", &q.token, &sum, 1000 + MAX_AGE_SECS + 1)),
            Some(Reason::ChallengeExpired)
        );
        // Refusals for timing do not use the token up.
        assert_eq!(reason(c.check("130123", &q.token, &sum, 1010)), None);
    }

    #[test]
    fn full_width_digits_are_read() {
        let c = Challenges::new(SECRET, 0);
        let q = c.issue("130123", 1000).unwrap();
        let full: String = (q.a + q.b)
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect();
        assert_eq!(reason(c.check("130123", &q.token, &full, 1000)), None);
    }
}
