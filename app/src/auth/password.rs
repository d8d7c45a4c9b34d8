//! Passwords: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately expensive, so it is rationed: at most one hash per core runs at a
//! time, on the blocking pool (never on the async workers), and the rest wait in line for at
//! most `QUEUE_WAIT`, then hear "busy, retry after a moment" (503) instead of piling up. Unbounded,
//! a Monday-morning burst of 64 sign-ins ran 64 hashes at once: 64 × 19 MiB of buffers, CPU
//! starved for every other request, and sign-ins' database writes timed out behind each other.

use crate::error::{AppError, Invalid, Reason};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::sync::Semaphore;

fn argon2() -> Argon2<'static> {
    // The crate's defaults are OWASP's: m = 19 MiB, t = 2, p = 1 (the test pins them).
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// How long a hash may wait for a free slot before the caller is told to come back.
const QUEUE_WAIT: Duration = Duration::from_secs(10);
/// What a caller turned away is told to wait: a slot frees every few tens of milliseconds.
const RETRY_AFTER_SECS: u64 = 2;

/// One slot per core: more hashes at once only share the same cores and multiply the memory.
static SLOTS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    Arc::new(Semaphore::new(cores))
});

/// Runs `work` on the blocking pool once a slot is free. The slot travels with the work, so
/// a caller that gives up (a closed connection) does not free it while the hash still runs.
async fn rationed<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let slot = tokio::time::timeout(QUEUE_WAIT, Arc::clone(&SLOTS).acquire_owned())
        .await
        .map_err(|_| AppError::Busy {
            retry_after_secs: RETRY_AFTER_SECS,
        })?
        .map_err(|e| AppError::Internal(format!("password slots: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let out = work();
        drop(slot);
        out
    })
    .await
    .map_err(|e| AppError::Internal(format!("password hashing task: {e}")))
}

/// Verified against when the username is unknown, so both answers take the same time.
static DUMMY: LazyLock<Option<String>> =
    LazyLock::new(|| hash_blocking("minqing-dummy-password-1").ok());

fn hash_blocking(password: &str) -> Result<String, AppError> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing: {e}")))
}

pub async fn hash(password: String) -> Result<String, AppError> {
    rationed(move || hash_blocking(&password)).await?
}

/// `hash` is `None` for an unknown user: a dummy hash is checked instead and `false` returned.
/// Fails only when no hashing slot came free in time (`AppError::Busy`).
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, AppError> {
    rationed(move || {
        let known = hash.is_some();
        let Some(hash) = hash.or_else(|| DUMMY.clone()) else {
            return false;
        };
        let ok = argon2()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok();
        ok && known
    })
    .await
}

/// 8–64 characters, letters and digits, not the username.
pub fn check_strength(field: &'static str, password: &str, username: &str) -> Result<(), Invalid> {
    let n = password.chars().count();
    let reason = if !(8..=64).contains(&n)
        || !password.chars().any(|c| c.is_alphabetic())
        || !password.chars().any(|c| c.is_ascii_digit())
    {
        Reason::WeakPassword
    } else if password.eq_ignore_ascii_case(username) {
        Reason::PasswordIsUsername
    } else {
        return Ok(());
    };
    Err(Invalid { field, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn right_password_verifies_and_wrong_or_unknown_does_not() {
        let h = hash("zhengding2026".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("zhengding2026".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("zhengding2027".into(), Some(h)).await.unwrap());
        assert!(
            !verify("minqing-dummy-password-1".into(), None)
                .await
                .unwrap()
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_hashes_run_at_once_than_there_are_slots() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let jobs = (0..16).map(|_| {
            tokio::spawn(rationed(|| {
                let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                MOST.fetch_max(now, Ordering::SeqCst);
                let _ = hash_blocking("zhengding2026");
                RUNNING.fetch_sub(1, Ordering::SeqCst);
            }))
        });
        for job in jobs.collect::<Vec<_>>() {
            job.await.unwrap().unwrap();
        }
        let slots = std::thread::available_parallelism().map_or(2, usize::from);
        let most = MOST.load(Ordering::SeqCst);
        assert!(most >= 1 && most <= slots, "{most} at once, {slots} slots");
    }

    #[test]
    fn weak_passwords_are_refused() {
        for weak in ["short1", "onlyletters", "1234567890", &"a1".repeat(40)] {
            assert!(check_strength("password", weak, "li").is_err(), "{weak}");
        }
        assert_eq!(
            check_strength("password", "Zhangsan01", "zhangsan01")
                .unwrap_err()
                .reason,
            Reason::PasswordIsUsername
        );
        assert!(check_strength("password", "村里人人好2026", "li").is_ok());
    }
}
