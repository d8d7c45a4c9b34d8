//! How times are shown: China Standard Time (UTC+8, no daylight saving), to the minute.

use time::{OffsetDateTime, UtcOffset, macros::format_description};

pub const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// `2026-11-22 09:05`
pub fn datetime(at: OffsetDateTime) -> String {
    at.to_offset(CHINA)
        .format(format_description!("[year]-[month]-[day] [hour]:[minute]"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_china_time() {
        let at = time::macros::datetime!(2026-11-21 16:30 UTC);
        assert_eq!(super::datetime(at), "2026-11-22 00:30");
    }
}
