//! Access tokens: JWT, HS256 pinned, with issuer, audience, type, not-before, expiry, subject
//! and session id all required. Refresh tokens are opaque random strings (see `sessions`).

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "minqing";
pub const AUDIENCE: &str = "minqing";
pub const ACCESS: &str = "access";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// Always "access": a token minted for anything else is refused here.
    pub typ: String,
    pub sub: Uuid,
    pub sid: Uuid,
    /// The county, so the session lookup can run inside that county's row-level security.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cty: Option<Uuid>,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

impl Keys {
    /// `secret` must be at least 32 bytes (checked by the configuration).
    pub fn new(secret: &[u8]) -> Keys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["iss", "aud", "sub", "exp", "nbf"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn encode(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// The claims of a valid access token; `None` for anything else, whatever the reason.
    pub fn decode(&self, token: &str) -> Option<Claims> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        (data.header.alg == Algorithm::HS256 && data.claims.typ == ACCESS).then_some(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn claims(now: i64) -> Claims {
        Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            typ: ACCESS.into(),
            sub: Uuid::now_v7(),
            sid: Uuid::now_v7(),
            cty: Some(Uuid::now_v7()),
            iat: now,
            nbf: now,
            exp: now + 900,
        }
    }

    /// Minimal base64url without padding, for forging tokens in tests.
    fn b64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    #[test]
    fn a_fresh_token_round_trips() {
        let keys = Keys::new(SECRET);
        let c = claims(OffsetDateTime::now_utc().unix_timestamp());
        assert_eq!(keys.decode(&keys.encode(&c).unwrap()), Some(c));
    }

    #[test]
    fn attacks_are_refused() {
        let keys = Keys::new(SECRET);
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let good = claims(now);
        let refused = |c: &Claims, why: &str| {
            assert_eq!(keys.decode(&keys.encode(c).unwrap()), None, "{why}");
        };
        refused(
            &Claims {
                exp: now - 60,
                ..good.clone()
            },
            "expired",
        );
        refused(
            &Claims {
                nbf: now + 3600,
                ..good.clone()
            },
            "not yet valid",
        );
        refused(
            &Claims {
                aud: "other".into(),
                ..good.clone()
            },
            "wrong audience",
        );
        refused(
            &Claims {
                iss: "other".into(),
                ..good.clone()
            },
            "wrong issuer",
        );
        refused(
            &Claims {
                typ: "refresh".into(),
                ..good.clone()
            },
            "wrong type",
        );

        let other = Keys::new(b"another-secret-another-secret-!!");
        assert_eq!(
            keys.decode(&other.encode(&good).unwrap()),
            None,
            "wrong key"
        );

        let token = keys.encode(&good).unwrap();
        let [header, payload, signature]: [&str; 3] =
            token.split('.').collect::<Vec<_>>().try_into().unwrap();
        let forged_payload = b64(serde_json::to_string(&Claims {
            sub: Uuid::now_v7(),
            ..good.clone()
        })
        .unwrap()
        .as_bytes());
        assert_eq!(
            keys.decode(&format!("{header}.{forged_payload}.{signature}")),
            None,
            "tampered"
        );

        let none = b64(br#"{"alg":"none","typ":"JWT"}"#);
        assert_eq!(keys.decode(&format!("{none}.{payload}.")), None, "alg none");
        let hs512 = b64(br#"{"alg":"HS512","typ":"JWT"}"#);
        assert_eq!(
            keys.decode(&format!("{hs512}.{payload}.{signature}")),
            None,
            "alg swap"
        );
        assert_eq!(keys.decode("not a token"), None);
    }
}
