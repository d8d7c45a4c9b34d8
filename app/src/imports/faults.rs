//! What can be wrong with a row of an import, shared by all import plans so the UI renders
//! one type, plus the cell checks they have in common.

use crate::access::Role;
use crate::i18n::Locale;
use crate::org::OrgKind;
use crate::sheet::{Row, SheetError, Table, column};
use serde::{Deserialize, Serialize};

impl From<SheetError> for RowFault {
    fn from(error: SheetError) -> RowFault {
        RowFault {
            row: 0,
            column: None,
            problem: Fault::Sheet(error),
        }
    }
}

/// One thing wrong with one row (or with the header row, for missing columns; or with the
/// whole file, as row 0).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowFault {
    /// The row number as the user sees it in Excel.
    pub row: usize,
    /// The header text as written in the file; `None` when it concerns the whole row.
    pub column: Option<String>,
    pub problem: Fault,
}

impl RowFault {
    /// A full sentence: "第 5 行 “名称”：不能为空".
    pub fn describe(&self, locale: Locale) -> String {
        let reason = self.problem.describe(locale);
        if self.row == 0 {
            return reason;
        }
        match (locale, &self.column) {
            (Locale::ZhCn, Some(column)) => format!("第 {} 行 “{column}”：{reason}", self.row),
            (Locale::ZhCn, None) => format!("第 {} 行：{reason}", self.row),
            (Locale::En, Some(column)) => format!("Row {}, “{column}”: {reason}", self.row),
            (Locale::En, None) => format!("Row {}: {reason}", self.row),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// The file as a whole cannot be read (row 0).
    Sheet(SheetError),
    /// A required column is absent; reported once, on the header row.
    MissingColumn {
        name: String,
    },
    /// The cell holds a formula; imports take typed values only.
    Formula,
    /// A required cell other than a name is empty.
    Required,
    EmptyName,
    NameTooLong {
        max: usize,
    },
    ControlCharsInName,
    DuplicateInSheet {
        first_row: usize,
    },
    /// Not 12 digits.
    MalformedCode,
    /// Excel showed a 12-digit number as "1.30123E+11" and the CSV kept only that.
    ScientificNotation,
    /// The code belongs to another county; `county` is the importing county's code.
    OtherCounty {
        county: String,
    },
    /// The type column contradicts the level the code encodes.
    WrongLevel {
        code_kind: OrgKind,
        stated: OrgKind,
    },
    UnknownType,
    /// A village whose township is neither in the system nor in the sheet.
    Orphan {
        parent_code: String,
    },
    /// The code exists as another kind of unit (guard; kinds derive from codes).
    KindConflict {
        existing: OrgKind,
    },
    MalformedShortCode,
    /// Same department name as an earlier row.
    DuplicateName {
        first_row: usize,
    },
    /// The name belongs to another existing department, which the sheet does not rename.
    NameTaken {
        code: String,
    },
    MalformedUsername,
    UnknownRole,
    /// Platform-wide roles are never granted through an import.
    PlatformRole,
    /// The importer may not grant this role for this unit.
    NotGrantable {
        role: Role,
    },
    UnknownUnit {
        code: String,
    },
    RoleUnitMismatch {
        role: Role,
        unit_kind: OrgKind,
    },
    /// The user exists with a role or unit outside the importer's reach.
    NotManageable,
    WeakPassword,
    // Households.
    /// No unit of the county has this code.
    UnknownVillage {
        code: String,
    },
    /// The code is a unit of another kind (a township, a department).
    NotAVillage {
        kind: OrgKind,
    },
    /// The village is outside the importer's reach.
    OutOfReach,
    VillageInactive,
    /// Not 18 characters with a matching GB 11643 check character and a real birth date.
    BadIdNumber,
    /// Excel showed an ID number as "1.30123E+17" (or rounded its last digits).
    IdNumberAsNumber,
    /// A masked value (`1301**********1234`) that is not the stored one.
    MaskedIdNumber,
    BadPhone,
    MaskedPhone,
    BadDate,
    BadGender,
    /// The birth date or gender contradicts the ID number.
    BirthDateMismatch,
    GenderMismatch,
    UnknownTag {
        tag: String,
    },
    /// The same ID number as an earlier row.
    DuplicatePerson {
        first_row: usize,
    },
    /// The ID number belongs to someone in another household of the county.
    PersonExists,
    /// A household field differs from what an earlier row of the same household says.
    HouseholdMismatch {
        first_row: usize,
    },
    /// 与户主关系 is 户主 but the name is not the head's.
    HeadMismatch,
}

impl Fault {
    /// The reason alone, for a county office clerk.
    pub fn describe(&self, locale: Locale) -> String {
        if locale == Locale::En {
            return self.describe_en();
        }
        let kind = |k: &OrgKind| kind_label(*k, locale);
        let role = |r: &Role| r.label(locale.texts());
        match self {
            Self::Sheet(error) => error.describe(locale),
            Self::MissingColumn { name } => {
                format!("缺少“{name}”列。请使用导入模板，表头放在第一行。")
            }
            Self::Formula => "含公式。请改为直接填写内容（可复制后“选择性粘贴→数值”）。".into(),
            Self::Required => "不能为空。".into(),
            Self::EmptyName => "名称不能为空。".into(),
            Self::NameTooLong { max } => format!("不能超过 {max} 个字。"),
            Self::ControlCharsInName => "含有不可见的控制字符，请重新输入。".into(),
            Self::DuplicateInSheet { first_row } => format!("与第 {first_row} 行重复。"),
            Self::MalformedCode => "区划代码应为12位数字。".into(),
            Self::ScientificNotation => {
                "区划代码被 Excel 显示成了科学计数法（如 1.30123E+11），数字已丢失。\
                请把该列设置为“文本”格式后重新填写代码。"
                    .into()
            }
            Self::OtherCounty { county } => format!("不属于本县（{county}）。"),
            Self::WrongLevel { code_kind, stated } => format!(
                "代码表示{}，与类型“{}”不符。",
                kind(code_kind),
                kind(stated)
            ),
            Self::UnknownType => "类型应为“乡镇”“街道”“村”或“社区”，也可留空。".into(),
            Self::Orphan { parent_code } => {
                format!("上级乡镇 {parent_code} 不存在，请先在本表或系统中添加该乡镇。")
            }
            Self::KindConflict { existing } => {
                format!("系统中已有此代码的{}，无法导入。", kind(existing))
            }
            Self::MalformedShortCode => {
                "代码应为2–16位字母、数字、“-”或“_”，且至少含一个字母。".into()
            }
            Self::DuplicateName { first_row } => format!("名称与第 {first_row} 行重复。"),
            Self::NameTaken { code } => format!("此名称已被部门 {code} 使用。"),
            Self::MalformedUsername => "用户名应为3–32位小写字母、数字、“_”“.”或“-”。".into(),
            Self::UnknownRole => "无法识别的角色。可填：县级管理员、县领导、部门工作人员、\
                乡镇管理员、乡镇工作人员、村干部、审计员。"
                .into(),
            Self::PlatformRole => "平台角色不能通过导入授予。".into(),
            Self::NotGrantable { role: r } => format!("您无权为此单位授予“{}”角色。", role(r)),
            Self::UnknownUnit { code } => format!("单位代码 {code} 不存在。"),
            Self::RoleUnitMismatch { role: r, unit_kind } => format!(
                "“{}”只能分配给{}，该单位是{}。",
                role(r),
                required_kind_label(*r, locale),
                kind(unit_kind)
            ),
            Self::NotManageable => "该用户已存在，且您无权修改其角色或单位。".into(),
            Self::WeakPassword => "初始密码应为8–64位，且同时包含字母和数字。".into(),
            Self::UnknownVillage { code } => {
                format!("本县没有代码为 {code} 的村（社区），请先导入或添加该村。")
            }
            Self::NotAVillage { kind: k } => {
                format!("该代码是{}，请填写村（社区）的12位代码。", kind(k))
            }
            Self::OutOfReach => "该村（社区）不在您的管辖范围内。".into(),
            Self::VillageInactive => "该村（社区）已停用。".into(),
            Self::BadIdNumber => "身份证号无效：应为18位，出生日期真实，最后一位校验码正确                （多为某一位填错）。"
                .into(),
            Self::IdNumberAsNumber => "身份证号被 Excel 当成了数字（显示为 1.30123E+17 或末几位变成0），                号码已丢失。请把该列设置为“文本”格式后重新填写。"
                .into(),
            Self::MaskedIdNumber => "这是隐藏了中间几位的身份证号，与系统中该成员的号码不符，                无法导入。请填写完整号码。"
                .into(),
            Self::BadPhone => "电话号码无效：手机号为11位，固定电话须带区号，如 0311-88001234。".into(),
            Self::MaskedPhone => "这是隐藏了中间几位的电话号码，与系统中的号码不符，无法导入。                请填写完整号码。"
                .into(),
            Self::BadDate => "日期无效，请按“1965-03-08”的格式填写。".into(),
            Self::BadGender => "性别应填“男”或“女”，也可留空（按身份证号确定）。".into(),
            Self::BirthDateMismatch => "出生日期与身份证号中的出生日期不一致。".into(),
            Self::GenderMismatch => "性别与身份证号不一致。".into(),
            Self::UnknownTag { tag } => format!(
                "“{tag}”不在本县的户标签中。多个标签用“、”分隔；可用的标签见“走访设置”。"
            ),
            Self::DuplicatePerson { first_row } => {
                format!("身份证号与第 {first_row} 行相同，同一个人只能登记一次。")
            }
            Self::PersonExists => "此身份证号已登记在本县的另一户中。".into(),
            Self::HouseholdMismatch { first_row } => {
                format!("与第 {first_row} 行（同一户）填写的不一致。同一户各行的户信息应相同，或只在第一行填写。")
            }
            Self::HeadMismatch => "与户主关系为“户主”，但成员姓名与户主姓名不同。".into(),
        }
    }

    fn describe_en(&self) -> String {
        let locale = Locale::En;
        let kind = |k: &OrgKind| kind_label(*k, locale);
        let role = |r: &Role| r.label(locale.texts());
        match self {
            Self::Sheet(error) => error.describe(locale),
            Self::MissingColumn { name } => format!(
                "The column “{name}” is missing. Use the import template, with the header on row 1."
            ),
            Self::Formula => {
                "Contains a formula. Type the value instead (or paste as values).".into()
            }
            Self::Required => "Must not be empty.".into(),
            Self::EmptyName => "The name must not be empty.".into(),
            Self::NameTooLong { max } => format!("At most {max} characters."),
            Self::ControlCharsInName => "Contains invisible control characters.".into(),
            Self::DuplicateInSheet { first_row } => format!("Duplicates row {first_row}."),
            Self::MalformedCode => "A division code has exactly 12 digits.".into(),
            Self::ScientificNotation => "Excel turned this code into scientific notation \
                (e.g. 1.30123E+11) and its digits are lost. Format the column as Text and \
                enter the codes again."
                .into(),
            Self::OtherCounty { county } => {
                format!("Does not belong to this county ({county}).")
            }
            Self::WrongLevel { code_kind, stated } => format!(
                "The code is a {}, which contradicts the type “{}”.",
                kind(code_kind),
                kind(stated)
            ),
            Self::UnknownType => {
                "The type is township, street, village or community, or empty.".into()
            }
            Self::Orphan { parent_code } => format!(
                "The township {parent_code} does not exist. Add it in this sheet or in the system first."
            ),
            Self::KindConflict { existing } => {
                format!("This code already exists as a {}.", kind(existing))
            }
            Self::MalformedShortCode => "A code has 2–16 letters, digits, “-” or “_”, \
                with at least one letter."
                .into(),
            Self::DuplicateName { first_row } => {
                format!("Same name as row {first_row}.")
            }
            Self::NameTaken { code } => {
                format!("This name is already used by department {code}.")
            }
            Self::MalformedUsername => "A username has 3–32 lowercase letters, digits, \
                “_”, “.” or “-”."
                .into(),
            Self::UnknownRole => "Unknown role.".into(),
            Self::PlatformRole => "Platform roles cannot be granted by an import.".into(),
            Self::NotGrantable { role: r } => {
                format!("You may not grant “{}” for this unit.", role(r))
            }
            Self::UnknownUnit { code } => format!("The unit {code} does not exist."),
            Self::RoleUnitMismatch { role: r, unit_kind } => format!(
                "“{}” belongs to a {}, but this unit is a {}.",
                role(r),
                required_kind_label(*r, locale),
                kind(unit_kind)
            ),
            Self::NotManageable => {
                "This user exists and you may not change their role or unit.".into()
            }
            Self::WeakPassword => {
                "The initial password has 8–64 characters with letters and digits.".into()
            }
            Self::UnknownVillage { code } => format!(
                "This county has no village with the code {code}. Import or add it first."
            ),
            Self::NotAVillage { kind: k } => format!(
                "This code is a {}; give the 12-digit code of a village or community.",
                kind(k)
            ),
            Self::OutOfReach => "This village is outside your reach.".into(),
            Self::VillageInactive => "This village is deactivated.".into(),
            Self::BadIdNumber => "Not a valid ID number: 18 characters, a real birth date and                 a matching check character (usually one digit is wrong)."
                .into(),
            Self::IdNumberAsNumber => "Excel turned this ID number into a number (1.30123E+17,                 or trailing zeros) and its digits are lost. Format the column as Text and enter                 the numbers again."
                .into(),
            Self::MaskedIdNumber => "This ID number is masked and does not match the member's                 stored number. Give the full number."
                .into(),
            Self::BadPhone => "Not a valid phone number: 11-digit mobiles, landlines with their                 area code (0311-88001234)."
                .into(),
            Self::MaskedPhone => "This phone number is masked and does not match the stored one.                 Give the full number."
                .into(),
            Self::BadDate => "Not a valid date; write it as 1965-03-08.".into(),
            Self::BadGender => "Gender is 男 or 女, or empty (taken from the ID number).".into(),
            Self::BirthDateMismatch => {
                "The birth date differs from the one in the ID number.".into()
            }
            Self::GenderMismatch => "The gender contradicts the ID number.".into(),
            Self::UnknownTag { tag } => format!(
                "“{tag}” is not one of the county's household tags. Separate several with 、."
            ),
            Self::DuplicatePerson { first_row } => format!(
                "Same ID number as row {first_row}: a person is registered only once."
            ),
            Self::PersonExists => {
                "This ID number is registered in another household of the county.".into()
            }
            Self::HouseholdMismatch { first_row } => format!(
                "Differs from row {first_row} of the same household. Repeat the household's                 details unchanged, or give them on its first row only."
            ),
            Self::HeadMismatch => {
                "The relation says 户主 (head) but the name is not the head's.".into()
            }
        }
    }
}

pub fn kind_label(kind: OrgKind, locale: Locale) -> &'static str {
    match (kind, locale) {
        (OrgKind::County, Locale::ZhCn) => "县（区）",
        (OrgKind::Township, Locale::ZhCn) => "乡镇（街道）",
        (OrgKind::Village, Locale::ZhCn) => "村（社区）",
        (OrgKind::Department, Locale::ZhCn) => "部门",
        (OrgKind::County, Locale::En) => "county",
        (OrgKind::Township, Locale::En) => "township/street",
        (OrgKind::Village, Locale::En) => "village/community",
        (OrgKind::Department, Locale::En) => "department",
    }
}

fn required_kind_label(role: Role, locale: Locale) -> &'static str {
    role.unit_kind().map_or("", |k| kind_label(k, locale))
}

