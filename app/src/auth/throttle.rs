//! Sliding-window limits in memory, keyed by client address (failed sign-ins, public
//! submissions, tracking lookups) or by any other key (a tracking code). The per-account
//! sign-in limit lives in the database (`sign_in_failures`) so it holds across server
//! instances; these are per instance, a cheap first line against one address or one target
//! being hammered.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// At most `max` hits per key within `window`.
#[derive(Clone, Debug)]
pub struct Limiter<K> {
    inner: Arc<Mutex<HashMap<K, VecDeque<Instant>>>>,
    max: usize,
    window: Duration,
}

/// The limiter sign-in uses per client address.
pub type IpLimiter = Limiter<IpAddr>;

impl<K: Hash + Eq> Limiter<K> {
    pub fn new(max: usize, window: Duration) -> Limiter<K> {
        Limiter {
            inner: Arc::default(),
            max,
            window,
        }
    }

    /// Seconds to wait if `key` has used up its hits, else `None`.
    pub fn blocked(&self, key: &K) -> Option<u64> {
        let now = Instant::now();
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let times = map.get_mut(key)?;
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.window)
        {
            times.pop_front();
        }
        if times.is_empty() {
            map.remove(key);
            return None;
        }
        (times.len() >= self.max).then(|| {
            let oldest = times.front().copied().unwrap_or(now);
            (self.window.saturating_sub(now.duration_since(oldest)))
                .as_secs()
                .max(1)
        })
    }

    /// Counts one hit (a failure, a submission) against `key`.
    pub fn hit(&self, key: K) {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded memory under a flood of keys: forget the lot rather than grow forever.
        if map.len() > 100_000 {
            map.clear();
        }
        let times = map.entry(key).or_default();
        times.push_back(Instant::now());
        if times.len() > self.max {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_blocked_after_its_failures_and_others_are_not() {
        let limiter = IpLimiter::new(3, Duration::from_secs(60));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(limiter.blocked(&a), None);
            limiter.hit(a);
        }
        assert!(limiter.blocked(&a).is_some());
        assert_eq!(limiter.blocked(&b), None);
    }

    #[test]
    fn failures_age_out() {
        let limiter: IpLimiter = Limiter::new(1, Duration::from_millis(10));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        limiter.hit(a);
        assert!(limiter.blocked(&a).is_some());
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(limiter.blocked(&a), None);
    }
}
