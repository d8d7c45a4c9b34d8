//! The staff's grievance screens: the ledger (`ledger`), one case with a form per step it can
//! take now (`case`), registering a case (`new`), the unit's inbox (`inbox`), the units'
//! numbers with the yellow card (`stats`) and the county's settings (`settings`). Each page
//! loads through one server function calling the same domain functions as the REST API; every
//! change is a plain form posted to `server::http::forms::grievances` (POST → 303 → GET).

pub mod case;
pub mod inbox;
pub mod ledger;
pub mod new;
pub mod settings;
pub mod stats;
pub mod visit_concerns;

use super::kinds::Alert;
use super::model::{CaseLine, CategoryView};
use crate::i18n::Texts;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A unit or an account in a select.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub name: String,
}

/// `<option>`s of a closed set: `(code, label)` pairs, `chosen` selected.
pub fn code_options(items: &[(&'static str, &'static str)], chosen: &str) -> impl IntoView + use<> {
    items
        .iter()
        .copied()
        .map(|(code, label)| {
            view! { <option value=code selected={code == chosen}>{label}</option> }
        })
        .collect_view()
}

/// `<option>`s of units or accounts.
pub fn choice_options(choices: &[Choice], chosen: &str) -> impl IntoView + use<> {
    choices
        .iter()
        .map(|c| {
            let selected = c.id == chosen;
            view! { <option value=c.id.clone() selected=selected>{c.name.clone()}</option> }
        })
        .collect_view()
}

/// The two-level taxonomy: each top category followed by its subcategories, indented.
pub fn category_options(cats: &[CategoryView], chosen: &str) -> impl IntoView + use<> {
    let tops = cats.iter().filter(|c| c.parent_id.is_none());
    tops.flat_map(|top| {
        std::iter::once((top, 0)).chain(
            cats.iter()
                .filter(move |c| c.parent_id.as_deref() == Some(top.id.as_str()))
                .map(|c| (c, 1)),
        )
    })
    .map(|(c, depth)| {
        let selected = c.id == chosen;
        let label = format!("{}{}", "\u{3000}".repeat(depth), c.name);
        view! { <option value=c.id.clone() selected=selected>{label}</option> }
    })
    .collect_view()
}

/// The running deadline, red and said in words when overdue (colour alone says nothing to
/// a screen reader or in sunlight).
pub fn due_cell(t: Texts, line: &CaseLine) -> impl IntoView + use<> {
    let due = line.due.clone().unwrap_or_default();
    let (class, flag) = match line.alert {
        Alert::Overdue if line.due.is_some() => ("overdue", Some(t.gv_flag_overdue())),
        Alert::Soon if line.due.is_some() => ("soon", Some(t.gv_flag_soon())),
        _ => ("", None),
    };
    view! {
        <td class=if line.due.is_some() { class } else { "empty" } data-label=t.grievance_col_due()>
            {due}
            {flag.map(|f| view! { " " <span class=format!("badge {class}")>{f}</span> })}
        </td>
    }
}

/// Repeat, supervised and redo marks.
pub fn flags(t: Texts, line: &CaseLine) -> impl IntoView + use<> {
    let mut marks: Vec<String> = Vec::new();
    if line.repeat {
        marks.push(t.gv_flag_repeat().to_owned());
    }
    if line.supervised {
        marks.push(t.gv_flag_supervised().to_owned());
    }
    if line.redo_count > 0 {
        marks.push(format!("{}×{}", t.gv_flag_redo(), line.redo_count));
    }
    marks
        .into_iter()
        .map(|m| view! { <span class="badge">{m}</span> " " })
        .collect_view()
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::Choice;
    use crate::access::Actor;
    use crate::error::AppError;
    use sea_orm::DatabaseConnection;

    /// The county's departments and townships (whom a case may go to), as choices.
    pub async fn handler_choices(
        db: &DatabaseConnection,
        actor: &Actor,
    ) -> Result<Vec<Choice>, AppError> {
        Ok(crate::grievances::routing::handler_units(db, actor)
            .await?
            .into_iter()
            .map(|u| Choice {
                id: u.id.to_string(),
                name: u.name,
            })
            .collect())
    }
}
