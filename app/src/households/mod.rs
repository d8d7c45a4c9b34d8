//! The household registry (户籍台账): households per village, their members, tags and paired
//! cadres. ID numbers and phones are masked everywhere unless revealed one at a time.

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
mod manage;
pub mod model;
pub mod page;
pub mod personal;

#[cfg(feature = "ssr")]
pub use manage::{
    CADRE_ROLES, CleanHousehold, CleanMember, HEAD, HouseholdFilter, HouseholdInput, MemberInput,
    check_household, check_member, check_people_unique, create, first_cadres, get, insert,
    known_tags, list, remove_member, reveal, save_member, set_cadres, update, update_keeping,
};
#[cfg(feature = "ssr")]
pub(crate) use manage::{find, scope};
