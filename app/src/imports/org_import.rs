//! Importing a county's townships/streets and villages/communities from a sheet with the
//! columns 区划代码, 名称 and optionally 类型. Level and parent come from the 12-digit code;
//! the type column is only checked against it. The result is all-or-nothing: a plan to
//! apply, or every problem of every row. Nothing is ever deleted.

use super::faults::{
    Fault, Faults, RowFault, Spec, find_columns, halfwidth, is_scientific, name_fault,
};
use crate::org::{DivisionCode, DivisionCodeError, OrgKind};
use crate::sheet::Table;
use std::collections::{HashMap, HashSet};

pub const NAME_MAX: usize = 64;
pub const CODE_ALIASES: &[&str] = &[
    "区划代码",
    "统计用区划代码",
    "行政区划代码",
    "代码",
    "code",
    "division code",
];
pub const NAME_ALIASES: &[&str] = &["名称", "单位名称", "name"];
pub const TYPE_ALIASES: &[&str] = &["类型", "层级", "type", "kind", "level"];

/// A unit the county already has (any kind; departments are simply never matched).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Existing {
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUnit {
    pub row: usize,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    /// The county's 12-digit code for a township, the township's for a village.
    pub parent_code: String,
    /// The parent's name: as this sheet names it, else as the county has it.
    pub parent_name: String,
}

/// An existing unit (org or department) whose name the sheet changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    pub row: usize,
    pub code: String,
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgPlan {
    /// Townships first, then villages, each in sheet order: parents before children.
    pub add: Vec<NewUnit>,
    pub rename: Vec<Rename>,
    /// Rows that change nothing, the county's own row included.
    pub unchanged: usize,
}

/// A row that passed every check.
struct Valid<'t> {
    row: usize,
    code: DivisionCode,
    name: &'t str,
}

/// Plans the import of `table` into the county `county_code` ("130123"; a 12-digit county
/// code is accepted too), given the units it already has.
pub fn plan(
    county_code: &str,
    existing: &[Existing],
    table: &Table,
) -> Result<OrgPlan, Vec<RowFault>> {
    let county = county_code.get(..6).unwrap_or(county_code);
    let columns = find_columns(
        table,
        &[
            Spec {
                aliases: CODE_ALIASES,
                required: true,
            },
            Spec {
                aliases: NAME_ALIASES,
                required: true,
            },
            Spec {
                aliases: TYPE_ALIASES,
                required: false,
            },
        ],
    )?;
    let (code_col, name_col, type_col) = (columns[0], columns[1], columns[2]);
    let existing: HashMap<&str, &Existing> =
        existing.iter().map(|e| (e.code.as_str(), e)).collect();

    let mut problems = Faults::new(table, &columns);
    let mut first_row: HashMap<DivisionCode, usize> = HashMap::with_capacity(table.rows.len());
    // Townships the sheet brings, even from rows with other problems, so one bad township
    // row does not also make every one of its villages an orphan; and every village with a
    // usable code, so orphans are reported along with the row's other problems.
    let mut townships: HashSet<DivisionCode> = HashSet::new();
    let mut villages: Vec<(usize, DivisionCode)> = Vec::new();
    let mut valid = Vec::with_capacity(table.rows.len());
    let mut unchanged = 0;

    for row in &table.rows {
        if problems.formulas(row, &columns) {
            continue;
        }
        let cell = |c: Option<usize>| c.map_or("", |c| row.get(c));
        let code = match parse_code(cell(code_col), county) {
            Ok(code) => code,
            Err(problem) => {
                problems.add(row.number, code_col, problem);
                continue;
            }
        };
        let kind = code.kind();
        if kind == OrgKind::County {
            // The county's own row: allowed so a full export re-imports, and ignored.
            unchanged += 1;
            continue;
        }
        if let Some(&first) = first_row.get(&code) {
            problems.add(
                row.number,
                code_col,
                Fault::DuplicateInSheet { first_row: first },
            );
            continue;
        }
        first_row.insert(code, row.number);
        match kind {
            OrgKind::Township => _ = townships.insert(code),
            _ => villages.push((row.number, code)),
        }
        let mut ok = true;
        match parse_type(cell(type_col)) {
            Err(()) => {
                problems.add(row.number, type_col, Fault::UnknownType);
                ok = false;
            }
            Ok(Some(stated)) if stated != kind => {
                problems.add(
                    row.number,
                    type_col,
                    Fault::WrongLevel {
                        code_kind: kind,
                        stated,
                    },
                );
                ok = false;
            }
            Ok(_) => {}
        }
        let name = cell(name_col);
        if let Some(problem) = name_fault(name, NAME_MAX) {
            problems.add(row.number, name_col, problem);
            ok = false;
        }
        if let Some(found) = existing.get(code.as_str())
            && found.kind != kind
        {
            problems.add(
                row.number,
                code_col,
                Fault::KindConflict {
                    existing: found.kind,
                },
            );
            ok = false;
        }
        if ok {
            valid.push(Valid {
                row: row.number,
                code,
                name,
            });
        }
    }

    for (row, village) in villages {
        if let Some(parent) = village.parent()
            && !townships.contains(&parent)
            && !existing.contains_key(parent.as_str())
        {
            let problem = Fault::Orphan {
                parent_code: parent.to_string(),
            };
            problems.add(row, code_col, problem);
        }
    }

    problems.finish(|| build(valid, &existing, unchanged))
}

