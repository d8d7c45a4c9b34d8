//! Authentication: passwords, access tokens, sessions with rotating refresh tokens, and the
//! sign-in throttles. `sessions::authenticate` is where every `Actor` comes from.

#[cfg(feature = "ssr")]
mod attempts;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod guessing;
pub mod model;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod second_factor;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod sign_in;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod token;

#[cfg(feature = "ssr")]
pub use settings::AuthSettings;

#[cfg(feature = "ssr")]
mod settings {
    use super::{second_factor::SecondFactor, throttle::IpLimiter, token::Keys};
    use std::time::Duration;

    /// The knobs of authentication, filled from the server's configuration.
    #[derive(Clone, Debug)]
    pub struct AuthSettings {
        pub keys: Keys,
        /// Lifetime of an access token (at most 15 minutes).
        pub access_ttl: Duration,
        /// A session with no request for this long ends.
        pub idle_timeout: Duration,
        /// A session ends this long after sign-in, however active.
        pub session_lifetime: Duration,
        /// Failed sign-ins per (account, address) within `failure_window` before that address
        /// is slowed down at that account (see `guessing`).
        pub account_failures: u32,
        pub failure_window: Duration,
        /// Failed sign-ins at one account from all addresses within `failure_window` beyond
        /// which addresses that never signed in to it are slowed too.
        pub spread_failures: u32,
        pub ip: IpLimiter,
        /// Two-factor sign-in's keys (see `second_factor::keys`).
        pub second_factor: SecondFactor,
    }

    impl AuthSettings {
        pub fn new(secret: &[u8]) -> AuthSettings {
            AuthSettings {
                keys: Keys::new(secret),
                access_ttl: Duration::from_secs(15 * 60),
                idle_timeout: Duration::from_secs(30 * 60),
                session_lifetime: Duration::from_secs(12 * 3600),
                account_failures: 5,
                failure_window: Duration::from_secs(15 * 60),
                spread_failures: 100,
                ip: IpLimiter::new(30, Duration::from_secs(15 * 60)),
                second_factor: SecondFactor::new(secret),
            }
        }
    }
}
