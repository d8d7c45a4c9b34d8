//! Grievances over the REST API (staff side): the whole closed loop with a redo, scope and
//! duty for every action, illegal transitions, extensions, routing rules, repeat detection,
//! the deadline job run twice at once, the rollup against a recount, a visit's concern made a
//! case, and bad input.
//!
//! Fixture (the demo seed): 正定县's 正定镇 dispatches its villages; the demo `dept` account is
//! at 县委政法委 (zfw), which the rules give 涉法涉诉; the seed's own cases use phones
//! 1380311000x and were received days ago, so tests use other phones and count today only.

use crate::helpers::{DEMO_PASSWORD, TestApp, multipart_form, spawn_app};
use app::grievances::entity::{event, grievance, inbox_item};
use app::users::entity as users;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");
/// The demo cadre's village, another village of 正定镇, 正定镇 itself and the county root.
const HOME: &str = "130123100001";
const NEIGHBOUR: &str = "130123100201";
const ZHENGDING: &str = "130123100000";
const ROOT: &str = "130123000000";

async fn county_id(app: &TestApp, code: &str) -> Uuid {
    app::counties::entity::Entity::find()
        .filter(app::counties::entity::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A department account created by the county admin, ready to work (no forced change).
async fn staff(app: &TestApp, admin: &str, username: &str, role: &str, unit_id: &str) -> String {
    let (status, body) = app
        .api(
            Method::POST,
            "/users",
            admin,
            Some(json!({
                "username": username, "display_name": format!("{username}经办"), "role": role,
                "org_unit_id": unit_id, "password": DEMO_PASSWORD,
            })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    users::Entity::update_many()
        .col_expr(users::Column::MustChangePassword, Expr::value(false))
        .filter(users::Column::Username.eq(username))
        .exec(&app.db)
        .await
        .unwrap();
    app.login(ZD, username).await.access
}

/// Everyone and everything the tests use.
struct Fx {
    admin: String,
    leader: String,
    township: String,
    cadre: String,
    dept: String,
    home: String,
    neighbour: String,
    zhengding: String,
    root: String,
    zfw: String,
    zjj: String,
    categories: Vec<Value>,
}

impl Fx {
    async fn new(app: &TestApp) -> Fx {
        let admin = app.login(ZD, "admin").await.access;
        let (_, cats) = app.api(Method::GET, "/categories", &admin, None).await;
        Fx {
            leader: app.login(ZD, "leader").await.access,
            township: app.login(ZD, "township").await.access,
            cadre: app.login(ZD, "cadre").await.access,
            dept: app.login(ZD, "dept").await.access,
            home: app.unit_id("130123", HOME).await,
            neighbour: app.unit_id("130123", NEIGHBOUR).await,
            zhengding: app.unit_id("130123", ZHENGDING).await,
            root: app.unit_id("130123", ROOT).await,
            zfw: app.unit_id("130123", "zfw").await,
            zjj: app.unit_id("130123", "zjj").await,
            categories: cats["items"].as_array().unwrap().clone(),
            admin,
        }
    }

    fn category(&self, code: &str) -> String {
        self.categories
            .iter()
            .find(|c| c["code"] == code)
            .unwrap_or_else(|| panic!("category {code}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

fn walk_in(category: &str, place: &str, phone: &str) -> Value {
    json!({
        "channel": "walk_in", "category_id": category, "place_id": place,
        "reporter_name": "赵大海", "reporter_phone": phone,
        "description": "村里排水沟堵塞，雨后积水进院。",
    })
}

async fn register(app: &TestApp, token: &str, body: Value) -> String {
    let (status, done) = app
        .api(Method::POST, "/grievances", token, Some(body))
        .await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(done["code"].as_str().unwrap().len(), 10);
    done["id"].as_str().unwrap().to_owned()
}

async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> (u16, Value) {
    app.api(
        Method::POST,
        &format!("/grievances/{id}/actions"),
        token,
        Some(body),
    )
    .await
}

/// Acts and insists it worked; answers the case afterwards.
async fn ok(app: &TestApp, token: &str, id: &str, body: Value) -> Value {
    let (status, detail) = act(app, token, id, body.clone()).await;
    assert_eq!(status, 200, "{body}: {detail}");
    detail
}

async fn detail(app: &TestApp, token: &str, id: &str) -> (u16, Value) {
    app.api(Method::GET, &format!("/grievances/{id}"), token, None)
        .await
}

/// Posts a registration as multipart with `files` (name, bytes).
async fn register_form(
    app: &TestApp,
    token: &str,
    fields: &Value,
    files: Vec<(&str, Vec<u8>)>,
) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/grievances"))
        .bearer_auth(token)
        .multipart(multipart_form(fields, files))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0u8; 64]);
    bytes
}

fn today() -> String {
    app::format::date(app::format::today())
}

#[tokio::test]
async fn the_whole_loop_with_a_redo_is_on_the_timeline_in_the_stats_and_the_rollup() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let legal = fx.category("legal");
    let id = register(&app, &fx.township, walk_in(&legal, &fx.home, "13912340001")).await;
    let (_, case) = detail(&app, &fx.township, &id).await;
    assert_eq!(case["line"]["status"], "registered");
    assert_eq!(case["reporter_phone"], "139****0001");
    assert_eq!(
        case["suggested_lead"],
        fx.zfw.as_str(),
        "the rule for 涉法涉诉"
    );
    assert!(
        case["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "accept")
    );

    ok(&app, &fx.township, &id, json!({ "action": "accept" })).await;
    let assigned = ok(
        &app,
        &fx.township,
        &id,
        json!({ "action": "assign", "lead": fx.zfw, "co": [fx.zjj] }),
    )
    .await;
    assert_eq!(assigned["line"]["status"], "assigned");
    let units = assigned["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(
        (units[0]["id"].as_str(), units[0]["lead"].as_bool()),
        (Some(fx.zfw.as_str()), Some(true))
    );
    assert_eq!(units[1]["id"], fx.zjj.as_str());

    ok(&app, &fx.dept, &id, json!({ "action": "start" })).await;
    ok(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "reply", "text": "已联系镇水利站清淤。" }),
    )
    .await;
    let redo = ok(
        &app,
        &fx.township,
        &id,
        json!({ "action": "follow_up", "satisfaction": "dissatisfied", "note": "仍有积水" }),
    )
    .await;
    assert_eq!(redo["line"]["status"], "in_progress");
    assert_eq!(redo["line"]["redo_count"], 1);
    let (_, inbox) = app.api(Method::GET, "/inbox", &fx.dept, None).await;
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "redo" && i["grievance_id"] == id.as_str()),
        "{inbox}"
    );
    assert!(inbox["unread"].as_u64().unwrap() >= 1);
    let (status, read) = app.api(Method::POST, "/inbox/read", &fx.dept, None).await;
    assert_eq!((status, read["unread"].as_u64()), (200, Some(0)));
    let (_, inbox) = app.api(Method::GET, "/inbox", &fx.dept, None).await;
    assert_eq!(inbox["unread"], 0);

    ok(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "reply", "text": "已硬化排水沟并加装盖板。" }),
    )
    .await;
    ok(
        &app,
        &fx.township,
        &id,
        json!({ "action": "follow_up", "satisfaction": "satisfied" }),
    )
    .await;
    let closed = ok(&app, &fx.township, &id, json!({ "action": "close" })).await;
    assert_eq!(closed["line"]["status"], "closed");
    assert_eq!(closed["satisfaction"], "satisfied");
    assert!(closed["actions"].as_array().unwrap().is_empty());

    let steps: Vec<(String, String)> = closed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["actor"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("registered", "乡镇管理员"),
        ("accepted", "乡镇管理员"),
        ("assigned", "乡镇管理员"),
        ("started", "部门工作人员"),
        ("replied", "部门工作人员"),
        ("redo", "乡镇管理员"),
        ("replied", "部门工作人员"),
        ("followed_up", "乡镇管理员"),
        ("closed", "乡镇管理员"),
    ];
    assert_eq!(
        steps,
        expected
            .iter()
            .map(|(k, a)| ((*k).to_owned(), format!("正定县{a}")))
            .collect::<Vec<_>>()
    );
    assert_eq!(closed["events"][5]["note"], "仍有积水");

    // Today's numbers for the lead unit are this case alone (the seed's are older).
    let (status, stats) = app
        .api(
            Method::GET,
            &format!("/grievances/stats?from={}&until={}", today(), today()),
            &fx.leader,
            None,
        )
        .await;
    assert_eq!(status, 200, "{stats}");
    let row = stats["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit_id"] == fx.zfw.as_str())
        .unwrap()
        .clone();
    for (field, n) in [
        ("received", 1),
        ("accepted", 1),
        ("accepted_on_time", 1),
        ("closed", 1),
        ("closed_on_time", 1),
        ("followed_up", 1),
        ("satisfied", 1),
        ("redone", 1),
        ("repeats", 0),
    ] {
        assert_eq!(row[field], n, "{field}: {row}");
    }
    // The department sees its own row only; the default period is this month.
    let (_, own) = app
        .api(Method::GET, "/grievances/stats", &fx.dept, None)
        .await;
    let own = own["items"].as_array().unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["unit_id"], fx.zfw.as_str());
    let (status, _) = app
        .api(
            Method::GET,
            "/grievances/stats?from=2026-02-30",
            &fx.leader,
            None,
        )
        .await;
    assert_eq!(status, 422);

    // The rollup is what a recount of the ledger gives.
    let county = county_id(&app, "130123").await;
    let tx = app::tenancy::Tx::for_county(&app.db, Some(county), app::tenancy::Mode::Read)
        .await
        .unwrap();
    let stored = app::grievances::rollup::stored(&tx).await.unwrap();
    let recount = app::grievances::rollup::recount(&tx).await.unwrap();
    assert!(!stored.is_empty());
    assert_eq!(stored, recount);
}

