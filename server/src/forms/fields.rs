//! Reading a form post's fields: repeated keys, checkboxes and ids.

use app::error::{AppError, Reason};
use uuid::Uuid;

/// A form's fields in order, with repeated keys kept: a checkbox group sends one pair per
/// ticked box (`tags=低保户&tags=老党员`), which a struct cannot take.
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `key`, or empty.
    pub fn one(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every non-empty value of `key`, in order.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A ticked checkbox.
    pub fn ticked(&self, key: &str) -> bool {
        matches!(self.one(key).trim(), "1" | "true" | "on")
    }

    /// Every non-empty value of `keys`, in the form's order: what a refused form gets back
    /// (see `super::query`). Fields not named here, such as phones, never are.
    pub fn kept<'a>(&'a self, keys: &[&str]) -> Vec<(&'a str, &'a str)> {
        self.0
            .iter()
            .filter(|(k, v)| keys.contains(&k.as_str()) && !v.trim().is_empty())
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

/// An id from a form: empty is `Required`, anything but an id is `reason`.
pub fn form_id(field: &'static str, raw: &str, reason: Reason) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim()).map_err(|_| {
        AppError::invalid(
            field,
            if raw.trim().is_empty() {
                Reason::Required
            } else {
                reason
            },
        )
    })
}
