//! The blank sheets users download to fill in: xlsx (preferred) and CSV. Headers are the
//! Chinese names the import modules look for first, so a filled template always matches.
//!
//! Why xlsx first: only xlsx can keep 12-digit codes as text. A CSV opened in Excel shows
//! them as 1.30123E+11 and, saved again, keeps only that (the imports report it).

use super::ImportKind;
use crate::error::AppError;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Workbook, Worksheet, XlsxError,
};

struct Column {
    header: &'static str,
    /// Excel character widths; a Chinese character counts about two.
    width: f64,
    /// Formatted as Text ("@") so Excel keeps codes and usernames as typed.
    text: bool,
    /// Offered as a drop-down; other values only draw a warning, as the import also
    /// accepts codes and English labels.
    choices: &'static [&'static str],
    /// One line for the 说明 sheet.
    note: &'static str,
}

struct Template {
    sheet: &'static str,
    columns: &'static [Column],
    examples: &'static [&'static [&'static str]],
}

const COMMON_NOTES: &[&str] = &[
    "第一行是表头，请不要修改或删除；数据从第二行开始，每行一条。",
    "请直接填写内容，不要使用公式。",
    "示例行请删除或改成本县的实际数据。",
    "导入时会先检查全部行：只要有一行有误，整个文件都不会导入，并列出每行的问题。",
    "导入只会新增或修改，不会删除系统中已有的数据。",
    "请保存为 Excel 工作簿（.xlsx）上传；若另存为 CSV，请选择“CSV UTF-8（逗号分隔）”。",
];

const ORG: Template = Template {
    sheet: "乡镇村居",
    columns: &[
        Column {
            header: "区划代码",
            width: 18.0,
            text: true,
            choices: &[],
            note: "12位统计用区划代码。乡镇、街道的后三位为000，例如 130123100000；\
                村、社区例如 130123100201。上级乡镇由代码自动确定，须在系统或本表中已有。",
        },
        Column {
            header: "名称",
            width: 26.0,
            text: false,
            choices: &[],
            note: "乡镇（街道）或村（社区）的名称，不超过64个字。代码已存在而名称不同时，将改为新名称。",
        },
        Column {
            header: "类型（可选）",
            width: 14.0,
            text: false,
            choices: &["乡镇", "街道", "村", "社区"],
            note: "可留空，由代码判断。填写时须与代码的层级一致：乡、镇、乡镇、街道，或村、社区、居委会。",
        },
    ],
    examples: &[
        &["130123100000", "正定镇", "镇"],
        &["130123100201", "西关村", "村"],
        &["130123101000", "诸福屯镇", "镇"],
    ],
};

const DEPARTMENT: Template = Template {
    sheet: "县直部门",
    columns: &[
        Column {
            header: "名称",
            width: 28.0,
            text: false,
            choices: &[],
            note: "部门全称，不超过64个字，不能与其他部门重名。",
        },
        Column {
            header: "简称代码",
            width: 14.0,
            text: true,
            choices: &[],
            note: "2–16位字母、数字、“-”或“_”，至少含一个字母，不区分大小写，例如 GAJ。\
                代码已存在而名称不同时，将改为新名称。",
        },
    ],
    examples: &[
        &["公安局", "GAJ"],
        &["住房和城乡建设局", "ZJJ"],
        &["教育局", "JYJ"],
    ],
};

const USER: Template = Template {
    sheet: "用户",
    columns: &[
        Column {
            header: "用户名",
            width: 16.0,
            text: true,
            choices: &[],
            note: "登录用的账号，3–32位小写字母、数字、“_”“.”或“-”。已存在的用户名将更新其姓名、角色和单位。",
        },
        Column {
            header: "姓名",
            width: 12.0,
            text: false,
            choices: &[],
            note: "真实姓名，不超过32个字。",
        },
        Column {
            header: "角色",
            width: 16.0,
            text: false,
            choices: &[
                "县级管理员",
                "县领导",
                "部门工作人员",
                "乡镇管理员",
                "乡镇工作人员",
                "村干部",
                "审计员",
            ],
            note: "县级管理员、县领导、审计员属于本县；部门工作人员属于部门；\
                乡镇管理员、乡镇工作人员属于乡镇（街道）；村干部属于村（社区）。",
        },
        Column {
            header: "单位代码",
            width: 18.0,
            text: true,
            choices: &[],
            note: "乡镇、村的12位区划代码（本县填县代码后补6个0，如 130123000000），或部门的简称代码。",
        },
        Column {
            header: "初始密码（可选）",
            width: 18.0,
            text: true,
            choices: &[],
            note: "仅对新用户有效，8–64位，须同时含字母和数字；留空则由系统生成。已有用户的密码不会被修改。",
        },
    ],
    examples: &[
        &["zhangsan", "张三", "乡镇管理员", "130123100000", ""],
        &["lisi", "李四", "村干部", "130123100201", "Zd2024abc"],
        &["wangwu", "王五", "部门工作人员", "GAJ", ""],
    ],
};

const HOUSEHOLD: Template = Template {
    sheet: "户籍台账",
    columns: &[
        Column {
            header: "村代码",
            width: 16.0,
            text: true,
            choices: &[],
            note: "户所在村（社区）的12位区划代码，例如 130123100201。须是本县已有、未停用、在您管辖范围内的村。",
        },
        Column {
            header: "组",
            width: 8.0,
            text: true,
            choices: &[],
            note: "村民小组，例如 3组；没有可留空。",
        },
        Column {
            header: "门牌号",
            width: 10.0,
            text: true,
            choices: &[],
            note: "例如 12号；没有可留空。村代码、组、门牌号和户主姓名都相同的行属于同一户。",
        },
        Column {
            header: "地址",
            width: 28.0,
            text: false,
            choices: &[],
            note: "家庭住址，不超过128个字。",
        },
        Column {
            header: "户主姓名",
            width: 10.0,
            text: false,
            choices: &[],
            note: "必填，不超过32个字。",
        },
        Column {
            header: "联系电话",
            width: 14.0,
            text: true,
            choices: &[],
            note: "户的联系电话：11位手机号，或带区号的固定电话（如 0311-88001234）。",
        },
        Column {
            header: "标签",
            width: 18.0,
            text: false,
            choices: &[],
            note: "户的标签，多个用“、”或逗号分隔，须是本县“走访设置”中的标签，例如 低保户、老党员。导入只会增加标签，不会去掉已有的标签。",
        },
        Column {
            header: "备注",
            width: 20.0,
            text: false,
            choices: &[],
            note: "不超过1000个字。户的信息（地址、电话、标签、备注）可只在该户的第一行填写；各行都填时须一致。",
        },
        Column {
            header: "成员姓名",
            width: 10.0,
            text: false,
            choices: &[],
            note: "每行一名家庭成员（包括户主本人）。只登记户、不登记成员时可留空，户主会自动登记为成员。",
        },
        Column {
            header: "与户主关系",
            width: 10.0,
            text: false,
            choices: &["户主", "配偶", "子女", "父母", "孙子女", "兄弟姐妹", "其他"],
            note: "户主本人填“户主”；留空时，与户主同名者为户主，其他人记为“其他”。",
        },
        Column {
            header: "性别",
            width: 6.0,
            text: false,
            choices: &["男", "女"],
            note: "男或女；留空时按身份证号确定。",
        },
        Column {
            header: "出生日期",
            width: 12.0,
            text: true,
            choices: &[],
            note: "例如 1965-03-08；留空时按身份证号确定。",
        },
        Column {
            header: "身份证号",
            width: 20.0,
            text: true,
            choices: &[],
            note: "18位公民身份号码，会检查最后一位校验码。一个人只能在本县登记一次。已登记的成员按身份证号（没有时按姓名）对应，不会重复登记。",
        },
        Column {
            header: "成员电话",
            width: 14.0,
            text: true,
            choices: &[],
            note: "成员本人的电话，可留空。",
        },
    ],
    examples: &[
        &[
            "130123100201",
            "3组",
            "12号",
            "正定镇西关村3组12号",
            "张建国",
            "13812345678",
            "低保户、老党员",
            "",
            "张建国",
            "户主",
            "男",
            "1965-03-08",
            "130123196503081217",
            "13812345678",
        ],
        &[
            "130123100201",
            "3组",
            "12号",
            "",
            "张建国",
            "",
            "",
            "",
            "李秀英",
            "配偶",
            "女",
            "1968-05-12",
            "130123196805121229",
            "",
        ],
        &[
            "130123100201",
            "3组",
            "12号",
            "",
            "张建国",
            "",
            "",
            "",
            "张伟",
            "子女",
            "",
            "",
            "130123199207161232",
            "",
        ],
    ],
};

/// A template's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Csv,
}

