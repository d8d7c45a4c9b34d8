//! Importing user accounts from a sheet with the columns 用户名, 姓名, 角色, 单位代码 and
//! optionally 初始密码. Rows create users or change the name, role or unit of existing ones;
//! nothing is deleted and existing passwords are never touched. Grants are checked with the
//! importer's own `may_grant`, so an import can never do more than the importer could by hand.

use super::department_import::normalize_code;
use super::faults::{
    Fault, Faults, RowFault, Spec, find_columns, halfwidth, is_scientific, name_fault,
};
use crate::access::Role;
use crate::i18n::Locale;
use crate::org::OrgKind;
use crate::sheet::Table;
use std::collections::HashMap;

pub const NAME_MAX: usize = 32;
pub const USERNAME_ALIASES: &[&str] =
    &["用户名", "账号", "登录名", "username", "user name", "login"];
pub const NAME_ALIASES: &[&str] = &["姓名", "名字", "name", "display name", "full name"];
pub const ROLE_ALIASES: &[&str] = &["角色", "role"];
pub const UNIT_ALIASES: &[&str] = &["单位代码", "所属单位代码", "单位", "unit code", "unit"];
pub const PASSWORD_ALIASES: &[&str] = &["初始密码", "密码", "initial password", "password"];

/// The snake_case code, as stored.
pub fn role_code(role: Role) -> &'static str {
    role.code()
}

/// A role from its Chinese label, its code, or its English label ("County admin").
/// Platform roles are recognised too, so they are refused rather than reported as unknown.
pub fn parse_role(value: &str) -> Option<Role> {
    let key = |s: &str| -> String {
        s.trim()
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    };
    let wanted = key(value);
    Role::ALL.into_iter().find(|r| {
        wanted == r.code()
            || Locale::ALL
                .into_iter()
                .any(|l| wanted == key(r.label(l.texts())))
    })
}

/// Every account of the county (usernames are unique per county). `may_grant` refusing one
/// makes a changed row `NotManageable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingUser {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub unit_code: String,
}