fn build(valid: Vec<Valid<'_>>, existing: &HashMap<&str, &Existing>, unchanged: usize) -> OrgPlan {
    let mut plan = OrgPlan {
        unchanged,
        ..OrgPlan::default()
    };
    let named: HashMap<String, String> = valid
        .iter()
        .map(|u| (u.code.to_string(), u.name.to_owned()))
        .collect();
    let name_of = |code: &str| {
        named
            .get(code)
            .cloned()
            .or_else(|| existing.get(code).map(|e| e.name.clone()))
            .unwrap_or_default()
    };
    for unit in valid {
        let code = unit.code.to_string();
        match existing.get(code.as_str()) {
            Some(found) if found.name == unit.name => plan.unchanged += 1,
            Some(found) => plan.rename.push(Rename {
                row: unit.row,
                code,
                from: found.name.clone(),
                to: unit.name.to_owned(),
            }),
            None => {
                let parent_code = unit
                    .code
                    .parent()
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                plan.add.push(NewUnit {
                    row: unit.row,
                    kind: unit.code.kind(),
                    parent_name: name_of(&parent_code),
                    parent_code,
                    code,
                    name: unit.name.to_owned(),
                })
            }
        }
    }
    // Stable: sheet order within each level.
    plan.add.sort_by_key(|u| u.kind == OrgKind::Village);
    plan
}

fn parse_code(value: &str, county: &str) -> Result<DivisionCode, Fault> {
    if value.is_empty() {
        return Err(Fault::Required);
    }
    if is_scientific(value) {
        return Err(Fault::ScientificNotation);
    }
    let code = DivisionCode::parse(&halfwidth(value)).map_err(|e| match e {
        DivisionCodeError::NotTwelveDigits => Fault::MalformedCode,
        // 000000 as county part cannot be this county.
        DivisionCodeError::NoCounty => Fault::OtherCounty {
            county: county.to_owned(),
        },
    })?;
    if code.county_part() != county {
        return Err(Fault::OtherCounty {
            county: county.to_owned(),
        });
    }
    Ok(code)
}

