//! One edit history for every change of the editor's text: typing, a
//! paste, a loaded example, an applied fix. Undo and Redo (the buttons,
//! Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y) walk it, so nothing the learner
//! typed is ever out of reach, and loading an example needs no "are you
//! sure?": the text before it is one Undo away.
//!
//! Typing is grouped as editors do: a run of insertions (or of deletions)
//! without a pause of a second is one step; a paste, a cut, a drop, a new
//! line, a fix or an example is a step of its own.

/// How many steps back the history reaches.
const DEPTH: usize = 200;
/// A pause in typing this long starts a new step.
const PAUSE_MS: f64 = 1000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Insert,
    Delete,
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<String>,
    redo: Vec<String>,
    /// The typing step in progress: its kind and its last keystroke.
    typing: Option<(Kind, f64)>,
}

impl History {
    /// The learner changed the text from `before` (an `input` event of
    /// `input_type`, as the browser names it) at `now` milliseconds.
    pub fn typed(&mut self, before: String, input_type: &str, now: f64) {
        let kind = match input_type {
            "insertText" | "insertCompositionText" => Some(Kind::Insert),
            "deleteContentBackward" | "deleteContentForward" => Some(Kind::Delete),
            _ => None,
        };
        let same_step = matches!(
            (self.typing, kind),
            (Some((was, at)), Some(k)) if was == k && now - at < PAUSE_MS
        );
        self.typing = kind.map(|k| (k, now));
        self.redo.clear();
        if !same_step {
            self.push(before);
        }
    }

    /// The page changed the text from `before` (a fix, an example): a step
    /// of its own.
    pub fn changed(&mut self, before: String) {
        self.typing = None;
        self.redo.clear();
        self.push(before);
    }

    fn push(&mut self, before: String) {
        if self.undo.last() == Some(&before) {
            return;
        }
        if self.undo.len() == DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(before);
    }

    /// The text one step back from `current`, which Redo can return to.
    pub fn undo(&mut self, current: &str) -> Option<String> {
        let text = self.undo.pop()?;
        self.typing = None;
        self.redo.push(current.to_owned());
        Some(text)
    }

    /// The text one step forward again.
    pub fn redo(&mut self, current: &str) -> Option<String> {
        let text = self.redo.pop()?;
        self.typing = None;
        self.undo.push(current.to_owned());
        Some(text)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Types `steps` (the text after each input event, its type, the time).
    fn typing(h: &mut History, start: &str, steps: &[(&str, &str, f64)]) -> String {
        let mut text = start.to_owned();
        for &(next, kind, at) in steps {
            let before = std::mem::replace(&mut text, next.to_owned());
            h.typed(before, kind, at);
        }
        text
    }

    #[test]
    fn a_typed_word_is_one_step_and_a_pause_starts_another() {
        let mut h = History::default();
        let now = typing(
            &mut h,
            "",
            &[
                ("a", "insertText", 0.0),
                ("ab", "insertText", 100.0),
                ("abc", "insertText", 200.0),
                ("abcd", "insertText", 1500.0),
            ],
        );
        assert_eq!(h.undo(&now).as_deref(), Some("abc"));
        assert_eq!(h.undo("abc").as_deref(), Some(""));
        assert_eq!(h.undo(""), None);
        assert_eq!(h.redo("").as_deref(), Some("abc"));
        assert_eq!(h.redo("abc").as_deref(), Some("abcd"));
        assert_eq!(h.redo("abcd"), None);
    }

    #[test]
    fn a_paste_is_its_own_step_and_undo_keeps_it_reachable() {
        let mut h = History::default();
        let now = typing(
            &mut h,
            "draft",
            &[
                ("draft!", "insertText", 0.0),
                ("pasted", "insertFromPaste", 50.0),
                ("pasted.", "insertText", 80.0),
            ],
        );
        assert_eq!(h.undo(&now).as_deref(), Some("pasted"));
        assert_eq!(h.undo("pasted").as_deref(), Some("draft!"));
        // Undone too far: the paste comes back.
        assert_eq!(h.redo("draft!").as_deref(), Some("pasted"));
    }

    #[test]
    fn an_example_or_a_fix_is_a_step_and_a_new_edit_drops_redo() {
        let mut h = History::default();
        h.changed("mine".into());
        assert_eq!(h.undo("example").as_deref(), Some("mine"));
        assert!(h.can_redo());
        h.typed("mine".into(), "insertText", 0.0);
        assert!(!h.can_redo());
        assert!(h.can_undo());
        // Switching from typing to deleting starts a step.
        h.typed("mine2".into(), "deleteContentBackward", 10.0);
        assert_eq!(h.undo("mine").as_deref(), Some("mine2"));
    }

    #[test]
    fn the_history_is_bounded() {
        let mut h = History::default();
        for i in 0..DEPTH + 10 {
            h.changed(i.to_string());
        }
        let mut n = 0;
        let mut now = String::new();
        while let Some(t) = h.undo(&now) {
            now = t;
            n += 1;
        }
        assert_eq!(n, DEPTH);
        assert_eq!(now, "10");
    }
}
