//! The org-unit tree of a county: county → townships/streets → villages/communities, and the
//! county's departments. Codes and kinds are plain domain types; the table lives behind `ssr`.

mod division_code;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod manage;
pub mod page;
mod texts;
#[cfg(feature = "ssr")]
pub mod tree;

pub use division_code::{DivisionCode, DivisionCodeError};

pub use crate::access::OrgKind;
