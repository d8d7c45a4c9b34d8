//! Bulk imports from spreadsheets. `sheet` turns an upload into a [`sheet::Table`] of trimmed
//! strings; the `*_import` modules validate a table against the county's current data and
//! return either a complete plan or every problem, row by row (pure, no I/O); `template`
//! writes the blank sheets users download; `jobs` runs an upload from check to apply, and
//! `write` is its database side.

pub mod department_import;
pub mod entity;
pub mod jobs;
pub mod org_import;
pub mod problem;
pub mod sheet;
pub mod template;
pub mod user_import;
mod write;

pub use entity::{ImportKind, JobStatus};
pub use jobs::{JobView, Progress, Upload};
