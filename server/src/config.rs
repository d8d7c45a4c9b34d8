//! Configuration: defaults, then an optional TOML file (`MINQING_CONFIG`, or `minqing.toml` in the
//! working directory), then environment variables (`MINQING_*`, and `DATABASE_URL`).

use anyhow::{Context, bail};
use serde::Deserialize;
use std::{net::SocketAddr, path::PathBuf, time::Duration};

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `MINQING_BIND`: address to listen on.
    pub bind: SocketAddr,
    /// `DATABASE_URL`: `sqlite://…` (default) or `postgres://…`.
    pub database_url: String,
    /// `MINQING_PUBLIC_URL`: how users reach the site; `https://` turns on HSTS and secure cookies.
    pub public_url: String,
    /// `MINQING_SITE_ROOT`: folder holding the built browser bundle (`pkg/`).
    pub site_root: PathBuf,
    /// `MINQING_LOG`: tracing filter, e.g. `info` or `server=debug,info`.
    pub log: String,
    /// `MINQING_LOG_FORMAT`: `text` or `json`.
    pub log_format: LogFormat,
    /// `MINQING_REQUEST_TIMEOUT_SECS`: longest a request may take.
    pub request_timeout_secs: u64,
    /// `MINQING_BODY_LIMIT_BYTES`: largest request body accepted.
    pub body_limit_bytes: usize,
    /// `MINQING_DB_MAX_CONNECTIONS`: database pool size.
    pub db_max_connections: u32,
    /// `MINQING_OWNER_DATABASE_URL`: the table owner's connection, for migrations and seeding.
    /// Empty: the same as `database_url` (SQLite, or a PostgreSQL set up by hand).
    pub owner_database_url: String,
    /// `MINQING_JWT_SECRET`: at least 32 bytes, the same on every instance. Empty: a random one
    /// is kept in `jwt_secret_file` (fine for one instance).
    pub jwt_secret: String,
    /// `MINQING_JWT_SECRET_FILE`
    pub jwt_secret_file: PathBuf,
    /// `MINQING_SECOND_FACTOR_KEY`: at least 32 bytes, the same on every instance; seals the
    /// two-factor secrets at rest and keys the recovery codes' hashes. Empty: derived from the
    /// token signing secret (then changing that secret makes every enrolment unreadable, so a
    /// production deployment sets this once and keeps it).
    pub second_factor_key: String,
    /// `MINQING_ACCESS_TOKEN_MINUTES`: access token lifetime, 1–15.
    pub access_token_minutes: u64,
    /// `MINQING_IDLE_TIMEOUT_MINUTES`: a session unused this long ends.
    pub idle_timeout_minutes: u64,
    /// `MINQING_SESSION_HOURS`: a session ends this long after sign-in.
    pub session_hours: u64,
    /// `MINQING_SIGN_IN_MAX_FAILURES`: failed sign-ins at one account from one address before
    /// that address is slowed down there (exponentially; see `app::auth::guessing`).
    pub sign_in_max_failures: u32,
    /// `MINQING_SIGN_IN_SPREAD_FAILURES`: failed sign-ins at one account from all addresses
    /// together beyond which addresses that never signed in to it are slowed too.
    pub sign_in_spread_failures: u32,
    /// `MINQING_SIGN_IN_WINDOW_MINUTES`: the window those failures are counted in.
    pub sign_in_window_minutes: u64,
    /// `MINQING_IP_MAX_FAILURES`: failed sign-ins per client address in the same window.
    pub ip_max_failures: usize,
    /// `MINQING_TRUST_PROXY`: take the client address from `X-Forwarded-For` (only behind a
    /// proxy that sets it).
    pub trust_proxy: bool,
    /// `MINQING_PUBLIC_SUBMITS_PER_HOUR`: grievances a client address may send through a
    /// county's public form per hour (accepted or not).
    pub public_submits_per_hour: usize,
    /// `MINQING_TRACK_MAX_FAILURES`: failed tracking lookups per client address, and per
    /// tracking code, per hour.
    pub track_max_failures: usize,
    /// `MINQING_CHALLENGE_MIN_SECONDS`: the least time between opening the public form and
    /// sending it.
    pub challenge_min_seconds: u64,
    /// `MINQING_BACKUP_DIR`: where the serving process keeps its scheduled backups (SQLite).
    /// Empty: `backups/` beside the database file.
    pub backup_dir: PathBuf,
    /// `MINQING_BACKUP_EVERY_HOURS`: a scheduled backup is made when the newest one is this
    /// old; 0 turns scheduled backups off.
    pub backup_every_hours: u64,
    /// `MINQING_BACKUP_KEEP`: how many scheduled backups are kept (the oldest go first).
    pub backup_keep: usize,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://data/minqing.db".into(),
            public_url: "http://127.0.0.1:3000".into(),
            site_root: "target/site".into(),
            log: "info".into(),
            log_format: LogFormat::Text,
            request_timeout_secs: 30,
            body_limit_bytes: 1024 * 1024,
            db_max_connections: 16,
            owner_database_url: String::new(),
            jwt_secret: String::new(),
            jwt_secret_file: "data/jwt-secret".into(),
            second_factor_key: String::new(),
            access_token_minutes: 15,
            idle_timeout_minutes: 30,
            session_hours: 12,
            sign_in_max_failures: 5,
            sign_in_spread_failures: 100,
            sign_in_window_minutes: 15,
            ip_max_failures: 30,
            trust_proxy: false,
            public_submits_per_hour: 20,
            track_max_failures: 10,
            challenge_min_seconds: 3,
            backup_dir: PathBuf::new(),
            backup_every_hours: 24,
            backup_keep: 7,
        }
    }
}

