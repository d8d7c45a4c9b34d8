//! Grievances (诉求 / 矛盾纠纷 / 信访): one ledger for every problem a resident raises, routed
//! to the unit responsible, handled within its deadline, answered, followed up and only then
//! closed. `lifecycle` is the closed loop as a pure function; `act` is its only writer.

pub mod kinds;
pub mod model;
pub mod pages;
pub mod public_pages;

#[cfg(feature = "ssr")]
pub mod act;
#[cfg(feature = "ssr")]
pub mod categories;
#[cfg(feature = "ssr")]
pub mod challenge;
#[cfg(feature = "ssr")]
pub mod commands;
#[cfg(feature = "ssr")]
pub mod deadline_job;
#[cfg(feature = "ssr")]
pub mod deadlines;
#[cfg(feature = "ssr")]
pub mod display;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod inbox;
#[cfg(feature = "ssr")]
pub mod inputs;
#[cfg(feature = "ssr")]
pub mod intake;
#[cfg(feature = "ssr")]
pub mod ledger;
#[cfg(feature = "ssr")]
pub mod lifecycle;
#[cfg(feature = "ssr")]
pub mod reach;
#[cfg(feature = "ssr")]
pub mod resident;
#[cfg(feature = "ssr")]
pub mod rollup;
#[cfg(feature = "ssr")]
pub mod routing;
#[cfg(feature = "ssr")]
pub mod stats;
mod texts;