#[tokio::test]
async fn every_action_keeps_to_the_callers_scope_and_duty() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let zjj_staff = staff(&app, &fx.admin, "zjj1", "department_staff", &fx.zjj).await;
    let other_admin = app.login(PS, "admin").await.access;
    let other_leader = app.login(PS, "leader").await.access;
    let auditor = app.login(ZD, "auditor").await.access;
    let hash = app::auth::password::hash(DEMO_PASSWORD.into())
        .await
        .unwrap();
    server::seed::platform_account(
        &app.db,
        "province",
        "省级查看员",
        app::access::Role::ProvinceViewer,
        &hash,
    )
    .await
    .unwrap();
    let province = app.login(None, "province").await.access;

    // A: in the cadre's village, with a photo, for 政法委. B: next door, for 住建局.
    let fields = walk_in(&fx.category("legal"), &fx.home, "13912340002");
    let (status, a) = register_form(&app, &fx.township, &fields, vec![("门口.png", png())]).await;
    assert_eq!(status, 201, "{a}");
    let a = a["id"].as_str().unwrap().to_owned();
    let b = register(
        &app,
        &fx.township,
        walk_in(
            &fx.category("housing_quality"),
            &fx.neighbour,
            "13912340003",
        ),
    )
    .await;
    let (_, case_a) = detail(&app, &fx.township, &a).await;
    let attachment = case_a["attachments"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(case_a["attachments"][0]["content_type"], "image/png");

    // A village cadre sees its village's case but may not decide on it.
    let (status, _) = act(&app, &fx.cadre, &a, json!({ "action": "accept" })).await;
    assert_eq!(status, 403);
    let (status, _) = detail(&app, &fx.cadre, &a).await;
    assert_eq!(status, 200);
    let response = app
        .client
        .get(app.url(&format!("/api/v1/grievances/{a}/attachments/{attachment}")))
        .bearer_auth(&fx.cadre)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(response.bytes().await.unwrap().to_vec(), png());

    ok(
        &app,
        &fx.township,
        &a,
        json!({ "action": "assign", "lead": fx.zfw, "co": [] }),
    )
    .await;
    ok(
        &app,
        &fx.township,
        &b,
        json!({ "action": "assign", "lead": fx.zjj, "co": [] }),
    )
    .await;

    // A department sees exactly the cases routed to it.
    let ids = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, list) = app.api(Method::GET, "/grievances", &fx.dept, None).await;
    let seen = ids(&list);
    assert!(seen.contains(&a) && !seen.contains(&b), "{list}");
    let (_, list) = app.api(Method::GET, "/grievances", &zjj_staff, None).await;
    let seen = ids(&list);
    assert!(seen.contains(&b) && !seen.contains(&a), "{list}");
    assert_eq!(detail(&app, &fx.dept, &b).await.0, 404);
    assert_eq!(detail(&app, &zjj_staff, &a).await.0, 404);
    let (status, _) = act(&app, &zjj_staff, &a, json!({ "action": "start" })).await;
    assert_eq!(status, 404);

    // The cadre: its neighbour's case does not exist for it.
    let (_, list) = app.api(Method::GET, "/grievances", &fx.cadre, None).await;
    let seen = ids(&list);
    assert!(seen.contains(&a) && !seen.contains(&b));
    assert_eq!(detail(&app, &fx.cadre, &b).await.0, 404);
    assert_eq!(
        act(
            &app,
            &fx.cadre,
            &b,
            json!({ "action": "note", "text": "看看" })
        )
        .await
        .0,
        404
    );

    // Another county's admin and leader learn nothing.
    for token in [&other_admin, &other_leader] {
        assert_eq!(detail(&app, token, &a).await.0, 404);
        assert_eq!(
            act(&app, token, &a, json!({ "action": "supervise" }))
                .await
                .0,
            404
        );
        let (status, _) = app
            .api(
                Method::GET,
                &format!("/grievances/{a}/attachments/{attachment}"),
                token,
                None,
            )
            .await;
        assert_eq!(status, 404);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/grievances/{a}/reveal-phone"),
                token,
                None,
            )
            .await;
        assert_eq!(status, 404);
        let (_, list) = app.api(Method::GET, "/grievances", token, None).await;
        assert!(!ids(&list).contains(&a));
    }

    // Duties: the department handles but does not dispatch; the township dispatches but does
    // not handle a department's case.
    let (status, body) = act(
        &app,
        &fx.dept,
        &a,
        json!({ "action": "assign", "lead": fx.zjj, "co": [] }),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    let (status, _) = act(&app, &fx.township, &a, json!({ "action": "start" })).await;
    assert_eq!(status, 403);
    ok(&app, &fx.dept, &a, json!({ "action": "start" })).await;
    ok(
        &app,
        &fx.dept,
        &a,
        json!({ "action": "request_extension", "days": 10, "reason": "需要法院协助" }),
    )
    .await;
    for token in [&fx.township, &fx.dept, &fx.admin, &fx.cadre] {
        let (status, _) = act(
            &app,
            token,
            &a,
            json!({ "action": "decide_extension", "approve": true }),
        )
        .await;
        assert_eq!(status, 403);
    }
    let decided = ok(
        &app,
        &fx.leader,
        &a,
        json!({ "action": "decide_extension", "approve": true, "note": "同意" }),
    )
    .await;
    assert_eq!(decided["extension"], "approved");

    // Yellow cards: a county leader only.
    let card = json!({ "unit_id": fx.zfw, "grievance_id": a, "reason": "办理迟缓" });
    for token in [&fx.township, &fx.admin, &fx.dept] {
        let (status, _) = app
            .api(Method::POST, "/yellow-cards", token, Some(card.clone()))
            .await;
        assert_eq!(status, 403);
    }
    let (status, body) = app
        .api(Method::POST, "/yellow-cards", &fx.leader, Some(card))
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = app
        .api(
            Method::POST,
            "/yellow-cards",
            &fx.leader,
            Some(json!({ "unit_id": fx.home, "reason": "x" })),
        )
        .await;
    assert_eq!(status, 422, "a village is no handling unit");
    let (_, stats) = app
        .api(Method::GET, "/grievances/stats", &fx.leader, None)
        .await;
    let zfw = stats["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit_id"] == fx.zfw.as_str())
        .unwrap()
        .clone();
    assert_eq!(zfw["yellow_cards"], 1);

    // The phone: revealed to those working on the case, audited; not to the cadre.
    let (status, body) = app
        .api(
            Method::POST,
            &format!("/grievances/{a}/reveal-phone"),
            &fx.dept,
            None,
        )
        .await;
    assert_eq!((status, body["phone"].as_str()), (200, Some("13912340002")));
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/grievances/{a}/reveal-phone"),
            &fx.cadre,
            None,
        )
        .await;
    assert_eq!(status, 403);
    let reveals = app::audit::entity::Entity::find()
        .filter(app::audit::entity::Column::Action.eq("personal_reveal"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(reveals.len(), 1);
    assert!(!reveals[0].detail.contains("13912340002"));

    // The province viewer and the auditor see no cases.
    for token in [&province, &auditor] {
        let (status, _) = app.api(Method::GET, "/grievances", token, None).await;
        assert_eq!(status, 403);
        let (status, _) = detail(&app, token, &a).await;
        assert!(status == 403 || status == 404, "{status}");
        let (status, _) = act(&app, token, &a, json!({ "action": "note", "text": "x" })).await;
        assert!(status == 403 || status == 404, "{status}");
    }
}

#[tokio::test]
async fn illegal_moves_are_conflicts_in_the_callers_language_and_extensions_move_the_deadline() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let id = register(
        &app,
        &fx.township,
        walk_in(&fx.category("legal"), &fx.home, "13912340004"),
    )
    .await;
    for action in ["close", "follow_up"] {
        let (status, body) = act(
            &app,
            &fx.township,
            &id,
            json!({ "action": action, "satisfaction": "satisfied" }),
        )
        .await;
        assert_eq!(status, 409, "{action}: {body}");
        assert_eq!(body["code"], "not_now");
        assert!(!body["detail"].as_str().unwrap().is_empty());
    }
    // Nobody handles a case before it is assigned: the township's staff may reply to cases,
    // just not to this one yet, so they hear why (409), not "forbidden".
    let (status, _) = act(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "reply", "text": "好" }),
    )
    .await;
    assert_eq!(status, 404, "not routed to the department yet");
    let (status, body) = act(
        &app,
        &fx.township,
        &id,
        json!({ "action": "reply", "text": "好" }),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("not_now")),
        "{body}"
    );
    // Unknown actions and missing fields name the field.
    let (status, body) = act(&app, &fx.township, &id, json!({ "action": "fly" })).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "action");
    let (status, body) = act(&app, &fx.township, &id, json!({ "action": "assign" })).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (422, Some("lead"))
    );
    let (status, body) = act(&app, &fx.township, &id, json!({ "action": "reject" })).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (409, None),
        "{body}"
    );
    assert_eq!(body["code"], "required");

    ok(&app, &fx.township, &id, json!({ "action": "accept" })).await;
    // English when asked.
    let response = app
        .client
        .post(app.url(&format!("/api/v1/grievances/{id}/actions")))
        .bearer_auth(&fx.township)
        .header("accept-language", "en")
        .json(&json!({ "action": "accept" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    let english: Value = response.json().await.unwrap();
    let zh = act(&app, &fx.township, &id, json!({ "action": "accept" }))
        .await
        .1;
    assert_ne!(english["detail"], zh["detail"]);

    ok(
        &app,
        &fx.township,
        &id,
        json!({ "action": "assign", "lead": fx.zfw }),
    )
    .await;
    ok(&app, &fx.dept, &id, json!({ "action": "start" })).await;
    let (status, _) = act(&app, &fx.dept, &id, json!({ "action": "start" })).await;
    assert_eq!(status, 409);
    let (status, body) = act(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "request_extension", "days": 31, "reason": "太忙" }),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("bad_days")));

    let due = |g: grievance::Model| g.handle_due.unwrap();
    let case = || async {
        grievance::Entity::find_by_id(Uuid::parse_str(&id).unwrap())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
    };
    let before = due(case().await);
    ok(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "request_extension", "days": 12, "reason": "需要勘测" }),
    )
    .await;
    assert_eq!(due(case().await), before, "asking does not move it");
    let (status, body) = act(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "request_extension", "days": 5, "reason": "再延" }),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("extension_used"))
    );
    let (_, inbox) = app.api(Method::GET, "/inbox", &fx.leader, None).await;
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "extension" && i["grievance_id"] == id.as_str())
    );
    ok(
        &app,
        &fx.leader,
        &id,
        json!({ "action": "decide_extension", "approve": "true" }),
    )
    .await;
    assert_eq!(due(case().await) - before, time::Duration::days(12));
    let (status, body) = act(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "request_extension", "days": 5, "reason": "再延" }),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("extension_used"))
    );
    let (status, _) = act(
        &app,
        &fx.leader,
        &id,
        json!({ "action": "decide_extension", "approve": false }),
    )
    .await;
    assert_eq!(status, 409, "decided already");
}

