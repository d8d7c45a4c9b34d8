//! Small pieces every feature's pages share. A widget two features use lives here, not in
//! one of them.

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
