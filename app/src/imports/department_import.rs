//! Importing a county's departments (县直部门) from a sheet with the columns 名称 and
//! 简称代码. Departments are keyed by their short code, which is case-insensitive and stored
//! uppercase ("zjj" and "ZJJ" are the same department, saved as "ZJJ"), like the seed codes.
//! Names must stay unique among the county's departments after the import.

use super::faults::{Fault, Faults, RowFault, Spec, find_columns, halfwidth, name_fault};
use super::org_import::Rename;
use crate::sheet::Table;
use std::collections::HashMap;

pub const NAME_MAX: usize = 64;
pub const NAME_ALIASES: &[&str] = &["名称", "部门名称", "name"];
pub const CODE_ALIASES: &[&str] = &["简称代码", "部门代码", "代码", "简称", "short code", "code"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingDepartment {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDepartment {
    pub row: usize,
    /// Uppercase.
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepartmentPlan {
    pub add: Vec<NewDepartment>,
    /// `code` is the existing department's code as stored.
    pub rename: Vec<Rename>,
    pub unchanged: usize,
}

/// A short code in its stored form, or `None` when malformed: 2–16 ASCII letters, digits,
/// '-' or '_', with at least one letter so it can never be mistaken for a 12-digit division
/// code in the users sheet's 单位代码 column.
pub fn normalize_code(value: &str) -> Option<String> {
    let code = halfwidth(value).to_ascii_uppercase();
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    ((2..=16).contains(&code.len())
        && code.chars().all(allowed)
        && code.chars().any(|c| c.is_ascii_alphabetic()))
    .then_some(code)
}

pub fn plan(
    existing: &[ExistingDepartment],
    table: &Table,
) -> Result<DepartmentPlan, Vec<RowFault>> {
    let columns = find_columns(
        table,
        &[
            Spec {
                aliases: NAME_ALIASES,
                required: true,
            },
            Spec {
                aliases: CODE_ALIASES,
                required: true,
            },
        ],
    )?;
    let (name_col, code_col) = (columns[0], columns[1]);
    let by_code: HashMap<String, &ExistingDepartment> = existing
        .iter()
        .map(|d| (d.code.to_ascii_uppercase(), d))
        .collect();
    let by_name: HashMap<&str, &ExistingDepartment> =
        existing.iter().map(|d| (d.name.as_str(), d)).collect();

    let mut problems = Faults::new(table, &columns);
    let mut code_rows: HashMap<String, usize> = HashMap::new();
    let mut name_rows: HashMap<&str, usize> = HashMap::new();
    let mut valid = Vec::new();
    for row in &table.rows {
        if problems.formulas(row, &columns) {
            continue;
        }
        let (name, code) = (
            name_col.map_or("", |c| row.get(c)),
            code_col.map_or("", |c| row.get(c)),
        );
        let code = match normalize_code(code) {
            _ if code.is_empty() => Err(Fault::Required),
            None => Err(Fault::MalformedShortCode),
            Some(code) => match code_rows.get(&code) {
                Some(&first_row) => Err(Fault::DuplicateInSheet { first_row }),
                None => {
                    code_rows.insert(code.clone(), row.number);
                    Ok(code)
                }
            },
        };
        let name_ok = match name_fault(name, NAME_MAX) {
            Some(problem) => Err(problem),
            None => match name_rows.get(name) {
                Some(&first_row) => Err(Fault::DuplicateName { first_row }),
                None => {
                    name_rows.insert(name, row.number);
                    Ok(())
                }
            },
        };
        match (code, name_ok) {
            (Ok(code), Ok(())) => valid.push((row.number, code, name)),
            (code, name_ok) => {
                if let Err(problem) = code {
                    problems.add(row.number, code_col, problem);
                }
                if let Err(problem) = name_ok {
                    problems.add(row.number, name_col, problem);
                }
            }
        }
    }

    // A name may be taken over from a department only if the sheet renames that one too.
    for (row, code, name) in &valid {
        if let Some(owner) = by_name.get(name)
            && owner.code.to_ascii_uppercase() != *code
            && !code_rows.contains_key(&owner.code.to_ascii_uppercase())
        {
            problems.add(
                *row,
                name_col,
                Fault::NameTaken {
                    code: owner.code.clone(),
                },
            );
        }
    }

    problems.finish(|| {
        let mut plan = DepartmentPlan::default();
        for (row, code, name) in valid {
            match by_code.get(&code) {
                Some(found) if found.name == name => plan.unchanged += 1,
                Some(found) => plan.rename.push(Rename {
                    row,
                    code: found.code.clone(),
                    from: found.name.clone(),
                    to: name.to_owned(),
                }),
                None => plan.add.push(NewDepartment {
                    row,
                    code,
                    name: name.to_owned(),
                }),
            }
        }
        plan
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Row;

    fn sheet(rows: &[[&str; 2]]) -> Table {
        Table {
            headers: vec!["名称".into(), "简称代码".into()],
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

    fn seeds() -> Vec<ExistingDepartment> {
        [("ZJJ", "住房和城乡建设局"), ("GAJ", "公安局")]
            .map(|(code, name)| ExistingDepartment {
                code: code.into(),
                name: name.into(),
            })
            .into()
    }

    fn problems(result: Result<DepartmentPlan, Vec<RowFault>>) -> Vec<(usize, String, Fault)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|p| (p.row, p.column.unwrap_or_default(), p.problem))
            .collect()
    }

    #[test]
    fn adds_renames_and_unchanged_are_keyed_by_code_case_insensitively() {
        let plan = plan(
            &seeds(),
            &sheet(&[
                ["住房和城乡建设局", "zjj"],
                ["县公安局", "GAJ"],
                ["教育局", "jyj"],
                ["卫生健康局", "WJ-1"],
            ]),
        )
        .unwrap();
        assert_eq!(plan.unchanged, 1);
        assert_eq!(
            plan.rename,
            [Rename {
                row: 3,
                code: "GAJ".into(),
                from: "公安局".into(),
                to: "县公安局".into()
            }]
        );
        let added: Vec<_> = plan.add.iter().map(|d| (d.row, d.code.as_str())).collect();
        assert_eq!(added, [(4, "JYJ"), (5, "WJ-1")]);
    }

    #[test]
    fn reimporting_the_same_sheet_changes_nothing() {
        let rows = [["教育局", "JYJ"], ["公安局", "gaj"]];
        let first = plan(&seeds(), &sheet(&rows)).unwrap();
        let mut existing = seeds();
        existing.extend(first.add.iter().map(|d| ExistingDepartment {
            code: d.code.clone(),
            name: d.name.clone(),
        }));
        let again = plan(&existing, &sheet(&rows)).unwrap();
        assert_eq!(
            again,
            DepartmentPlan {
                unchanged: 2,
                ..DepartmentPlan::default()
            }
        );
    }

    #[test]
    fn bad_codes_duplicates_and_names_are_all_reported() {
        let long = "局".repeat(65);
        let found = problems(plan(
            &seeds(),
            &sheet(&[
                ["教育局", "JYJ"],     // 2
                ["教育体育局", "jyj"], // 3 duplicate code
                ["教育局", "JTJ"],     // 4 duplicate name
                ["财政局", "C"],       // 5 too short
                ["财政局2", "CZ J"],   // 6 space
                ["财政局3", "123456"], // 7 digits only
                ["", "CZJ"],           // 8
                [&long, "CZJ2"],       // 9
                ["公安局", "GA"],      // 10 name of GAJ, which the sheet keeps
                ["统计局", ""],        // 11
            ]),
        ));
        let code = "简称代码".to_owned();
        let name = "名称".to_owned();
        assert_eq!(
            found,
            [
                (3, code.clone(), Fault::DuplicateInSheet { first_row: 2 }),
                (4, name.clone(), Fault::DuplicateName { first_row: 2 }),
                (5, code.clone(), Fault::MalformedShortCode),
                (6, code.clone(), Fault::MalformedShortCode),
                (7, code.clone(), Fault::MalformedShortCode),
                (8, name.clone(), Fault::EmptyName),
                (9, name.clone(), Fault::NameTooLong { max: 64 }),
                (10, name, Fault::NameTaken { code: "GAJ".into() }),
                (11, code, Fault::Required),
            ]
        );
    }

    #[test]
    fn names_may_be_swapped_when_both_departments_are_in_the_sheet() {
        let plan = plan(
            &seeds(),
            &sheet(&[["公安局", "ZJJ"], ["住房和城乡建设局", "GAJ"]]),
        )
        .unwrap();
        assert_eq!(plan.rename.len(), 2);
    }

    #[test]
    fn missing_columns_and_formulas() {
        let mut t = sheet(&[["教育局", "JYJ"]]);
        t.headers[1] = "备注".into();
        assert_eq!(
            problems(plan(&[], &t)),
            [(
                1,
                String::new(),
                Fault::MissingColumn {
                    name: "简称代码".into()
                }
            )]
        );
        let mut t = sheet(&[["教育局", "JYJ"]]);
        t.rows[0].formulas = vec![0];
        assert_eq!(
            problems(plan(&[], &t)),
            [(2, "名称".into(), Fault::Formula)]
        );
    }

    #[test]
    fn short_codes_normalize_to_uppercase() {
        assert_eq!(normalize_code("ｇａｊ").as_deref(), Some("GAJ"));
        assert_eq!(normalize_code("a_b-1").as_deref(), Some("A_B-1"));
        assert_eq!(normalize_code(&"A".repeat(17)), None);
        assert_eq!(normalize_code("公安"), None);
    }
}
