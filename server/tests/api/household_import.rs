//! Household import and the ledger exports over HTTP: a sheet of people becomes households
//! (once: importing it again changes nothing), every bad row is named with its column and
//! nothing is written, the registry export is masked unless revealed by someone allowed to,
//! and the visit ledger holds exactly the caller's scope. All of it audited, none of it
//! crossing counties.

use crate::helpers::{TestApp, spawn_app};
use app::audit::entity as audit_events;
use app::households::entity::{household, member};
use app::org::entity as org_units;
use app::sheet::{self, Table};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");

const HEADER: &str = "村代码,组,门牌号,地址,户主姓名,联系电话,标签,备注,成员姓名,与户主关系,性别,出生日期,身份证号,成员电话";

// Valid GB 11643 numbers (the check characters are right).
const ZHANG: &str = "130123196503081217";
const LI: &str = "130123196805121229";
const SON: &str = "130123199207161232";
const WANG: &str = "130123194011111249";
const ZHAO: &str = "130123200102031269";
const QIAN: &str = "130123195506061276";

/// Two households in 正定镇 (village 130123100201) and one in 诸福屯镇 (130123101201).
fn good_sheet() -> String {
    format!(
        "{HEADER}\n\
         130123100201,3组,12号,正定镇西关村3组12号,张建国,13812345678,低保户、老党员,,张建国,户主,男,1965-03-08,{ZHANG},13812345678\n\
         130123100201,3组,12号,,张建国,,,,李秀英,配偶,女,1968-05-12,{LI},\n\
         130123100201,3组,12号,,张建国,,,,张伟,子女,,,{SON},13900001111\n\
         130123100201,1组,5号,,王大爷,0311-88001234,空巢老人,,王大爷,户主,,,{WANG},\n\
         130123101201,2组,8号,诸福屯镇2组8号,赵六,13700002222,,,赵六,,,,{ZHAO},\n"
    )
}

async fn upload(
    app: &TestApp,
    token: &str,
    path: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    let response = app
        .client
        .post(app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn settle(app: &TestApp, token: &str, id: &str) -> Value {
    for _ in 0..800 {
        let (status, job) = app
            .api(Method::GET, &format!("/imports/{id}"), token, None)
            .await;
        assert_eq!(status, 200, "{job}");
        if !matches!(job["status"].as_str(), Some("checking" | "applying")) {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("import {id} never settled");
}

/// Uploads a household sheet and waits for its check.
async fn checked(app: &TestApp, token: &str, name: &str, bytes: Vec<u8>) -> Value {
    let (status, job) = upload(app, token, "/households/import", name, bytes).await;
    assert_eq!(status, 202, "{job}");
    settle(app, token, job["id"].as_str().unwrap()).await
}

async fn applied(app: &TestApp, token: &str, job: &Value) -> Value {
    assert_eq!(job["status"], "ready", "{job}");
    let id = job["id"].as_str().unwrap();
    let (status, body) = app
        .api(Method::POST, &format!("/imports/{id}/apply"), token, None)
        .await;
    assert_eq!(status, 202, "{body}");
    let done = settle(app, token, id).await;
    assert_eq!(done["status"], "applied", "{done}");
    done
}

async fn import(app: &TestApp, token: &str, csv: &str) -> Value {
    let job = checked(app, token, "户籍.csv", csv.as_bytes().to_vec()).await;
    applied(app, token, &job).await
}

/// (row, column, problem as JSON text) of an invalid job.
fn problems(job: &Value) -> Vec<(u64, String, String)> {
    assert_eq!(job["status"], "invalid", "{job}");
    job["problems"]["first"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["column"].as_str().unwrap_or_default().to_owned(),
                p["problem"].to_string(),
            )
        })
        .collect()
}

async fn counts(app: &TestApp) -> (u64, u64) {
    (
        household::Entity::find().count(&app.db).await.unwrap(),
        member::Entity::find().count(&app.db).await.unwrap(),
    )
}

/// Households and members of one county.
async fn county_counts(app: &TestApp, county_code: &str) -> (u64, u64) {
    let county = org_units::Entity::find()
        .filter(org_units::Column::Code.eq(format!("{county_code}000000")))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .county_id;
    (
        household::Entity::find()
            .filter(household::Column::CountyId.eq(county))
            .count(&app.db)
            .await
            .unwrap(),
        member::Entity::find()
            .filter(member::Column::CountyId.eq(county))
            .count(&app.db)
            .await
            .unwrap(),
    )
}

async fn unit_id(app: &TestApp, code: &str) -> String {
    org_units::Entity::find()
        .filter(org_units::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("unit {code}"))
        .id
        .to_string()
}

async fn audit_rows(app: &TestApp, action: &str) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(action))
        .order_by_asc(audit_events::Column::Seq)
        .all(&app.db)
        .await
        .unwrap()
}

