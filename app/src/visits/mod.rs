//! Visits (走访): the county's lists, campaigns and their tasks, the cadre's visit record,
//! must-visit events (五必访), and coverage.

#[cfg(feature = "ssr")]
pub mod campaigns;
#[cfg(feature = "ssr")]
pub mod coverage;
#[cfg(feature = "ssr")]
pub mod entity;
pub mod kinds;
#[cfg(feature = "ssr")]
pub mod ledger;
pub mod model;
#[cfg(feature = "ssr")]
pub mod options;
pub mod pages;
#[cfg(feature = "ssr")]
mod photo;
#[cfg(feature = "ssr")]
mod progress;
#[cfg(feature = "ssr")]
pub mod record;
#[cfg(feature = "ssr")]
pub mod summary;
#[cfg(feature = "ssr")]
pub mod tasks;
mod texts;
#[cfg(feature = "ssr")]
pub mod triggers;
