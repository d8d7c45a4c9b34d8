//! Bulk imports from spreadsheets. `crate::sheet` turns an upload into a `Table` of trimmed
//! strings; the `*_import` modules validate a table against the county's current data and
//! return either a complete plan or every problem, row by row (pure, no I/O); `template`
//! writes the blank sheets users download; `jobs` runs an upload from check to apply, `report`
//! is what it tells, and `write` is its database side; `page` is the wizard's screens.

#[cfg(feature = "ssr")]
pub mod department_import;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod faults;
#[cfg(feature = "ssr")]
pub mod household_import;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod org_import;
pub mod page;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod template;
mod texts;
#[cfg(feature = "ssr")]
pub mod user_import;
#[cfg(feature = "ssr")]
mod write;

#[cfg(feature = "ssr")]
pub use entity::{ImportKind, JobStatus};
#[cfg(feature = "ssr")]
pub use jobs::{JobView, Upload};
#[cfg(feature = "ssr")]
pub use report::Progress;
