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
        Ok(())
    }

    /// Served over TLS (directly or by a proxy in front): HSTS and `Secure` cookies apply.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
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
