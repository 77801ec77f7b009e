//! What the page keeps in the browser (the language, the drafts), and
//! the clock.

use kubeshape_core::Lang;

pub const LANG_KEY: &str = "kubeshape.lang";
pub const DRAFT_KEY: &str = "kubeshape.draft";

pub fn browser_lang() -> Lang {
    let nav = gloo::utils::window().navigator();
    let langs = nav.languages();
    let first = langs
        .get(0)
        .as_string()
        .or_else(|| nav.language())
        .unwrap_or_default();
    if first.to_ascii_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The page's local storage (none in a private window that refuses it).
pub fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// This tab's storage: a reload keeps its draft, whatever other tabs do.
pub fn tab_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().session_storage().ok().flatten()
}

pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}
