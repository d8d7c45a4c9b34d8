//! The household registry (户籍台账) screens: `/households` (filters and a keyset-paged list),
//! `/households/new` (add a household) and `/households/{id}` (the household: facts, members,
//! paired cadres, open tasks, recent visits, must-visit events, and for those who manage it the
//! edit, member and pairing forms). Forms post to `/households…` (server `forms::households`),
//! which answer with a redirect back here, so everything works without JavaScript.
//!
//! ID numbers and phones arrive masked. "查看" posts to `/households/{id}/reveal`: the server
//! does the audited reveal and answers that POST with this same page rendered with the one
//! value shown in place ([`Shown`], `Cache-Control: no-store`). The value never travels in a
//! URL or a redirect, so it stays out of history, logs and caches; reloading asks to re-send
//! the form, which reveals (and audits) again.

use super::model::{Cadre, Field, Household, HouseholdRow, Member};
use crate::flash::{Flash, LoadFailed};
use crate::i18n::{Texts, use_texts};
use crate::org::OrgKind;
use crate::ui::query_string;
use crate::visits::model::{TaskLine, VisitLine};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

mod detail;
mod forms;
mod list;
mod new;
mod tables;

pub use super::pickers::*;
pub use detail::*;
use forms::*;
pub use list::*;
pub use new::*;
pub use tables::*;
