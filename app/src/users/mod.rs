//! Accounts inside a county: listing them within the caller's reach, and the delegated
//! administration of them (create, edit, disable, reset password).

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
mod manage;
pub mod page;
mod texts;

#[cfg(feature = "ssr")]
pub use manage::{
    NewUser, UserChange, UserFilter, UserView, create, get, insert_account, list, reset_password,
    reset_second_factor, update, username, view_of,
};
