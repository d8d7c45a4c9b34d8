//! Passwords: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately expensive, so it is rationed: at most one hash per core runs at a
//! time, on the blocking pool (never on the async workers), and the rest wait in line for at
//! most `QUEUE_WAIT`, then hear "busy, retry after a moment" (503) instead of piling up. Unbounded,
//! a Monday-morning burst of 64 sign-ins ran 64 hashes at once: 64 × 19 MiB of buffers, CPU
//! starved for every other request, and sign-ins' database writes timed out behind each other.
//!
//! Each slot owns its 19 MiB of argon2 working memory, allocated once and reused. Allocating
//! it per hash let glibc's malloc raise its mmap threshold past 19 MiB after the first free,
//! so later buffers came from per-thread arenas that keep freed memory: a burst left the
//! process at gigabytes long after it ended (see docs/ARCHITECTURE.md for the measurements).

use crate::error::{AppError, Invalid, Reason};
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{Arc, LazyLock, Mutex};
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

/// The slots' working memories, each `Params::default().block_count()` blocks; never more
/// than there are slots, since one is taken only with a slot.
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

fn take_memory() -> Vec<Block> {
    let spare = MEMORY.lock().unwrap_or_else(|e| e.into_inner()).pop();
    spare.unwrap_or_else(|| vec![Block::default(); Params::default().block_count()])
}

fn give_back(memory: Vec<Block>) {
    MEMORY
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(memory);
}

/// Runs `work` on the blocking pool once a slot is free, with that slot's working memory. The
/// slot travels with the work, so a caller that gives up (a closed connection) does not free
/// it while the hash still runs.
async fn rationed<T: Send + 'static>(
    work: impl FnOnce(&mut [Block]) -> T + Send + 'static,
) -> Result<T, AppError> {
    let slot = tokio::time::timeout(QUEUE_WAIT, Arc::clone(&SLOTS).acquire_owned())
        .await
        .map_err(|_| AppError::Busy {
            retry_after_secs: RETRY_AFTER_SECS,
        })?
        .map_err(|e| AppError::Internal(format!("password slots: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let mut memory = take_memory();
        let out = work(&mut memory);
        give_back(memory);
        drop(slot);
        out
    })
    .await
    .map_err(|e| AppError::Internal(format!("password hashing task: {e}")))
}

/// Verified against when the username is unknown, so both answers take the same time.
static DUMMY: LazyLock<Option<String>> = LazyLock::new(|| {
    let mut memory = vec![Block::default(); Params::default().block_count()];
    hash_with(&mut memory, "minqing-dummy-password-1").ok()
});

fn failed(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("password hashing: {e}"))
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), as `PasswordHasher` writes it.
fn hash_with(memory: &mut [Block], password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(failed)?;
    let params = Params::default();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2()
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, memory)
        .map_err(failed)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(failed)?,
        salt: Some(Salt::new(&salt).map_err(failed)?),
        hash: Some(Output::new(&out).map_err(failed)?),
    };
    Ok(phc.to_string())
}

/// Checks `password` against a PHC string, with the slot's memory when the stored cost is
/// today's (an older cost gets memory of its own). `Output`'s comparison is constant-time.
fn verify_with(memory: &mut [Block], password: &str, hash: &str) -> bool {
    let Ok(phc) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(params), Ok(algorithm)) = (
        Params::try_from(&phc),
        Algorithm::try_from(phc.algorithm.as_str()),
    ) else {
        return false;
    };
    let version = match phc.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let (Some(salt), Some(expected)) = (phc.salt, phc.hash) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let done = if params.block_count() == memory.len() {
        argon2.hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, memory)
    } else {
        argon2.hash_password_into(password.as_bytes(), &salt, &mut out)
    };
    done.is_ok() && Output::new(&out).is_ok_and(|o| o == expected)
}

pub async fn hash(password: String) -> Result<String, AppError> {
    rationed(move |memory| hash_with(memory, &password)).await?
}

/// `hash` is `None` for an unknown user: a dummy hash is checked instead and `false` returned.
/// Fails only when no hashing slot came free in time (`AppError::Busy`).
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, AppError> {
    rationed(move |memory| {
        let known = hash.is_some();
        let Some(hash) = hash.or_else(|| DUMMY.clone()) else {
            return false;
        };
        verify_with(memory, &password, &hash) && known
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
            tokio::spawn(rationed(|memory| {
                let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                MOST.fetch_max(now, Ordering::SeqCst);
                let _ = hash_with(memory, "zhengding2026");
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
    fn hashes_agree_with_the_argon2_crates_own() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let mut memory = vec![Block::default(); Params::default().block_count()];
        // Ours verify with the crate's verifier, and the crate's (the stored format) with ours.
        let ours = hash_with(&mut memory, "zhengding2026").unwrap();
        assert!(
            argon2()
                .verify_password(b"zhengding2026", ours.as_str())
                .is_ok()
        );
        let theirs = argon2()
            .hash_password(b"zhengding2026")
            .unwrap()
            .to_string();
        assert!(verify_with(&mut memory, "zhengding2026", &theirs));
        assert!(!verify_with(&mut memory, "zhengding2027", &theirs));
        // An older, cheaper cost still verifies (with memory of its own).
        let cheap = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 2, 1, None).unwrap(),
        );
        let old = cheap.hash_password(b"zhengding2026").unwrap().to_string();
        assert!(verify_with(&mut memory, "zhengding2026", &old));
        assert!(!verify_with(&mut memory, "zhengding2026", "not a hash"));
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
