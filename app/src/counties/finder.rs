use super::CountySummary;
use crate::i18n::Locale;
use leptos::{html, prelude::*};

/// The county list with its search box. Without JavaScript the box is a GET form (`/?q=`) and
/// the server filters; once hydrated it filters as you type.
#[island]
pub fn CountyFinder(counties: Vec<CountySummary>, query: String, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    let (query, set_query) = signal(query);
    let counties = StoredValue::new(counties);
    let root = NodeRef::<html::Div>::new();
    // A marker for people and browser tests alike: the island is live.
    Effect::new(move || {
        if let Some(el) = root.get() {
            _ = el.set_attribute("data-hydrated", "true");
        }
    });

    let matching = move || {
        let q = query.get();
        counties.with_value(|all| {
            all.iter()
                .filter(|c| c.matches(&q))
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    view! {
        <div class="county-finder" node_ref=root>
            <form method="get" action="/" role="search" class="search">
                <label for="county-q">{t.counties_search_label()}</label>
                <div class="search-row">
                    <input
                        id="county-q"
                        name="q"
                        type="search"
                        autocomplete="off"
                        placeholder=t.counties_search_placeholder()
                        value=query.get_untracked()
                        on:input=move |ev| set_query.set(event_target_value(&ev))
                    />
                    <button type="submit" class="button">{t.counties_search_submit()}</button>
                </div>
            </form>
            {move || {
                let list = matching();
                let found = t.counties_found(list.len());
                if list.is_empty() {
                    view! { <p class="muted" role="status">{t.counties_none()}</p> }.into_any()
                } else {
                    view! {
                        <p class="muted" role="status">{found}</p>
                        <ul class="county-list">
                            {list
                                .into_iter()
                                .map(|c| {
                                    let href = format!("/sign-in?county={}", c.code);
                                    view! {
                                        <li class="county-card">
                                            <div>
                                                <h3>{c.name}</h3>
                                                <p class="muted">{c.province}" · "{c.city}</p>
                                                <p class="code">{t.county_code()}" "{c.code}</p>
                                            </div>
                                            <a class="button secondary" href=href>{t.county_sign_in()}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