/// GET an export; answers (status, the sheet when it is one).
async fn export(app: &TestApp, token: &str, path: &str) -> (u16, Option<Table>) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    if status != 200 {
        return (status, None);
    }
    let headers = response.headers().clone();
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\""),
        "{headers:?}"
    );
    assert_eq!(headers["cache-control"], "no-store");
    let bytes = response.bytes().await.unwrap().to_vec();
    (200, sheet::read("export.xlsx", &bytes, 100_000).ok())
}

fn column(table: &Table, name: &str) -> Vec<String> {
    let c = table
        .headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("column {name}"));
    table.rows.iter().map(|r| r.cells[c].clone()).collect()
}

#[tokio::test]
async fn a_household_sheet_is_checked_applied_and_reimported_without_change() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let before = counts(&app).await;

    let job = checked(&app, &admin.access, "户籍.csv", good_sheet().into_bytes()).await;
    assert_eq!(job["status"], "ready", "{job}");
    assert_eq!(job["kind"], "households");
    assert_eq!(job["rows"], 5);
    assert_eq!(
        (
            &job["summary"]["add"],
            &job["summary"]["change"],
            &job["summary"]["unchanged"]
        ),
        (&json!(3), &json!(0), &json!(0))
    );
    assert_eq!(job["summary"]["preview"][0]["key"], "130123100201 3组12号");
    assert_eq!(counts(&app).await, before, "the check writes nothing");

    let done = applied(&app, &admin.access, &job).await;
    assert_eq!(done["summary"]["add"], 3);
    assert_eq!(counts(&app).await, (before.0 + 3, before.1 + 5));

    // Visible through the API, masked, with members in sheet order.
    let village = unit_id(&app, "130123100201").await;
    let (status, list) = app
        .api(
            Method::GET,
            &format!("/households?unit={village}"),
            &admin.access,
            None,
        )
        .await;
    assert_eq!(status, 200, "{list}");
    let items = list["items"].as_array().unwrap();
    let mine: Vec<&Value> = items
        .iter()
        .filter(|h| h["head_name"] == "张建国" || h["head_name"] == "王大爷")
        .collect();
    assert_eq!(mine.len(), 2, "{list}");
    let zhang = mine.iter().find(|h| h["head_name"] == "张建国").unwrap();
    assert_eq!(zhang["phone"], "138****5678");
    assert_eq!(zhang["tags"], json!(["低保户", "老党员"]));
    assert_eq!(zhang["members"], 3);
    let id = zhang["id"].as_str().unwrap();
    let (_, one) = app
        .api(
            Method::GET,
            &format!("/households/{id}"),
            &admin.access,
            None,
        )
        .await;
    let people: Vec<(&str, &str, &str)> = one["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["relation"].as_str().unwrap(),
                p["id_number"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            ("张建国", "户主", "130123********1217"),
            ("李秀英", "配偶", "130123********1229"),
            ("张伟", "子女", "130123********1232")
        ]
    );
    // The head of a household given without a 户主 row is registered as its member.
    let zhao = household::Entity::find()
        .filter(household::Column::HeadName.eq("赵六"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(zhao.members, 1);

    // One audit row per apply, with counts and no personal data.
    let audit = audit_rows(&app, "household_import").await;
    assert_eq!(audit.len(), 1);
    let detail: Value = serde_json::from_str(&audit[0].detail).unwrap();
    assert_eq!(detail["added"], 3);
    assert_eq!(detail["rows"], 5);
    assert!(!audit[0].detail.contains(ZHANG) && !audit[0].detail.contains("13812345678"));

    // The same sheet again: nothing to add or change, and applying it writes nothing.
    let again = checked(&app, &admin.access, "户籍.csv", good_sheet().into_bytes()).await;
    assert_eq!(
        (
            &again["summary"]["add"],
            &again["summary"]["change"],
            &again["summary"]["unchanged"]
        ),
        (&json!(0), &json!(0), &json!(3)),
        "{again}"
    );
    applied(&app, &admin.access, &again).await;
    assert_eq!(counts(&app).await, (before.0 + 3, before.1 + 5));

    // A new member and a new tag change the household; nothing is removed.
    let more = format!("{HEADER}\n130123100201,3组,12号,,张建国,,监测户,,张丽,子女,女,,{QIAN},\n");
    let job = checked(&app, &admin.access, "户籍.csv", more.into_bytes()).await;
    // 张丽's number says male: the sheet's gender contradicts it.
    assert_eq!(
        problems(&job),
        [(2, "性别".into(), "\"gender_mismatch\"".into())]
    );
    let more = format!("{HEADER}\n130123100201,3组,12号,,张建国,,监测户,,张丽,子女,,,{QIAN},\n");
    let done = import(&app, &admin.access, &more).await;
    assert_eq!(done["summary"]["change"], 1, "{done}");
    let zhang = household::Entity::find_by_id(uuid::Uuid::parse_str(id).unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(zhang.tags, "|低保户|老党员|监测户|");
    assert_eq!(zhang.members, 4);
    assert_eq!(counts(&app).await, (before.0 + 3, before.1 + 6));
}

#[tokio::test]
async fn every_bad_household_row_is_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    // 王大爷 is registered first, in his own household.
    import(
        &app,
        &admin.access,
        &format!("{HEADER}\n130123100201,1组,5号,,王大爷,,,,王大爷,户主,,,{WANG},\n"),
    )
    .await;
    let before = counts(&app).await;

    let sheet = format!(
        "{HEADER}\n\
         130123100201,3组,12号,,张建国,,,,张建国,户主,,,130123196503081218,\n\
         130123100201,3组,12号,,张建国,1381234567,,,李秀英,配偶,,,{LI},\n\
         130123999201,3组,12号,,张建国,,,,张伟,子女,,,,\n\
         130123100201,3组,12号,,张建国,,,,张丽,子女,,,{LI},\n\
         130123100201,3组,12号,,张建国,,,,张二,子女,,,{SON},\n\
         130123100201,3组,12号,,张建国,,,,张三,子女,,,{SON},\n\
         130123100201,3组,12号,,张建国,,,,王大爷,父亲,,,{WANG},\n\
         130123100201,3组,12号,,张建国,,,,张四,子女,,1990-02-30,,\n\
         130123100201,3组,12号,,张建国,,贫困户,,张五,子女,,,,\n\
         130123100201,3组,12号,,,,,,张六,,,,,\n\
         130131100201,3组,12号,,张建国,,,,张七,,,,,\n\
         130123100000,3组,12号,,张建国,,,,张八,,,,,\n"
    );
    let job = checked(&app, &admin.access, "bad.csv", sheet.into_bytes()).await;
    let found = problems(&job);
    let expect = [
        (2, "身份证号", "bad_id_number"),
        (3, "联系电话", "bad_phone"),
        (4, "村代码", "unknown_village"),
        (7, "身份证号", "duplicate_person"),
        (8, "身份证号", "person_exists"),
        (9, "出生日期", "bad_date"),
        (10, "标签", "unknown_tag"),
        (11, "户主姓名", "required"),
        (12, "村代码", "other_county"),
        (13, "村代码", "not_a_village"),
    ];
    for (row, column, code) in expect {
        assert!(
            found
                .iter()
                .any(|(r, c, p)| *r == row && c == column && p.contains(code)),
            "row {row} {column} {code} in {found:?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:?}");
    // A repeated person names the row they were first given on.
    assert!(
        found.contains(&(
            7,
            "身份证号".into(),
            "{\"duplicate_person\":{\"first_row\":6}}".into()
        )),
        "{found:?}"
    );

    // Nothing was written, and an invalid job cannot be applied.
    assert_eq!(counts(&app).await, before);
    let id = job["id"].as_str().unwrap();
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/imports/{id}/apply"),
            &admin.access,
            None,
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(counts(&app).await, before);

    // A township admin's reach ends at their township: 诸福屯镇's village is refused.
    let township = app.login(ZD, "township").await;
    let other = format!("{HEADER}\n130123101201,1组,1号,,孙九,,,,孙九,户主,,,,\n");
    let job = checked(&app, &township.access, "t.csv", other.into_bytes()).await;
    assert_eq!(
        problems(&job),
        [(2, "村代码".into(), "\"out_of_reach\"".into())]
    );
    // A county leader and an auditor cannot import households at all.
    for user in ["leader", "auditor", "dept"] {
        let t = app.login(ZD, user).await;
        let (status, _) = upload(
            &app,
            &t.access,
            "/households/import",
            "x.csv",
            good_sheet().into_bytes(),
        )
        .await;
        assert_eq!(status, 403, "{user}");
    }
}

#[tokio::test]
async fn one_bad_row_or_a_change_before_applying_writes_nothing() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let before = counts(&app).await;
    // 100 good rows and a wrong date at the end.
    let mut sheet = HEADER.to_owned() + "\n";
    for i in 0..100 {
        sheet += &format!("130123100202,{i}组,1号,,户主{i},,,,户主{i},户主,,,,\n");
    }
    sheet += "130123100202,9组,9号,,孙九,,,,孙九,户主,,1990-13-01,,\n";
    let job = checked(&app, &admin.access, "x.csv", sheet.into_bytes()).await;
    assert_eq!(
        problems(&job),
        [(102, "出生日期".into(), "\"bad_date\"".into())]
    );
    assert_eq!(counts(&app).await, before);

    // Checked clean, then someone registers one of its people by hand before the apply: the
    // apply checks again, refuses the whole sheet, and writes none of it.
    let job = checked(&app, &admin.access, "户籍.csv", good_sheet().into_bytes()).await;
    assert_eq!(job["status"], "ready", "{job}");
    let village = unit_id(&app, "130123100203").await;
    let (status, body) = app
        .api(
            Method::POST,
            "/households",
            &admin.access,
            Some(json!({
                "village_id": village,
                "group_name": "",
                "house_number": "",
                "address": "",
                "head_name": "张伟",
                "phone": "",
                "tags": [],
                "notes": "",
                "members": [{ "name": "张伟", "relation": "户主", "id_number": SON }],
            })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let after_form = counts(&app).await;
    let id = job["id"].as_str().unwrap();
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/imports/{id}/apply"),
            &admin.access,
            None,
        )
        .await;
    assert_eq!(status, 202);
    let done = settle(&app, &admin.access, id).await;
    assert_eq!(
        problems(&done),
        [(4, "身份证号".into(), "\"person_exists\"".into())]
    );
    assert_eq!(counts(&app).await, after_form);
    assert!(audit_rows(&app, "household_import").await.is_empty());
}

#[tokio::test]
async fn household_files_have_their_own_size_limit() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let before = counts(&app).await;
    let limit = app::imports::jobs::MAX_HOUSEHOLD_FILE_BYTES;
    // Far over the household limit: refused before it is read.
    let huge = vec![b'1'; limit + 100 * 1024];
    let (status, _) = upload(&app, &admin.access, "/households/import", "huge.csv", huge).await;
    assert_eq!(status, 413);
    // Just over it: refused when the upload is taken in, naming the file.
    let huge = vec![b'1'; limit + 1];
    let (status, body) = upload(&app, &admin.access, "/households/import", "huge.csv", huge).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["code"], "file_too_large", "{body}");
    // 12 MB is too much for other sheets but fine for households (one 12 MB cell: it is then
    // refused row by row, as too long).
    let big = format!(
        "{HEADER}\n130123100201,,,,张三,,,{},,,,,,\n",
        "备".repeat(4 << 20)
    );
    assert!(big.len() > 12 << 20);
    let (status, _) = upload(
        &app,
        &admin.access,
        "/org-units/import",
        "big.csv",
        big.clone().into_bytes(),
    )
    .await;
    assert_eq!(status, 413);
    let job = checked(&app, &admin.access, "big.csv", big.into_bytes()).await;
    assert_eq!(
        problems(&job),
        [(
            2,
            "备注".into(),
            "{\"name_too_long\":{\"max\":1000}}".into()
        )]
    );
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn the_registry_export_is_masked_unless_revealed_and_reimports_unchanged() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    import(&app, &admin.access, &good_sheet()).await;

    let (households, people) = county_counts(&app, "130123").await;
    let (status, table) = export(&app, &admin.access, "/households/export").await;
    assert_eq!(status, 200);
    let table = table.unwrap();
    assert_eq!(
        table.headers[..14],
        HEADER.split(',').collect::<Vec<_>>()[..]
    );
    // One row per person (every household here has members).
    assert_eq!(table.rows.len() as u64, people);
    let ids = column(&table, "身份证号");
    assert!(ids.contains(&"130123********1217".to_owned()), "{ids:?}");
    assert!(!ids.contains(&ZHANG.to_owned()), "{ids:?}");
    assert!(
        ids.iter()
            .all(|id| id.is_empty() || id.contains("********")),
        "{ids:?}"
    );
    assert!(column(&table, "联系电话").contains(&"138****5678".to_owned()));
    assert!(column(&table, "所属乡镇（街道）").contains(&"诸福屯镇".to_owned()));
    let audit = audit_rows(&app, "household_export").await;
    assert_eq!(audit.len(), 1);
    let detail: Value = serde_json::from_str(&audit[0].detail).unwrap();
    assert_eq!(detail["rows"], json!(people));
    assert_eq!(detail["households"], json!(households));
    assert_eq!(detail["revealed"], false);
    assert!(audit_rows(&app, "personal_reveal").await.is_empty());

    // The masked export imports again without changing anything.
    let mut bytes = Vec::new();
    {
        let response = app
            .client
            .get(app.url("/api/v1/households/export"))
            .bearer_auth(&admin.access)
            .send()
            .await
            .unwrap();
        bytes.extend(response.bytes().await.unwrap());
    }
    let job = checked(&app, &admin.access, "户籍台账.xlsx", bytes).await;
    assert_eq!(job["status"], "ready", "{job}");
    assert_eq!(job["summary"]["unchanged"], json!(households), "{job}");
    assert_eq!(job["summary"]["change"], 0, "{job}");
    assert_eq!(job["summary"]["add"], 0, "{job}");

    // A county leader exports, masked, but may not reveal: refused and audited.
    let leader = app.login(ZD, "leader").await;
    let (status, table) = export(&app, &leader.access, "/households/export").await;
    assert_eq!(status, 200);
    assert!(
        column(&table.unwrap(), "身份证号")
            .iter()
            .all(|id| id.contains('*'))
    );
    let denied_before = audit_rows(&app, "permission_denied").await.len();
    let (status, _) = export(&app, &leader.access, "/households/export?reveal=true").await;
    assert_eq!(status, 403);
    assert_eq!(
        audit_rows(&app, "permission_denied").await.len(),
        denied_before + 1
    );

    // The county admin may: full numbers, and both an export and a reveal row.
    let (status, table) = export(&app, &admin.access, "/households/export?reveal=true").await;
    assert_eq!(status, 200);
    let table = table.unwrap();
    assert!(column(&table, "身份证号").contains(&ZHANG.to_owned()));
    assert!(column(&table, "联系电话").contains(&"13812345678".to_owned()));
    let last = audit_rows(&app, "household_export").await.pop().unwrap();
    assert!(last.detail.contains("\"revealed\":true"), "{}", last.detail);
    assert!(!last.detail.contains(ZHANG));
    assert_eq!(audit_rows(&app, "personal_reveal").await.len(), 1);

    // A township admin gets their own township only; out of reach is "not found"; staff
    // without the export grant are refused.
    let township = app.login(ZD, "township").await;
    let (status, table) = export(&app, &township.access, "/households/export").await;
    assert_eq!(status, 200);
    let heads = column(&table.unwrap(), "户主姓名");
    assert!(heads.contains(&"张建国".to_owned()) && !heads.contains(&"赵六".to_owned()));
    let other = unit_id(&app, "130123101000").await;
    let (status, _) = export(
        &app,
        &township.access,
        &format!("/households/export?unit={other}"),
    )
    .await;
    assert_eq!(status, 404);
    let (status, table) = export(
        &app,
        &admin.access,
        &format!("/households/export?unit={other}"),
    )
    .await;
    assert_eq!(status, 200);
    let heads = column(&table.unwrap(), "户主姓名");
    assert!(heads.contains(&"赵六".to_owned()) && !heads.contains(&"张建国".to_owned()));
    for user in ["clerk", "cadre", "auditor", "dept"] {
        let t = app.login(ZD, user).await;
        let (status, _) = export(&app, &t.access, "/households/export").await;
        assert_eq!(status, 403, "{user}");
    }
}

