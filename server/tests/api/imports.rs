//! Spreadsheet imports over HTTP: the whole flow (upload → check → preview → apply), every
//! bad-input case changing nothing, re-imports changing nothing, delegated limits, isolation
//! of jobs between users and counties, and the audit rows.

use crate::helpers::{TestApp, Tokens, spawn_app};
use app::audit::entity as audit_events;
use app::org::entity as org_units;
use app::users::entity as users;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");

/// Uploads `bytes` as `file_name` to `path`; answers (status, body).
async fn upload(
    app: &TestApp,
    token: &str,
    path: &str,
    file_name: &str,
    bytes: Vec<u8>,
    password: Option<&str>,
) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()),
    );
    if let Some(p) = password {
        form = form.text("password", p.to_owned());
    }
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

/// Polls a job until it leaves `checking`/`applying`.
async fn settle(app: &TestApp, token: &str, id: &str) -> Value {
    for _ in 0..400 {
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

/// Uploads and waits for the check.
async fn checked(app: &TestApp, token: &str, path: &str, name: &str, bytes: Vec<u8>) -> Value {
    let (status, job) = upload(app, token, path, name, bytes, None).await;
    assert_eq!(status, 202, "{job}");
    settle(app, token, job["id"].as_str().unwrap()).await
}

/// Applies a ready job and waits for it.
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

async fn unit_count(app: &TestApp) -> u64 {
    org_units::Entity::find().count(&app.db).await.unwrap()
}

fn csv(rows: &str) -> Vec<u8> {
    rows.as_bytes().to_vec()
}

/// The problems of an invalid job as (row, column, message).
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

#[tokio::test]
async fn an_org_sheet_is_checked_previewed_applied_and_reimported_without_change() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let sheet = "区划代码,名称\n130123190000,试验镇\n130123190201,东村\n130123190202,西村\n130123100000,正定镇\n";
    let before = unit_count(&app).await;

    let job = checked(
        &app,
        &admin.access,
        "/org-units/import",
        "乡镇.csv",
        csv(sheet),
    )
    .await;
    assert_eq!(job["status"], "ready", "{job}");
    assert_eq!(job["rows"], 4);
    assert_eq!(job["summary"]["add"], 3);
    assert_eq!(job["summary"]["unchanged"], 1);
    // Nothing is written by the check.
    assert_eq!(unit_count(&app).await, before);

    let done = applied(&app, &admin.access, &job).await;
    assert_eq!(done["summary"]["add"], 3);
    assert_eq!(unit_count(&app).await, before + 3);
    let village = org_units::Entity::find()
        .filter(org_units::Column::Code.eq("130123190201"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let township = org_units::Entity::find()
        .filter(org_units::Column::Code.eq("130123190000"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(village.parent_id, Some(township.id));
    assert!(village.path.starts_with(&township.path));

    // The same sheet again changes nothing; a renamed row renames.
    let again = checked(
        &app,
        &admin.access,
        "/org-units/import",
        "乡镇.csv",
        csv(sheet),
    )
    .await;
    assert_eq!(again["summary"]["add"], 0);
    assert_eq!(again["summary"]["change"], 0);
    applied(&app, &admin.access, &again).await;
    assert_eq!(unit_count(&app).await, before + 3);
    let renamed = checked(
        &app,
        &admin.access,
        "/org-units/import",
        "改名.csv",
        csv("区划代码,名称\n130123190201,东营村\n"),
    )
    .await;
    assert_eq!(renamed["summary"]["change"], 1);
    applied(&app, &admin.access, &renamed).await;
    let village = org_units::Entity::find_by_id(village.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(village.name, "东营村");

    // A job applies once.
    let id = renamed["id"].as_str().unwrap();
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/imports/{id}/apply"),
            &admin.access,
            None,
        )
        .await;
    assert_eq!(status, 409);

    // Each applied import wrote one audit row.
    let audited = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("org_import"))
        .filter(audit_events::Column::Outcome.eq("success"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 3);
}

#[tokio::test]
async fn every_bad_sheet_is_reported_per_row_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let before = unit_count(&app).await;
    let bad = "区划代码,名称,类型\n\
               1301231900,短码村,\n\
               130131190000,别县镇,\n\
               130123191201,孤儿村,\n\
               130123190000,试验镇,村\n\
               130123190000,重复镇,\n\
               130123190201,=HYPERLINK(\"x\"),\n";
    let job = checked(
        &app,
        &admin.access,
        "/org-units/import",
        "bad.csv",
        csv(bad),
    )
    .await;
    let found = problems(&job);
    let rows: Vec<u64> = found.iter().map(|p| p.0).collect();
    for row in 2..=7 {
        assert!(
            rows.contains(&row),
            "row {row} should be reported: {found:?}"
        );
    }
    let text = |row: u64| {
        found
            .iter()
            .filter(|p| p.0 == row)
            .map(|p| p.2.clone())
            .collect::<String>()
    };
    assert!(text(2).contains("malformed_code"), "{found:?}");
    assert!(text(3).contains("other_county"), "{found:?}");
    assert!(text(4).contains("orphan"), "{found:?}");
    assert!(text(5).contains("wrong_level"), "{found:?}");
    assert!(text(6).contains("duplicate_in_sheet"), "{found:?}");
    assert!(text(7).contains("formula"), "{found:?}");
    // Nothing can be applied, and nothing was written.
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
    assert_eq!(unit_count(&app).await, before);

    // The messages are Chinese sentences when rendered: the page test covers that; here the
    // file-level problems.
    for (name, bytes, expect) in [
        ("empty.csv", csv("区划代码,名称\n"), "empty"),
        (
            "report.pdf",
            b"%PDF-1.7 binary".to_vec(),
            "unsupported_type",
        ),
        (
            "old.xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            "legacy_xls",
        ),
    ] {
        let job = checked(&app, &admin.access, "/org-units/import", name, bytes).await;
        let found = problems(&job);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].0, 0, "{name}");
        assert!(found[0].2.contains(expect), "{name}: {found:?}");
    }

    // No file at all, and a file over the limit, are refused at the door.
    let (status, body) = upload(
        &app,
        &admin.access,
        "/org-units/import",
        "x.csv",
        Vec::new(),
        None,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("请选择"),
        "{body}"
    );
    let huge = vec![b'1'; 11 * 1024 * 1024];
    let (status, _) = upload(
        &app,
        &admin.access,
        "/org-units/import",
        "huge.csv",
        huge,
        None,
    )
    .await;
    assert_eq!(status, 413);
    assert_eq!(unit_count(&app).await, before);

    // A big sheet under the limit is taken in (and then checked row by row).
    let big = "区划代码,名称\n".to_owned() + &"130123190000,试验镇\n".repeat(160_000);
    assert!(big.len() > 3 * 1024 * 1024);
    let (status, body) = upload(
        &app,
        &admin.access,
        "/org-units/import",
        "big.csv",
        csv(&big),
        None,
    )
    .await;
    assert_eq!(status, 202, "{body}");

    // GBK, as Excel on Chinese Windows saves "CSV (逗号分隔)", reads correctly.
    let (gbk, _, _) = encoding_rs::GBK.encode("区划代码,名称\r\n130123190000,试验镇\r\n");
    let job = checked(
        &app,
        &admin.access,
        "/org-units/import",
        "gbk.csv",
        gbk.into_owned(),
    )
    .await;
    assert_eq!(job["status"], "ready", "{job}");
    assert_eq!(job["summary"]["preview"][0]["name"], "试验镇");
}

#[tokio::test]
async fn departments_import_from_their_own_sheet() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let job = checked(
        &app,
        &admin.access,
        "/org-units/import-departments",
        "部门.csv",
        csv("名称,简称代码\n县医疗保障局,ybj\n县数据局,SJJ\n"),
    )
    .await;
    assert_eq!(job["summary"]["add"], 2, "{job}");
    applied(&app, &admin.access, &job).await;
    let dept = org_units::Entity::find()
        .filter(org_units::Column::Code.eq("YBJ"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dept.name, "县医疗保障局");
    assert_eq!(dept.kind, app::org::OrgKind::Department);
}

async fn import_users(app: &TestApp, who: &Tokens, sheet: &str, password: Option<&str>) -> Value {
    let (status, job) = upload(
        app,
        &who.access,
        "/users/import",
        "用户.csv",
        csv(sheet),
        password,
    )
    .await;
    assert_eq!(status, 202, "{job}");
    settle(app, &who.access, job["id"].as_str().unwrap()).await
}

#[tokio::test]
async fn users_import_creates_accounts_that_must_change_their_password() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let sheet = "用户名,姓名,角色,单位代码,初始密码\n\
                 cadre.li,李村官,村干部,130123100001,\n\
                 cadre.wu,吴会计,village_cadre,130123100001,Own2026pass\n";

    // Without a shared password, the row without one is a problem.
    let job = import_users(&app, &admin, sheet, None).await;
    let found = problems(&job);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 2);

    let job = import_users(&app, &admin, sheet, Some("Start2026go")).await;
    assert_eq!(job["summary"]["add"], 2, "{job}");
    applied(&app, &admin.access, &job).await;
    for (username, password) in [("cadre.li", "Start2026go"), ("cadre.wu", "Own2026pass")] {
        let tokens = app.login_with(ZD, username, password).await;
        assert_eq!(
            tokens.body["user"]["must_change_password"], true,
            "{username}"
        );
    }
    let audited = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("user_import"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // Re-importing changes nothing and ignores (and reports) the password cells.
    let again = import_users(&app, &admin, sheet, Some("Start2026go")).await;
    assert_eq!(again["summary"]["add"], 0, "{again}");
    assert_eq!(again["summary"]["change"], 0, "{again}");
    assert_eq!(again["summary"]["password_ignored"], serde_json::json!([3]));
}

#[tokio::test]
async fn a_township_admin_imports_only_inside_the_township_and_below_their_role() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await;
    let before = users::Entity::find().count(&app.db).await.unwrap();
    let sheet = "用户名,姓名,角色,单位代码\n\
                 ok.cadre,本镇村干部,村干部,130123100001\n\
                 far.cadre,外镇村干部,村干部,130123101201\n\
                 boss,县管理员,县级管理员,130123000000\n";
    let job = import_users(&app, &township, sheet, Some("Start2026go")).await;
    let rows: Vec<u64> = problems(&job).iter().map(|p| p.0).collect();
    assert!(!rows.contains(&2), "{job}");
    assert!(rows.contains(&3), "{job}");
    assert!(rows.contains(&4), "{job}");
    assert_eq!(users::Entity::find().count(&app.db).await.unwrap(), before);

    // Roles without the import grant are refused (and audited); the org import needs the county.
    let cadre = app.login(ZD, "cadre").await;
    let (status, _) = upload(
        &app,
        &cadre.access,
        "/users/import",
        "u.csv",
        csv(sheet),
        None,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = upload(
        &app,
        &township.access,
        "/org-units/import",
        "o.csv",
        csv("区划代码,名称\n"),
        None,
    )
    .await;
    assert_eq!(status, 403);
    let denied = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("permission_denied"))
        .count(&app.db)
        .await
        .unwrap();
    assert!(denied >= 2);
}