/// A unit users can be assigned to: division codes and department short codes alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRef {
    pub code: String,
    pub kind: OrgKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub row: usize,
    /// Lowercase.
    pub username: String,
    pub name: String,
    pub role: Role,
    /// As in `UnitRef::code`.
    pub unit_code: String,
    /// Checked for length and mix only; hash it, and force a change at first sign-in.
    pub password: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserUpdate {
    pub row: usize,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub unit_code: String,
    /// The account as it was, for showing the change.
    pub previous: ExistingUser,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserPlan {
    pub add: Vec<NewUser>,
    pub update: Vec<UserUpdate>,
    pub unchanged: usize,
    /// Rows of existing users whose 初始密码 was filled in and ignored: worth a warning.
    pub password_ignored: Vec<usize>,
}

/// Plans the import. `may_grant(role, unit_code)` is the importer's own permission check;
/// it is consulted for every role a row would grant and, for changed existing users, for
/// the role they hold now. Unchanged rows grant nothing and are not checked.
pub fn plan(
    existing_users: &[ExistingUser],
    units: &[UnitRef],
    may_grant: &dyn Fn(Role, &str) -> bool,
    table: &Table,
) -> Result<UserPlan, Vec<RowFault>> {
    let columns = find_columns(
        table,
        &[
            Spec {
                aliases: USERNAME_ALIASES,
                required: true,
            },
            Spec {
                aliases: NAME_ALIASES,
                required: true,
            },
            Spec {
                aliases: ROLE_ALIASES,
                required: true,
            },
            Spec {
                aliases: UNIT_ALIASES,
                required: true,
            },
            Spec {
                aliases: PASSWORD_ALIASES,
                required: false,
            },
        ],
    )?;
    let [user_col, name_col, role_col, unit_col, password_col] = columns[..] else {
        unreachable!("one column per spec")
    };
    let users: HashMap<String, &ExistingUser> = existing_users
        .iter()
        .map(|u| (u.username.to_lowercase(), u))
        .collect();
    let units: HashMap<String, &UnitRef> = units.iter().map(|u| (unit_key(&u.code), u)).collect();

    let mut problems = Faults::new(table, &columns);
    let mut first_row: HashMap<String, usize> = HashMap::new();
    let mut plan = UserPlan::default();
    for row in &table.rows {
        if problems.formulas(row, &columns) {
            continue;
        }
        let cell = |c: Option<usize>| c.map_or("", |c| row.get(c));
        let mut found: Vec<(Option<usize>, Fault)> = Vec::new();

        let username = cell(user_col).to_lowercase();
        if let Err(problem) = check_username(&username) {
            found.push((user_col, problem));
        } else if let Some(&first) = first_row.get(&username) {
            found.push((user_col, Fault::DuplicateInSheet { first_row: first }));
        } else {
            first_row.insert(username.clone(), row.number);
        }
        let name = cell(name_col);
        if let Some(problem) = name_fault(name, NAME_MAX) {
            found.push((name_col, problem));
        }
        let role = check_role(cell(role_col))
            .map_err(|problem| found.push((role_col, problem)))
            .ok();
        let unit = find_unit(&units, cell(unit_col))
            .map_err(|problem| found.push((unit_col, problem)))
            .ok();
        if let (Some(role), Some(unit)) = (role, unit)
            && role.unit_kind() != Some(unit.kind)
        {
            found.push((
                role_col,
                Fault::RoleUnitMismatch {
                    role,
                    unit_kind: unit.kind,
                },
            ));
        }
        let password = cell(password_col);
        let existing = users.get(&username).copied();
        if existing.is_none() && !password.is_empty() && !strong_enough(password) {
            found.push((password_col, Fault::WeakPassword));
        }
        let same = |p: &ExistingUser, role: Role, unit: &UnitRef| {
            p.name == name && p.role == role && unit_key(&p.unit_code) == unit_key(&unit.code)
        };
        // Unchanged rows grant nothing, so only changes and new users need the importer's say.
        if let (Some(role), Some(unit)) = (role, unit) {
            match existing {
                Some(previous) if same(previous, role, unit) => {}
                Some(previous)
                    if previous.role.unit_kind().is_none()
                        || !may_grant(previous.role, &previous.unit_code) =>
                {
                    found.push((None, Fault::NotManageable));
                }
                _ if !may_grant(role, &unit.code) => {
                    found.push((role_col, Fault::NotGrantable { role }));
                }
                _ => {}
            }
        }

        let (Some(role), Some(unit), true) = (role, unit, found.is_empty()) else {
            for (column, problem) in found {
                problems.add(row.number, column, problem);
            }
            continue;
        };
        let (row_number, name, unit_code) = (row.number, name.to_owned(), unit.code.clone());
        match existing {
            None => plan.add.push(NewUser {
                row: row_number,
                username,
                name,
                role,
                unit_code,
                password: (!password.is_empty()).then(|| password.to_owned()),
            }),
            Some(previous) => {
                if !password.is_empty() {
                    plan.password_ignored.push(row_number);
                }
                if same(previous, role, unit) {
                    plan.unchanged += 1;
                } else {
                    plan.update.push(UserUpdate {
                        row: row_number,
                        username,
                        name,
                        role,
                        unit_code,
                        previous: previous.clone(),
                    });
                }
            }
        }
    }
    problems.finish(|| plan)
}

fn check_username(username: &str) -> Result<(), Fault> {
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-');
    if username.is_empty() {
        Err(Fault::Required)
    } else if !(3..=32).contains(&username.len()) || !username.chars().all(allowed) {
        Err(Fault::MalformedUsername)
    } else {
        Ok(())
    }
}

fn check_role(value: &str) -> Result<Role, Fault> {
    match parse_role(value) {
        _ if value.is_empty() => Err(Fault::Required),
        None => Err(Fault::UnknownRole),
        Some(role) if role.unit_kind().is_none() => Err(Fault::PlatformRole),
        Some(role) => Ok(role),
    }
}

fn find_unit<'u>(units: &HashMap<String, &'u UnitRef>, value: &str) -> Result<&'u UnitRef, Fault> {
    if value.is_empty() {
        return Err(Fault::Required);
    }
    if is_scientific(value) {
        return Err(Fault::ScientificNotation);
    }
    units
        .get(&unit_key(value))
        .copied()
        .ok_or_else(|| Fault::UnknownUnit {
            code: value.to_owned(),
        })
}

/// How unit codes compare: division codes as digits, short codes case-insensitively.
fn unit_key(code: &str) -> String {
    let code = halfwidth(code);
    normalize_code(&code).unwrap_or(code)
}