/// Signs in an account of a new township admin at `township_code` in 正定县.
async fn township_admin(app: &TestApp, admin: &str, username: &str, township_code: &str) -> String {
    let unit = unit_id(app, township_code).await;
    let (status, body) = app
        .api(
            Method::POST,
            "/users",
            admin,
            Some(json!({
                "username": username,
                "display_name": "乡镇干部",
                "role": "township_admin",
                "org_unit_id": unit,
                "password": "Township2026",
            })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    // A new account changes its initial password first.
    let first = app.login_with(ZD, username, "Township2026").await;
    let (status, body) = app
        .api(
            Method::POST,
            "/me/password",
            &first.access,
            Some(json!({ "current_password": "Township2026", "new_password": "Zhufutun2027" })),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    app.login_with(ZD, username, "Zhufutun2027").await.access
}

async fn household_id(app: &TestApp, head: &str) -> String {
    household::Entity::find()
        .filter(household::Column::HeadName.eq(head))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("household {head}"))
        .id
        .to_string()
}

async fn visit(app: &TestApp, token: &str, household: &str, concern: &str) {
    let (status, body) = app
        .api(
            Method::POST,
            "/visits",
            token,
            Some(json!({
                "household_id": household,
                "mode": "in_person",
                "met": true,
                "met_whom": "户主",
                "attitude": "satisfied",
                "concerns": [concern],
                "notes": "入户走访",
                "submission_key": uuid::Uuid::now_v7(),
            })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn the_visit_ledger_holds_the_callers_scope_only() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    import(&app, &admin.access, &good_sheet()).await;
    // 平山县 has a household and a visit of its own.
    let ps_admin = app.login(PS, "admin").await;
    import(
        &app,
        &ps_admin.access,
        &format!("{HEADER}\n130131100201,1组,1号,,钱八,,,,钱八,户主,,,{ZHANG},\n"),
    )
    .await;

    let zd_township = app.login(ZD, "township").await;
    let zft = township_admin(&app, &admin.access, "zhufutun", "130123101000").await;
    let ps_township = app.login(PS, "township").await;
    visit(
        &app,
        &zd_township.access,
        &household_id(&app, "张建国").await,
        "路灯不亮",
    )
    .await;
    visit(
        &app,
        &zd_township.access,
        &household_id(&app, "王大爷").await,
        "看病报销慢",
    )
    .await;
    visit(&app, &zft, &household_id(&app, "赵六").await, "道路积水").await;
    visit(
        &app,
        &ps_township.access,
        &household_id(&app, "钱八").await,
        "平山县的事",
    )
    .await;

    // The county admin: both townships of 正定县, nothing of 平山县.
    let (status, table) = export(&app, &admin.access, "/visits/export").await;
    assert_eq!(status, 200);
    let table = table.unwrap();
    assert_eq!(
        table.headers,
        [
            "走访时间",
            "乡镇",
            "村",
            "户主",
            "组/门牌",
            "走访人",
            "方式",
            "是否见面",
            "见到谁",
            "群众态度",
            "反映问题",
            "宣传政策",
            "备注",
            "活动"
        ]
    );
    let has = |heads: &[String], head: &str| heads.iter().any(|h| h == head);
    let heads = column(&table, "户主");
    assert!(
        has(&heads, "张建国") && has(&heads, "王大爷") && has(&heads, "赵六"),
        "{heads:?}"
    );
    assert!(!has(&heads, "钱八"), "{heads:?}");
    let concerns = column(&table, "反映问题");
    assert!(
        concerns.contains(&"路灯不亮".to_owned()) && !concerns.iter().any(|c| c.contains("平山"))
    );
    let zhang = table.rows.iter().find(|r| r.cells[3] == "张建国").unwrap();
    assert_eq!(zhang.cells[1..5], ["正定镇", "西关村", "张建国", "3组12号"]);
    assert!(zhang.cells[5].contains("乡镇管理员"), "{:?}", zhang.cells);
    assert_eq!(zhang.cells[6..10], ["入户走访", "是", "户主", "满意"]);
    assert_eq!(zhang.cells[12], "入户走访");
    let audit = audit_rows(&app, "ledger_export").await;
    assert_eq!(audit.len(), 1);
    let detail: Value = serde_json::from_str(&audit[0].detail).unwrap();
    assert_eq!(detail["rows"], json!(table.rows.len()), "{detail}");

    // The township admin of 正定镇: their two visits only; 诸福屯镇 is "not found".
    let (status, table) = export(&app, &zd_township.access, "/visits/export").await;
    assert_eq!(status, 200);
    let heads = column(&table.unwrap(), "户主");
    assert!(has(&heads, "张建国") && has(&heads, "王大爷"), "{heads:?}");
    assert!(!has(&heads, "赵六") && !has(&heads, "钱八"), "{heads:?}");
    let other = unit_id(&app, "130123101000").await;
    let (status, _) = export(
        &app,
        &zd_township.access,
        &format!("/visits/export?unit={other}"),
    )
    .await;
    assert_eq!(status, 404);
    // The county admin narrowed to 诸福屯镇.
    let (status, table) =
        export(&app, &admin.access, &format!("/visits/export?unit={other}")).await;
    assert_eq!(status, 200);
    let heads = column(&table.unwrap(), "户主");
    assert!(has(&heads, "赵六") && !has(&heads, "张建国"), "{heads:?}");
    // 平山县's admin sees only 平山县's visit.
    let (status, table) = export(&app, &ps_admin.access, "/visits/export").await;
    assert_eq!(status, 200);
    let heads = column(&table.unwrap(), "户主");
    assert!(has(&heads, "钱八"), "{heads:?}");
    assert!(!has(&heads, "张建国") && !has(&heads, "赵六"), "{heads:?}");
    // Another county's unit is "not found".
    let (status, _) = export(
        &app,
        &ps_admin.access,
        &format!("/visits/export?unit={other}"),
    )
    .await;
    assert_eq!(status, 404);

    // Days filter: nothing was visited tomorrow; a bad day is a 422 naming the field.
    let tomorrow = (time::OffsetDateTime::now_utc() + time::Duration::days(2)).date();
    let (status, table) = export(
        &app,
        &admin.access,
        &format!("/visits/export?from={tomorrow}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(table.is_none(), "a header-only sheet has no data rows");
    let (status, body) = app
        .api(
            Method::GET,
            "/visits/export?from=2026-02-30",
            &admin.access,
            None,
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = app
        .api(
            Method::GET,
            "/visits/export?from=2026-03-02&until=2026-03-01",
            &admin.access,
            None,
        )
        .await;
    assert_eq!(status, 422);

    // Who may export the ledger.
    for (user, expected) in [
        ("leader", 200),
        ("clerk", 403),
        ("cadre", 403),
        ("auditor", 403),
        ("dept", 403),
    ] {
        let t = app.login(ZD, user).await;
        let (status, _) = export(&app, &t.access, "/visits/export").await;
        assert_eq!(status, expected, "{user}");
    }
}

#[tokio::test]
async fn household_imports_and_exports_stay_in_their_county() {
    let app = spawn_app().await;
    let zd = app.login(ZD, "admin").await;
    let ps = app.login(PS, "admin").await;
    import(&app, &zd.access, &good_sheet()).await;

    // 平山县 cannot name 正定县's villages…
    let job = checked(&app, &ps.access, "x.csv", good_sheet().into_bytes()).await;
    let found = problems(&job);
    assert!(
        found
            .iter()
            .all(|(_, c, p)| c == "村代码" && p.contains("other_county")),
        "{found:?}"
    );
    // …but may register the same person in its own county: ID numbers are unique per county.
    let job = checked(
        &app,
        &ps.access,
        "x.csv",
        format!("{HEADER}\n130131100201,1组,1号,,张建国,,,,张建国,户主,,,{ZHANG},\n").into_bytes(),
    )
    .await;
    assert_eq!(job["status"], "ready", "{job}");
    applied(&app, &ps.access, &job).await;

    // Each county's export holds its own households only.
    let (_, table) = export(&app, &ps.access, "/households/export").await;
    let table = table.unwrap();
    assert!(
        column(&table, "村代码")
            .iter()
            .all(|c| c.starts_with("130131"))
    );
    assert!(column(&table, "身份证号").contains(&"130123********1217".to_owned()));
    assert!(!column(&table, "户主姓名").contains(&"赵六".to_owned()));
    let (_, table) = export(&app, &zd.access, "/households/export").await;
    let table = table.unwrap();
    assert!(
        column(&table, "村代码")
            .iter()
            .all(|c| c.starts_with("130123"))
    );
    assert!(column(&table, "户主姓名").contains(&"赵六".to_owned()));

    // A county's import job is not found from the other county.
    let id = job["id"].as_str().unwrap();
    let (status, _) = app
        .api(Method::GET, &format!("/imports/{id}"), &zd.access, None)
        .await;
    assert_eq!(status, 404);
    // And a unit of the other county is "not found" for the registry export.
    let ps_unit = unit_id(&app, "130131100000").await;
    let (status, _) = export(
        &app,
        &zd.access,
        &format!("/households/export?unit={ps_unit}"),
    )
    .await;
    assert_eq!(status, 404);
    // Audit rows land in each county's own chain.
    let rows = audit_rows(&app, "household_import").await;
    let counties: std::collections::HashSet<_> = rows.iter().map(|r| r.county_id).collect();
    assert_eq!(counties.len(), 2);
}
