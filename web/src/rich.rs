//! Rule and finding texts are written with `code` in backticks: shown as
//! code, not as backticks.

use yew::prelude::*;

/// `text` with each `…`-quoted part as `<code>`.
pub fn rich(text: &str) -> Html {
    if !text.contains('`') {
        return html! { { text.to_owned() } };
    }
    let parts = text.split('`').enumerate().map(|(i, part)| {
        if i % 2 == 1 {
            html! { <code>{ part.to_owned() }</code> }
        } else {
            html! { { part.to_owned() } }
        }
    });
    html! { <>{ for parts }</> }
}

/// `text` without its backticks (for attributes and plain-text places).
pub fn plain(text: &str) -> String {
    text.replace('`', "")
}