#[tokio::test]
async fn a_job_is_seen_only_by_whoever_uploaded_it() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let job = checked(
        &app,
        &admin.access,
        "/org-units/import",
        "o.csv",
        csv("区划代码,名称\n130123190000,试验镇\n"),
    )
    .await;
    let id = job["id"].as_str().unwrap();
    let leader = app.login(ZD, "leader").await;
    let other_admin = app.login(PS, "admin").await;
    let operator = app.login(None, "operator").await;
    for who in [&leader, &other_admin, &operator] {
        let (status, _) = app
            .api(Method::GET, &format!("/imports/{id}"), &who.access, None)
            .await;
        assert_eq!(status, 404);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/imports/{id}/apply"),
                &who.access,
                None,
            )
            .await;
        assert_eq!(status, 404);
    }
    // The other county's admin lists only their own (none).
    let (status, list) = app
        .api(Method::GET, "/imports", &other_admin.access, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    let (_, list) = app.api(Method::GET, "/imports", &admin.access, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn templates_download_and_import_cleanly() {
    let app = spawn_app().await;
    for (name, kind) in [
        ("org.xlsx", "application/vnd.openxmlformats"),
        ("departments.csv", "text/csv"),
        ("users.xlsx", "application/vnd.openxmlformats"),
    ] {
        let response = app.get(&format!("/api/v1/import-templates/{name}")).await;
        assert_eq!(response.status(), 200, "{name}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with(kind), "{name}: {content_type}");
        assert!(!response.bytes().await.unwrap().is_empty());
    }
    assert_eq!(
        app.get("/api/v1/import-templates/secrets.txt")
            .await
            .status(),
        404
    );
}
