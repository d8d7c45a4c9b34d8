//! One i18n mechanism for the whole UI: a [`Locale`] chosen per request (cookie `lang`, zh-CN by
//! default) and [`Texts`], whose one method per message is generated from the table in `texts.rs`.
//!
//! Why not a runtime catalogue: every message is checked at compile time to exist in both
//! languages, and WASM islands link only the few messages they actually call.

mod texts;

use serde::{Deserialize, Serialize};

/// The languages the UI speaks. Chinese first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];
    /// The cookie that remembers the choice on the device.
    pub const COOKIE: &'static str = "lang";

    /// BCP 47 tag, as used in `<html lang>` and in the cookie.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The language's own name, shown on the switch.
    pub const fn native_name(self) -> &'static str {
        match self {
            Locale::ZhCn => "中文",
            Locale::En => "English",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        if tag.eq_ignore_ascii_case("zh-CN") || tag.eq_ignore_ascii_case("zh") {
            Some(Locale::ZhCn)
        } else if tag.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// The locale a `Cookie:` header asks for; zh-CN when it asks for none we speak.
    pub fn from_cookie_header(header: &str) -> Locale {
        header
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == Self::COOKIE)
            .and_then(|(_, value)| Locale::from_tag(value))
            .unwrap_or_default()
    }

    pub const fn texts(self) -> Texts {
        Texts(self)
    }
}

/// The UI's messages in one locale: `t.sign_in()`, `t.counties_found(3)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Texts(pub Locale);

/// The locale of the page being rendered (provided by the shell from the request).
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<Locale>().unwrap_or_default()
}

/// The texts of the page being rendered.
pub fn use_texts() -> Texts {
    use_locale().texts()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zh_cn_is_the_default() {
        assert_eq!(Locale::default(), Locale::ZhCn);
        assert_eq!(Locale::from_cookie_header(""), Locale::ZhCn);
        assert_eq!(Locale::from_cookie_header("lang=fr"), Locale::ZhCn);
    }

    #[test]
    fn the_cookie_chooses_the_locale() {
        assert_eq!(Locale::from_cookie_header("a=1; lang=en; b=2"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=zh-CN"), Locale::ZhCn);
        // Another cookie that merely ends in "lang" does not count.
        assert_eq!(Locale::from_cookie_header("xlang=en"), Locale::ZhCn);
    }

    #[test]
    fn tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }

    #[test]
    fn parametrised_messages_fill_in_their_numbers() {
        assert_eq!(Locale::ZhCn.texts().counties_found(3), "共 3 个区县");
        assert_eq!(Locale::En.texts().counties_found(1), "1 county");
        assert_eq!(Locale::En.texts().counties_found(2), "2 counties");
    }
}
