//! The browser entry point. In islands mode the page's loader script calls `hydrate()` once and
//! then hydrates each `<leptos-island>` itself; the islands' code comes from `app`.

#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
