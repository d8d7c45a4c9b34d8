//! The audit log viewer (`/audit`) and its Excel export (`/audit/export`) over plain HTTP.

use crate::helpers::{TestApp, spawn_app};
use app::org::entity as org_units;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");

async fn page(app: &TestApp, token: &str, path: &str) -> (u16, String) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn html(app: &TestApp, token: &str, path: &str) -> String {
    let (status, body) = page(app, token, path).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// A new township clerk at the county's first township, created by its admin: one
/// `user_create` entry with `username` as its target.
async fn create_user(app: &TestApp, county: &str, admin: &str, username: &str) {
    let unit = org_units::Entity::find()
        .filter(org_units::Column::Code.eq(format!("{county}100000")))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (status, body) = app
        .api(
            Method::POST,
            "/users",
            admin,
            Some(serde_json::json!({
                "username": username,
                "display_name": "标记用户",
                "role": "township_staff",
                "org_unit_id": unit,
                "password": "Marker2026pw",
            })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

/// Today in China time, `YYYY-MM-DD`.
fn today() -> String {
    let offset = time::UtcOffset::from_hms(8, 0, 0).unwrap();
    let d = time::OffsetDateTime::now_utc().to_offset(offset).date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `GET /audit/export…` as `token`: the status, headers and the sheet (when it is one).
async fn export(
    app: &TestApp,
    token: &str,
    query: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = app
        .client
        .get(app.url(&format!("/audit/export{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn sheet(bytes: &[u8]) -> app::sheet::Table {
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    app::sheet::read("audit.xlsx", bytes, 100_000).expect("a readable workbook")
}

/// The sequence numbers of the table's rows, top to bottom.
fn seqs(html: &str) -> Vec<i64> {
    html.match_indices("<tr data-seq=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

fn has_cell(table: &app::sheet::Table, text: &str) -> bool {
    table.rows.iter().any(|r| r.cells.iter().any(|c| c == text))
}

#[tokio::test]
async fn the_auditor_reads_the_log_with_filters() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    create_user(&app, "130123", &admin.access, "marker.zd").await;
    let auditor = app.login(ZD, "auditor").await;

    let all = html(&app, &auditor.access, "/audit").await;
    assert!(all.contains("marker.zd"), "the new account is the target");
    assert!(
        all.contains("新建用户") && all.contains("登录"),
        "action labels"
    );
    assert!(all.contains("admin · 县级管理员"), "who, with their role");
    assert!(all.contains(r#"<span class="badge">成功</span>"#));
    assert!(all.contains(r#"href="/audit/export""#));
    assert!(all.contains(r#"<form method="get" action="/audit""#));
    let order = seqs(&all);
    assert!(order.len() >= 3);
    assert!(order.windows(2).all(|w| w[0] > w[1]), "newest first");

    let sign_ins = html(&app, &auditor.access, "/audit?action=sign_in").await;
    assert!(sign_ins.contains("admin · 县级管理员"));
    assert!(!sign_ins.contains("marker.zd"));
    assert!(sign_ins.contains(r#"<option value="sign_in" selected"#));
    assert!(sign_ins.contains(r#"href="/audit/export?action=sign_in""#));

    let by_leader = html(&app, &auditor.access, "/audit?actor=leader").await;
    assert!(by_leader.contains("没有符合条件的记录"));
    let denied = html(&app, &auditor.access, "/audit?outcome=denied").await;
    assert!(!denied.contains("marker.zd"));
    let long_ago = html(
        &app,
        &auditor.access,
        "/audit?from=2000-01-01&until=2000-01-31",
    )
    .await;
    assert!(long_ago.contains("没有符合条件的记录"));
    let day = today();
    let today_only = html(
        &app,
        &auditor.access,
        &format!("/audit?from={day}&until={day}&actor=admin&action=user_create"),
    )
    .await;
    assert!(today_only.contains("marker.zd"));
    assert!(today_only.contains(&format!(r#"value="{day}""#)));
}

#[tokio::test]
async fn older_entries_are_one_link_away() {
    let app = spawn_app().await;
    // 60 refusals, each audited.
    let cadre = app.login(ZD, "cadre").await;
    for _ in 0..60 {
        let (status, _) = app.api(Method::GET, "/users", &cadre.access, None).await;
        assert_eq!(status, 403);
    }
    let auditor = app.login(ZD, "auditor").await;
    let first = html(&app, &auditor.access, "/audit?actor=cadre")
        .await
        .replace("&amp;", "&");
    let (a, link) = (seqs(&first), "/audit?actor=cadre&before=");
    assert_eq!(a.len(), 50);
    let start = first.find(link).expect("an older link");
    let end = start + first[start..].find('"').unwrap();
    assert_eq!(first[start..end], format!("{link}{}", a[49]));
    let second = html(&app, &auditor.access, &first[start..end]).await;
    let b = seqs(&second);
    assert_eq!(b.len(), 11, "60 refusals and one sign-in");
    assert!(!second.contains("更早"), "the last page");
    assert!(a.windows(2).all(|w| w[0] > w[1]) && b.windows(2).all(|w| w[0] > w[1]));
    assert!(a.last().unwrap() > b.first().unwrap(), "no overlap");
}

#[tokio::test]
async fn only_the_auditor_reads_or_exports_the_log() {
    let app = spawn_app().await;
    for username in ["admin", "leader"] {
        let t = app.login(ZD, username).await;
        let (status, body) = page(&app, &t.access, "/audit").await;
        assert_eq!(status, 403, "{username}");
        assert!(!body.contains("<tr data-seq="));
        let (status, headers, bytes) = export(&app, &t.access, "").await;
        assert_eq!(status, 403, "{username}");
        assert!(!bytes.starts_with(b"PK"));
        assert!(headers.get("content-disposition").is_none());
    }
    let operator = app.login(None, "operator").await;
    let (status, _, _) = export(&app, &operator.access, "").await;
    assert_eq!(status, 403);
    let anonymous = app.get("/audit/export").await;
    assert!(anonymous.status().is_redirection());
    assert_eq!(anonymous.headers()["location"], "/sign-in");

    // The refusals are in the log.
    let auditor = app.login(ZD, "auditor").await;
    let (_, list) = app
        .api(
            Method::GET,
            "/audit-events?action=permission_denied&actor=admin",
            &auditor.access,
            None,
        )
        .await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    assert!(items.iter().all(|i| i["detail"]["action"] == "audit_view"));
}

#[tokio::test]
async fn the_export_is_a_workbook_of_the_filtered_entries_and_is_audited() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    create_user(&app, "130123", &admin.access, "marker.zd").await;
    let auditor = app.login(ZD, "auditor").await;

    let (status, headers, bytes) = export(&app, &auditor.access, "?action=user_create").await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = headers["content-disposition"].to_str().unwrap();
    let day = today().replace('-', "");
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"audit-{day}.xlsx\"")),
        "{disposition}"
    );
    let table = sheet(&bytes);
    assert_eq!(table.headers[0], "序号");
    assert_eq!(table.headers[1], "时间");
    assert_eq!(table.headers[4], "操作");
    assert_eq!(table.rows.len(), 1, "only the filtered entry");
    assert!(has_cell(&table, "marker.zd") && has_cell(&table, "新建用户"));
    assert!(has_cell(&table, "县级管理员"));

    let (status, _, bytes) = export(&app, &auditor.access, "").await;
    assert_eq!(status, 200);
    let everything = sheet(&bytes);
    assert!(
        everything.rows.len() >= 3,
        "sign-ins, the creation, the first export"
    );
    assert!(has_cell(&everything, "登录") && has_cell(&everything, "导出审计日志"));

    // Both exports are on record, with their filters and row counts.
    let (_, list) = app
        .api(
            Method::GET,
            "/audit-events?action=audit_export",
            &auditor.access,
            None,
        )
        .await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let (latest, first) = (&items[0], &items[1]);
    assert_eq!(first["actor"], "auditor");
    assert_eq!(first["outcome"], "success");
    assert_eq!(first["detail"]["rows"], 1);
    assert_eq!(first["detail"]["filter"]["action"], "user_create");
    assert_eq!(latest["detail"]["rows"], everything.rows.len());
    assert_eq!(latest["detail"]["filter"], serde_json::json!({}));
}

#[tokio::test]
async fn another_countys_entries_never_appear() {
    let app = spawn_app().await;
    let zd_admin = app.login(ZD, "admin").await;
    create_user(&app, "130123", &zd_admin.access, "marker.zd").await;
    let ps_admin = app.login(PS, "admin").await;
    create_user(&app, "130131", &ps_admin.access, "marker.ps").await;

    let zd = app.login(ZD, "auditor").await;
    let seen = html(&app, &zd.access, "/audit").await;
    assert!(seen.contains("marker.zd"));
    assert!(!seen.contains("marker.ps"));
    let (status, _, bytes) = export(&app, &zd.access, "").await;
    assert_eq!(status, 200);
    let table = sheet(&bytes);
    assert!(has_cell(&table, "marker.zd"));
    assert!(!has_cell(&table, "marker.ps"));

    // The other county's auditor sees exactly the other half.
    let ps = app.login(PS, "auditor").await;
    let seen = html(&app, &ps.access, "/audit").await;
    assert!(seen.contains("marker.ps"));
    assert!(!seen.contains("marker.zd"));
    let (_, _, bytes) = export(&app, &ps.access, "?action=user_create").await;
    let table = sheet(&bytes);
    assert_eq!(table.rows.len(), 1);
    assert!(has_cell(&table, "marker.ps"));
}
