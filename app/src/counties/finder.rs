use super::CountySummary;
use crate::i18n::Texts;
use leptos::prelude::*;

/// The county search box and list, rendered in full on the server: counties that do not match
/// `?q=` are `hidden`; the box is a GET form and the server filters. (It was an island that
/// filtered as one typed: 46.8 KB of WASM for a list of three counties, so the public pages
/// now carry none.)
#[component]
pub fn CountyList(counties: Vec<CountySummary>, query: String, t: Texts) -> impl IntoView {
    let shown = counties.iter().filter(|c| c.matches(&query)).count();
    view! {
        <div class="county-finder">
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
        </div>
    }
}

fn found_text(t: Texts, shown: usize) -> String {
    if shown == 0 {
        t.counties_none().to_owned()
    } else {
        t.counties_found(shown)
    }
}