/// The optional type column: `Ok(None)` when empty, `Err` when not understood.
fn parse_type(value: &str) -> Result<Option<OrgKind>, ()> {
    let township = [
        "乡",
        "镇",
        "乡镇",
        "街道",
        "街道办事处",
        "township",
        "town",
        "street",
    ];
    let village = [
        "村",
        "社区",
        "居委会",
        "村委会",
        "行政村",
        "village",
        "community",
    ];
    let value = value.to_lowercase();
    if value.is_empty() {
        Ok(None)
    } else if township.contains(&value.as_str()) {
        Ok(Some(OrgKind::Township))
    } else if village.contains(&value.as_str()) {
        Ok(Some(OrgKind::Village))
    } else {
        Err(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::{self, Row};

    const COUNTY: &str = "130123";

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            header_row: 1,
            header_formulas: vec![],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    number: i + 2,
                    cells: cells.iter().map(|c| c.to_string()).collect(),
                    formulas: vec![],
                })
                .collect(),
        }
    }

    fn sheet(rows: &[&[&str]]) -> Table {
        table(&["区划代码", "名称", "类型（可选）"], rows)
    }

    fn problems(result: Result<OrgPlan, Vec<RowFault>>) -> Vec<(usize, Option<String>, Fault)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|p| (p.row, p.column, p.problem))
            .collect()
    }

    fn existing_from(plan: &OrgPlan) -> Vec<Existing> {
        plan.add
            .iter()
            .map(|u| Existing {
                code: u.code.clone(),
                name: u.name.clone(),
                kind: u.kind,
            })
            .collect()
    }

    const NEW_SHEET: &[&[&str]] = &[
        &["130123000000", "正定县", ""],
        &["130123100201", "顺城关村", "村"],
        &["130123100000", "正定镇", "镇"],
        &["130123101202", "东权城村", ""],
        &["130123101000", "诸福屯镇", "乡镇"],
        &["130123100202", "东关村", "社区"],
    ];

    #[test]
    fn a_new_sheet_adds_parents_before_children() {
        let plan = plan(COUNTY, &[], &sheet(NEW_SHEET)).unwrap();
        let added: Vec<_> = plan
            .add
            .iter()
            .map(|u| (u.row, u.code.as_str(), u.kind, u.parent_code.as_str()))
            .collect();
        assert_eq!(
            added,
            [
                (4, "130123100000", OrgKind::Township, "130123000000"),
                (6, "130123101000", OrgKind::Township, "130123000000"),
                (3, "130123100201", OrgKind::Village, "130123100000"),
                (5, "130123101202", OrgKind::Village, "130123101000"),
                (7, "130123100202", OrgKind::Village, "130123100000"),
            ]
        );
        assert_eq!(plan.add[0].name, "正定镇");
        assert_eq!((plan.rename.len(), plan.unchanged), (0, 1));
    }

    #[test]
    fn reimporting_the_same_sheet_changes_nothing() {
        let first = plan(COUNTY, &[], &sheet(NEW_SHEET)).unwrap();
        let again = plan(COUNTY, &existing_from(&first), &sheet(NEW_SHEET)).unwrap();
        assert_eq!(
            again,
            OrgPlan {
                unchanged: NEW_SHEET.len(),
                ..OrgPlan::default()
            }
        );
    }

    #[test]
    fn a_changed_name_is_a_rename_and_villages_may_hang_under_existing_townships() {
        let existing = [
            Existing {
                code: "130123100000".into(),
                name: "正定镇".into(),
                kind: OrgKind::Township,
            },
            Existing {
                code: "130123100201".into(),
                name: "顺城关村".into(),
                kind: OrgKind::Village,
            },
        ];
        let plan = plan(
            COUNTY,
            &existing,
            &sheet(&[
                &["130123100201", "顺城关社区", ""],
                &["130123100203", "西关村", ""],
            ]),
        )
        .unwrap();
        assert_eq!(
            plan.rename,
            [Rename {
                row: 2,
                code: "130123100201".into(),
                from: "顺城关村".into(),
                to: "顺城关社区".into()
            }]
        );
        assert_eq!(plan.add.len(), 1);
        assert_eq!(plan.add[0].parent_code, "130123100000");
        assert_eq!(plan.add[0].parent_name, "正定镇", "as the county has it");
        // A parent the same sheet adds or renames is named as the sheet names it.
        let plan = super::plan(
            COUNTY,
            &existing,
            &sheet(&[
                &["130123100000", "正定街道", ""],
                &["130123104000", "新城镇", ""],
                &["130123104001", "新城村", ""],
            ]),
        )
        .unwrap();
        let parents: Vec<_> = plan
            .add
            .iter()
            .map(|u| (u.kind, u.parent_name.as_str()))
            .collect();
        assert_eq!(parents[1], (OrgKind::Village, "新城镇"));
    }

    #[test]
    fn every_bad_row_is_reported_sorted_and_nothing_is_planned() {
        let long = "长".repeat(65);
        let rows: &[&[&str]] = &[
            &["13012310020", "短码村", ""],              // 2
            &["130124100000", "邻县镇", ""],             // 3
            &["130123102201", "孤儿村", ""],             // 4
            &["130123100000", "正定镇", "村"],           // 5
            &["130123100201", "", ""],                   // 6
            &["130123100202", &long, ""],                // 7
            &["130123100203", "换行\u{7}村", ""],        // 8
            &["130123100000", "正定镇", ""],             // 9
            &["1.30123E+11", "科学计数", ""],            // 10
            &["", "无代码", ""],                         // 11
            &["130123100204", "某村", "大队"],           // 12
            &["000000100201", "无县", ""],               // 13
            &["130100000000", "石家庄市", ""],           // 14
            &["１３０１２３１００２０５", "全角村", ""], // 15: fine
        ];
        let code = Some("区划代码".to_owned());
        let name = Some("名称".to_owned());
        let kind = Some("类型（可选）".to_owned());
        let other = || Fault::OtherCounty {
            county: COUNTY.into(),
        };
        assert_eq!(
            problems(plan(COUNTY, &[], &sheet(rows))),
            [
                (2, code.clone(), Fault::MalformedCode),
                (3, code.clone(), other()),
                (
                    4,
                    code.clone(),
                    Fault::Orphan {
                        parent_code: "130123102000".into()
                    }
                ),
                (
                    5,
                    kind.clone(),
                    Fault::WrongLevel {
                        code_kind: OrgKind::Township,
                        stated: OrgKind::Village
                    }
                ),
                (6, name.clone(), Fault::EmptyName),
                (7, name.clone(), Fault::NameTooLong { max: 64 }),
                (8, name, Fault::ControlCharsInName),
                (9, code.clone(), Fault::DuplicateInSheet { first_row: 5 }),
                (10, code.clone(), Fault::ScientificNotation),
                (11, code.clone(), Fault::Required),
                (12, kind, Fault::UnknownType),
                (13, code.clone(), other()),
                (14, code, other()),
            ]
        );
    }

    #[test]
    fn a_bad_township_row_does_not_orphan_its_villages() {
        let rows: &[&[&str]] = &[&["130123100000", "", ""], &["130123100201", "顺城关村", ""]];
        let found = problems(plan(COUNTY, &[], &sheet(rows)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].2, Fault::EmptyName);
    }

    #[test]
    fn an_orphan_is_reported_with_the_row_s_other_problems() {
        let found = problems(plan(COUNTY, &[], &sheet(&[&["130123102201", "", ""]])));
        let found: Vec<_> = found.into_iter().map(|(_, _, p)| p).collect();
        let orphan = Fault::Orphan {
            parent_code: "130123102000".into(),
        };
        assert_eq!(found, [Fault::EmptyName, orphan]);
    }

    #[test]
    fn missing_columns_are_reported_on_the_header_row() {
        let found = problems(plan(COUNTY, &[], &table(&["名字", "编号"], &[&["a", "b"]])));
        assert_eq!(
            found,
            [
                (
                    1,
                    None,
                    Fault::MissingColumn {
                        name: "区划代码".into()
                    }
                ),
                (
                    1,
                    None,
                    Fault::MissingColumn {
                        name: "名称".into()
                    }
                ),
            ]
        );
        // English headers and no type column are fine.
        let english = table(&["Code", "Name"], &[&["130123100000", "Zhengding"]]);
        assert_eq!(plan(COUNTY, &[], &english).unwrap().add.len(), 1);
    }

    #[test]
    fn formulas_are_refused_per_cell() {
        let mut t = sheet(&[
            &["130123100000", "正定镇", ""],
            &["130123100201", "顺城关村", ""],
        ]);
        t.rows[1].formulas = vec![0, 1];
        t.header_formulas = vec![1];
        let found = problems(plan(COUNTY, &[], &t));
        assert_eq!(
            found,
            [
                (1, Some("名称".into()), Fault::Formula),
                (3, Some("区划代码".into()), Fault::Formula),
                (3, Some("名称".into()), Fault::Formula),
            ]
        );
        // A formula in a column the import does not read is harmless.
        let mut t = table(
            &["区划代码", "名称", "备注"],
            &[&["130123100000", "正定镇", "x"]],
        );
        t.rows[0].formulas = vec![2];
        assert!(plan(COUNTY, &[], &t).is_ok());
    }

    #[test]
    fn an_existing_code_of_another_kind_is_refused() {
        let existing = [Existing {
            code: "130123100000".into(),
            name: "x".into(),
            kind: OrgKind::Village,
        }];
        let found = problems(plan(
            COUNTY,
            &existing,
            &sheet(&[&["130123100000", "正定镇", ""]]),
        ));
        assert_eq!(
            found[0].2,
            Fault::KindConflict {
                existing: OrgKind::Village
            }
        );
    }

    #[test]
    fn a_twelve_digit_county_code_is_accepted() {
        assert!(plan("130123000000", &[], &sheet(NEW_SHEET)).is_ok());
    }

    #[test]
    fn reads_a_real_xlsx_with_numeric_codes() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let ws = workbook.add_worksheet();
        ws.write_row(0, 0, ["区划代码", "名称"]).unwrap();
        ws.write(1, 0, 130123100000.0).unwrap();
        ws.write(1, 1, "正定镇").unwrap();
        ws.write(2, 0, 130_123_100_201_f64).unwrap();
        ws.write(2, 1, "顺城关村").unwrap();
        let t = sheet::read("乡镇.xlsx", &workbook.save_to_buffer().unwrap(), 100).unwrap();
        let plan = plan(COUNTY, &[], &t).unwrap();
        assert_eq!(plan.add[1].code, "130123100201");
    }

    #[test]
    fn fifty_thousand_rows_plan_correctly() {
        // 500 townships × 99 villages, each township listed after its villages.
        let mut cells = Vec::with_capacity(50_000);
        for t in 1..=500 {
            for v in 1..=99 {
                cells.push([format!("130123{t:03}{v:03}"), format!("村{t}-{v}")]);
            }
            cells.push([format!("130123{t:03}000"), format!("乡镇{t}")]);
        }
        let rows = cells
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row {
                number: i + 2,
                cells: cells.into(),
                formulas: vec![],
            })
            .collect();
        let t = Table { rows, ..sheet(&[]) };
        let plan = plan(COUNTY, &[], &t).unwrap();
        assert_eq!(plan.add.len(), 50_000);
        assert!(plan.add[..500].iter().all(|u| u.kind == OrgKind::Township));
        let again = super::plan(COUNTY, &existing_from(&plan), &t).unwrap();
        assert_eq!(again.unchanged, 50_000);
    }
}
