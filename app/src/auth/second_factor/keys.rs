//! The keys of two-factor sign-in, all derived from one master key: the AEAD key that seals each
//! account's TOTP secret at rest, the HMAC key of the recovery codes' hashes, and the HMAC key
//! of the challenge between the password step and the code step. Deriving each with its own
//! label means no value made for one purpose can pass for another.
//!
//! The master key is `MINQING_SECOND_FACTOR_KEY` (server configuration); without it, the
//! token signing secret stands in, as it does for the public form's challenges. Losing or
//! changing the master key makes every enrolled secret unreadable (those accounts must be
//! reset), so a deployment sets it once and keeps it.

use crate::error::AppError;
use hmac::{Hmac, KeyInit, Mac};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::Sha256;
use uuid::Uuid;

/// The format tag of a sealed secret, so a later scheme can tell old rows apart.
const SEALED_V1: &str = "v1.";

#[derive(Clone)]
pub struct Keys {
    seal: [u8; 32],
    recovery: [u8; 32],
    challenge: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("second_factor::Keys(..)")
    }
}

fn derive(master: &[u8], label: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(master).expect("HMAC takes any key");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

impl Keys {
    pub fn new(master: &[u8]) -> Keys {
        Keys {
            seal: derive(master, "minqing/second-factor/seal/v1"),
            recovery: derive(master, "minqing/second-factor/recovery/v1"),
            challenge: derive(master, "minqing/second-factor/challenge/v1"),
        }
    }

    fn aead(&self) -> LessSafeKey {
        LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.seal).expect("a 32-byte key"))
    }

    /// `secret` sealed for account `user`: the account's id is the associated data, so a
    /// sealed secret copied onto another account's row does not open there.
    pub fn seal(&self, user: Uuid, secret: &[u8]) -> Result<String, AppError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut sealed = secret.to_vec();
        self.aead()
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(user.as_bytes()),
                &mut sealed,
            )
            .map_err(|_| AppError::Internal("sealing a second-factor secret".into()))?;
        Ok(format!("{SEALED_V1}{}{}", hex(&nonce), hex(&sealed)))
    }

    /// The secret `seal` made for `user`; an error for anything else (another account's row,
    /// another key, a damaged value), never a wrong secret.
    pub fn open(&self, user: Uuid, sealed: &str) -> Result<Vec<u8>, AppError> {
        let refuse = || AppError::Internal("a second-factor secret does not open".into());
        let bytes = sealed
            .strip_prefix(SEALED_V1)
            .and_then(unhex)
            .ok_or_else(refuse)?;
        if bytes.len() <= NONCE_LEN {
            return Err(refuse());
        }
        let (nonce, rest) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| refuse())?;
        let mut rest = rest.to_vec();
        let plain = self
            .aead()
            .open_in_place(nonce, Aad::from(user.as_bytes()), &mut rest)
            .map_err(|_| refuse())?;
        Ok(plain.to_vec())
    }

    /// A recovery code's stored form: HMAC-SHA256 under a key the database does not hold, so
    /// a copy of the table alone cannot be searched for the codes.
    pub fn recovery_hash(&self, user: Uuid, code: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.recovery).expect("any key length");
        mac.update(user.as_bytes());
        mac.update(code.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    pub(super) fn challenge_mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.challenge).expect("any key length")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_for_its_account_and_key() {
        let keys = Keys::new(b"master-key-master-key-master-key");
        let (me, other) = (Uuid::now_v7(), Uuid::now_v7());
        let sealed = keys.seal(me, b"twenty-bytes-secret!").unwrap();
        assert!(sealed.starts_with("v1."));
        assert!(
            !sealed.contains(&hex(b"twenty-bytes-secret!")),
            "not in plain text"
        );
        assert_eq!(keys.open(me, &sealed).unwrap(), b"twenty-bytes-secret!");
        assert!(
            keys.open(other, &sealed).is_err(),
            "moved to another account"
        );
        let another = Keys::new(b"another-master-key-another-key!!");
        assert!(another.open(me, &sealed).is_err(), "another key");
        let mut tampered = sealed.clone();
        tampered.replace_range(sealed.len() - 2.., "00");
        assert!(keys.open(me, &tampered).is_err(), "tampered");
        // A fresh nonce each time: the same secret never seals alike.
        assert_ne!(keys.seal(me, b"twenty-bytes-secret!").unwrap(), sealed);
    }

    #[test]
    fn recovery_hashes_depend_on_the_account_and_the_key() {
        let keys = Keys::new(b"master-key-master-key-master-key");
        let (me, other) = (Uuid::now_v7(), Uuid::now_v7());
        let h = keys.recovery_hash(me, "abcde12345");
        assert_eq!(h.len(), 64);
        assert_eq!(h, keys.recovery_hash(me, "abcde12345"));
        assert_ne!(h, keys.recovery_hash(other, "abcde12345"));
        assert_ne!(
            h,
            Keys::new(b"another-master-key-another-key!!").recovery_hash(me, "abcde12345")
        );
    }
}
