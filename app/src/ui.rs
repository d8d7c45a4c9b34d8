//! Small pieces every feature's pages share. A widget two features use lives here, not in
//! one of them.

use crate::flash::LoadFailed;
use futures::FutureExt;
use leptos::prelude::*;

/// A page's data, loaded once per request (`session::load_once`), shown by `show`; when it
/// could not load, the page's `heading` (if the page puts it inside) and what went wrong.
/// Every page that loads through a server function renders through this.
pub fn loaded<T, F, V>(
    load: F,
    heading: Option<&'static str>,
    show: impl Fn(T) -> V + Clone + Send + 'static,
) -> impl IntoView
where
    F: Future<Output = Result<T, ServerFnError>> + Send + 'static,
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let loaded = crate::session::load_once(load);
    view! {
        <Suspense>
            {move || {
                let show = show.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(data) => show(data).into_any(),
                        Err(e) => {
                            view! {
                                {heading.map(|h| view! { <div class="page-head"><h1>{h}</h1></div> })}
                                <LoadFailed error=e/>
                            }
                                .into_any()
                        }
                    }
                }))
            }}
        </Suspense>
    }
}

/// `?a=1&b=2` from the non-empty pairs, percent-encoded; empty when none is left.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        for b in value.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_skip_empty_values_and_encode_the_rest() {
        assert_eq!(query_string(&[("a", ""), ("b", "")]), "");
        assert_eq!(
            query_string(&[("q", "张 三&x"), ("role", ""), ("after", "a.b")]),
            "?q=%E5%BC%A0%20%E4%B8%89%26x&after=a.b"
        );
    }
}