#[tokio::test]
async fn routing_rules_suggest_the_lead_and_only_departments_take_rules() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let rsj = app.unit_id("130123", "rsj").await;
    let suggested = |id: String| {
        let app = &app;
        let token = fx.township.clone();
        async move { detail(app, &token, &id).await.1["suggested_lead"].clone() }
    };
    // A subcategory without a rule follows its parent's (劳动社保 → 人社局).
    let wages = fx.category("unpaid_wages");
    let w = register(&app, &fx.township, walk_in(&wages, &fx.home, "13912340005")).await;
    assert_eq!(suggested(w.clone()).await, rsj.as_str());
    // Without any rule, the township of the place.
    let roads = fx.category("roads");
    let r = register(
        &app,
        &fx.township,
        walk_in(&roads, &fx.neighbour, "13912340006"),
    )
    .await;
    assert_eq!(suggested(r.clone()).await, fx.zhengding.as_str());

    // The subcategory's own rule wins over its parent's; removing it restores the parent's.
    let (status, rules) = app
        .api(
            Method::PUT,
            &format!("/routing-rules/{wages}"),
            &fx.admin,
            Some(json!({ "unit_id": fx.zjj })),
        )
        .await;
    assert_eq!(status, 200, "{rules}");
    assert!(
        rules["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["category_id"] == wages.as_str() && r["unit_id"] == fx.zjj.as_str())
    );
    assert_eq!(suggested(w.clone()).await, fx.zjj.as_str());
    let (status, _) = app
        .api(
            Method::PUT,
            &format!("/routing-rules/{wages}"),
            &fx.admin,
            Some(json!({ "unit_id": null })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(suggested(w).await, rsj.as_str());
    // A rule for the parent reaches its children too.
    let infrastructure = fx.category("infrastructure");
    app.api(
        Method::PUT,
        &format!("/routing-rules/{infrastructure}"),
        &fx.admin,
        Some(json!({ "unit_id": fx.zjj })),
    )
    .await;
    assert_eq!(suggested(r).await, fx.zjj.as_str());

    // Only departments take rules; only the county admin sets them; everyone may read them.
    for target in [&fx.zhengding, &fx.home, &fx.root] {
        let (status, body) = app
            .api(
                Method::PUT,
                &format!("/routing-rules/{roads}"),
                &fx.admin,
                Some(json!({ "unit_id": target })),
            )
            .await;
        assert_eq!(status, 422, "{body}");
    }
    let (status, _) = app
        .api(
            Method::PUT,
            &format!("/routing-rules/{roads}"),
            &fx.township,
            Some(json!({ "unit_id": fx.zjj })),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = app
        .api(Method::GET, "/routing-rules", &fx.cadre, None)
        .await;
    assert_eq!(status, 200);
    assert!(
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["unit"] == "县委政法委")
    );

    // Categories and settings: the county admin edits, others read.
    let (status, c) = app
        .api(
            Method::POST,
            "/categories",
            &fx.admin,
            Some(json!({ "parent_id": infrastructure, "name": "路灯照明", "accept_days": 5, "handle_days": 20 })),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    let new_id = c["id"].as_str().unwrap();
    assert_eq!(c["parent_id"], infrastructure.as_str());
    let (status, c) = app
        .api(
            Method::PUT,
            &format!("/categories/{new_id}"),
            &fx.admin,
            Some(json!({ "name": "路灯", "accept_days": 3, "handle_days": 10, "active": false })),
        )
        .await;
    assert_eq!((status, c["active"].as_bool()), (200, Some(false)), "{c}");
    for (token, body, expected) in [
        (
            &fx.township,
            json!({ "name": "乡镇自设", "accept_days": 5, "handle_days": 20 }),
            403,
        ),
        (
            &fx.admin,
            json!({ "name": "超长期限", "accept_days": 5, "handle_days": 999 }),
            422,
        ),
        (
            &fx.admin,
            json!({ "parent_id": new_id, "name": "三级", "accept_days": 5, "handle_days": 20 }),
            422,
        ),
    ] {
        let (status, _) = app
            .api(Method::POST, "/categories", token, Some(body))
            .await;
        assert_eq!(status, expected);
    }
    let (status, body) =
        register_form(&app, &fx.township, &walk_in(new_id, &fx.home, ""), vec![]).await;
    assert_eq!(status, 422, "a retired category takes no cases: {body}");
    let (_, s) = app
        .api(Method::GET, "/grievance-settings", &fx.cadre, None)
        .await;
    assert_eq!(
        (s["repeat_days"].as_i64(), s["soon_days"].as_i64()),
        (Some(90), Some(3))
    );
    let (status, s) = app
        .api(
            Method::PUT,
            "/grievance-settings",
            &fx.admin,
            Some(json!({ "repeat_days": 60, "soon_days": 5 })),
        )
        .await;
    assert_eq!((status, s["repeat_days"].as_i64()), (200, Some(60)));
    let (_, s) = app
        .api(Method::GET, "/grievance-settings", &fx.township, None)
        .await;
    assert_eq!(s["soon_days"], 5);
    let (status, _) = app
        .api(
            Method::PUT,
            "/grievance-settings",
            &fx.leader,
            Some(json!({ "repeat_days": 60, "soon_days": 5 })),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_same_phone_and_top_category_within_the_window_is_a_repeat() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let phone = "13912340007";
    let first = register(
        &app,
        &fx.township,
        walk_in(&fx.category("unpaid_wages"), &fx.home, phone),
    )
    .await;
    let (status, second) = app
        .api(
            Method::POST,
            "/grievances",
            &fx.township,
            Some(walk_in(
                &fx.category("social_insurance"),
                &fx.neighbour,
                phone,
            )),
        )
        .await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["repeat_of"], first.as_str(), "劳动社保 both times");
    let second = second["id"].as_str().unwrap().to_owned();
    let (_, other) = app
        .api(
            Method::POST,
            "/grievances",
            &fx.township,
            Some(walk_in(&fx.category("roads"), &fx.home, phone)),
        )
        .await;
    assert!(other["repeat_of"].is_null(), "another category: {other}");
    let (_, nobody) = app
        .api(
            Method::POST,
            "/grievances",
            &fx.township,
            Some(walk_in(&fx.category("unpaid_wages"), &fx.home, "")),
        )
        .await;
    assert!(nobody["repeat_of"].is_null(), "no phone, no household");

    let (_, repeats) = app
        .api(
            Method::GET,
            "/grievances?repeat=1&limit=200",
            &fx.township,
            None,
        )
        .await;
    let lines = repeats["items"].as_array().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l["id"] == second.as_str() && l["repeat"] == true)
    );
    assert!(lines.iter().all(|l| l["id"] != first.as_str()));
    assert!(lines.iter().all(|l| l["repeat"] == true));
    let (_, case) = detail(&app, &fx.township, &second).await;
    assert_eq!(case["repeat_of"][0], first.as_str());
}

#[tokio::test]
async fn the_deadline_job_run_twice_at_once_flags_and_escalates_each_case_once() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let legal = fx.category("legal");
    let mut cases = Vec::new();
    for phone in ["13912340008", "13912340009"] {
        let id = register(&app, &fx.township, walk_in(&legal, &fx.home, phone)).await;
        cases.push(Uuid::parse_str(&id).unwrap());
    }
    let overdue_events = || async {
        event::Entity::find()
            .filter(event::Column::Kind.eq("overdue"))
            .count(&app.db)
            .await
            .unwrap()
    };
    let before = overdue_events().await;
    // Twenty days on, both are past their 15 days for acceptance.
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(20);
    let (a, b) = tokio::join!(
        app::grievances::deadline_job::run(&app.app_db, later),
        app::grievances::deadline_job::run(&app.app_db, later),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    // Between them the two runs flagged every case once: what they report is what they wrote.
    assert!(a.overdue + b.overdue >= cases.len(), "{a:?} {b:?}");
    assert_eq!(
        overdue_events().await - before,
        (a.overdue + b.overdue) as u64
    );
    let again = app::grievances::deadline_job::run(&app.app_db, later)
        .await
        .unwrap();
    assert_eq!(
        (again.overdue, again.due_soon),
        (0, 0),
        "nothing left to do"
    );

    let zhengding = Uuid::parse_str(&fx.zhengding).unwrap();
    let root = Uuid::parse_str(&fx.root).unwrap();
    for id in &cases {
        let overdue = event::Entity::find()
            .filter(event::Column::GrievanceId.eq(*id))
            .filter(event::Column::Kind.eq("overdue"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(overdue, 1, "{id}");
        let items = |unit: Uuid, kind: &'static str| {
            inbox_item::Entity::find()
                .filter(inbox_item::Column::GrievanceId.eq(*id))
                .filter(inbox_item::Column::UnitId.eq(unit))
                .filter(inbox_item::Column::Kind.eq(kind))
                .count(&app.db)
        };
        assert_eq!(items(zhengding, "overdue").await.unwrap(), 1);
        assert_eq!(items(root, "escalated").await.unwrap(), 1);
        let g = grievance::Entity::find_by_id(*id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(g.supervised, "overdue cases are supervised (督办)");
    }

    // What the API shows: the overdue filter, the dispatcher's and the leaders' inboxes.
    let (_, overdue) = app
        .api(
            Method::GET,
            "/grievances?overdue=1&limit=200",
            &fx.township,
            None,
        )
        .await;
    let lines = overdue["items"].as_array().unwrap();
    for id in &cases {
        assert!(lines.iter().any(|l| l["id"] == id.to_string().as_str()
            && l["alert"] == "overdue"
            && l["supervised"] == true));
    }
    let (_, inbox) = app.api(Method::GET, "/inbox", &fx.leader, None).await;
    let escalated = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["kind"] == "escalated"
                && cases
                    .iter()
                    .any(|c| i["grievance_id"] == c.to_string().as_str())
        })
        .count();
    assert_eq!(escalated, 2);
    let (_, inbox) = app.api(Method::GET, "/inbox", &fx.township, None).await;
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "overdue" && i["grievance_id"] == cases[0].to_string().as_str())
    );
}

