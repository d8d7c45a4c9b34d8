//! 统计用区划代码: the 12-digit statistical division code that identifies every county, township
//! and village (`130123000000`, `130123101000`, `130123101201`). Its digits are hierarchical:
//! 2 province + 2 city + 2 county + 3 township + 3 village, so level and parent follow from the
//! code itself, which is how imports place a row in the tree.

use super::OrgKind;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode([u8; 12]);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DivisionCodeError {
    #[error("区划代码应为 12 位数字")]
    NotTwelveDigits,
    #[error("区划代码的区县部分不能为 000000")]
    NoCounty,
}

impl DivisionCode {
    pub fn parse(s: &str) -> Result<Self, DivisionCodeError> {
        let bytes: [u8; 12] = s
            .trim()
            .as_bytes()
            .try_into()
            .map_err(|_| DivisionCodeError::NotTwelveDigits)?;
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(DivisionCodeError::NotTwelveDigits);
        }
        let code = DivisionCode(bytes);
        if code.county_part() == "000000" {
            return Err(DivisionCodeError::NoCounty);
        }
        Ok(code)
    }

    /// The code of the county this code belongs to: `130123` for `130123101201`.
    pub fn county_part(&self) -> &str {
        &self.as_str()[..6]
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// County, township or village, read from which trailing groups are zero.
    pub fn kind(&self) -> OrgKind {
        let s = self.as_str();
        if &s[6..] == "000000" {
            OrgKind::County
        } else if &s[9..] == "000" {
            OrgKind::Township
        } else {
            OrgKind::Village
        }
    }

    /// The code one level up, or `None` for a county.
    pub fn parent(&self) -> Option<DivisionCode> {
        let mut parent = self.0;
        match self.kind() {
            OrgKind::County | OrgKind::Department => return None,
            OrgKind::Township => parent[6..].fill(b'0'),
            OrgKind::Village => parent[9..].fill(b'0'),
        }
        Some(DivisionCode(parent))
    }

    /// The county code padded to 12 digits: `130123` → `130123000000`.
    pub fn for_county(county_code: &str) -> Result<Self, DivisionCodeError> {
        if county_code.len() != 6 {
            return Err(DivisionCodeError::NotTwelveDigits);
        }
        Self::parse(&format!("{county_code}000000"))
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = DivisionCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<DivisionCode> for String {
    fn from(code: DivisionCode) -> String {
        code.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_and_parent_come_from_the_code() {
        let village = DivisionCode::parse("130123101201").unwrap();
        assert_eq!(village.kind(), OrgKind::Village);
        let township = village.parent().unwrap();
        assert_eq!(township.as_str(), "130123101000");
        assert_eq!(township.kind(), OrgKind::Township);
        let county = township.parent().unwrap();
        assert_eq!(county.as_str(), "130123000000");
        assert_eq!(county.kind(), OrgKind::County);
        assert_eq!(county.parent(), None);
        assert_eq!(village.county_part(), "130123");
    }

    #[test]
    fn malformed_codes_are_rejected() {
        for bad in [
            "",
            "13012310120",
            "1301231012011",
            "13012310120x",
            "１３０１２３１０１２０１",
        ] {
            assert_eq!(
                DivisionCode::parse(bad),
                Err(DivisionCodeError::NotTwelveDigits),
                "{bad:?}"
            );
        }
        assert_eq!(
            DivisionCode::parse("000000101201"),
            Err(DivisionCodeError::NoCounty)
        );
    }

    #[test]
    fn surrounding_spaces_from_spreadsheets_are_ignored() {
        assert_eq!(
            DivisionCode::parse(" 130123000000 ").unwrap().as_str(),
            "130123000000"
        );
    }

    #[test]
    fn county_codes_pad_to_twelve_digits() {
        assert_eq!(
            DivisionCode::for_county("130123").unwrap().as_str(),
            "130123000000"
        );
        assert!(DivisionCode::for_county("13012").is_err());
    }
}