/// 8–64 characters, no control characters, with at least one ASCII letter and one digit.
fn strong_enough(password: &str) -> bool {
    (8..=64).contains(&password.chars().count())
        && !password.chars().any(char::is_control)
        && password.chars().any(|c| c.is_ascii_alphabetic())
        && password.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Row;

    const HEADERS: [&str; 5] = ["用户名", "姓名", "角色", "单位代码", "初始密码（可选）"];

    fn sheet(rows: &[[&str; 5]]) -> Table {
        Table {
            headers: HEADERS.map(String::from).into(),
            header_row: 1,
            header_formulas: vec![],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    number: i + 2,
                    cells: cells.map(String::from).into(),
                    formulas: vec![],
                })
                .collect(),
        }
    }

    fn units() -> Vec<UnitRef> {
        [
            ("130123000000", OrgKind::County),
            ("130123100000", OrgKind::Township),
            ("130123100201", OrgKind::Village),
            ("GAJ", OrgKind::Department),
        ]
        .map(|(code, kind)| UnitRef {
            code: code.into(),
            kind,
        })
        .into()
    }

    /// A county admin: grants anything but county_admin itself.
    fn county_admin(role: Role, _unit: &str) -> bool {
        role != Role::CountyAdmin
    }

    fn problems(result: Result<UserPlan, Vec<RowFault>>) -> Vec<(usize, Option<String>, Fault)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|p| (p.row, p.column, p.problem))
            .collect()
    }

    const NEW: &[[&str; 5]] = &[
        ["ZhangSan", "张三", "村干部", "130123100201", "Initial2024"],
        [
            "li.si",
            "李四",
            "township_staff",
            "１３０１２３１０００００",
            "",
        ],
        ["wang_wu", "王五", "部门工作人员", "gaj", ""],
        ["zhao-liu", "赵六", "County Leader", "130123000000", ""],
    ];

    #[test]
    fn new_users_are_added_with_normalized_usernames_and_units() {
        let plan = plan(&[], &units(), &county_admin, &sheet(NEW)).unwrap();
        let added: Vec<_> = plan
            .add
            .iter()
            .map(|u| {
                (
                    u.username.as_str(),
                    u.role,
                    u.unit_code.as_str(),
                    u.password.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            added,
            [
                (
                    "zhangsan",
                    Role::VillageCadre,
                    "130123100201",
                    Some("Initial2024")
                ),
                ("li.si", Role::TownshipStaff, "130123100000", None),
                ("wang_wu", Role::DepartmentStaff, "GAJ", None),
                ("zhao-liu", Role::CountyLeader, "130123000000", None),
            ]
        );
    }

    fn existing_from(plan: &UserPlan) -> Vec<ExistingUser> {
        plan.add
            .iter()
            .map(|u| ExistingUser {
                username: u.username.clone(),
                name: u.name.clone(),
                role: u.role,
                unit_code: u.unit_code.clone(),
            })
            .collect()
    }

    #[test]
    fn reimporting_changes_nothing_and_never_touches_passwords() {
        let first = plan(&[], &units(), &county_admin, &sheet(NEW)).unwrap();
        let again = plan(&existing_from(&first), &units(), &county_admin, &sheet(NEW)).unwrap();
        assert_eq!(
            again,
            UserPlan {
                unchanged: 4,
                password_ignored: vec![2],
                ..UserPlan::default()
            }
        );
    }

    #[test]
    fn changed_name_role_or_unit_is_an_update() {
        let existing = existing_from(&plan(&[], &units(), &county_admin, &sheet(NEW)).unwrap());
        let changed = sheet(&[
            ["zhangsan", "张三丰", "村干部", "130123100201", ""],
            ["LI.SI", "李四", "乡镇管理员", "130123100000", ""],
        ]);
        let plan = plan(&existing, &units(), &county_admin, &changed).unwrap();
        let updated: Vec<_> = plan
            .update
            .iter()
            .map(|u| (u.row, u.name.as_str(), u.role))
            .collect();
        assert_eq!(
            updated,
            [
                (2, "张三丰", Role::VillageCadre),
                (3, "李四", Role::TownshipAdmin)
            ]
        );
        assert_eq!(plan.update[1].previous.role, Role::TownshipStaff);
    }

    #[test]
    fn every_bad_row_is_reported() {
        let existing = [ExistingUser {
            username: "boss".into(),
            name: "老板".into(),
            role: Role::CountyAdmin,
            unit_code: "130123000000".into(),
        }];
        let rows = [
            ["ab", "甲", "村干部", "130123100201", ""],        // 2
            ["张三", "甲", "村干部", "130123100201", ""],      // 3
            ["user1", "", "村干部", "130123100201", ""],       // 4
            ["user2", "乙", "村长", "130123100201", ""],       // 5
            ["user3", "丙", "平台管理员", "130123000000", ""], // 6
            ["user4", "丁", "村干部", "130123999999", ""],     // 7
            ["user5", "戊", "村干部", "130123100000", ""],     // 8
            ["user6", "己", "县级管理员", "130123000000", ""], // 9
            ["user7", "庚", "乡镇管理员", "130123100000", "short1"], // 10
            ["user8", "辛", "乡镇管理员", "130123100000", "lettersonly"], // 11
            ["USER7", "壬", "乡镇管理员", "130123100000", ""], // 12
            ["boss", "老板", "县领导", "130123000000", ""],    // 13
            ["user9", "癸", "province_viewer", "130123000000", ""], // 14
            ["user10", "子", "部门工作人员", "1.30123E+11", ""], // 15
            ["user11", "丑", "部门工作人员", "130123100000", ""], // 16
            ["", "寅", "", "", ""],                            // 17
        ];
        let col = |i: usize| Some(HEADERS[i].to_owned());
        assert_eq!(
            problems(plan(&existing, &units(), &county_admin, &sheet(&rows))),
            [
                (2, col(0), Fault::MalformedUsername),
                (3, col(0), Fault::MalformedUsername),
                (4, col(1), Fault::EmptyName),
                (5, col(2), Fault::UnknownRole),
                (6, col(2), Fault::PlatformRole),
                (
                    7,
                    col(3),
                    Fault::UnknownUnit {
                        code: "130123999999".into()
                    }
                ),
                (
                    8,
                    col(2),
                    Fault::RoleUnitMismatch {
                        role: Role::VillageCadre,
                        unit_kind: OrgKind::Township
                    }
                ),
                (
                    9,
                    col(2),
                    Fault::NotGrantable {
                        role: Role::CountyAdmin
                    }
                ),
                (10, col(4), Fault::WeakPassword),
                (11, col(4), Fault::WeakPassword),
                (12, col(0), Fault::DuplicateInSheet { first_row: 10 }),
                (13, None, Fault::NotManageable),
                (14, col(2), Fault::PlatformRole),
                (15, col(3), Fault::ScientificNotation),
                (
                    16,
                    col(2),
                    Fault::RoleUnitMismatch {
                        role: Role::DepartmentStaff,
                        unit_kind: OrgKind::Township
                    }
                ),
                (17, col(0), Fault::Required),
                (17, col(2), Fault::Required),
                (17, col(3), Fault::Required),
            ]
        );
    }

    #[test]
    fn the_importer_decides_per_unit() {
        let only_own_township = |_: Role, unit: &str| unit.starts_with("130123100");
        let rows = [
            ["user1", "甲", "村干部", "130123100201", ""],
            ["user2", "乙", "部门工作人员", "GAJ", ""],
        ];
        let found = problems(plan(&[], &units(), &only_own_township, &sheet(&rows)));
        assert_eq!(
            found,
            [(
                3,
                Some("角色".into()),
                Fault::NotGrantable {
                    role: Role::DepartmentStaff
                }
            )]
        );
    }

    #[test]
    fn grant_problems_come_with_the_row_s_other_problems() {
        let rows = [["user1", "甲", "县级管理员", "130123000000", "weak"]];
        let found: Vec<_> = problems(plan(&[], &units(), &county_admin, &sheet(&rows)))
            .into_iter()
            .map(|(_, _, p)| p)
            .collect();
        let not_grantable = Fault::NotGrantable {
            role: Role::CountyAdmin,
        };
        assert_eq!(found, [Fault::WeakPassword, not_grantable]);
    }

    #[test]
    fn missing_columns_and_formulas() {
        let mut t = sheet(&[["user1", "甲", "村干部", "130123100201", ""]]);
        t.headers.truncate(2);
        let names: Vec<_> = problems(plan(&[], &units(), &county_admin, &t))
            .into_iter()
            .map(|(row, _, p)| (row, p))
            .collect();
        assert_eq!(
            names,
            [
                (
                    1,
                    Fault::MissingColumn {
                        name: "角色".into()
                    }
                ),
                (
                    1,
                    Fault::MissingColumn {
                        name: "单位代码".into()
                    }
                ),
            ]
        );
        let mut t = sheet(&[["user1", "甲", "村干部", "130123100201", "x"]]);
        t.rows[0].formulas = vec![4];
        assert_eq!(
            problems(plan(&[], &units(), &county_admin, &t)),
            [(2, Some(HEADERS[4].into()), Fault::Formula)]
        );
    }

    #[test]
    fn roles_parse_from_labels_and_codes() {
        for role in Role::ALL {
            assert_eq!(parse_role(role.code()), Some(role));
            for locale in Locale::ALL {
                assert_eq!(parse_role(role.label(locale.texts())), Some(role));
            }
        }
        assert_eq!(parse_role("村干部"), Some(Role::VillageCadre));
        assert_eq!(parse_role("County leader"), Some(Role::CountyLeader));
        assert_eq!(parse_role("COUNTY-ADMIN"), Some(Role::CountyAdmin));
        assert_eq!(parse_role("admin"), None);
    }
}
