//! How sign-in slows password guessing without handing an attacker a way to lock the owner
//! out (OWASP ASVS V6). The rule, also stated in docs/ACCESS.md:
//!
//! - Failures are counted per (account, client address). The first `free` in the window cost
//!   nothing; after that, each further attempt from that address at that account waits
//!   30 s × 2^(failures − free) after the latest failure, at most the window itself.
//! - Failures are also counted per address across accounts (`throttle::IpLimiter`), so one
//!   address cannot spread its guesses over many accounts.
//! - An address that has not failed against the account is not slowed by anyone else's
//!   failures: the owner signs in from their own phone or office while someone guesses
//!   elsewhere. Only when the account draws `spread` failures in the window from everywhere
//!   together (guessing spread over many addresses) are new addresses slowed too; addresses
//!   the account has signed in from before still pass.
//! - A successful sign-in forgets the failures of that (account, address).
//!
//! Nothing is ever locked: every answer is "wait this long", never "wait for an admin".

use std::time::Duration;

/// The first wait once the free failures are used up; it doubles with each further failure.
pub const BASE_WAIT: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Failures per (account, address) in the window before attempts are slowed.
    pub free: u32,
    /// How long a failure is remembered, and the longest wait.
    pub window: Duration,
    /// Failures at one account from all addresses in the window beyond which addresses that
    /// have never signed in to it are slowed too.
    pub spread: u32,
}

/// What the database knows about this attempt's account and address, within the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Failures at this account from this address.
    pub here: u32,
    /// Seconds since the latest of those.
    pub since_last_here: Option<u64>,
    /// Failures at this account from anywhere.
    pub everywhere: u32,
    /// This account has signed in from this address before.
    pub known_address: bool,
}

impl Rule {
    /// The wait after `failures` failures (none while they are free).
    pub fn wait_after(&self, failures: u32) -> Option<Duration> {
        let beyond = failures.checked_sub(self.free)?;
        let doubled = BASE_WAIT.saturating_mul(2u32.saturating_pow(beyond.min(20)));
        Some(doubled.min(self.window))
    }

    /// Seconds this attempt must still wait, or `None` to let it try the password.
    pub fn retry_after(&self, h: History) -> Option<u64> {
        if let Some(wait) = self.wait_after(h.here) {
            let waited = h.since_last_here.unwrap_or(u64::MAX);
            if waited < wait.as_secs() {
                return Some((wait.as_secs() - waited).max(1));
            }
        }
        // Guessing spread over many addresses: a stranger's address waits like a failing one.
        if h.everywhere >= self.spread && !h.known_address {
            return Some(BASE_WAIT.as_secs());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        free: 5,
        window: Duration::from_secs(15 * 60),
        spread: 100,
    };

    fn here(n: u32, since: u64) -> History {
        History {
            here: n,
            since_last_here: Some(since),
            everywhere: n,
            known_address: false,
        }
    }

    #[test]
    fn the_first_failures_are_free_then_waits_double_up_to_the_window() {
        assert_eq!(RULE.wait_after(4), None);
        let waits: Vec<u64> = (5..=12)
            .map(|n| RULE.wait_after(n).unwrap().as_secs())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(RULE.wait_after(u32::MAX), Some(Duration::from_secs(900)));
    }

    #[test]
    fn an_address_that_failed_waits_and_then_may_try_again() {
        assert_eq!(RULE.retry_after(here(4, 0)), None);
        assert_eq!(RULE.retry_after(here(5, 0)), Some(30));
        assert_eq!(RULE.retry_after(here(5, 29)), Some(1));
        assert_eq!(RULE.retry_after(here(5, 30)), None);
        assert_eq!(RULE.retry_after(here(7, 100)), Some(20));
    }

    #[test]
    fn another_address_is_not_held_back_by_an_attackers_failures() {
        let owner = History {
            here: 0,
            since_last_here: None,
            everywhere: 99,
            known_address: false,
        };
        assert_eq!(RULE.retry_after(owner), None);
        // Guessing from a hundred addresses slows strangers, never the owner's known places.
        let stranger = History {
            everywhere: 100,
            ..owner
        };
        assert_eq!(RULE.retry_after(stranger), Some(30));
        let known = History {
            known_address: true,
            ..stranger
        };
        assert_eq!(RULE.retry_after(known), None);
    }
}
