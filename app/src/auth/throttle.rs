//! Per-IP limit on failed sign-ins, in memory. The per-account limit lives in the database
//! (`sign_in_failures`) so it holds across server instances; this one is a cheap first line
//! against one address guessing at many accounts.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct IpLimiter {
    inner: Arc<Mutex<HashMap<IpAddr, VecDeque<Instant>>>>,
    max: usize,
    window: Duration,
}

impl IpLimiter {
    pub fn new(max: usize, window: Duration) -> IpLimiter {
        IpLimiter {
            inner: Arc::default(),
            max,
            window,
        }
    }

    /// Seconds to wait if `ip` has used up its failures, else `None`.
    pub fn blocked(&self, ip: IpAddr) -> Option<u64> {
        let now = Instant::now();
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let times = map.get_mut(&ip)?;
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.window)
        {
            times.pop_front();
        }
        if times.is_empty() {
            map.remove(&ip);
            return None;
        }
        (times.len() >= self.max).then(|| {
            let oldest = times.front().copied().unwrap_or(now);
            (self.window.saturating_sub(now.duration_since(oldest)))
                .as_secs()
                .max(1)
        })
    }

    pub fn failed(&self, ip: IpAddr) {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded memory under a flood of addresses: forget the lot rather than grow forever.
        if map.len() > 100_000 {
            map.clear();
        }
        let times = map.entry(ip).or_default();
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
            assert_eq!(limiter.blocked(a), None);
            limiter.failed(a);
        }
        assert!(limiter.blocked(a).is_some());
        assert_eq!(limiter.blocked(b), None);
    }

    #[test]
    fn failures_age_out() {
        let limiter = IpLimiter::new(1, Duration::from_millis(10));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        limiter.failed(a);
        assert!(limiter.blocked(a).is_some());
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(limiter.blocked(a), None);
    }
}
