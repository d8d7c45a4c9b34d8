//! Personal fields: the resident ID-card number (GB 11643) and phone numbers. Both are parsed
//! into types that only hold valid values, and both are shown masked unless a reveal is asked
//! for (and audited) by someone allowed to.

use std::fmt;

/// An 18-character resident ID number whose check character matches (GB 11643-1999: ISO 7064
/// MOD 11-2 over the first 17 digits) and whose birth date is a real date. Stored upper-case.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [u8; 11] = *b"10X98765432";

impl IdNumber {
    pub fn parse(raw: &str) -> Option<IdNumber> {
        let s = raw.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let sum: u32 = b[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        if b[17] != CHECK[(sum % 11) as usize] {
            return None;
        }
        let id = IdNumber(s);
        id.birth_date()?;
        Some(id)
    }

    /// The number whose first 17 digits are `body`, with its check character: for generated
    /// data (the demo, the bench), never for input.
    pub fn complete(body: &str) -> Option<IdNumber> {
        if body.len() != 17 || !body.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = body
            .bytes()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        IdNumber::parse(&format!("{body}{}", char::from(CHECK[(sum % 11) as usize])))
    }

    /// The birth date the number carries, as (year, month, day), if it is a real date.
    pub fn birth_date(&self) -> Option<(i32, u8, u8)> {
        let digits = |r: std::ops::Range<usize>| self.0[r].parse::<u32>().ok();
        let (y, m, d) = (digits(6..10)?, digits(10..12)?, digits(12..14)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2100).contains(&y) && (1..=days).contains(&d))
            .then_some((y as i32, m as u8, d as u8))
    }

    /// 男 for an odd 17th digit, 女 for an even one.
    pub fn is_male(&self) -> bool {
        self.0.as_bytes()[16] % 2 == 1
    }

    /// `110105********1234`: the region code and the last four stay.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never print the number by accident (logs, `{:?}` in an error).
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

/// A mainland mobile number (11 digits starting 13–19) or a landline with its area code
/// (`0311-88001234`, `031188001234`). Spaces and dashes typed between digits are dropped, except
/// the dash after a landline's area code, which is normalised in.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Option<Phone> {
        let digits: String = raw
            .trim()
            .trim_start_matches("+86")
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let b = digits.as_bytes();
        if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
            return Some(Phone(digits));
        }
        // Landline: 0 + area code (2–3 more digits) + a 7–8 digit number. Area codes 010 and
        // 02x are three digits long; the rest are four.
        if b.first() == Some(&b'0') {
            let area = if b.get(1) == Some(&b'1') || b.get(1) == Some(&b'2') {
                3
            } else {
                4
            };
            let local = b.len().checked_sub(area)?;
            if (7..=8).contains(&local) && b.get(area) != Some(&b'0') {
                return Some(Phone(format!("{}-{}", &digits[..area], &digits[area..])));
            }
        }
        None
    }

    /// `138****5678` for a mobile, `0311-****1234` for a landline.
    pub fn masked(&self) -> String {
        match self.0.split_once('-') {
            Some((area, _)) => format!("{area}-****{}", &self.0[self.0.len() - 4..]),
            None => format!("{}****{}", &self.0[..3], &self.0[7..]),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

/// Masks a stored value of either kind; a value that no longer parses is hidden entirely.
pub fn mask_id(stored: &str) -> String {
    IdNumber::parse(stored).map_or_else(|| "******".into(), |id| id.masked())
}

pub fn mask_phone(stored: &str) -> String {
    Phone::parse(stored).map_or_else(|| "****".into(), |p| p.masked())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_accepts_real_numbers_and_refuses_one_changed_digit() {
        // The standard's own example.
        let base = "11010519491231002X";
        assert!(IdNumber::parse(base).is_some());
        for i in 0..17 {
            let mut b = base.as_bytes().to_vec();
            b[i] = if b[i] == b'9' { b'0' } else { b[i] + 1 };
            let changed = String::from_utf8(b).unwrap();
            assert!(IdNumber::parse(&changed).is_none(), "{changed}");
        }
        // Exactly one of the eleven check characters fits any body.
        for body in [
            "13012319900101123",
            "13013120000229002",
            "11010519491231002",
        ] {
            let fits = CHECK
                .iter()
                .filter(|c| IdNumber::parse(&format!("{body}{}", char::from(**c))).is_some())
                .count();
            assert_eq!(fits, 1, "{body}");
        }
    }

    #[test]
    fn lower_case_x_and_spaces_are_normalised() {
        let id = IdNumber::parse(" 11010519491231002x ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert!(!id.is_male());
        assert_eq!(id.birth_date(), Some((1949, 12, 31)));
    }

    #[test]
    fn wrong_lengths_letters_and_impossible_dates_are_refused() {
        for bad in [
            "",
            "11010519491231002",
            "11010519491231002XX",
            "1101051949123100AX",
            "110105194913310020", // month 13 (whatever the check digit)
            "110105190002290025", // 1900 was not a leap year
        ] {
            assert!(IdNumber::parse(bad).is_none(), "{bad}");
        }
        // A well-formed number with an impossible date stays refused even with a valid check.
        let mut body = String::from("11010519490230001");
        let sum: u32 = body
            .bytes()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        body.push(char::from(CHECK[(sum % 11) as usize]));
        assert!(IdNumber::parse(&body).is_none(), "{body}");
    }

    #[test]
    fn masks_keep_only_what_the_domain_allows() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(format!("{id:?}"), "IdNumber(110105********002X)");
        let mobile = Phone::parse("138 1234 5678").unwrap();
        assert_eq!(mobile.as_str(), "13812345678");
        assert_eq!(mobile.masked(), "138****5678");
        let landline = Phone::parse("0311-88001234").unwrap();
        assert_eq!(landline.as_str(), "0311-88001234");
        assert_eq!(landline.masked(), "0311-****1234");
        assert_eq!(
            Phone::parse("01088001234").unwrap().as_str(),
            "010-88001234"
        );
        assert_eq!(mask_id("garbage"), "******");
        assert_eq!(mask_phone("1"), "****");
    }

    #[test]
    fn phones_that_are_not_phones_are_refused() {
        for bad in [
            "",
            "1381234567",
            "138123456789",
            "12812345678",
            "abc",
            "0311-0800123",
            "+1 555 0100",
        ] {
            assert!(Phone::parse(bad).is_none(), "{bad}");
        }
        assert!(Phone::parse("+86 139 0000 1111").is_some());
    }
}
