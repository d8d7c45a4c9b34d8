//! The codes themselves: TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, one step of
//! clock skew either way, as every authenticator app does it), the otpauth URI and its QR code,
//! and the one-time recovery codes.

use crate::error::AppError;
use totp_rs::{Algorithm, Builder, Totp};

/// The issuer authenticator apps show beside the account.
pub const ISSUER: &str = "民情";
pub const STEP_SECS: u64 = 30;
/// Bytes of a new secret (160 bits, RFC 4226's recommendation).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code: 10 from a 32-letter alphabet, 50 bits.
const RECOVERY_LEN: usize = 10;
/// Crockford's base32: no i, l, o or u, and those typed for 1, 1, 0 are read as such.
const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

fn totp(secret: &[u8], account: &str) -> Result<Totp, AppError> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECS)
        .with_secret(secret.to_vec())
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', "_"))
        .build()
        .map_err(|e| AppError::Internal(format!("totp: {e:?}")))
}

/// A fresh random secret.
pub fn new_secret() -> Result<Vec<u8>, AppError> {
    let mut secret = vec![0u8; SECRET_BYTES];
    getrandom::fill(&mut secret).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(secret)
}

/// What an authenticator app needs: the otpauth URI (for the QR code) and the secret in
/// base32 for typing in by hand.
pub struct Enrolment {
    pub uri: String,
    pub secret_base32: String,
}

pub fn enrolment(secret: &[u8], account: &str) -> Result<Enrolment, AppError> {
    let totp = totp(secret, account)?;
    Ok(Enrolment {
        uri: totp
            .to_url()
            .map_err(|e| AppError::Internal(format!("totp uri: {e:?}")))?,
        secret_base32: totp.secret().to_base32(),
    })
}

/// The step whose code `code` is at `now` (Unix seconds), allowing one step either way;
/// `None` for a wrong code. Spaces and full-width digits (Chinese keyboards) are forgiven.
pub fn matching_step(secret: &[u8], code: &str, now: u64) -> Option<u64> {
    let code = normalize_digits(code);
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp(secret, "").ok()?.check(&code, now)
}

/// The code of `secret` at `now` (tests and the demo's helpers).
pub fn code_at(secret: &[u8], now: u64) -> Result<String, AppError> {
    Ok(totp(secret, "")?.generate(now).to_string())
}

fn normalize_digits(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Whether what was typed is meant as a recovery code (ten characters) rather than a TOTP
/// code (six digits).
pub fn looks_like_recovery(code: &str) -> bool {
    normalize_recovery(code).is_some()
}

/// A recovery code as stored: lowercase, without the dash and spaces people type; `None` if it
/// cannot be one.
pub fn normalize_recovery(code: &str) -> Option<String> {
    let code: String = normalize_digits(code)
        .to_ascii_lowercase()
        .chars()
        .map(|c| match c {
            'o' => '0',
            'i' | 'l' => '1',
            c => c,
        })
        .collect();
    (code.len() == RECOVERY_LEN && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then_some(code)
}

/// `RECOVERY_CODES` new recovery codes, as shown (`abcde-12345`).
pub fn new_recovery_codes() -> Result<Vec<String>, AppError> {
    let mut raw = [0u8; RECOVERY_CODES * RECOVERY_LEN];
    getrandom::fill(&mut raw).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(raw
        .chunks(RECOVERY_LEN)
        .map(|chunk| {
            let letters: String = chunk
                .iter()
                .map(|b| char::from(RECOVERY_ALPHABET[usize::from(b % 32)]))
                .collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect())
}

/// The QR code of `uri` as an inline SVG (no XML declaration), drawn on the server.
pub fn qr_svg(uri: &str) -> Result<String, AppError> {
    let code =
        qrcode::QrCode::new(uri.as_bytes()).map_err(|e| AppError::Internal(format!("qr: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(svg
        .split_once("?>")
        .map_or(svg.as_str(), |(_, rest)| rest)
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret.
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn codes_follow_rfc_6238() {
        // Appendix B lists 8-digit codes; ours are their last six digits.
        assert_eq!(code_at(RFC_SECRET, 59).unwrap(), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109).unwrap(), "081804");
        assert_eq!(code_at(RFC_SECRET, 2_000_000_000).unwrap(), "279037");
    }

    #[test]
    fn one_step_of_skew_either_way_and_no_more() {
        let now = 1_000_000_020;
        let step = now / STEP_SECS;
        let code = |t: u64| code_at(RFC_SECRET, t).unwrap();
        assert_eq!(matching_step(RFC_SECRET, &code(now), now), Some(step));
        assert_eq!(
            matching_step(RFC_SECRET, &code(now - 30), now),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(RFC_SECRET, &code(now + 30), now),
            Some(step + 1)
        );
        assert_eq!(matching_step(RFC_SECRET, &code(now - 60), now), None);
        assert_eq!(matching_step(RFC_SECRET, &code(now + 60), now), None);
        assert_eq!(matching_step(RFC_SECRET, "12345", now), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", now), None);
        let wide: String = code(now)
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect();
        assert_eq!(matching_step(RFC_SECRET, &wide, now), Some(step));
    }

    #[test]
    fn the_uri_names_the_issuer_and_the_account() {
        let e = enrolment(RFC_SECRET, "admin@130123").unwrap();
        assert!(e.uri.starts_with("otpauth://totp/"), "{}", e.uri);
        assert!(e.uri.contains("issuer=%E6%B0%91%E6%83%85"), "{}", e.uri);
        assert!(e.uri.contains("admin%40130123"), "{}", e.uri);
        assert!(e.uri.contains(&format!("secret={}", e.secret_base32)));
        let svg = qr_svg(&e.uri).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_back() {
        let codes = new_recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        for code in &codes {
            assert_eq!(code.len(), 11);
            assert!(looks_like_recovery(code));
            let stored = normalize_recovery(code).unwrap();
            assert_eq!(
                normalize_recovery(&code.to_uppercase()),
                Some(stored.clone())
            );
            assert_eq!(
                normalize_recovery(&format!(" {} ", code.replace('-', " "))),
                Some(stored)
            );
        }
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
        assert!(!looks_like_recovery("123456"));
        assert_eq!(normalize_recovery("OOOOOIIIII"), Some("0000011111".into()));
        assert_eq!(
            normalize_recovery("uuuuuuuuuu"),
            None,
            "u is not in the alphabet"
        );
    }
}