impl Config {
    /// The configuration of this process: file (if any), then its environment.
    pub fn load() -> anyhow::Result<Config> {
        let file = std::env::var_os("MINQING_CONFIG")
            .map(PathBuf::from)
            .or_else(|| Some(PathBuf::from("minqing.toml")).filter(|p| p.exists()));
        let mut config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                Config::from_toml(&text).with_context(|| format!("in {}", path.display()))?
            }
            None => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        Ok(config)
    }

    pub fn from_toml(text: &str) -> anyhow::Result<Config> {
        Ok(toml::from_str(text)?)
    }

    /// Overrides from environment variables, read through `var` so tests need no real env.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        fn parse<T: std::str::FromStr>(name: &str, value: String) -> anyhow::Result<T>
        where
            T::Err: std::fmt::Display,
        {
            value
                .trim()
                .parse()
                .map_err(|e| anyhow::anyhow!("{name}={value:?}: {e}"))
        }
        if let Some(v) = var("MINQING_BIND") {
            self.bind = parse("MINQING_BIND", v)?;
        }
        if let Some(v) = var("DATABASE_URL").or_else(|| var("MINQING_DATABASE_URL")) {
            self.database_url = v;
        }
        if let Some(v) = var("MINQING_PUBLIC_URL") {
            self.public_url = v;
        }
        if let Some(v) = var("MINQING_SITE_ROOT").or_else(|| var("LEPTOS_SITE_ROOT")) {
            self.site_root = v.into();
        }
        if let Some(v) = var("MINQING_LOG") {
            self.log = v;
        }
        if let Some(v) = var("MINQING_LOG_FORMAT") {
            self.log_format = match v.trim() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                other => bail!("MINQING_LOG_FORMAT={other:?}: expected text or json"),
            };
        }
        if let Some(v) = var("MINQING_REQUEST_TIMEOUT_SECS") {
            self.request_timeout_secs = parse("MINQING_REQUEST_TIMEOUT_SECS", v)?;
        }
        if let Some(v) = var("MINQING_BODY_LIMIT_BYTES") {
            self.body_limit_bytes = parse("MINQING_BODY_LIMIT_BYTES", v)?;
        }
        if let Some(v) = var("MINQING_DB_MAX_CONNECTIONS") {
            self.db_max_connections = parse("MINQING_DB_MAX_CONNECTIONS", v)?;
        }
        if let Some(v) = var("MINQING_OWNER_DATABASE_URL") {
            self.owner_database_url = v;
        }
        if let Some(v) = var("MINQING_JWT_SECRET") {
            self.jwt_secret = v;
        }
        if let Some(v) = var("MINQING_JWT_SECRET_FILE") {
            self.jwt_secret_file = v.into();
        }
        if let Some(v) = var("MINQING_SECOND_FACTOR_KEY") {
            self.second_factor_key = v;
        }
        for (name, field) in [
            (
                "MINQING_ACCESS_TOKEN_MINUTES",
                &mut self.access_token_minutes,
            ),
            (
                "MINQING_IDLE_TIMEOUT_MINUTES",
                &mut self.idle_timeout_minutes,
            ),
            ("MINQING_SESSION_HOURS", &mut self.session_hours),
            (
                "MINQING_SIGN_IN_WINDOW_MINUTES",
                &mut self.sign_in_window_minutes,
            ),
        ] {
            if let Some(v) = var(name) {
                *field = parse(name, v)?;
            }
        }
        if let Some(v) = var("MINQING_SIGN_IN_MAX_FAILURES") {
            self.sign_in_max_failures = parse("MINQING_SIGN_IN_MAX_FAILURES", v)?;
        }
        if let Some(v) = var("MINQING_SIGN_IN_SPREAD_FAILURES") {
            self.sign_in_spread_failures = parse("MINQING_SIGN_IN_SPREAD_FAILURES", v)?;
        }
        if let Some(v) = var("MINQING_IP_MAX_FAILURES") {
            self.ip_max_failures = parse("MINQING_IP_MAX_FAILURES", v)?;
        }
        if let Some(v) = var("MINQING_TRUST_PROXY") {
            self.trust_proxy = parse("MINQING_TRUST_PROXY", v)?;
        }
        if let Some(v) = var("MINQING_PUBLIC_SUBMITS_PER_HOUR") {
            self.public_submits_per_hour = parse("MINQING_PUBLIC_SUBMITS_PER_HOUR", v)?;
        }
        if let Some(v) = var("MINQING_TRACK_MAX_FAILURES") {
            self.track_max_failures = parse("MINQING_TRACK_MAX_FAILURES", v)?;
        }
        if let Some(v) = var("MINQING_CHALLENGE_MIN_SECONDS") {
            self.challenge_min_seconds = parse("MINQING_CHALLENGE_MIN_SECONDS", v)?;
        }
        if let Some(v) = var("MINQING_BACKUP_DIR") {
            self.backup_dir = v.into();
        }
        if let Some(v) = var("MINQING_BACKUP_EVERY_HOURS") {
            self.backup_every_hours = parse("MINQING_BACKUP_EVERY_HOURS", v)?;
        }
        if let Some(v) = var("MINQING_BACKUP_KEEP") {
            self.backup_keep = parse("MINQING_BACKUP_KEEP", v)?;
        }
        if self.backup_keep == 0 {
            bail!(
                "MINQING_BACKUP_KEEP must be at least 1 (MINQING_BACKUP_EVERY_HOURS=0 turns backups off)"
            );
        }
        if !(1..=15).contains(&self.access_token_minutes) {
            bail!("MINQING_ACCESS_TOKEN_MINUTES must be 1–15");
        }
        if !self.jwt_secret.is_empty() && self.jwt_secret.len() < 32 {
            bail!("MINQING_JWT_SECRET must be at least 32 bytes");
        }
        if !self.second_factor_key.is_empty() && self.second_factor_key.len() < 32 {
            bail!("MINQING_SECOND_FACTOR_KEY must be at least 32 bytes");
        }
        Ok(())
    }

    /// The connection that owns the tables: migrations and seeding use it.
    pub fn owner_url(&self) -> &str {
        if self.owner_database_url.is_empty() {
            &self.database_url
        } else {
            &self.owner_database_url
        }
    }

    /// The token signing secret: configured, or kept in a file made on first start.
    pub fn jwt_secret(&self) -> anyhow::Result<Vec<u8>> {
        if !self.jwt_secret.is_empty() {
            return Ok(self.jwt_secret.as_bytes().to_vec());
        }
        let path = &self.jwt_secret_file;
        if let Ok(existing) = std::fs::read_to_string(path) {
            let existing = existing.trim();
            if existing.len() >= 32 {
                return Ok(existing.as_bytes().to_vec());
            }
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        write_private(path, &secret).with_context(|| format!("writing {}", path.display()))?;
        Ok(secret.into_bytes())
    }

    pub fn auth_settings(&self) -> anyhow::Result<app::auth::AuthSettings> {
        let minutes = |m: u64| Duration::from_secs(m * 60);
        let secret = self.jwt_secret()?;
        let mut settings = app::auth::AuthSettings::new(&secret);
        // Derived inside with its own labels either way: the key itself is never used raw.
        if !self.second_factor_key.is_empty() {
            settings.second_factor =
                app::auth::second_factor::SecondFactor::new(self.second_factor_key.as_bytes());
        }
        settings.access_ttl = minutes(self.access_token_minutes);
        settings.idle_timeout = minutes(self.idle_timeout_minutes);
        settings.session_lifetime = minutes(self.session_hours * 60);
        settings.account_failures = self.sign_in_max_failures;
        settings.spread_failures = self.sign_in_spread_failures;
        settings.failure_window = minutes(self.sign_in_window_minutes);
        settings.ip = app::auth::throttle::IpLimiter::new(
            self.ip_max_failures,
            minutes(self.sign_in_window_minutes),
        );
        Ok(settings)
    }

    /// The resident's public counter: its limits and the challenge key (derived from the
    /// signing secret, so every instance checks the others' challenges).
    pub fn resident_desk(&self) -> anyhow::Result<app::grievances::resident::Desk> {
        Ok(app::grievances::resident::Desk::new(
            &self.jwt_secret()?,
            app::grievances::resident::Limits {
                submits_per_hour: self.public_submits_per_hour,
                lookup_failures_per_hour: self.track_max_failures,
                min_fill_secs: self.challenge_min_seconds,
            },
        ))
    }

    /// Served over TLS (directly or by a proxy in front): HSTS and `Secure` cookies apply.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The scheduled backups' settings, or `None` when they are off.
    pub fn backup_schedule(&self) -> Option<crate::backup::schedule::Schedule> {
        if self.backup_every_hours == 0 {
            return None;
        }
        let dir = if self.backup_dir.as_os_str().is_empty() {
            crate::db::sqlite_file(&self.database_url)
                .and_then(|file| file.parent().map(|dir| dir.join("backups")))
                .unwrap_or_else(|| "backups".into())
        } else {
            self.backup_dir.clone()
        };
        Some(crate::backup::schedule::Schedule {
            dir,
            every: Duration::from_secs(self.backup_every_hours * 3600),
            keep: self.backup_keep,
        })
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

/// Writes a file only its owner can read.
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn defaults_run_locally_on_sqlite() {
        let config = Config::default();
        assert_eq!(config.bind.to_string(), "127.0.0.1:3000");
        assert!(config.database_url.starts_with("sqlite://"));
        assert!(!config.is_https());
    }

    #[test]
    fn environment_overrides_file() {
        let mut config = Config::from_toml("bind = \"0.0.0.0:8080\"\nlog = \"debug\"").unwrap();
        assert_eq!(config.bind.to_string(), "0.0.0.0:8080");
        config
            .apply_env(env(&[
                ("MINQING_BIND", "127.0.0.1:4000"),
                ("DATABASE_URL", "postgres://db/minqing"),
                ("MINQING_LOG_FORMAT", "json"),
                ("MINQING_PUBLIC_URL", "https://minqing.example"),
            ]))
            .unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:4000");
        assert_eq!(config.database_url, "postgres://db/minqing");
        assert_eq!(config.log, "debug");
        assert_eq!(config.log_format, LogFormat::Json);
        assert!(config.is_https());
    }

    #[test]
    fn backups_are_daily_beside_the_database_unless_configured() {
        let mut config = Config {
            database_url: "sqlite://var/minqing/minqing.db".into(),
            ..Config::default()
        };
        let plan = config.backup_schedule().expect("on by default");
        assert_eq!(plan.dir, PathBuf::from("var/minqing/backups"));
        assert_eq!((plan.every, plan.keep), (Duration::from_secs(86_400), 7));
        config
            .apply_env(env(&[
                ("MINQING_BACKUP_DIR", "/mnt/other-disk/minqing"),
                ("MINQING_BACKUP_EVERY_HOURS", "6"),
                ("MINQING_BACKUP_KEEP", "28"),
            ]))
            .unwrap();
        let plan = config.backup_schedule().unwrap();
        assert_eq!(plan.dir, PathBuf::from("/mnt/other-disk/minqing"));
        assert_eq!((plan.every, plan.keep), (Duration::from_secs(6 * 3600), 28));
        config
            .apply_env(env(&[("MINQING_BACKUP_EVERY_HOURS", "0")]))
            .unwrap();
        assert_eq!(config.backup_schedule(), None);
        assert!(
            config
                .apply_env(env(&[("MINQING_BACKUP_KEEP", "0")]))
                .is_err()
        );
    }

    #[test]
    fn a_short_second_factor_key_is_refused() {
        let mut config = Config::default();
        let err = config
            .apply_env(env(&[("MINQING_SECOND_FACTOR_KEY", "too short")]))
            .unwrap_err();
        assert!(
            err.to_string().contains("MINQING_SECOND_FACTOR_KEY"),
            "{err}"
        );
        config
            .apply_env(env(&[(
                "MINQING_SECOND_FACTOR_KEY",
                "0123456789abcdef0123456789abcdef",
            )]))
            .unwrap();
        assert_eq!(config.second_factor_key.len(), 32);
    }

    #[test]
    fn bad_values_are_reported_by_name() {
        let mut config = Config::default();
        let err = config
            .apply_env(env(&[("MINQING_BIND", "not an address")]))
            .unwrap_err();
        assert!(err.to_string().contains("MINQING_BIND"), "{err}");
        let err = config
            .apply_env(env(&[("MINQING_LOG_FORMAT", "xml")]))
            .unwrap_err();
        assert!(err.to_string().contains("MINQING_LOG_FORMAT"), "{err}");
        assert!(
            Config::from_toml("colour = \"red\"").is_err(),
            "unknown keys are errors"
        );
    }
}
