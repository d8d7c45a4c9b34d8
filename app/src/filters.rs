//! A list's filters folded behind one "筛选条件" control on a phone, so the list comes first;
//! a `<details>` inside the filter form, so it opens without JavaScript, while the form's
//! main search box and its submit button stay in view. It starts open when a folded filter
//! is in use (the user sees what narrowed the list); on a wide screen the stylesheet shows
//! the filters as part of the toolbar and drops the control.

use crate::i18n::use_texts;
use leptos::prelude::*;

#[component]
pub fn Filters(
    /// Whether any filter is set now.
    active: bool,
    children: Children,
) -> impl IntoView {
    let t = use_texts();
    view! {
        <details class="filters" open=active>
            <summary class="button secondary">{t.filters_toggle()}</summary>
            <div class="toolbar">{children()}</div>
        </details>
    }
}