#[tokio::test]
async fn a_visits_concern_becomes_one_case_linked_both_ways() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let (_, households) = app
        .api(
            Method::GET,
            &format!("/households?unit={}&limit=1", fx.home),
            &fx.cadre,
            None,
        )
        .await;
    let household = households["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, done) = app
        .api(
            Method::POST,
            "/visits",
            &fx.cadre,
            Some(json!({
                "household_id": household, "mode": "in_person", "met": true,
                "attitude": "fair", "met_whom": "户主",
                "concerns": ["门前路灯坏了一个月"], "submission_key": Uuid::now_v7().to_string(),
            })),
        )
        .await;
    assert_eq!(status, 201, "{done}");
    let visit = done["visit"]["id"].as_str().unwrap().to_owned();
    let concern = done["visit"]["concerns"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({ "category_id": fx.category("roads") });
    let path = format!("/concerns/{concern}/grievance");

    // Out of reach: another county, a department.
    let other = app.login(PS, "admin").await.access;
    for token in [&other, &fx.dept] {
        let (status, _) = app
            .api(Method::POST, &path, token, Some(body.clone()))
            .await;
        assert!(status == 404 || status == 403, "{status}");
    }
    let (status, first) = app
        .api(Method::POST, &path, &fx.cadre, Some(body.clone()))
        .await;
    assert_eq!(status, 201, "{first}");
    let (status, again) = app.api(Method::POST, &path, &fx.cadre, Some(body)).await;
    assert_eq!(status, 200);
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["code"], first["code"]);
    let id = first["id"].as_str().unwrap();

    let (_, v) = app
        .api(Method::GET, &format!("/visits/{visit}"), &fx.cadre, None)
        .await;
    assert_eq!(v["concerns"][0]["grievance_id"], id);
    let (status, case) = detail(&app, &fx.cadre, id).await;
    assert_eq!(status, 200);
    assert_eq!(case["line"]["channel"], "visit");
    assert_eq!(case["household_id"], household.as_str());
    assert_eq!(case["description"], "门前路灯坏了一个月");
    assert_eq!(case["place_id"], fx.home.as_str());
    let (_, unknown) = app
        .api(
            Method::POST,
            &format!("/concerns/{}/grievance", Uuid::now_v7()),
            &fx.cadre,
            Some(json!({ "category_id": fx.category("roads") })),
        )
        .await;
    assert_eq!(unknown["status"], 404);
}

