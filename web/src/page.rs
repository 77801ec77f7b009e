//! The pages and the address bar: each page has its own URL and history
//! entry, so Back and Forward move between them without leaving the site.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Editor,
    Examples,
    Rules,
    Rule(&'static str),
}

impl Page {
    pub fn hash(self) -> String {
        match self {
            Page::Editor => String::new(),
            Page::Examples => "#/examples".into(),
            Page::Rules => "#/rules".into(),
            Page::Rule(id) => format!("#/rules/{id}"),
        }
    }

    pub fn from_hash(hash: &str) -> Option<Page> {
        let path = hash.strip_prefix("#/")?;
        match path.split_once('/') {
            None if path == "examples" => Some(Page::Examples),
            None if path == "rules" => Some(Page::Rules),
            Some(("rules", id)) => kubeshape_core::rules::find(id).map(|r| Page::Rule(r.meta().id)),
            _ => None,
        }
    }
}

/// Shows `hash` in the address bar: a new history entry with `push`
/// (moving between pages, loading an example: Back returns there and
/// stays on the site; `boot.js` re-opens the page a Back or an edited
/// hash names), the current one replaced otherwise.
pub fn set_hash(hash: &str, push: bool) {
    let window = gloo::utils::window();
    if let Ok(history) = window.history() {
        let url = if hash.is_empty() {
            window.location().pathname().unwrap_or_default()
        } else {
            hash.to_owned()
        };
        let state = &wasm_bindgen::JsValue::NULL;
        let _ = match push {
            true => history.push_state_with_url(state, "", Some(&url)),
            false => history.replace_state_with_url(state, "", Some(&url)),
        };
    }
}
