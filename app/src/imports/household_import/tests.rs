use super::*;
use crate::sheet::Row;

const ZHANG: &str = "130123196503081217";
const LI: &str = "130123196805121229";
const SON: &str = "130123199207161232";
const OLD: &str = "130123194011111249";

fn sheet(rows: &[[&str; 14]]) -> Table {
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

fn unit(n: u128, path: &str, kind: OrgKind, in_reach: bool) -> Unit {
    Unit {
        id: Uuid::from_u128(n),
        path: path.into(),
        kind,
        active: true,
        in_reach,
    }
}

fn known() -> Known {
    let mut units = HashMap::new();
    units.insert(
        "130123100000".into(),
        unit(1, "/1/2/", OrgKind::Township, true),
    );
    units.insert(
        "130123100201".into(),
        unit(2, "/1/2/3/", OrgKind::Village, true),
    );
    units.insert(
        "130123101201".into(),
        unit(3, "/1/4/5/", OrgKind::Village, false),
    );
    let mut closed = unit(4, "/1/2/6/", OrgKind::Village, true);
    closed.active = false;
    units.insert("130123100202".into(), closed);
    Known {
        county_code: "130123".into(),
        units,
        tags: ["低保户", "老党员", "空巢老人"].map(String::from).into(),
        households: Vec::new(),
        id_owners: HashMap::new(),
    }
}

fn row(member: &str, relation: &str, id: &str) -> [&'static str; 14] {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    [
        "130123100201",
        "3组",
        "12号",
        "正定镇西关村3组12号",
        "张建国",
        "13812345678",
        "低保户、老党员",
        "",
        leak(member),
        leak(relation),
        "",
        "",
        leak(id),
        "",
    ]
}

fn family() -> Table {
    sheet(&[
        row("张建国", "户主", ZHANG),
        row("李秀英", "配偶", LI),
        row("张伟", "子女", SON),
    ])
}

fn problems(result: Result<HouseholdPlan, Vec<RowFault>>) -> Vec<(usize, String, Fault)> {
    result
        .unwrap_err()
        .into_iter()
        .map(|p| (p.row, p.column.unwrap_or_default(), p.problem))
        .collect()
}

