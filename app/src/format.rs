//! How times are shown: China Standard Time (UTC+8, no daylight saving), to the minute.

use time::{
    Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, macros::format_description,
};

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

/// `2026-11-22`
pub fn date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// `2026-11-22` (also `2026/11/22`, `2026-11-2`), or nothing when it is no real date.
pub fn parse_date(raw: &str) -> Option<Date> {
    let mut parts = raw.trim().split(['-', '/', '.']);
    let y: i32 = parts.next()?.trim().parse().ok()?;
    let m: u8 = parts.next()?.trim().parse().ok()?;
    let d: u8 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1900..=2100).contains(&y) {
        return None;
    }
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// Today's date in China.
pub fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(CHINA).date()
}

/// `2026-11-22T09:05` (what `<input type="datetime-local">` sends) read as China time.
pub fn parse_local_datetime(raw: &str) -> Option<OffsetDateTime> {
    let (day, clock) = raw.trim().split_once(['T', ' '])?;
    let mut hm = clock.split(':');
    let h: u8 = hm.next()?.parse().ok()?;
    let m: u8 = hm.next()?.parse().ok()?;
    let time = Time::from_hms(h, m, 0).ok()?;
    Some(
        PrimitiveDateTime::new(parse_date(day)?, time)
            .assume_offset(CHINA)
            .to_offset(UtcOffset::UTC),
    )
}

/// The instant China's `date` begins, in UTC. The database keeps UTC, and SQLite compares
/// timestamps as text: a `+08:00` bound against UTC values is eight hours off (an audit
/// filter for "today" missed everything before 08:00 China time).
pub fn china_midnight(date: Date) -> OffsetDateTime {
    PrimitiveDateTime::new(date, Time::MIDNIGHT)
        .assume_offset(CHINA)
        .to_offset(UtcOffset::UTC)
}

/// The `datetime-local` value of `at` in China time.
pub fn local_datetime(at: OffsetDateTime) -> String {
    at.to_offset(CHINA)
        .format(format_description!("[year]-[month]-[day]T[hour]:[minute]"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_parse_only_when_real() {
        use super::{date, parse_date};
        assert_eq!(
            parse_date("2026-11-2").map(date).as_deref(),
            Some("2026-11-02")
        );
        assert_eq!(
            parse_date("2026/02/28").map(date).as_deref(),
            Some("2026-02-28")
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-1-1",
            "",
            "2026-11-22-1",
            "abc",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn local_times_are_china_times() {
        let at = super::parse_local_datetime("2026-11-22T08:30").unwrap();
        assert_eq!(super::datetime(at), "2026-11-22 08:30");
        assert_eq!(at.offset(), time::UtcOffset::UTC);
        assert_eq!(at.hour(), 0);
        assert_eq!(super::local_datetime(at), "2026-11-22T08:30");
    }

    #[test]
    fn times_are_shown_in_china_time() {
        let at = time::macros::datetime!(2026-11-21 16:30 UTC);
        assert_eq!(super::datetime(at), "2026-11-22 00:30");
    }
}
