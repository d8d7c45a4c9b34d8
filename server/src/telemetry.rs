//! Structured logs through `tracing`: human-readable by default, JSON lines when asked.

use crate::config::{Config, LogFormat};
use tracing_subscriber::{EnvFilter, fmt};

pub fn init(config: &Config) {
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    // On stderr: a command's stdout is its result (`generate` prints what it made, and the
    // bench reads it), which a slow-statement warning must not interleave with.
    let builder = fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr);
    // A second init (tests) keeps the first subscriber.
    let _ = match config.log_format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_span_list(false)
            .try_init(),
    };
}
