//! The Minqing server process: configuration, database, the HTTP stack and the CLI's commands.
//! The application itself (pages, server functions, domain) lives in the `app` crate.

pub mod api;
pub mod backup;
pub mod config;
pub mod db;
pub mod http;
pub mod jobs;
pub mod seed;
pub mod telemetry;