// ---------------------------------------------------------------- checks shared by plans --

/// A column an import reads: its header aliases (the first is shown when it is missing).
pub(crate) struct Spec {
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// Finds the columns, or one `MissingColumn` per absent required column, on the header row.
pub(crate) fn find_columns(
    table: &Table,
    specs: &[Spec],
) -> Result<Vec<Option<usize>>, Vec<RowFault>> {
    let found: Vec<_> = specs
        .iter()
        .map(|s| column(&table.headers, s.aliases))
        .collect();
    let missing: Vec<_> = specs
        .iter()
        .zip(&found)
        .filter(|(spec, found)| spec.required && found.is_none())
        .map(|(spec, _)| RowFault {
            row: table.header_row.max(1),
            column: None,
            problem: Fault::MissingColumn {
                name: spec.aliases[0].to_owned(),
            },
        })
        .collect();
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(missing)
    }
}

/// Collects a plan's problems with the header text of each column.
pub(crate) struct Faults<'t> {
    table: &'t Table,
    pub list: Vec<RowFault>,
}

impl<'t> Faults<'t> {
    /// Starts with the formulas in the used header cells.
    pub fn new(table: &'t Table, used: &[Option<usize>]) -> Self {
        let mut problems = Self {
            table,
            list: Vec::new(),
        };
        for &c in used.iter().flatten() {
            if table.header_formulas.contains(&c) {
                problems.add(table.header_row, Some(c), Fault::Formula);
            }
        }
        problems
    }

