//! The staff's grievance screens over plain HTTP, as the browser's forms use them: the ledger,
//! the case page and its step forms, registering a case, the inbox, the unit statistics and the
//! county settings.
//!
//! Fixture (the demo seed): 正定县's 正定镇 dispatches its villages; the demo `dept` account is
//! at 县委政法委 (zfw), which the rules give 涉法涉诉; 平山县 (130131) is another county.

use crate::helpers::{DEMO_PASSWORD, TestApp, html, page, post, spawn_app};
use app::audit::entity as audit_events;
use app::grievances::entity::{event, grievance};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");
/// The demo cadre's village and 正定镇 itself.
const HOME: &str = "130123100001";
const ZHENGDING: &str = "130123100000";
const PS_VILLAGE: &str = "130131100001";
const PHONE: &str = "13912345678";

async fn category(app: &TestApp, token: &str, code: &str) -> String {
    let (_, cats) = app.api(Method::GET, "/categories", token, None).await;
    cats["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap_or_else(|| panic!("category {code}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A walk-in registered over the API: (id, code).
async fn register_api(app: &TestApp, token: &str, cat: &str, place: &str) -> (String, String) {
    let body = json!({
        "channel": "walk_in", "category_id": cat, "place_id": place,
        "reporter_name": "赵大海", "reporter_phone": PHONE,
        "description": "村里排水沟堵塞，雨后积水进院。",
    });
    let (status, done) = app
        .api(Method::POST, "/grievances", token, Some(body))
        .await;
    assert_eq!(status, 201, "{done}");
    (
        done["id"].as_str().unwrap().to_owned(),
        done["code"].as_str().unwrap().to_owned(),
    )
}

async fn case(app: &TestApp, id: &str) -> grievance::Model {
    grievance::Entity::find_by_id(Uuid::parse_str(id).unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn timeline(app: &TestApp, id: &str) -> Vec<String> {
    event::Entity::find()
        .filter(event::Column::GrievanceId.eq(Uuid::parse_str(id).unwrap()))
        .order_by_asc(event::Column::CreatedAt)
        .order_by_asc(event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.code().to_owned())
        .collect()
}

/// The registration form's fields for a walk-in.
fn walk_in<'a>(cat: &'a str, place: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("channel", "walk_in"),
        ("category_id", cat),
        ("place_id", place),
        ("urgency", "urgent"),
        ("reporter_name", "钱秀英"),
        ("reporter_phone", PHONE),
        ("description", "楼道灯坏了三个月，老人夜里摔过一次。"),
    ]
}

/// Posts the registration form (multipart, as the browser sends it); answers the location.
async fn register_form(
    app: &TestApp,
    token: &str,
    fields: &[(&str, &str)],
    files: Vec<(&str, Vec<u8>)>,
) -> String {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str("image/png")
            .unwrap();
        form = form.part("files", part);
    }
    let response = app
        .client
        .post(app.url("/grievances"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "POST /grievances");
    crate::helpers::redirect(&response)
}

/// `register_form`'s raw Location (that one spells out what a refusal kept).
async fn register_raw(
    app: &TestApp,
    token: &str,
    fields: &[(&str, &str)],
    files: Vec<(&str, Vec<u8>)>,
) -> String {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    for (name, bytes) in files {
        form = form.part(
            "files",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    let response = app
        .client
        .post(app.url("/grievances"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// How many files case `id` carries.
async fn attachments(app: &TestApp, id: &str) -> usize {
    use app::grievances::entity::attachment;
    attachment::Entity::find()
        .filter(attachment::Column::GrievanceId.eq(Uuid::parse_str(id).unwrap()))
        .all(&app.db)
        .await
        .unwrap()
        .len()
}

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[7u8; 64]);
    bytes
}

/// A step through the case page's form, at the version the page shows now.
async fn step(app: &TestApp, token: &str, id: &str, fields: &[(&str, &str)]) -> String {
    let version = case(app, id).await.version.to_string();
    let mut form = vec![("version", version.as_str())];
    form.extend_from_slice(fields);
    post(app, token, &format!("/grievances/{id}/act"), &form).await
}

#[tokio::test]
async fn the_ledger_and_case_pages_render_for_those_who_see_grievances_and_no_one_else() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await.access;
    let cat = category(&app, &township, "legal").await;
    let home = app.unit_id("130123", HOME).await;
    let (id, code) = register_api(&app, &township, &cat, &home).await;
    for who in ["admin", "leader", "township", "clerk", "cadre"] {
        let token = app.login(ZD, who).await.access;
        let ledger = html(&app, &token, "/grievances").await;
        assert!(ledger.contains("问题台账"), "{who}");
        assert!(ledger.contains(&code), "{who} sees the case in the ledger");
        // Names are masked on the list.
        assert!(
            ledger.contains("赵**") && !ledger.contains("赵大海"),
            "{who}"
        );
        let one = html(&app, &token, &format!("/grievances/{id}")).await;
        assert!(one.contains(&code) && one.contains("办理过程"), "{who}");
        assert!(one.contains("139****5678") && !one.contains(PHONE), "{who}");
    }
    // The township dispatches it: its page offers accept and reject, each a form.
    let one = html(&app, &township, &format!("/grievances/{id}")).await;
    assert!(one.contains(r#"name="action" value="accept""#), "{one}");
    assert!(one.contains(r#"name="action" value="reject""#));
    assert!(!one.contains(r#"name="action" value="close""#));

    let auditor = app.login(ZD, "auditor").await.access;
    let (status, _, body) = page(&app, &auditor, "/grievances").await;
    assert_eq!(status, 403, "{body}");
    let (status, _, _) = page(&app, &auditor, &format!("/grievances/{id}")).await;
    assert!(status == 403 || status == 404, "{status}");
    let nobody = app.get("/grievances").await;
    assert_eq!(nobody.status(), 302);
    assert_eq!(nobody.headers()["location"], "/sign-in?next=/grievances");

    // Filters are a GET form: another status, or a code, narrows the list.
    let accepted = html(&app, &township, "/grievances?status=closed").await;
    assert!(!accepted.contains(&code));
    let by_code = html(&app, &township, &format!("/grievances?code={code}")).await;
    assert!(by_code.contains(&code));
    let bad = page(&app, &township, "/grievances?from=2026-02-30").await;
    assert_eq!(bad.0, 422);
    assert!(bad.2.contains("日期不正确"), "{}", bad.2);
}

#[tokio::test]
async fn the_whole_loop_through_forms_ends_closed_with_every_step_on_the_timeline() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await.access;
    let dept = app.login(ZD, "dept").await.access;
    let cat = category(&app, &township, "legal").await;
    let home = app.unit_id("130123", HOME).await;
    let zfw = app.unit_id("130123", "zfw").await;
    let zjj = app.unit_id("130123", "zjj").await;
    let location = register_form(&app, &township, &walk_in(&cat, &home), vec![]).await;
    let id = location
        .strip_prefix("/grievances/")
        .and_then(|l| l.strip_suffix("?done=case_registered"))
        .unwrap_or_else(|| panic!("{location}"))
        .to_owned();
    let page_of = format!("/grievances/{id}");
    let updated = format!("{page_of}?done=case_updated");

    assert_eq!(
        step(&app, &township, &id, &[("action", "accept")]).await,
        updated
    );
    // The assign form pre-selects the routing rule's department.
    let one = html(&app, &township, &page_of).await;
    assert!(
        one.contains(&format!(r#"<option value="{zfw}" selected"#)),
        "{one}"
    );
    let assign = [
        ("action", "assign"),
        ("lead", zfw.as_str()),
        ("co", zjj.as_str()),
    ];
    assert_eq!(step(&app, &township, &id, &assign).await, updated);
    assert_eq!(
        step(&app, &dept, &id, &[("action", "start")]).await,
        updated
    );
    let reply = [("action", "reply"), ("text", "已联系镇水利站清淤。")];
    assert_eq!(step(&app, &dept, &id, &reply).await, updated);
    let unhappy = [
        ("action", "follow_up"),
        ("satisfaction", "dissatisfied"),
        ("note", "仍有积水"),
    ];
    assert_eq!(step(&app, &township, &id, &unhappy).await, updated);
    assert_eq!(case(&app, &id).await.redo_count, 1);
    let again = [("action", "reply"), ("text", "已硬化排水沟并加装盖板。")];
    assert_eq!(step(&app, &dept, &id, &again).await, updated);
    let happy = [("action", "follow_up"), ("satisfaction", "satisfied")];
    assert_eq!(step(&app, &township, &id, &happy).await, updated);
    assert_eq!(
        step(&app, &township, &id, &[("action", "close")]).await,
        updated
    );

    assert_eq!(case(&app, &id).await.status.code(), "closed");
    assert_eq!(
        timeline(&app, &id).await,
        [
            "registered",
            "accepted",
            "assigned",
            "started",
            "replied",
            "redo",
            "replied",
            "followed_up",
            "closed"
        ]
    );
    let closed = html(&app, &township, &updated).await;
    for line in [
        "受理",
        "交办",
        "签收办理",
        "答复群众",
        "回访不满意，重办",
        "销号办结",
    ] {
        assert!(closed.contains(line), "{line} on the timeline");
    }
    assert!(closed.contains("仍有积水") && closed.contains("已办理，案件已更新。"));
    assert!(closed.contains("您现在不能对本件进行操作。"));
}

#[tokio::test]
async fn a_department_sees_only_its_cases_and_nobody_sees_another_countys() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await.access;
    let dept = app.login(ZD, "dept").await.access;
    let legal = category(&app, &township, "legal").await;
    let home = app.unit_id("130123", HOME).await;
    let zfw = app.unit_id("130123", "zfw").await;
    let zjj = app.unit_id("130123", "zjj").await;
    let (ours, our_code) = register_api(&app, &township, &legal, &home).await;
    let (theirs, their_code) = register_api(&app, &township, &legal, &home).await;
    for (id, lead) in [(&ours, &zfw), (&theirs, &zjj)] {
        step(&app, &township, id, &[("action", "accept")]).await;
        step(&app, &township, id, &[("action", "assign"), ("lead", lead)]).await;
    }
    let ledger = html(&app, &dept, "/grievances").await;
    assert!(ledger.contains(&our_code));
    assert!(!ledger.contains(&their_code), "another department's case");
    html(&app, &dept, &format!("/grievances/{ours}")).await;
    let (status, _, body) = page(&app, &dept, &format!("/grievances/{theirs}")).await;
    assert_eq!(status, 404, "{body}");
    // Its forms cannot reach it either, and it stays as it was.
    let before = case(&app, &theirs).await;
    let location = step(&app, &dept, &theirs, &[("action", "start")]).await;
    assert!(location.contains("error=not_found"), "{location}");
    assert_eq!(case(&app, &theirs).await.version, before.version);

    // Another county's case is not found, on its page or by its form.
    let ps = app.login(PS, "township").await.access;
    let ps_cat = category(&app, &ps, "legal").await;
    let ps_place = app.unit_id("130131", PS_VILLAGE).await;
    let (elsewhere, _) = register_api(&app, &ps, &ps_cat, &ps_place).await;
    for token in [&dept, &township] {
        let (status, _, _) = page(&app, token, &format!("/grievances/{elsewhere}")).await;
        assert_eq!(status, 404);
        let location = step(&app, token, &elsewhere, &[("action", "accept")]).await;
        assert!(location.contains("error=not_found"), "{location}");
    }
    assert_eq!(case(&app, &elsewhere).await.status.code(), "registered");
}

#[tokio::test]
async fn an_illegal_or_stale_step_says_why_changes_nothing_and_keeps_the_typed_text() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await.access;
    let cat = category(&app, &township, "legal").await;
    let home = app.unit_id("130123", HOME).await;
    let (id, _) = register_api(&app, &township, &cat, &home).await;
    let page_of = format!("/grievances/{id}");

    // Closing a case that was never handled is not a step it can take.
    let before = case(&app, &id).await;
    let location = step(&app, &township, &id, &[("action", "close")]).await;
    assert!(
        location.starts_with(&format!("{page_of}?error=not_now")),
        "{location}"
    );
    let after = case(&app, &id).await;
    assert_eq!(
        (after.status, after.version),
        (before.status, before.version)
    );
    assert!(timeline(&app, &id).await == ["registered"]);
    let shown = html(&app, &township, &location).await;
    assert!(shown.contains("这一步现在不能做"), "{shown}");
    // In English too.
    let english = app
        .client
        .get(app.url(&location))
        .bearer_auth(&township)
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("That step is not possible"), "{english}");

    // Two dispatchers read the page at one version; the first acts, the second is stale.
    let seen = case(&app, &id).await.version.to_string();
    let act = format!("/grievances/{id}/act");
    let first = post(
        &app,
        &township,
        &act,
        &[("action", "accept"), ("version", &seen)],
    )
    .await;
    assert!(first.ends_with("done=case_updated"), "{first}");
    let note = "请尽快联系反映人，说明进度";
    let second = post(
        &app,
        &township,
        &act,
        &[("action", "note"), ("version", &seen), ("text", note)],
    )
    .await;
    assert!(second.contains("error=stale_case"), "{second}");
    assert!(!timeline(&app, &id).await.contains(&"note".to_owned()));
    let refused = html(&app, &township, &second).await;
    assert!(refused.contains("案件刚被别人更新过"), "{refused}");
    // The refused note form is open and holds what was typed.
    assert!(refused.contains(note), "the typed text comes back");
    assert!(refused.contains(r#"<details open"#));

    // A required text left empty names itself.
    let location = step(&app, &township, &id, &[("action", "note"), ("text", " ")]).await;
    assert!(location.contains("error=required"), "{location}");
    assert_eq!(case(&app, &id).await.status.code(), "accepted");
}

#[tokio::test]
async fn the_phone_is_revealed_by_a_post_that_is_audited_and_the_export_downloads_with_cookies() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await.access;
    let cat = category(&app, &township, "legal").await;
    let place = app.unit_id("130123", HOME).await;
    let (id, _) = register_api(&app, &township, &cat, &place).await;
    let response = app
        .client
        .post(app.url(&format!("/grievances/{id}/reveal")))
        .bearer_auth(&township)
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = response.text().await.unwrap();
    assert!(
        body.contains(PHONE) && body.contains("已记入审计日志"),
        "{body}"
    );
    let reveals = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("personal_reveal"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(reveals.len(), 1);
    // A village cadre sees the case but does not work on it: no reveal.
    let cadre = app.login(ZD, "cadre").await.access;
    let one = html(&app, &cadre, &format!("/grievances/{id}")).await;
    assert!(!one.contains("/reveal"));

    // The ledger links to the export, which a browser with its session cookies downloads.
    let leader = app.login(ZD, "leader").await.access;
    let ledger = html(&app, &leader, "/grievances?overdue=1").await;
    assert!(ledger.contains(r#"href="/api/v1/grievances/export?overdue=1""#));
    let signed_in = app
        .post_form(
            "/sign-in",
            &[
                ("county", "130123"),
                ("username", "leader"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    let jar: String = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|c| c.to_str().unwrap().split(';').next().map(str::to_owned))
        .collect::<Vec<_>>()
        .join("; ");
    let file = app
        .client
        .get(app.url("/api/v1/grievances/export"))
        .header("cookie", jar)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert!(
        file.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let bytes = file.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
}

#[tokio::test]
async fn a_case_is_registered_by_form_with_its_files_and_a_refused_form_keeps_the_text() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let cat = category(&app, &cadre, "legal").await;
    let home = app.unit_id("130123", HOME).await;
    let form = html(&app, &cadre, "/grievances/new").await;
    assert!(form.contains(r#"enctype="multipart/form-data""#) && form.contains("来访"));
    assert!(
        !form.contains(r#"value="resident""#),
        "residents report on the public page"
    );

    let location =
        register_form(&app, &cadre, &walk_in(&cat, &home), vec![("灯.png", png())]).await;
    assert!(location.ends_with("?done=case_registered"), "{location}");
    let registered = html(&app, &cadre, &location).await;
    assert!(registered.contains("已登记。") && registered.contains("楼道灯坏了三个月"));
    let link = registered
        .split(r#"href="/api/v1/grievances/"#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an attachment link");
    let file = app
        .client
        .get(app.url(&format!("/api/v1/grievances/{link}")))
        .bearer_auth(&cadre)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.unwrap().to_vec(), png());

    // Refused (no category): back to the form with everything typed, the file included,
    // kept on the server; the address carries only the error and the kept id.
    let mut bad = walk_in("", &home);
    bad.retain(|(k, _)| *k != "category_id");
    let raw = register_raw(&app, &cadre, &bad, vec![("灯.png", png())]).await;
    assert!(raw.starts_with("/grievances/new?error="), "{raw}");
    assert!(!raw.contains("13912345678") && !raw.contains("reporter") && !raw.contains("png"));
    let again = html(&app, &cadre, &raw).await;
    assert!(
        again.contains("楼道灯坏了三个月，老人夜里摔过一次。"),
        "the description comes back"
    );
    assert!(again.contains(r#"value="钱秀英""#), "the name comes back");
    assert!(
        again.contains(r#"value="13912345678""#),
        "the phone comes back"
    );
    assert!(again.contains("灯.png（72 B）"), "the file waits: {again}");
    let kept = again
        .split(r#"name="attachments" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the kept files' id")
        .to_owned();
    // Nobody else can claim the waiting file, nor see the refill.
    let township = app.login(ZD, "township").await.access;
    let stranger = html(&app, &township, &raw).await;
    assert!(!stranger.contains("钱秀英") && !stranger.contains("灯.png"));
    let mut theirs = walk_in(&cat, &home);
    theirs.extend([("attachments", kept.as_str()), ("kept_file.0", "1")]);
    let location = register_form(&app, &township, &theirs, vec![]).await;
    let id = location
        .strip_prefix("/grievances/")
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    assert_eq!(attachments(&app, id).await, 0, "not another's file");

    // The retry with the category sends no file again, and the case has the kept one.
    let mut retry = walk_in(&cat, &home);
    retry.extend([("attachments", kept.as_str()), ("kept_file.0", "1")]);
    let location = register_form(&app, &cadre, &retry, vec![]).await;
    assert!(location.ends_with("?done=case_registered"), "{location}");
    let id = location
        .strip_prefix("/grievances/")
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    assert_eq!(attachments(&app, id).await, 1);
    // Taken once: a second retry with the same id carries nothing.
    let location = register_form(&app, &cadre, &retry, vec![]).await;
    let id = location
        .strip_prefix("/grievances/")
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    assert_eq!(attachments(&app, id).await, 0);

    // A file of the wrong type is not kept at all; a kept file left unticked stays out.
    let files = vec![("a.png", png()), ("b.txt", b"hi".to_vec())];
    let raw = register_raw(&app, &cadre, &bad, files).await;
    let again = html(&app, &cadre, &raw).await;
    assert!(
        again.contains("a.png") && !again.contains("b.txt"),
        "{again}"
    );
    let kept = again
        .split(r#"name="attachments" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let mut unticked = walk_in(&cat, &home);
    unticked.push(("attachments", kept.as_str()));
    let location = register_form(&app, &cadre, &unticked, vec![]).await;
    let id = location
        .strip_prefix("/grievances/")
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    assert_eq!(attachments(&app, id).await, 0, "unticked stays out");

    // A department does not register cases.
    let dept = app.login(ZD, "dept").await.access;
    let (status, _, _) = page(&app, &dept, "/grievances/new").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_visits_concern_becomes_a_case_from_the_household_page() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = app.unit_id("130123", HOME).await;
    let (_, households) = app
        .api(
            Method::GET,
            &format!("/households?unit={home}&limit=1"),
            &cadre,
            None,
        )
        .await;
    let household = households["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, done) = app
        .api(
            Method::POST,
            "/visits",
            &cadre,
            Some(json!({
                "household_id": household, "mode": "in_person", "met": true,
                "attitude": "fair", "met_whom": "户主",
                "concerns": ["门前路灯坏了一个月"], "submission_key": Uuid::now_v7().to_string(),
            })),
        )
        .await;
    assert_eq!(status, 201, "{done}");
    let concern = done["visit"]["concerns"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let back = format!("/households/{household}");
    let page = html(&app, &cadre, &back).await;
    let action = format!("/concerns/{concern}/grievance");
    assert!(
        page.contains(&action) && page.contains("转为诉求件"),
        "{page}"
    );
    let roads = category(&app, &cadre, "roads").await;
    let location = post(
        &app,
        &cadre,
        &action,
        &[("category_id", &roads), ("back", &back)],
    )
    .await;
    assert!(location.ends_with("?done=case_registered"), "{location}");
    let case_page = html(&app, &cadre, &location).await;
    assert!(case_page.contains("门前路灯坏了一个月") && case_page.contains("走访发现"));
    // Linked both ways: the household page now links to the case instead of the button.
    let page = html(&app, &cadre, &back).await;
    assert!(!page.contains(&action));
    assert!(page.contains(location.split('?').next().unwrap()));
    // No category chosen: back to the household page with the reason.
    let refused = post(&app, &cadre, &action, &[("back", &back)]).await;
    assert!(refused.starts_with(&format!("{back}?error=")), "{refused}");
}

#[tokio::test]
async fn the_inbox_counts_on_the_workbench_lists_the_units_items_and_is_marked_read() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await.access;
    let dept = app.login(ZD, "dept").await.access;
    let cat = category(&app, &township, "legal").await;
    let home = app.unit_id("130123", HOME).await;
    let zfw = app.unit_id("130123", "zfw").await;
    let (id, code) = register_api(&app, &township, &cat, &home).await;
    step(&app, &township, &id, &[("action", "accept")]).await;
    step(
        &app,
        &township,
        &id,
        &[("action", "assign"), ("lead", &zfw)],
    )
    .await;

    let workbench = html(&app, &dept, "/").await;
    assert!(
        workbench.contains(r#"href="/inbox""#) && workbench.contains("条未读"),
        "{workbench}"
    );
    assert!(workbench.contains(r#"href="/grievances""#));
    assert!(!workbench.contains(r#"href="/settings/grievances""#));
    let inbox = html(&app, &dept, "/inbox").await;
    assert!(
        inbox.contains(&code) && inbox.contains("交办给本单位"),
        "{inbox}"
    );
    assert!(inbox.contains(r#"action="/inbox/read""#));
    assert_eq!(
        post(&app, &dept, "/inbox/read", &[]).await,
        "/inbox?done=inbox_read"
    );
    let inbox = html(&app, &dept, "/inbox?done=inbox_read").await;
    assert!(!inbox.contains(r#"action="/inbox/read""#) && inbox.contains(&code));
    let workbench = html(&app, &dept, "/").await;
    assert!(!workbench.contains("条未读"));

    // The county admin's workbench offers the settings; the auditor has no inbox.
    let admin = app.login(ZD, "admin").await.access;
    assert!(
        html(&app, &admin, "/")
            .await
            .contains(r#"href="/settings/grievances""#)
    );
    let auditor = app.login(ZD, "auditor").await.access;
    let workbench = html(&app, &auditor, "/").await;
    assert!(
        !workbench.contains(r#"href="/inbox""#) && !workbench.contains(r#"href="/grievances""#)
    );
    let (status, _, _) = page(&app, &auditor, "/inbox").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn unit_statistics_show_rates_and_a_leader_issues_a_yellow_card() {
    let app = spawn_app().await;
    let leader = app.login(ZD, "leader").await.access;
    let zfw = app.unit_id("130123", "zfw").await;
    let stats = html(&app, &leader, "/grievances/stats").await;
    assert!(
        stats.contains("按时受理率") && stats.contains("县委政法委"),
        "{stats}"
    );
    assert!(stats.contains(r#"action="/yellow-cards""#));
    let done = post(
        &app,
        &leader,
        "/yellow-cards",
        &[("unit_id", &zfw), ("reason", "超期件多，督促整改")],
    )
    .await;
    assert_eq!(done, "/grievances/stats?done=yellow_card");
    let (_, api) = app
        .api(Method::GET, "/grievances/stats", &leader, None)
        .await;
    let row = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit_id"] == zfw.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["yellow_cards"], 1);
    // The card is listed, on the page and in the API; the county is no row of its own (it
    // supervises, it is not carded); the most overdue come first.
    let cards = api["yellow_cards"].as_array().unwrap();
    assert!(
        cards
            .iter()
            .any(|c| c["unit_id"] == zfw.as_str() && c["reason"] == "超期件多，督促整改"),
        "{api}"
    );
    let root = app.unit_id("130123", "130123000000").await;
    let items = api["items"].as_array().unwrap();
    assert!(items.iter().all(|r| r["unit_id"] != root.as_str()), "{api}");
    let overdue: Vec<i64> = items
        .iter()
        .map(|r| r["overdue_now"].as_i64().unwrap())
        .collect();
    assert!(overdue.windows(2).all(|w| w[0] >= w[1]), "{overdue:?}");
    assert!(
        items.iter().any(|r| r["received"].as_i64().unwrap() > 0),
        "the default period (the last 30 days) covers the demo's cases: {api}"
    );
    let stats = html(&app, &leader, "/grievances/stats").await;
    assert!(stats.contains("本期已发出的黄牌") && stats.contains("超期件多，督促整改"));
    // Without a reason: refused, nothing issued.
    let refused = post(&app, &leader, "/yellow-cards", &[("unit_id", &zfw)]).await;
    assert!(refused.contains("error=required"), "{refused}");

    let dept = app.login(ZD, "dept").await.access;
    let own = html(&app, &dept, "/grievances/stats").await;
    assert!(own.contains("县委政法委") && !own.contains(r#"action="/yellow-cards""#));
    // The carded unit hears of it where it works: its workbench and its inbox.
    for path in ["/", "/inbox"] {
        let home = html(&app, &dept, path).await;
        assert!(
            home.contains("本单位近30天收到黄牌警告") && home.contains("超期件多，督促整改"),
            "{path}"
        );
    }
    let township = app.login(ZD, "township").await.access;
    assert!(
        !html(&app, &township, "/")
            .await
            .contains("本单位近30天收到黄牌警告")
    );
    let refused = post(
        &app,
        &dept,
        "/yellow-cards",
        &[("unit_id", &zfw), ("reason", "x")],
    )
    .await;
    assert!(refused.contains("error=forbidden"), "{refused}");
    let bad = page(
        &app,
        &leader,
        "/grievances/stats?from=2026-03-02&until=2026-03-01",
    )
    .await;
    assert_eq!(bad.0, 422);
    let auditor = app.login(ZD, "auditor").await.access;
    assert_eq!(page(&app, &auditor, "/grievances/stats").await.0, 403);
}

#[tokio::test]
async fn the_county_admin_edits_categories_rules_and_settings_by_form() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await.access;
    let settings = html(&app, &admin, "/settings/grievances").await;
    assert!(settings.contains("问题类别与办理期限") && settings.contains("归口规则"));
    for who in ["leader", "township", "dept"] {
        let token = app.login(ZD, who).await.access;
        assert_eq!(
            page(&app, &token, "/settings/grievances").await.0,
            403,
            "{who}"
        );
    }

    let legal = category(&app, &admin, "legal").await;
    let added = post(
        &app,
        &admin,
        "/settings/grievances/categories",
        &[
            ("parent_id", &legal),
            ("name", "执行难"),
            ("accept_days", "10"),
            ("handle_days", "45"),
        ],
    )
    .await;
    assert_eq!(added, "/settings/grievances?done=created");
    let (_, cats) = app.api(Method::GET, "/categories", &admin, None).await;
    let new = cats["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "执行难")
        .expect("the new subcategory")
        .clone();
    assert_eq!(
        (new["accept_days"].as_i64(), new["handle_days"].as_i64()),
        (Some(10), Some(45))
    );
    let new_id = new["id"].as_str().unwrap().to_owned();
    // Retired: its box left unticked.
    let saved = post(
        &app,
        &admin,
        &format!("/settings/grievances/categories/{new_id}"),
        &[
            ("name", "执行难"),
            ("accept_days", "10"),
            ("handle_days", "45"),
        ],
    )
    .await;
    assert_eq!(saved, "/settings/grievances?done=saved");
    let (_, cats) = app.api(Method::GET, "/categories", &admin, None).await;
    assert!(
        cats["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == new_id.as_str() && c["active"] == false)
    );
    // Bad days: refused, and the add form keeps the name.
    let refused = post(
        &app,
        &admin,
        "/settings/grievances/categories",
        &[
            ("name", "新类别"),
            ("accept_days", "0"),
            ("handle_days", "60"),
        ],
    )
    .await;
    assert!(refused.contains("error=bad_days"), "{refused}");
    assert!(
        html(&app, &admin, &refused)
            .await
            .contains(r#"value="新类别""#)
    );

    let zjj = app.unit_id("130123", "zjj").await;
    let rule = format!("rule.{new_id}");
    let saved = post(&app, &admin, "/settings/grievances/rules", &[(&rule, &zjj)]).await;
    assert_eq!(saved, "/settings/grievances?done=saved");
    let (_, rules) = app.api(Method::GET, "/routing-rules", &admin, None).await;
    assert!(
        rules["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["category_id"] == new_id.as_str() && r["unit_id"] == zjj.as_str()),
        "{rules}"
    );
    // A township cannot take a rule.
    let zhengding = app.unit_id("130123", ZHENGDING).await;
    let refused = post(
        &app,
        &admin,
        "/settings/grievances/rules",
        &[(&rule, &zhengding)],
    )
    .await;
    assert!(refused.contains("error="), "{refused}");

    let saved = post(
        &app,
        &admin,
        "/settings/grievances",
        &[("repeat_days", "30"), ("soon_days", "2")],
    )
    .await;
    assert_eq!(saved, "/settings/grievances?done=saved");
    let (_, s) = app
        .api(Method::GET, "/grievance-settings", &admin, None)
        .await;
    assert_eq!(
        (s["repeat_days"].as_i64(), s["soon_days"].as_i64()),
        (Some(30), Some(2))
    );
}
