//! The scanner on each look-alike, where YAML syntax is meant and where
//! it is not.

use super::{find, normalize, Kind, Place};

fn kinds(text: &str) -> Vec<(u32, u32, Kind, Place)> {
    find(text)
        .iter()
        .map(|l| (l.line, l.column, l.kind, l.place))
        .collect()
}

#[test]
fn spaces_in_the_indentation_and_around_the_colon() {
    let text = "metadata:\n\u{a0}\u{a0}name: web\nspec:\n\u{3000}replicas:\u{a0}3\n";
    assert_eq!(
        kinds(text),
        vec![
            (2, 1, Kind::NoBreakSpace, Place::Indentation),
            (2, 2, Kind::NoBreakSpace, Place::Indentation),
            (4, 1, Kind::IdeographicSpace, Place::Indentation),
            (4, 11, Kind::NoBreakSpace, Place::AfterKey),
        ]
    );
    let fixed = normalize(text, &find(text)).expect("normalized");
    assert_eq!(fixed, "metadata:\n  name: web\nspec:\n replicas: 3\n");
}

#[test]
fn full_width_punctuation_where_syntax_is_meant() {
    let text = "containers:\n－ name: web\n  image： nginx:1.27\n  args: [a，b]\n";
    assert_eq!(
        kinds(text),
        vec![
            (2, 1, Kind::Dash, Place::ListItem),
            (3, 8, Kind::FullWidthColon, Place::AfterKey),
            (4, 11, Kind::FullWidthComma, Place::FlowCollection),
        ]
    );
    assert_eq!(
        normalize(text, &find(text)).expect("normalized"),
        "containers:\n- name: web\n  image: nginx:1.27\n  args: [a,b]\n"
    );
}

#[test]
fn curly_quotes_around_a_value_and_invisible_characters() {
    let text = "data:\n  greeting: “hello”\n  repl\u{200b}icas: 3\n  note: a\u{202e}b\n";
    assert_eq!(
        kinds(text),
        vec![
            (2, 13, Kind::CurlyQuote, Place::Value),
            (2, 19, Kind::CurlyQuote, Place::Value),
            (3, 7, Kind::ZeroWidth, Place::Text),
            (4, 10, Kind::Bidi, Place::Text),
        ]
    );
    // Invisible characters are not replaced (deleting one would move the
    // columns after it).
    assert_eq!(
        normalize(text, &find(text)).expect("normalized"),
        "data:\n  greeting: \"hello\"\n  repl\u{200b}icas: 3\n  note: a\u{202e}b\n"
    );
}

#[test]
fn tabs_in_the_indentation() {
    assert_eq!(
        kinds("a:\n\tb: 1\n"),
        vec![(2, 1, Kind::Tab, Place::Indentation)]
    );
    // A tab inside a value is text.
    assert!(kinds("a: \"x\ty\"\nb: c\td\n").is_empty());
    assert_eq!(normalize("a:\n\tb: 1\n", &find("a:\n\tb: 1\n")), None);
}

#[test]
fn text_is_left_alone() {
    for text in [
        // Chinese prose with full-width punctuation, in values and comments.
        "description: 注意：不要删除，否则会失败\n# 说明：这是注释，\u{3000}全角\n",
        "- 第一步：构建\n- 第二步，部署\n",
        // Block scalars hold text.
        "script: |\n  echo：hi\n  \u{a0}indented text\nnext: 1\n",
        // Quoted values and keys with their own punctuation.
        "msg: \"he said “hi”\"\n'键：值': 1\n",
        // Curly quotes inside a value, not around it.
        "title: the “best” one\n",
        // A byte order mark at the start.
        "\u{feff}apiVersion: v1\n",
    ] {
        assert!(kinds(text).is_empty(), "{text:?}: {:?}", kinds(text));
    }
}

#[test]
fn a_block_scalar_ends_where_the_indentation_comes_back() {
    let text = "a: |\n  x：y\nb： 1\n";
    assert_eq!(
        kinds(text),
        vec![(3, 2, Kind::FullWidthColon, Place::AfterKey)]
    );
}

#[test]
fn columns_count_characters_and_bytes_point_at_the_character() {
    let text = "# 中文注释\nimage： nginx\n";
    let found = find(text);
    assert_eq!((found[0].line, found[0].column), (2, 6));
    assert_eq!(&text[found[0].byte..found[0].byte + 3], "：");
}