/// What `apply` would store, as the next import sees it.
fn stored(plan: &HouseholdPlan, id_owners: &mut HashMap<String, Uuid>) -> Vec<ExistingHousehold> {
    plan.add
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let id = Uuid::from_u128(1000 + i as u128);
            for p in &h.members {
                if let Some(n) = &p.id_number {
                    id_owners.insert(n.clone(), id);
                }
            }
            ExistingHousehold {
                id,
                village: h.village,
                fields: h.fields.clone(),
                members: h
                    .members
                    .iter()
                    .enumerate()
                    .map(|(j, p)| ExistingMember {
                        id: Uuid::from_u128(2000 + (i * 100 + j) as u128),
                        position: j as i32,
                        person: p.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn rows_of_one_household_become_one_household_with_its_members() {
    let plan = plan(&known(), &family(), &|_| {}).unwrap();
    assert_eq!(plan.add.len(), 1);
    let h = &plan.add[0];
    assert_eq!(h.row, 2);
    assert_eq!(h.village, Uuid::from_u128(2));
    assert_eq!(h.fields.tags, ["低保户", "老党员"]);
    assert_eq!(h.fields.phone.as_deref(), Some("13812345678"));
    let people: Vec<_> = h
        .members
        .iter()
        .map(|p| (p.name.as_str(), p.relation.as_str(), p.gender.as_deref()))
        .collect();
    assert_eq!(
        people,
        [
            ("张建国", "户主", Some("男")),
            ("李秀英", "配偶", Some("女")),
            ("张伟", "子女", Some("男"))
        ]
    );
    assert_eq!(
        h.members[1].birth_date,
        Date::from_calendar_date(1968, time::Month::May, 12).ok()
    );
    assert_eq!(plan.people_added(), 3);
}

#[test]
fn a_household_without_a_head_row_gets_its_head_as_a_member() {
    let mut r = row("", "", "");
    r[8] = "";
    let plan = plan(&known(), &sheet(&[r]), &|_| {}).unwrap();
    let members = &plan.add[0].members;
    assert_eq!(members.len(), 1);
    assert_eq!(
        (members[0].name.as_str(), members[0].relation.as_str()),
        ("张建国", "户主")
    );
    assert_eq!(members[0].phone.as_deref(), Some("13812345678"));
}

#[test]
fn reimporting_the_same_sheet_changes_nothing() {
    let mut k = known();
    let first = plan(&k, &family(), &|_| {}).unwrap();
    let mut owners = HashMap::new();
    k.households = stored(&first, &mut owners);
    k.id_owners = owners;
    let again = plan(&k, &family(), &|_| {}).unwrap();
    assert_eq!(
        again,
        HouseholdPlan {
            unchanged: 1,
            ..HouseholdPlan::default()
        }
    );
}

#[test]
fn an_exported_sheet_with_masked_numbers_reimports_without_change() {
    let mut k = known();
    let first = plan(&k, &family(), &|_| {}).unwrap();
    let mut owners = HashMap::new();
    k.households = stored(&first, &mut owners);
    k.id_owners = owners;
    let mut masked = family();
    for r in &mut masked.rows {
        r.cells[5] = mask_phone(&r.cells[5]);
        r.cells[12] = mask_id(&r.cells[12]);
    }
    let again = plan(&k, &masked, &|_| {}).unwrap();
    assert_eq!(again.unchanged, 1, "{again:?}");
    // A masked number that is not the stored one cannot be imported.
    masked.rows[1].cells[12] = "130123********9999".into();
    assert_eq!(
        problems(plan(&k, &masked, &|_| {})),
        [(3, "身份证号".into(), Fault::MaskedIdNumber)]
    );
}

#[test]
fn new_members_and_changed_fields_update_an_existing_household() {
    let mut k = known();
    let first = plan(&k, &sheet(&[row("张建国", "户主", "")]), &|_| {}).unwrap();
    let mut owners = HashMap::new();
    k.households = stored(&first, &mut owners);
    let mut more = family();
    more.rows[0].cells[6] = "空巢老人".into();
    more.rows[1].cells[6] = String::new();
    more.rows[2].cells[6] = String::new();
    let plan = plan(&k, &more, &|_| {}).unwrap();
    assert_eq!(plan.update.len(), 1);
    let change = &plan.update[0];
    assert_eq!(change.changed, ["标签"]);
    // Tags are only ever added.
    assert_eq!(change.fields.tags, ["低保户", "老党员", "空巢老人"]);
    // The head had no ID number: matched by name, and given it.
    assert_eq!(change.change_members.len(), 1);
    assert_eq!(change.change_members[0].1.id_number.as_deref(), Some(ZHANG));
    assert_eq!(change.add_members.len(), 2);
    assert_eq!((change.first_position, change.members_before), (1, 1));
}

#[test]
fn every_bad_row_is_reported_per_column() {
    let mut k = known();
    k.id_owners.insert(OLD.into(), Uuid::from_u128(77));
    let with = |member: &str, relation: &str, id: &str, edits: &[(usize, &str)]| {
        let mut r = row(member, relation, id);
        for (c, v) in edits {
            r[*c] = Box::leak(v.to_string().into_boxed_str());
        }
        r
    };
    let rows = [
        row("张建国", "户主", ZHANG),                                 // 2
        row("李秀英", "配偶", LI),                                    // 3
        row("张伟", "子女", LI),                                      // 4: same person twice
        row("张老汉", "父亲", OLD),                                   // 5: in another household
        row("张三", "子女", "130123196503081218"),                    // 6: check digit
        with("张丽", "子女", "", &[(PHONE, "1381234567")]),           // 7: bad phone
        with("王五", "", "", &[(VILLAGE, "130123999201")]),           // 8: unknown village
        with("王五", "", "", &[(VILLAGE, "130123101201")]),           // 9: another township
        with("王五", "", "", &[(VILLAGE, "130123100000")]),           // 10: a township
        with("张丽", "子女", "", &[(BIRTH, "1995-02-30")]),           // 11: no such day
        with("张丽", "子女", "", &[(GENDER, "未知")]),                // 12
        with("张小", "子女", "", &[(TAGS, "低保户、空巢老人")]),      // 13: other tags
        with("", "子女", "", &[(VILLAGE, ""), (HEAD_NAME, "")]),      // 14: missing
        with("赵六", "", "1.30123E+17", &[(VILLAGE, "1.30123E+11")]), // 15
        with(
            "孙七",
            "",
            "130123196503081000",
            &[(VILLAGE, "130123100202")],
        ), // 16
        row("张老二", "户主", ""),                                    // 17: not the head
        with("周九", "子女", "", &[(MEMBER_PHONE, "138****5678")]),   // 18: masked
        with(
            "钱八",
            "子女",
            SON,
            &[(GENDER, "女"), (BIRTH, "1992-07-17")],
        ), // 19
    ];
    let col = |i: usize| HEADERS[i].to_owned();
    assert_eq!(
        problems(plan(&k, &sheet(&rows), &|_| {})),
        [
            (4, col(ID_NUMBER), Fault::DuplicatePerson { first_row: 3 }),
            (5, col(ID_NUMBER), Fault::PersonExists),
            (6, col(ID_NUMBER), Fault::BadIdNumber),
            (7, col(PHONE), Fault::BadPhone),
            (
                8,
                col(VILLAGE),
                Fault::UnknownVillage {
                    code: "130123999201".into()
                }
            ),
            (9, col(VILLAGE), Fault::OutOfReach),
            (
                10,
                col(VILLAGE),
                Fault::NotAVillage {
                    kind: OrgKind::Township
                }
            ),
            (11, col(BIRTH), Fault::BadDate),
            (12, col(GENDER), Fault::BadGender),
            (13, col(TAGS), Fault::HouseholdMismatch { first_row: 2 }),
            (14, col(VILLAGE), Fault::Required),
            (14, col(HEAD_NAME), Fault::Required),
            (14, col(NAME), Fault::Required),
            (15, col(VILLAGE), Fault::ScientificNotation),
            (15, col(ID_NUMBER), Fault::IdNumberAsNumber),
            (16, col(VILLAGE), Fault::VillageInactive),
            (16, col(ID_NUMBER), Fault::IdNumberAsNumber),
            (17, col(RELATION), Fault::HeadMismatch),
            (18, col(MEMBER_PHONE), Fault::MaskedPhone),
            (19, col(GENDER), Fault::GenderMismatch),
            (19, col(BIRTH), Fault::BirthDateMismatch),
        ]
    );
}

#[test]
fn unknown_tags_are_named() {
    let mut r = row("张建国", "户主", ZHANG);
    r[6] = "低保户,贫困户";
    assert_eq!(
        problems(plan(&known(), &sheet(&[r]), &|_| {})),
        [(
            2,
            "标签".into(),
            Fault::UnknownTag {
                tag: "贫困户".into()
            }
        )]
    );
}

#[test]
fn required_columns_are_named_on_the_header_row() {
    let mut t = family();
    t.headers[0] = "乡镇".into();
    assert_eq!(
        problems(plan(&known(), &t, &|_| {})),
        [(
            1,
            String::new(),
            Fault::MissingColumn {
                name: "村代码".into()
            }
        )]
    );
}

#[test]
fn sheet_keys_list_what_to_look_up() {
    let keys = sheet_keys(&family());
    assert_eq!(
        keys.village_codes,
        HashSet::from(["130123100201".to_owned()])
    );
    assert_eq!(keys.id_numbers.len(), 3);
}

#[test]
fn progress_is_reported() {
    let seen = std::cell::RefCell::new(Vec::new());
    plan(&known(), &family(), &|n| seen.borrow_mut().push(n)).unwrap();
    assert_eq!(*seen.borrow(), [0, 3]);
}
