//! The household registry (户籍台账): households per village, their members, tags and paired
//! cadres. ID numbers and phones are masked everywhere unless revealed one at a time.

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
mod input;
#[cfg(feature = "ssr")]
mod manage;
#[cfg(feature = "ssr")]
mod members;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
mod pairing;
pub mod personal;
pub mod pickers;
mod texts;

#[cfg(feature = "ssr")]
pub use input::{
    CleanHousehold, CleanMember, HEAD, HouseholdFilter, HouseholdInput, MemberInput,
    check_household, check_member,
};
#[cfg(feature = "ssr")]
pub use manage::{
    check_people_unique, create, get, insert, known_tags, list, reveal, update, update_keeping,
};
#[cfg(feature = "ssr")]
pub(crate) use manage::{find, scope};
#[cfg(feature = "ssr")]
pub use members::{remove_member, save_member};
#[cfg(feature = "ssr")]
pub use pairing::{CADRE_ROLES, first_cadres, set_cadres};
