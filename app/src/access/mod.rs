//! Access control: roles, the permission matrix, the caller (`Actor`) and the one decision
//! function every tenant operation asks before it touches a record.

pub mod matrix;
mod org_kind;
mod role;

pub use matrix::{Action, Reach};
pub use org_kind::OrgKind;
pub use role::Role;

#[cfg(feature = "ssr")]
mod actor;
#[cfg(feature = "ssr")]
pub use actor::{Actor, Decision, Home, Target};
