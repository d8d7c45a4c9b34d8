//! Free text typed into a list's filter. It is bounded (a 50,000-character `q` once made SQLite
//! refuse the LIKE pattern as too complex, a 500) and matched literally: `%`, `_` and `\` in
//! what the user typed are text, not wildcards.

use crate::error::{AppError, Reason};

/// The longest search text any filter takes (names, addresses, codes are far shorter).
pub const MAX_CHARS: usize = 64;

/// `q` trimmed, `None` when empty; refused over `MAX_CHARS` characters.
pub fn needle<'a>(field: &'static str, q: Option<&'a str>) -> Result<Option<&'a str>, AppError> {
    match q.map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) if q.chars().count() > MAX_CHARS => Err(AppError::invalid(field, Reason::TooLong)),
        other => Ok(other),
    }
}

/// `%text%` with LIKE's wildcards escaped by `\`.
pub fn contains_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A condition: `column` contains `text` literally.
#[cfg(feature = "ssr")]
pub fn contains<C: sea_orm::ColumnTrait>(column: C, text: &str) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::LikeExpr;
    column.like(LikeExpr::new(contains_pattern(text)).escape('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_text_and_long_needles_are_refused() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(needle("q", Some("  张三 ")).unwrap(), Some("张三"));
        assert_eq!(needle("q", Some("   ")).unwrap(), None);
        assert!(needle("q", Some(&"张".repeat(MAX_CHARS))).is_ok());
        assert!(matches!(
            needle("q", Some(&"张".repeat(MAX_CHARS + 1))),
            Err(AppError::Invalid(_))
        ));
    }
}