impl SheetFormat {
    pub fn from_ext(ext: &str) -> Option<SheetFormat> {
        match ext {
            "xlsx" => Some(SheetFormat::Xlsx),
            "csv" => Some(SheetFormat::Csv),
            _ => None,
        }
    }

    pub const fn ext(self) -> &'static str {
        match self {
            SheetFormat::Xlsx => "xlsx",
            SheetFormat::Csv => "csv",
        }
    }

    pub const fn content_type(self) -> &'static str {
        match self {
            SheetFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            SheetFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// The blank sheet for `kind`. Only the constants above go in, so an error is a bug in them;
/// it is still an error, not a panic.
pub fn template(kind: ImportKind, format: SheetFormat) -> Result<Vec<u8>, AppError> {
    let template = match kind {
        ImportKind::Org => &ORG,
        ImportKind::Departments => &DEPARTMENT,
        ImportKind::Users => &USER,
        ImportKind::Households => &HOUSEHOLD,
    };
    match format {
        SheetFormat::Xlsx => {
            build(template).map_err(|e| AppError::Internal(format!("template: {e}")))
        }
        SheetFormat::Csv => csv(template).map_err(|e| AppError::Internal(format!("template: {e}"))),
    }
}

/// The name a downloaded template is saved under.
pub const fn file_label(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Org => "区划导入模板",
        ImportKind::Departments => "部门导入模板",
        ImportKind::Users => "用户导入模板",
        ImportKind::Households => "户籍导入模板",
    }
}

