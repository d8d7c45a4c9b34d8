//! The Minqing server process: configuration, database, the HTTP stack and the CLI's commands.
//! The application itself (pages, server functions, domain) lives in the `app` crate.

//!
//! Modules import each other one way: `config`, `db`, `telemetry` < `http` (the kit) < `state` <
//! `forms`, `api` < `startup` (the route table) < `main`.

pub mod api;
pub mod config;
pub mod db;
pub mod forms;
pub mod http;
pub mod jobs;
pub mod seed;
pub mod startup;
pub mod state;
pub mod telemetry;
