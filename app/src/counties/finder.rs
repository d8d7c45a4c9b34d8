use super::CountySummary;
use crate::i18n::Texts;
use leptos::{html, prelude::*};

/// The county search box and list, rendered in full on the server: counties that do not match
/// `?q=` are `hidden`, so without JavaScript the box is a GET form and the server filters.
#[component]
pub fn CountyList(counties: Vec<CountySummary>, query: String, t: Texts) -> impl IntoView {
    let shown = counties.iter().filter(|c| c.matches(&query)).count();
    view! {
        <CountyFilter>
            <form method="get" action="/" role="search" class="search">
                <label for="county-q">{t.counties_search_label()}</label>
                <div class="search-row">
                    <input
                        id="county-q"
                        name="q"
                        type="search"
                        autocomplete="off"
                        placeholder=t.counties_search_placeholder()
                        value=query.clone()
                    />
                    <button type="submit" class="button">{t.counties_search_submit()}</button>
                </div>
            </form>
            <p class="muted" role="status">{found_text(t, shown)}</p>
            <ul class="county-list">
                {counties
                    .into_iter()
                    .map(|c| {
                        let hidden = !c.matches(&query);
                        let href = format!("/sign-in?county={}", c.code);
                        let report = format!("/c/{}/report", c.code);
                        let track = format!("/c/{}/track", c.code);
                        let place = format!("{} · {}", c.province, c.city);
                        let code = format!("{} {}", t.county_code(), c.code);
                        let name = c.name.clone();
                        view! {
                            <li
                                class="county-card"
                                hidden=hidden
                                data-code=c.code
                                data-name=c.name
                                data-city=c.city
                                data-province=c.province
                            >
                                <div>
                                    <h3>{name}</h3>
                                    <p class="muted">{place}</p>
                                    <p class="code">{code}</p>
                                </div>
                                <div class="county-actions">
                                    <a class="button" href=report>{t.county_report()}</a>
                                    <a class="button secondary" href=track>{t.county_track()}</a>
                                    <a class="button secondary" href=href>{t.county_sign_in()}</a>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </CountyFilter>
    }
}

fn found_text(t: Texts, shown: usize) -> String {
    if shown == 0 {
        t.counties_none().to_owned()
    } else {
        t.counties_found(shown)
    }
}

/// Once hydrated, filters the list around it as the user types. It takes no props and reads
/// the counties from the page: deserialising props alone adds ~23 KB of WASM (measured).
#[island]
fn CountyFilter(children: Children) -> impl IntoView {
    let root = NodeRef::<html::Div>::new();
    // A marker for people and browser tests alike: the island is live.
    Effect::new(move || {
        if let Some(el) = root.get() {
            _ = el.set_attribute("data-hydrated", "true");
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        if let Some(root) = root.get_untracked() {
            filter_in_place(&root, &event_target_value(&ev));
        }
    };
    view! { <div class="county-finder" node_ref=root on:input=on_input>{children()}</div> }
}

#[cfg(feature = "hydrate")]
fn filter_in_place(root: &web_sys::HtmlDivElement, query: &str) {
    use leptos::wasm_bindgen::JsCast;
    let Ok(items) = root.query_selector_all("li[data-code]") else {
        return;
    };
    let attr = |el: &web_sys::HtmlElement, name: &str| el.get_attribute(name).unwrap_or_default();
    let mut shown = 0;
    for i in 0..items.length() {
        let Some(el) = items
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let county = CountySummary {
            code: attr(&el, "data-code"),
            name: attr(&el, "data-name"),
            province: attr(&el, "data-province"),
            city: attr(&el, "data-city"),
        };
        let matches = county.matches(query);
        el.set_hidden(!matches);
        shown += usize::from(matches);
    }
    let locale = document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| crate::i18n::Locale::from_tag(&tag))
        .unwrap_or_default();
    if let Ok(Some(status)) = root.query_selector("[role=status]") {
        status.set_text_content(Some(&found_text(locale.texts(), shown)));
    }
}

#[cfg(not(feature = "hydrate"))]
fn filter_in_place(_root: &web_sys::HtmlDivElement, _query: &str) {}