    pub fn add(&mut self, row: usize, column: Option<usize>, problem: Fault) {
        let column = column.and_then(|c| self.table.headers.get(c)).cloned();
        self.list.push(RowFault {
            row,
            column,
            problem,
        });
    }

    /// Reports formulas in the used cells of `row`; true when there were any, so the caller
    /// skips the row rather than judge values it will refuse anyway.
    pub fn formulas(&mut self, row: &Row, used: &[Option<usize>]) -> bool {
        let before = self.list.len();
        for &c in used.iter().flatten() {
            if row.has_formula(c) {
                self.add(row.number, Some(c), Fault::Formula);
            }
        }
        self.list.len() > before
    }

    /// All problems sorted by row (stable, so columns keep their order), or `ok`.
    pub fn finish<T>(mut self, ok: impl FnOnce() -> T) -> Result<T, Vec<RowFault>> {
        if self.list.is_empty() {
            return Ok(ok());
        }
        self.list.sort_by_key(|p| p.row);
        Err(self.list)
    }
}

/// Checks a display name; `None` when it is fine.
pub(crate) fn name_fault(name: &str, max: usize) -> Option<Fault> {
    if name.is_empty() {
        Some(Fault::EmptyName)
    } else if name.chars().count() > max {
        Some(Fault::NameTooLong { max })
    } else if name.chars().any(char::is_control) {
        Some(Fault::ControlCharsInName)
    } else {
        None
    }
}

