//! Text for the one element whose children Leptos's server rendering leaves unescaped:
//! `<textarea>` (tachys treats it as raw text). Browsers do decode entities inside it, so
//! escaped text shows as typed, while unescaped user text containing `</textarea>` would end
//! the element and turn the rest into markup.

/// `text` escaped for a `<textarea>`'s content.
pub fn textarea(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A table cell's text, or nothing at all when empty. Leptos renders an empty string as a
/// space, which the phone layout's `td:empty` (no label for no value) would not see.
pub fn cell(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_in_user_text_stays_text() {
        assert_eq!(
            super::textarea("a</textarea><script>&x"),
            "a&lt;/textarea&gt;&lt;script&gt;&amp;x"
        );
        assert_eq!(super::textarea("井盖\n丢了"), "井盖\n丢了");
    }
}