fn build(template: &Template) -> Result<Vec<u8>, XlsxError> {
    // Data rows that get the drop-downs; far beyond any real import.
    const LAST_ROW: u32 = 50_000;
    let header = Format::new()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let text = Format::new().set_num_format("@");
    let mut workbook = Workbook::new();

    let sheet = workbook.add_worksheet().set_name(template.sheet)?;
    for (c, column) in (0u16..).zip(template.columns) {
        sheet.set_column_width(c, column.width)?;
        if column.text {
            sheet.set_column_format(c, &text)?;
        }
        sheet.write_string_with_format(0, c, column.header, &header)?;
        if !column.choices.is_empty() {
            let list = DataValidation::new()
                .allow_list_strings(column.choices)?
                .set_error_style(DataValidationErrorStyle::Warning);
            sheet.add_data_validation(1, c, LAST_ROW, c, &list)?;
        }
        for (r, example) in (1u32..).zip(template.examples) {
            let value = example.get(usize::from(c)).copied().unwrap_or("");
            if !value.is_empty() {
                sheet.write_string(r, c, value)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;

    notes(
        workbook.add_worksheet().set_name("说明")?,
        template,
        &header,
    )?;
    workbook.save_to_buffer()
}

fn notes(sheet: &mut Worksheet, template: &Template, header: &Format) -> Result<(), XlsxError> {
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    sheet.set_column_width(0, 18)?.set_column_width(1, 80)?;
    sheet.write_string_with_format(0, 0, "列", header)?;
    sheet.write_string_with_format(0, 1, "填写说明", header)?;
    let mut r = 1;
    for column in template.columns {
        sheet.write_string_with_format(r, 0, column.header, &wrap)?;
        sheet.write_string_with_format(r, 1, column.note, &wrap)?;
        r += 1;
    }
    r += 1;
    sheet.write_string_with_format(r, 0, "注意事项", header)?;
    for note in COMMON_NOTES {
        r += 1;
        sheet.write_string_with_format(r, 1, *note, &wrap)?;
    }
    Ok(())
}

/// UTF-8 with a BOM (without it Excel on Chinese Windows reads the file as GBK) and CR LF.
fn csv(template: &Template) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let header = template.columns.iter().map(|c| c.header);
    let rows = std::iter::once(header.collect::<Vec<_>>())
        .chain(template.examples.iter().map(|r| r.to_vec()));
    for row in rows {
        writer.write_record(row)?;
    }
    writer.flush()?;
    drop(writer);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::imports::department_import::ExistingDepartment;
    use crate::imports::org_import::Existing;
    use crate::imports::user_import::UnitRef;
    use crate::imports::{department_import, org_import, user_import};
    use crate::org::OrgKind;
    use crate::sheet::{self, Table};

    fn both(kind: ImportKind) -> [Table; 2] {
        let xlsx = template(kind, SheetFormat::Xlsx).unwrap();
        let csv = template(kind, SheetFormat::Csv).unwrap();
        let x = sheet::read("模板.xlsx", &xlsx, 100).unwrap();
        let c = sheet::read("模板.csv", &csv, 100).unwrap();
        assert_eq!(x, c, "xlsx and csv templates hold the same table");
        [x, c]
    }

    #[test]
    fn org_templates_import_cleanly() {
        for table in both(ImportKind::Org) {
            assert_eq!(table.headers, ["区划代码", "名称", "类型（可选）"]);
            assert_eq!(table.rows[0].cells[0], "130123100000");
            let plan = org_import::plan("130123", &[], &table).unwrap();
            assert_eq!(plan.add.len(), 3);
            let existing: Vec<_> = plan
                .add
                .iter()
                .map(|u| Existing {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    kind: u.kind,
                })
                .collect();
            assert_eq!(
                org_import::plan("130123", &existing, &table)
                    .unwrap()
                    .unchanged,
                3
            );
        }
    }

    #[test]
    fn department_templates_import_cleanly() {
        let seed = [ExistingDepartment {
            code: "GAJ".into(),
            name: "公安局".into(),
        }];
        for table in both(ImportKind::Departments) {
            let plan = department_import::plan(&seed, &table).unwrap();
            assert_eq!((plan.add.len(), plan.unchanged), (2, 1));
        }
    }

    #[test]
    fn user_templates_import_cleanly() {
        let units = [
            ("130123100000", OrgKind::Township),
            ("130123100201", OrgKind::Village),
            ("GAJ", OrgKind::Department),
        ]
        .map(|(code, kind)| UnitRef {
            code: code.into(),
            kind,
        });
        let anything = |_: Role, _: &str| true;
        for table in both(ImportKind::Users) {
            let plan = user_import::plan(&[], &units, &anything, &table).unwrap();
            assert_eq!(plan.add.len(), 3);
        }
    }

    #[test]
    fn household_templates_import_cleanly_and_name_the_import_s_columns() {
        use crate::imports::household_import::{self, HEADERS, Known, Unit};
        let mut known = Known {
            county_code: "130123".into(),
            tags: ["低保户", "老党员"].map(String::from).into(),
            ..Known::default()
        };
        known.units.insert(
            "130123100201".into(),
            Unit {
                id: uuid::Uuid::nil(),
                path: "/1/2/3/".into(),
                kind: OrgKind::Village,
                active: true,
                in_reach: true,
            },
        );
        for table in both(ImportKind::Households) {
            assert_eq!(table.headers, HEADERS);
            assert_eq!(table.rows[0].cells[12], "130123196503081217");
            let plan = household_import::plan(&known, &table, &|_| {}).unwrap();
            assert_eq!(plan.add.len(), 1);
            assert_eq!(plan.add[0].members.len(), 3);
        }
    }

    #[test]
    fn csv_templates_start_with_a_bom_and_use_crlf() {
        let csv = template(ImportKind::Org, SheetFormat::Csv).unwrap();
        assert!(csv.starts_with(b"\xEF\xBB\xBF\xE5\x8C\xBA")); // BOM, then 区
        assert!(String::from_utf8(csv).unwrap().ends_with("诸福屯镇,镇\r\n"));
    }

    #[test]
    fn xlsx_templates_have_a_text_code_column_and_a_notes_sheet() {
        let bytes = template(ImportKind::Org, SheetFormat::Xlsx).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        let workbook = read("xl/workbook.xml");
        assert!(workbook.contains(r#"name="乡镇村居""#) && workbook.contains(r#"name="说明""#));
        // "@" is Excel's Text format; style 1 is the only one using it.
        assert!(read("xl/styles.xml").contains(r#"formatCode="@""#));
        let sheet1 = read("xl/worksheets/sheet1.xml");
        assert!(sheet1.contains(r#"<col min="1" max="1" width="18.7109375" style="1""#));
        assert!(
            sheet1.contains(r#"<c r="A2" s="1" t="s">"#),
            "codes are text cells"
        );
        assert!(sheet1.contains("<dataValidation") && sheet1.contains(r#"state="frozen""#));
    }
}