/// Full-width digits and letters (typed with a Chinese IME) as ASCII, for code columns.
pub(crate) fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '－' | '＿' | '．' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// "1.30123E+11": what a 12-digit code becomes when Excel saves a General cell as CSV.
pub(crate) fn is_scientific(s: &str) -> bool {
    let upper = s.to_ascii_uppercase();
    upper.starts_with(|c: char| c.is_ascii_digit())
        && upper.contains("E+")
        && upper
            .chars()
            .all(|c| c.is_ascii_digit() || ".E+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_problems_read_as_sentences() {
        let p = RowFault {
            row: 5,
            column: Some("名称".into()),
            problem: Fault::EmptyName,
        };
        assert_eq!(p.describe(Locale::ZhCn), "第 5 行 “名称”：名称不能为空。");
        assert_eq!(
            p.describe(Locale::En),
            "Row 5, “名称”: The name must not be empty."
        );
        let p = RowFault {
            row: 7,
            column: None,
            problem: Fault::DuplicateInSheet { first_row: 5 },
        };
        assert_eq!(p.describe(Locale::ZhCn), "第 7 行：与第 5 行重复。");
    }

    #[test]
    fn reasons_name_the_facts() {
        let zh = |p: Fault| p.describe(Locale::ZhCn);
        assert_eq!(zh(Fault::MalformedCode), "区划代码应为12位数字。");
        assert!(
            zh(Fault::OtherCounty {
                county: "130123".into()
            })
            .contains("不属于本县（130123）")
        );
        assert!(
            zh(Fault::Orphan {
                parent_code: "130123001000".into()
            })
            .contains("上级乡镇 130123001000 不存在")
        );
        assert_eq!(
            zh(Fault::RoleUnitMismatch {
                role: Role::VillageCadre,
                unit_kind: OrgKind::Township
            }),
            "“村干部”只能分配给村（社区），该单位是乡镇（街道）。"
        );
    }

    #[test]
    fn every_problem_is_described_in_both_languages() {
        let all = [
            Fault::MissingColumn {
                name: "名称".into(),
            },
            Fault::Formula,
            Fault::Required,
            Fault::EmptyName,
            Fault::NameTooLong { max: 64 },
            Fault::ControlCharsInName,
            Fault::DuplicateInSheet { first_row: 5 },
            Fault::MalformedCode,
            Fault::ScientificNotation,
            Fault::OtherCounty {
                county: "130123".into(),
            },
            Fault::WrongLevel {
                code_kind: OrgKind::Village,
                stated: OrgKind::Township,
            },
            Fault::UnknownType,
            Fault::Orphan {
                parent_code: "130123001000".into(),
            },
            Fault::KindConflict {
                existing: OrgKind::Village,
            },
            Fault::MalformedShortCode,
            Fault::DuplicateName { first_row: 5 },
            Fault::NameTaken { code: "GAJ".into() },
            Fault::MalformedUsername,
            Fault::UnknownRole,
            Fault::PlatformRole,
            Fault::NotGrantable {
                role: Role::CountyAdmin,
            },
            Fault::UnknownUnit { code: "X".into() },
            Fault::RoleUnitMismatch {
                role: Role::Auditor,
                unit_kind: OrgKind::Village,
            },
            Fault::NotManageable,
            Fault::WeakPassword,
            Fault::UnknownVillage {
                code: "130123999201".into(),
            },
            Fault::NotAVillage {
                kind: OrgKind::Township,
            },
            Fault::OutOfReach,
            Fault::VillageInactive,
            Fault::BadIdNumber,
            Fault::IdNumberAsNumber,
            Fault::MaskedIdNumber,
            Fault::BadPhone,
            Fault::MaskedPhone,
            Fault::BadDate,
            Fault::BadGender,
            Fault::BirthDateMismatch,
            Fault::GenderMismatch,
            Fault::UnknownTag { tag: "x".into() },
            Fault::DuplicatePerson { first_row: 5 },
            Fault::PersonExists,
            Fault::HouseholdMismatch { first_row: 5 },
            Fault::HeadMismatch,
        ];
        for problem in all {
            let (zh, en) = (problem.describe(Locale::ZhCn), problem.describe(Locale::En));
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            assert!(
                en.chars().any(|c| c.is_ascii_alphabetic()) && en != zh,
                "{en}"
            );
        }
    }

    #[test]
    fn codes_typed_full_width_become_ascii() {
        assert_eq!(halfwidth("１３０１２３ｚｊｊ－１"), "130123zjj-1");
        assert!(is_scientific("1.30123E+11") && is_scientific("1.30123e+11"));
        assert!(!is_scientific("130123100000") && !is_scientific("E+"));
    }
}
