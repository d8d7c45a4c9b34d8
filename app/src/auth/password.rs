//! Passwords: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), hashed on the
//! blocking pool so a sign-in never stalls other requests.

use crate::error::{AppError, Invalid, Reason};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use std::sync::LazyLock;

fn argon2() -> Argon2<'static> {
    // The crate's defaults are OWASP's: m = 19 MiB, t = 2, p = 1 (the test pins them).
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
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
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| AppError::Internal(format!("password hashing task: {e}")))?
}

/// `hash` is `None` for an unknown user: a dummy hash is checked instead and `false` returned.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
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
    .unwrap_or(false)
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
        assert!(verify("zhengding2026".into(), Some(h.clone())).await);
        assert!(!verify("zhengding2027".into(), Some(h)).await);
        assert!(!verify("minqing-dummy-password-1".into(), None).await);
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