#[tokio::test]
async fn bad_input_is_refused_and_text_comes_back_as_it_was_sent() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let roads = fx.category("roads");
    let count = || async { grievance::Entity::find().count(&app.db).await.unwrap() };
    let before = count().await;
    let mut cases: Vec<(Value, &str)> = vec![
        (
            walk_in(&Uuid::now_v7().to_string(), &fx.home, ""),
            "unknown_category",
        ),
        (walk_in(&roads, &fx.home, "12345"), "bad_phone"),
        (walk_in(&roads, &fx.zjj, ""), "unknown_unit"),
        (
            walk_in(&roads, &Uuid::now_v7().to_string(), ""),
            "unknown_unit",
        ),
    ];
    let mut resident = walk_in(&roads, &fx.home, "");
    resident["channel"] = "resident".into();
    cases.push((resident, "unknown_option"));
    let mut urgent = walk_in(&roads, &fx.home, "");
    urgent["urgency"] = "panic".into();
    cases.push((urgent, "unknown_option"));
    let mut empty = walk_in(&roads, &fx.home, "");
    empty["description"] = " ".into();
    cases.push((empty, "required"));
    for (body, code) in cases {
        let (status, problem) = app
            .api(
                Method::POST,
                "/grievances",
                &fx.township,
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, 422, "{body}: {problem}");
        assert!(problem.to_string().contains(code), "{code}: {problem}");
    }
    // Registering is the dispatchers' and cadres' work, in their reach (a place outside it
    // does not exist for the caller).
    let (status, _) = app
        .api(
            Method::POST,
            "/grievances",
            &fx.dept,
            Some(walk_in(&roads, &fx.home, "")),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .api(
            Method::POST,
            "/grievances",
            &fx.cadre,
            Some(walk_in(&roads, &fx.neighbour, "")),
        )
        .await;
    assert_eq!(status, 404);

    // Files: sniffed by their bytes, not their names; at most 10 MB and five.
    let fields = walk_in(&roads, &fx.home, "13912340010");
    let mut big = vec![0xFF, 0xD8, 0xFF];
    big.resize(10 * 1024 * 1024 + 1, 0);
    for (files, code) in [
        (
            vec![("photo.jpg", b"just some text".to_vec())],
            "bad_file_type",
        ),
        (
            vec![("photo.jpg", b"MZ\x90\x00\x03\x00".to_vec())],
            "bad_file_type",
        ),
        (vec![("big.jpg", big)], "file_too_large"),
        (vec![("a.png", png()); 6], "too_many"),
    ] {
        let (status, problem) = register_form(&app, &fx.township, &fields, files).await;
        assert!(status == 422 || status == 413, "{code}: {status}");
        if status == 422 {
            assert!(problem.to_string().contains(code), "{code}: {problem}");
        }
    }
    assert_eq!(count().await, before, "nothing was registered");

    // Script in the text is stored as text and returned verbatim (escaping is the HTML's job).
    let script = "<script>alert('x')</script> & \"引号\"";
    let mut body = walk_in(&roads, &fx.home, "");
    body["description"] = script.into();
    body["reporter_name"] = "<b>王</b>".into();
    let id = register(&app, &fx.township, body).await;
    let (_, case) = detail(&app, &fx.township, &id).await;
    assert_eq!(case["description"], script);
    assert_eq!(case["reporter_name"], "<b>王</b>");
    let (status, body) = register_form(
        &app,
        &fx.township,
        &walk_in(&roads, &fx.home, ""),
        vec![
            ("report.pdf", b"%PDF-1.4\n%%EOF".to_vec()),
            ("b.png", png()),
        ],
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (_, case) = detail(&app, &fx.township, body["id"].as_str().unwrap()).await;
    let types: Vec<&str> = case["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["content_type"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 2);
    assert!(types.contains(&"application/pdf") && types.contains(&"image/png"));

    // The ledger refuses filters it cannot read.
    for query in [
        "status=lost",
        "channel=pigeon",
        "from=2026-13-01",
        "category=abc",
        "after=xyz",
    ] {
        let (status, _) = app
            .api(
                Method::GET,
                &format!("/grievances?{query}"),
                &fx.township,
                None,
            )
            .await;
        assert_eq!(status, 422, "{query}");
    }
    let (status, page) = app
        .api(Method::GET, "/grievances?limit=2", &fx.leader, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let next = page["next"].as_str().unwrap();
    let (_, rest) = app
        .api(
            Method::GET,
            &format!("/grievances?limit=200&after={next}"),
            &fx.leader,
            None,
        )
        .await;
    let rest = rest["items"].as_array().unwrap();
    assert!(
        rest.iter()
            .all(|l| l["id"] != page["items"][0]["id"] && l["id"] != page["items"][1]["id"])
    );
    let total = grievance::Entity::find()
        .filter(grievance::Column::CountyId.eq(county_id(&app, "130123").await))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(
        rest.len() as u64 + 2,
        total,
        "the pages cover the ledger once"
    );
}

/// Every case's reach rows are its place, its handling units and their ancestors.
async fn assert_reach_matches_units(app: &TestApp) {
    use app::grievances::entity::{handling_unit, reach};
    let cases = grievance::Entity::find().all(&app.db).await.unwrap();
    assert!(!cases.is_empty());
    for g in cases {
        let units: Vec<String> = handling_unit::Entity::find()
            .filter(handling_unit::Column::GrievanceId.eq(g.id))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.path)
            .collect();
        let stored: std::collections::BTreeSet<String> = reach::Entity::find()
            .filter(reach::Column::GrievanceId.eq(g.id))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .inspect(|r| assert_eq!(r.county_id, g.county_id))
            .map(|r| r.path)
            .collect();
        let expected = app::grievances::reach::paths(&g.path, units.iter().map(String::as_str));
        assert_eq!(stored, expected, "case {}", g.code);
    }
}

#[tokio::test]
async fn a_units_ledger_follows_assignment_co_handling_and_return() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let zjj_staff = staff(&app, &fx.admin, "zjj2", "department_staff", &fx.zjj).await;
    let other_admin = app.login(PS, "admin").await.access;
    let listed = async |token: &str, query: &str| -> Vec<String> {
        let (status, body) = app
            .api(Method::GET, &format!("/grievances?{query}"), token, None)
            .await;
        assert_eq!(status, 200, "{body}");
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // The seed's cases, each with its reach, and two new ones in the cadre's village.
    assert_reach_matches_units(&app).await;
    let legal = fx.category("legal");
    let a = register(&app, &fx.township, walk_in(&legal, &fx.home, "13912347001")).await;
    let b = register(&app, &fx.township, walk_in(&legal, &fx.home, "13912347002")).await;
    for who in [&fx.township, &fx.cadre, &fx.leader] {
        let seen = listed(who, "limit=200").await;
        assert!(seen.contains(&a) && seen.contains(&b));
    }
    for who in [&fx.dept, &zjj_staff, &other_admin] {
        let seen = listed(who, "limit=200").await;
        assert!(!seen.contains(&a) && !seen.contains(&b));
    }

    // Led by 政法委 with 住建局 co-handling: both find A, newest first, a page at a time.
    ok(
        &app,
        &fx.township,
        &b,
        json!({ "action": "assign", "lead": fx.zfw, "co": [fx.zjj] }),
    )
    .await;
    ok(
        &app,
        &fx.township,
        &a,
        json!({ "action": "assign", "lead": fx.zfw, "co": [fx.zjj] }),
    )
    .await;
    for who in [&fx.dept, &zjj_staff] {
        let first = listed(who, &format!("limit=1&from={}", today())).await;
        assert_eq!(first, vec![b.clone()]);
        let (_, page) = app
            .api(
                Method::GET,
                &format!("/grievances?limit=1&from={}", today()),
                who,
                None,
            )
            .await;
        let next = page["next"].as_str().unwrap();
        let second = listed(who, &format!("limit=1&from={}&after={next}", today())).await;
        assert_eq!(second, vec![a.clone()]);
        assert_eq!(
            listed(who, &format!("from={}&code=NOSUCHCODE", today()))
                .await
                .len(),
            0
        );
    }
    assert!(!listed(&other_admin, "limit=200").await.contains(&a));
    assert_eq!(detail(&app, &other_admin, &a).await.0, 404);

    // 政法委 sends A back: neither department finds it any more; its village still does.
    ok(
        &app,
        &fx.dept,
        &a,
        json!({ "action": "return", "reason": "不属本单位职责" }),
    )
    .await;
    for who in [&fx.dept, &zjj_staff] {
        let seen = listed(who, "limit=200").await;
        assert!(!seen.contains(&a) && seen.contains(&b));
    }
    assert!(listed(&fx.cadre, "limit=200").await.contains(&a));

    // Reassigned to 住建局 alone: it finds A, 政法委 does not.
    ok(
        &app,
        &fx.township,
        &a,
        json!({ "action": "assign", "lead": fx.zjj, "co": [] }),
    )
    .await;
    assert!(listed(&zjj_staff, "limit=200").await.contains(&a));
    assert!(!listed(&fx.dept, "limit=200").await.contains(&a));
    assert_eq!(detail(&app, &fx.dept, &a).await.0, 404);
    assert_reach_matches_units(&app).await;

    // The migration that made the table (the newest) fills it in the same way from the cases
    // and their units.
    use migrations::MigratorTrait;
    migrations::Migrator::down(&app.db, Some(1)).await.unwrap();
    migrations::Migrator::up(&app.db, None).await.unwrap();
    assert_reach_matches_units(&app).await;
    assert!(listed(&zjj_staff, "limit=200").await.contains(&a));
}

/// The unit's inbox as (case id, kind) lines and its unread count.
async fn inbox_of(app: &TestApp, token: &str) -> (Vec<(String, String)>, u64) {
    let (status, inbox) = app.api(Method::GET, "/inbox", token, None).await;
    assert_eq!(status, 200, "{inbox}");
    let lines = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["grievance_id"].as_str().unwrap().to_owned(),
                i["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (lines, inbox["unread"].as_u64().unwrap())
}

#[tokio::test]
async fn the_inbox_lists_what_needs_the_unit_now_once_per_case() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let legal = fx.category("legal");
    let id = register(&app, &fx.cadre, walk_in(&legal, &fx.home, "13912340002")).await;
    let listed = |lines: &[(String, String)]| lines.iter().filter(|(g, _)| *g == id).count();

    // New: the dispatching township has it to decide, once.
    let (lines, _) = inbox_of(&app, &fx.township).await;
    assert_eq!(listed(&lines), 1, "{lines:?}");
    assert!(lines.contains(&(id.clone(), "new".into())));

    // Accepted and assigned: it leaves the township's list and reaches the department once,
    // even with a reminder beside its assignment.
    ok(&app, &fx.township, &id, json!({ "action": "accept" })).await;
    assert_eq!(listed(&inbox_of(&app, &fx.township).await.0), 0);
    let (_, unread_before) = inbox_of(&app, &fx.dept).await;
    ok(
        &app,
        &fx.township,
        &id,
        json!({ "action": "assign", "lead": fx.zfw }),
    )
    .await;
    let county = county_id(&app, "130123").await;
    let case = Uuid::parse_str(&id).unwrap();
    let now = time::OffsetDateTime::now_utc();
    inbox_item::Entity::insert(inbox_item::ActiveModel::from(inbox_item::Model {
        county_id: county,
        id: Uuid::now_v7(),
        unit_id: Uuid::parse_str(&fx.zfw).unwrap(),
        grievance_id: case,
        kind: app::grievances::kinds::InboxKind::DueSoon,
        due_at: now,
        created_at: now,
        read_at: None,
    }))
    .exec(&app.db)
    .await
    .unwrap();
    let (lines, unread) = inbox_of(&app, &fx.dept).await;
    assert_eq!(listed(&lines), 1, "one line per case: {lines:?}");
    assert_eq!(unread, unread_before + 1, "unread counts cases");
    assert_eq!(listed(&inbox_of(&app, &fx.township).await.0), 0);

    // Handled and replied: the department is done; the township has the follow-up to make.
    ok(&app, &fx.dept, &id, json!({ "action": "start" })).await;
    assert_eq!(listed(&inbox_of(&app, &fx.dept).await.0), 0);
    ok(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "reply", "text": "已答复。" }),
    )
    .await;
    ok(
        &app,
        &fx.township,
        &id,
        json!({ "action": "follow_up", "satisfaction": "satisfied", "note": "" }),
    )
    .await;
    ok(&app, &fx.township, &id, json!({ "action": "close" })).await;

    // Closed: nobody has anything left for it.
    for token in [&fx.township, &fx.dept, &fx.leader] {
        assert_eq!(listed(&inbox_of(&app, token).await.0), 0);
    }
    let left = inbox_item::Entity::find()
        .filter(inbox_item::Column::GrievanceId.eq(case))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

/// The audit log's entries with `action`, as the county's auditor reads them.
async fn audited(app: &TestApp, auditor: &str, action: &str) -> Vec<Value> {
    let (status, list) = app
        .api(
            Method::GET,
            &format!("/audit-events?action={action}&limit=200"),
            auditor,
            None,
        )
        .await;
    assert_eq!(status, 200, "{list}");
    list["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn every_step_of_a_case_every_visit_and_every_refusal_is_in_the_audit_log() {
    let app = spawn_app().await;
    let fx = Fx::new(&app).await;
    let auditor = app.login(ZD, "auditor").await.access;
    let legal = fx.category("legal");
    let id = register(&app, &fx.township, walk_in(&legal, &fx.home, "13912340003")).await;
    ok(&app, &fx.township, &id, json!({ "action": "accept" })).await;
    ok(
        &app,
        &fx.township,
        &id,
        json!({ "action": "assign", "lead": fx.zfw }),
    )
    .await;
    ok(&app, &fx.dept, &id, json!({ "action": "start" })).await;
    ok(
        &app,
        &fx.dept,
        &id,
        json!({ "action": "reply", "text": "已答复，电话 13912340003。" }),
    )
    .await;

    let registered: Vec<Value> = audited(&app, &auditor, "grievance_register")
        .await
        .into_iter()
        .filter(|e| e["target_id"] == id.as_str())
        .collect();
    assert_eq!(registered.len(), 1, "{registered:?}");
    let steps: Vec<Value> = audited(&app, &auditor, "grievance_step")
        .await
        .into_iter()
        .filter(|e| e["target_id"] == id.as_str())
        .collect();
    let mut kinds: Vec<&str> = steps
        .iter()
        .map(|e| e["detail"]["to"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        ["accepted", "assigned", "in_progress", "replied"],
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .all(|e| e["outcome"] == "success" && e["actor"] != "")
    );
    // No free text, no phone number.
    assert!(!format!("{steps:?}").contains("13912340003"));

    // A visit and a must-visit event.
    let cadre = &fx.cadre;
    let (_, list) = app
        .api(
            Method::GET,
            &format!("/households?unit={}&limit=1", fx.home),
            cadre,
            None,
        )
        .await;
    let household = list["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = app
        .api(
            Method::POST,
            "/triggers",
            cadre,
            Some(json!({ "household_id": household, "kind": "hospitalised" })),
        )
        .await;
    assert_eq!(status, 201);
    let (status, visit) = app
        .api(Method::POST, "/visits", cadre, Some(json!({ "household_id": household, "mode": "phone", "met": false, "submission_key": Uuid::now_v7() })))
        .await;
    assert_eq!(status, 201, "{visit}");
    let visits = audited(&app, &auditor, "visit_record").await;
    assert!(
        visits.iter().any(|e| e["target_id"] == visit["visit"]["id"]
            && e["detail"]["household"] == household.as_str()),
        "{visits:?}"
    );
    assert_eq!(audited(&app, &auditor, "trigger_record").await.len(), 1);

    // A refusal of the inbox is a denial row like every other.
    let before = audited(&app, &auditor, "permission_denied").await.len();
    let (status, _) = app.api(Method::GET, "/inbox", &auditor, None).await;
    assert!(status == 403 || status == 404, "{status}");
    assert_eq!(
        audited(&app, &auditor, "permission_denied").await.len(),
        before + 1
    );
}
