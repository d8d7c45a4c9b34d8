//! Households and visits over the REST API: masking and audited reveal, campaign task
//! generation, idempotent visits, 补访 and must-visit tasks with their due dates, coverage
//! arithmetic on a fixture with a known answer, and every endpoint's scope against other
//! villages, townships and counties.
//!
//! Fixture (the demo seed): in 正定县 each of 正定镇's seven villages has 12 households; the
//! demo cadre sits at its community (130123100001) and is paired with that community's families;
//! one county-wide campaign is open.

use crate::helpers::{TestApp, spawn_app};
use app::audit::entity as audit_events;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");
/// The demo cadre's community in 正定镇, another village of 正定镇, and a village of 诸福屯镇.
const HOME: &str = "130123100001";
const NEIGHBOUR: &str = "130123100201";
const ZHUFUTUN_VILLAGE: &str = "130123101001";
const ZHENGDING: &str = "130123100000";

/// The households of a unit, as `token` sees them.
async fn households(app: &TestApp, token: &str, unit_id: &str) -> Vec<Value> {
    let (status, body) = app
        .api(
            Method::GET,
            &format!("/households?unit={unit_id}&limit=100"),
            token,
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().unwrap().clone()
}

fn key() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn visit(app: &TestApp, token: &str, household: &str, met: bool) -> (u16, Value) {
    let mut body = json!({
        "household_id": household,
        "mode": "in_person",
        "met": met,
        "submission_key": key(),
    });
    if met {
        body["attitude"] = "satisfied".into();
        body["met_whom"] = "户主".into();
    }
    app.api(Method::POST, "/visits", token, Some(body)).await
}

async fn add_household(app: &TestApp, token: &str, village: &str, head: &str) -> Value {
    let (status, body) = app
        .api(
            Method::POST,
            "/households",
            token,
            Some(json!({ "village_id": village, "head_name": head, "phone": "13900001111" })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

fn today_plus(days: i64) -> String {
    app::format::date(app::format::today() + time::Duration::days(days))
}

#[tokio::test]
async fn personal_fields_are_masked_and_each_reveal_is_audited() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = app.unit_id("130123", HOME).await;
    let list = households(&app, &cadre, &home).await;
    assert_eq!(list.len(), 12);
    let id = list[0]["id"].as_str().unwrap();
    let (_, one) = app
        .api(Method::GET, &format!("/households/{id}"), &cadre, None)
        .await;
    let head = &one["people"][0];
    let masked = head["id_number"].as_str().unwrap();
    assert!(masked.starts_with("130123********"), "{masked}");
    assert!(head["phone"].as_str().unwrap().contains("****"));
    assert!(one["phone"].as_str().unwrap().starts_with("138****"));

    let member = head["id"].as_str().unwrap();
    let (status, revealed) = app
        .api(
            Method::POST,
            &format!("/households/{id}/reveal"),
            &cadre,
            Some(json!({ "member_id": member, "field": "id_number" })),
        )
        .await;
    assert_eq!(status, 200, "{revealed}");
    let full = revealed["value"].as_str().unwrap().to_owned();
    assert_eq!(full.len(), 18);
    assert!(app::households::personal::IdNumber::parse(&full).is_some());
    assert_eq!(&full[14..], &masked[14..]);

    let reveals = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("personal_reveal"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(reveals.len(), 1);
    assert!(reveals[0].detail.contains("id_number") && reveals[0].detail.contains(member));
    assert!(!reveals[0].detail.contains(&full) && !reveals[0].target_label.contains(&full));

    // A leader reads masked records but may not reveal; the refusal is audited too.
    let leader = app.login(ZD, "leader").await.access;
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/households/{id}/reveal"),
            &leader,
            Some(json!({ "member_id": member, "field": "id_number" })),
        )
        .await;
    assert_eq!(status, 403);
    // A cadre of another county does not learn the household exists.
    let other = app.login(PS, "cadre").await.access;
    let (status, _) = app
        .api(
            Method::POST,
            &format!("/households/{id}/reveal"),
            &other,
            Some(json!({ "field": "phone" })),
        )
        .await;
    assert_eq!(status, 404);
    let denied = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("permission_denied"))
        .filter(audit_events::Column::ActorName.eq("leader"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(denied, 1, "the leader's refused reveal is on record");
}

#[tokio::test]
async fn bad_people_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = app.unit_id("130123", HOME).await;
    let before = households(&app, &cadre, &home).await.len();
    for (member, code) in [
        (
            json!({ "name": "王五", "relation": "户主", "id_number": "11010519491231002" }),
            "bad_id_number",
        ),
        (
            json!({ "name": "王五", "relation": "户主", "id_number": "110105194912310029" }),
            "bad_id_number",
        ),
        (
            json!({ "name": "王五", "relation": "户主", "phone": "1381234" }),
            "bad_phone",
        ),
        (
            json!({ "name": "王五", "relation": "户主", "birth_date": "2026-02-30" }),
            "bad_date",
        ),
        (
            json!({ "name": "", "relation": "户主", "id_number": "11010519491231002X" }),
            "required",
        ),
    ] {
        let (status, body) = app
            .api(
                Method::POST,
                "/households",
                &cadre,
                Some(json!({ "village_id": home, "head_name": "王五", "members": [member] })),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().contains(code), "{code}: {body}");
    }
    // The same person twice in one household, and a person already registered elsewhere.
    let (status, _) = app
        .api(
            Method::POST,
            "/households",
            &cadre,
            Some(
                json!({ "village_id": home, "head_name": "王五", "members": [
                { "name": "王五", "relation": "户主", "id_number": "11010519491231002X" },
                { "name": "王六", "relation": "子女", "id_number": "11010519491231002x" },
            ] }),
            ),
        )
        .await;
    assert_eq!(status, 422);
    let (_, first) = app
        .api(
            Method::GET,
            &format!(
                "/households/{}",
                households(&app, &cadre, &home).await[0]["id"]
                    .as_str()
                    .unwrap()
            ),
            &cadre,
            None,
        )
        .await;
    let member = first["people"][0]["id"].as_str().unwrap();
    let (_, revealed) = app
        .api(
            Method::POST,
            &format!("/households/{}/reveal", first["id"].as_str().unwrap()),
            &cadre,
            Some(json!({ "member_id": member, "field": "id_number" })),
        )
        .await;
    let taken = revealed["value"].as_str().unwrap();
    let (status, body) = app
        .api(
            Method::POST,
            "/households",
            &cadre,
            Some(
                json!({ "village_id": home, "head_name": "赵七", "members": [
                { "name": "赵七", "relation": "户主", "id_number": taken },
            ] }),
            ),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    // Tags must be the county's; villages must be villages in reach.
    let (status, _) = app
        .api(
            Method::POST,
            "/households",
            &cadre,
            Some(json!({ "village_id": home, "head_name": "赵七", "tags": ["不存在的标签"] })),
        )
        .await;
    assert_eq!(status, 422);
    let neighbour = app.unit_id("130123", NEIGHBOUR).await;
    let (status, _) = app
        .api(
            Method::POST,
            "/households",
            &cadre,
            Some(json!({ "village_id": neighbour, "head_name": "赵七" })),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(households(&app, &cadre, &home).await.len(), before);
}

#[tokio::test]
async fn every_endpoint_keeps_to_the_callers_village_township_and_county() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await.access;
    let cadre = app.login(ZD, "cadre").await.access;
    let township = app.login(ZD, "township").await.access;
    let dept = app.login(ZD, "dept").await.access;
    let other_county = app.login(PS, "admin").await.access;
    let neighbour = app.unit_id("130123", NEIGHBOUR).await;
    let far = app.unit_id("130123", ZHUFUTUN_VILLAGE).await;
    let next_door = households(&app, &admin, &neighbour).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let elsewhere = add_household(&app, &admin, &far, "周八").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, tasks) = app
        .api(
            Method::GET,
            &format!("/tasks?household={next_door}"),
            &admin,
            None,
        )
        .await;
    let next_door_task = tasks["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, done) = visit(&app, &admin.clone(), &next_door, true).await;
    assert_eq!(status, 403, "a county admin records no visits: {done}");
    let (status, done) = visit(&app, &township, &next_door, true).await;
    assert_eq!(status, 201, "{done}");
    let next_door_visit = done["visit"]["id"].as_str().unwrap().to_owned();

    // The village cadre: the neighbouring village (same township) is out of reach.
    for (method, path, body) in [
        (Method::GET, format!("/households/{next_door}"), None),
        (
            Method::PUT,
            format!("/households/{next_door}"),
            Some(json!({ "head_name": "改名" })),
        ),
        (
            Method::POST,
            format!("/households/{next_door}/reveal"),
            Some(json!({ "field": "phone" })),
        ),
        (
            Method::PUT,
            format!("/households/{next_door}/cadres"),
            Some(json!({ "cadres": [] })),
        ),
        (
            Method::POST,
            format!("/households/{next_door}/members"),
            Some(json!({ "name": "新人" })),
        ),
        (Method::GET, format!("/tasks/{next_door_task}"), None),
        (Method::GET, format!("/visits/{next_door_visit}"), None),
        (
            Method::GET,
            format!("/visits/{next_door_visit}/photo"),
            None,
        ),
        (
            Method::GET,
            format!("/triggers?household={next_door}"),
            None,
        ),
        (
            Method::POST,
            "/triggers".to_owned(),
            Some(json!({ "household_id": next_door, "kind": "hospitalised" })),
        ),
        (
            Method::POST,
            "/visits".to_owned(),
            Some(
                json!({ "household_id": next_door, "mode": "phone", "met": false, "submission_key": key() }),
            ),
        ),
        (Method::GET, format!("/households?unit={neighbour}"), None),
    ] {
        let (status, body) = app.api(method.clone(), &path, &cadre, body).await;
        assert_eq!(status, 404, "cadre {method} {path}: {body}");
    }
    // The township admin of 正定镇: a village of 诸福屯镇 is out of reach; its own is not.
    for path in [
        format!("/households/{elsewhere}"),
        format!("/households?unit={far}"),
        format!("/triggers?household={elsewhere}"),
    ] {
        let (status, _) = app.api(Method::GET, &path, &township, None).await;
        assert_eq!(status, 404, "township {path}");
    }
    let (status, _) = app
        .api(
            Method::GET,
            &format!("/households/{next_door}"),
            &township,
            None,
        )
        .await;
    assert_eq!(status, 200);
    // Another county's admin sees none of it.
    for path in [
        format!("/households/{next_door}"),
        format!("/tasks/{next_door_task}"),
        format!("/visits/{next_door_visit}"),
        format!("/households?unit={neighbour}"),
    ] {
        let (status, _) = app.api(Method::GET, &path, &other_county, None).await;
        assert_eq!(status, 404, "other county {path}");
    }
    // Lists never reach past the caller: the cadre's lists hold their community only.
    let (_, mine) = app
        .api(Method::GET, "/households?limit=500", &cadre, None)
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 12);
    let (_, visits) = app.api(Method::GET, "/visits", &cadre, None).await;
    assert!(visits["items"].as_array().unwrap().is_empty());
    let (_, other_lists) = app
        .api(Method::GET, "/households?limit=500", &other_county, None)
        .await;
    assert!(
        other_lists["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"] != next_door.as_str())
    );
    // Departments see no registry at all.
    for path in ["/households", "/tasks", "/visits", "/campaigns"] {
        let (status, _) = app.api(Method::GET, path, &dept, None).await;
        assert_eq!(status, 403, "dept {path}");
    }
}

#[tokio::test]
async fn a_campaign_makes_one_task_per_target_household_for_its_paired_cadre() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await.access;
    let zhengding = app.unit_id("130123", ZHENGDING).await;
    let (status, c) = app
        .api(
            Method::POST,
            "/campaigns",
            &township,
            Some(json!({
                "name": "走访老党员", "starts_on": today_plus(0), "ends_on": today_plus(10),
                "unit_id": zhengding, "tags": ["老党员"], "modes": ["in_person", "phone"],
                "target_percent": 100,
            })),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    // The seed tags every 12th family (n % 12 == 5) 老党员: one per village, seven villages.
    assert_eq!(c["target"], 7);
    let id = c["id"].as_str().unwrap();
    let (_, tasks) = app
        .api(
            Method::GET,
            &format!("/tasks?campaign={id}&limit=100"),
            &township,
            None,
        )
        .await;
    let tasks = tasks["items"].as_array().unwrap();
    assert_eq!(tasks.len(), 7);
    assert!(
        tasks
            .iter()
            .all(|t| t["due_on"] == today_plus(10) && t["kind"] == "campaign")
    );
    let held: Vec<_> = tasks
        .iter()
        .filter(|t| !t["assignee_id"].is_null())
        .collect();
    assert_eq!(held.len(), 1, "only the cadre's community is paired");
    // Bulk assignment gives the rest to a township cadre, once.
    let me = app.api(Method::GET, "/me", &township, None).await.1;
    let (status, moved) = app
        .api(Method::POST, &format!("/campaigns/{id}/assign"), &township, Some(json!({ "unit_id": zhengding, "cadre_id": me["user"]["id"].as_str().or(me["id"].as_str()).unwrap() })))
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["assigned"], 6);
    // Coverage by cadre then lists the two who hold tasks, and no "(unassigned)" row of zeros.
    let (_, coverage) = app
        .api(
            Method::GET,
            &format!("/campaigns/{id}/coverage"),
            &township,
            None,
        )
        .await;
    let cadres = coverage["cadres"].as_array().unwrap();
    assert!(cadres.iter().all(|r| r["id"] != ""), "{coverage}");
    assert_eq!(
        (cadres.len(), coverage["cadres_total"].as_u64()),
        (2, Some(2)),
        "{coverage}"
    );
    // A later household with the tag joins the open campaign.
    let home = app.unit_id("130123", HOME).await;
    let cadre = app.login(ZD, "cadre").await.access;
    let (status, _) = app
        .api(
            Method::POST,
            "/households",
            &cadre,
            Some(json!({ "village_id": home, "head_name": "新来户", "tags": ["老党员"] })),
        )
        .await;
    assert_eq!(status, 201);
    let (_, c) = app
        .api(Method::GET, &format!("/campaigns/{id}"), &township, None)
        .await;
    assert_eq!(c["target"], 8);
    // Wrong input changes nothing; a cadre may not create campaigns.
    let (status, _) = app
        .api(Method::POST, "/campaigns", &township, Some(json!({ "name": "x", "starts_on": today_plus(5), "ends_on": today_plus(1), "unit_id": zhengding, "modes": ["phone"], "target_percent": 90 })))
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .api(Method::POST, "/campaigns", &cadre, Some(json!({ "name": "x", "starts_on": today_plus(0), "ends_on": today_plus(1), "unit_id": home, "modes": ["phone"], "target_percent": 90 })))
        .await;
    assert_eq!(status, 403);
    // Another township's campaign is not the cadre's business.
    let far = app.unit_id("130123", "130123101000").await;
    let admin = app.login(ZD, "admin").await.access;
    let (_, other) = app
        .api(Method::POST, "/campaigns", &admin, Some(json!({ "name": "诸福屯镇走访", "starts_on": today_plus(0), "ends_on": today_plus(3), "unit_id": far, "modes": ["phone"], "target_percent": 90 })))
        .await;
    let (status, _) = app
        .api(
            Method::GET,
            &format!("/campaigns/{}", other["id"].as_str().unwrap()),
            &cadre,
            None,
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .api(Method::GET, &format!("/campaigns/{id}"), &cadre, None)
        .await;
    assert_eq!(
        status, 200,
        "the township's campaign covers the cadre's village"
    );
}

#[tokio::test]
async fn a_retried_submission_records_one_visit() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = app.unit_id("130123", HOME).await;
    let household = households(&app, &cadre, &home).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({
        "household_id": household, "mode": "in_person", "met": true, "attitude": "fair",
        "concerns": ["门前路灯坏了", "  ", "低保复核进度"], "submission_key": key(),
    });
    let (first, a) = app
        .api(Method::POST, "/visits", &cadre, Some(body.clone()))
        .await;
    let (second, b) = app
        .api(Method::POST, "/visits", &cadre, Some(body.clone()))
        .await;
    assert_eq!((first, second), (201, 200), "{a} {b}");
    assert_eq!(a["visit"]["id"], b["visit"]["id"]);
    assert_eq!(b["created"], false);
    assert_eq!(a["visit"]["concerns"].as_array().unwrap().len(), 2);
    let (_, visits) = app
        .api(
            Method::GET,
            &format!("/visits?household={household}"),
            &cadre,
            None,
        )
        .await;
    assert_eq!(visits["items"].as_array().unwrap().len(), 1);
    // The same key for another household is someone's mistake, not a retry.
    let other = households(&app, &cadre, &home).await[1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut reused = body.clone();
    reused["household_id"] = other.into();
    let (status, _) = app.api(Method::POST, "/visits", &cadre, Some(reused)).await;
    assert_eq!(status, 409);
    // Met without an attitude is refused and records nothing.
    let (status, body) = app
        .api(Method::POST, "/visits", &cadre, Some(json!({ "household_id": household, "mode": "phone", "met": true, "submission_key": key() })))
        .await;
    assert_eq!(status, 422, "{body}");
    let (_, visits) = app
        .api(
            Method::GET,
            &format!("/visits?household={household}"),
            &cadre,
            None,
        )
        .await;
    assert_eq!(visits["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn nobody_met_makes_a_follow_up_due_in_the_countys_days_and_triggers_make_tasks() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let admin = app.login(ZD, "admin").await.access;
    let home = app.unit_id("130123", HOME).await;
    let list = households(&app, &cadre, &home).await;
    // Two families with nothing open but the campaign's visit (the demo gives two others a
    // must-visit event, which a visit meeting nobody leaves open instead).
    let mut plain = Vec::new();
    for h in &list {
        let id = h["id"].as_str().unwrap().to_owned();
        let (_, open) = app
            .api(
                Method::GET,
                &format!("/tasks?household={id}&status=open"),
                &cadre,
                None,
            )
            .await;
        if open["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["kind"] == "campaign")
        {
            plain.push(id);
        }
    }
    let (a, b) = (plain[0].as_str(), plain[1].as_str());

    let (status, done) = visit(&app, &cadre, a, false).await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(done["follow_up_due"], today_plus(3));
    let (_, open) = app
        .api(
            Method::GET,
            &format!("/tasks?household={a}&status=open"),
            &cadre,
            None,
        )
        .await;
    let open = open["items"].as_array().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["kind"], "follow_up");
    assert_eq!(open[0]["due_on"], today_plus(3));
    let (_, mine) = app.api(Method::GET, "/tasks/mine", &cadre, None).await;
    assert!(
        mine["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["kind"] == "follow_up")
    );

    // The county changes the delay; the next 补访 follows it.
    let (status, body) = app
        .api(Method::PUT, "/visit-settings/follow_up", &admin, Some(json!({ "entries": [{ "code": "days", "label": "补访", "days": 5, "active": true }] })))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app
        .api(Method::PUT, "/visit-settings/follow_up", &cadre, Some(json!({ "entries": [{ "code": "days", "label": "补访", "days": 9, "active": true }] })))
        .await;
    assert_eq!(status, 403);
    let (_, done) = visit(&app, &cadre, b, false).await;
    assert_eq!(done["follow_up_due"], today_plus(5));

    // 五必访: hospitalised (3 days by default); the county makes accidents due in 1 day.
    let (status, task) = app
        .api(
            Method::POST,
            "/triggers",
            &cadre,
            Some(json!({ "household_id": a, "kind": "hospitalised", "note": "脑梗住院" })),
        )
        .await;
    assert_eq!(status, 201, "{task}");
    assert_eq!(
        (task["kind"].as_str(), task["due_on"].as_str()),
        (Some("trigger"), Some(today_plus(3).as_str()))
    );
    assert_eq!(task["reason"], "住院");
    let settings = app
        .api(Method::GET, "/visit-settings", &admin, None)
        .await
        .1;
    assert_eq!(settings["triggers"].as_array().unwrap().len(), 5);
    let (status, _) = app
        .api(Method::PUT, "/visit-settings/trigger", &admin, Some(json!({ "entries": [{ "code": "accident", "label": "遭遇意外或灾害", "days": 1, "active": true }] })))
        .await;
    assert_eq!(status, 200);
    let (_, task) = app
        .api(
            Method::POST,
            "/triggers",
            &cadre,
            Some(json!({ "household_id": b, "kind": "accident" })),
        )
        .await;
    assert_eq!(task["due_on"], today_plus(1));
    let (status, _) = app
        .api(
            Method::POST,
            "/triggers",
            &cadre,
            Some(json!({ "household_id": b, "kind": "no_such_event" })),
        )
        .await;
    assert_eq!(status, 422);
    let (_, events) = app
        .api(
            Method::GET,
            &format!("/triggers?household={a}"),
            &cadre,
            None,
        )
        .await;
    assert_eq!(events["items"][0]["note"], "脑梗住院");
}

#[tokio::test]
async fn coverage_adds_up_on_a_known_fixture() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await.access;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = app.unit_id("130123", HOME).await;
    let zhengding = app.unit_id("130123", ZHENGDING).await;
    let (_, c) = app
        .api(
            Method::POST,
            "/campaigns",
            &township,
            Some(json!({
                "name": "正定镇全覆盖", "starts_on": today_plus(-1), "ends_on": today_plus(20),
                "unit_id": zhengding, "modes": ["in_person", "phone", "meeting"], "target_percent": 90,
            })),
        )
        .await;
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(c["target"], 84);
    let list = households(&app, &cadre, &home).await;
    let h: Vec<&str> = list.iter().map(|h| h["id"].as_str().unwrap()).collect();
    // Four families of the community: met; not met then met; not met twice; met by phone.
    assert_eq!(visit(&app, &cadre, h[0], true).await.0, 201);
    assert_eq!(visit(&app, &cadre, h[1], false).await.0, 201);
    assert_eq!(visit(&app, &cadre, h[1], true).await.0, 201);
    assert_eq!(visit(&app, &cadre, h[2], false).await.0, 201);
    assert_eq!(visit(&app, &cadre, h[2], false).await.0, 201);
    let (status, _) = app
        .api(Method::POST, "/visits", &cadre, Some(json!({ "household_id": h[3], "mode": "phone", "met": true, "attitude": "unaware", "submission_key": key() })))
        .await;
    assert_eq!(status, 201);

    let (status, cov) = app
        .api(
            Method::GET,
            &format!("/campaigns/{id}/coverage"),
            &township,
            None,
        )
        .await;
    assert_eq!(status, 200, "{cov}");
    let total = &cov["total"];
    assert_eq!(
        (
            total["target"].as_i64(),
            total["visited"].as_i64(),
            total["met"].as_i64(),
            total["not_met"].as_i64(),
            total["follow_ups"].as_i64(),
            total["overdue"].as_i64()
        ),
        (Some(84), Some(4), Some(3), Some(1), Some(1), Some(0)),
        "{total}"
    );
    assert_eq!(cov["units"].as_array().unwrap().len(), 7);
    let community = cov["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == home.as_str())
        .unwrap();
    assert_eq!(
        (
            community["counts"]["target"].as_i64(),
            community["counts"]["met"].as_i64()
        ),
        (Some(12), Some(3))
    );
    // The cadre holds the community's 12; the other 72 nobody holds yet.
    let cadres = cov["cadres"].as_array().unwrap();
    let unheld = cadres.iter().find(|c| c["id"] == "").unwrap();
    assert_eq!(unheld["counts"]["target"], 72);
    let held = cadres.iter().find(|c| c["id"] != "").unwrap();
    assert_eq!(
        (
            held["counts"]["target"].as_i64(),
            held["counts"]["met"].as_i64()
        ),
        (Some(12), Some(3))
    );

    // The cadre sees the same campaign from their community: no townships, only their village.
    let (status, mine) = app
        .api(
            Method::GET,
            &format!("/campaigns/{id}/coverage"),
            &cadre,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(mine["unit_id"], home.as_str());
    assert_eq!(mine["total"]["target"], 12);
    assert_eq!(mine["total"]["met"], 3);
    let (status, _) = app
        .api(
            Method::GET,
            &format!("/campaigns/{id}/coverage?unit={zhengding}"),
            &cadre,
            None,
        )
        .await;
    assert_eq!(status, 404, "the cadre may not widen the view");
    // Drill-down lists agree with the numbers.
    let (_, met) = app
        .api(
            Method::GET,
            &format!("/tasks?campaign={id}&kind=campaign&met=true"),
            &township,
            None,
        )
        .await;
    assert_eq!(met["items"].as_array().unwrap().len(), 3);
    let (_, not_met) = app
        .api(
            Method::GET,
            &format!("/tasks?campaign={id}&kind=campaign&visited=true&met=false"),
            &township,
            None,
        )
        .await;
    assert_eq!(not_met["items"][0]["household_id"], h[2]);
    // The county-wide demo campaign counted the same visits.
    let admin = app.login(ZD, "admin").await.access;
    let (_, all) = app.api(Method::GET, "/campaigns", &admin, None).await;
    let winter = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "冬季入户大走访")
        .unwrap();
    let (_, wc) = app
        .api(
            Method::GET,
            &format!("/campaigns/{}/coverage", winter["id"].as_str().unwrap()),
            &admin,
            None,
        )
        .await;
    assert_eq!(wc["total"]["met"], 3);
    assert_eq!(wc["total"]["target"], 84);
}

async fn page(app: &TestApp, token: &str, path: &str) -> (u16, String) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Posts the visit form as a browser without JavaScript would (multipart); answers the
/// status and the redirect's location, or the JSON body when `json` asks for it.
async fn post_visit_form(
    app: &TestApp,
    token: &str,
    fields: &[(&str, &str)],
    json: bool,
) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let mut request = app
        .client
        .post(app.url("/visits"))
        .bearer_auth(token)
        .multipart(form);
    if json {
        request = request.header("accept", "application/json");
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .contains_key("location")
        .then(|| crate::helpers::redirect(&response));
    (status, location.unwrap_or(response.text().await.unwrap()))
}

#[tokio::test]
async fn the_cadres_pages_show_todays_tasks_and_the_form_posts_without_javascript() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let (status, home) = page(&app, &cadre, "/visits").await;
    assert_eq!(status, 200);
    assert!(
        home.contains("今日待办") && home.contains("住院"),
        "the seeded must-visit is due"
    );
    assert!(home.contains("card overdue"), "yesterday's is flagged");
    assert!(!home.contains("/pkg/"), "the cadre's home loads no bundle");
    let list = households(&app, &cadre, &app.unit_id("130123", HOME).await).await;
    let h = list[5]["id"].as_str().unwrap();
    let (status, form) = page(&app, &cadre, &format!("/visits/new?household={h}")).await;
    assert_eq!(status, 200);
    assert!(form.contains(r#"name="submission_key""#) && form.contains("提交走访记录"));
    assert!(
        !form.contains("/pkg/"),
        "the form's script is inline, not the WASM bundle"
    );

    // Refused: back to the form with the reason and what was typed (and the same key).
    let submission = key();
    let fields = [
        ("household_id", h),
        ("submission_key", submission.as_str()),
        ("mode", "in_person"),
        ("met", "1"),
        ("notes", "老人身体尚好"),
    ];
    let (status, location) = post_visit_form(&app, &cadre, &fields, false).await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with("/visits/new?error=attitude_required"),
        "{location}"
    );
    assert!(
        location.contains(&submission) && location.contains("notes=%E8%80%81"),
        "{location}"
    );
    let (_, refilled) = page(&app, &cadre, &location).await;
    assert!(refilled.contains("老人身体尚好") && refilled.contains(&submission));

    // Accepted, then the same post again (a retry): one visit.
    let fields = [&fields[..], &[("attitude", "satisfied")]].concat();
    let (status, location) = post_visit_form(&app, &cadre, &fields, false).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/visits?done=visit_recorded")
    );
    let (status, location) = post_visit_form(&app, &cadre, &fields, false).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/visits?done=visit_already_recorded")
    );
    let (_, visits) = app
        .api(Method::GET, &format!("/visits?household={h}"), &cadre, None)
        .await;
    assert_eq!(visits["items"].as_array().unwrap().len(), 1);

    // With the page's script: JSON in place, in the page's language.
    let other = list[6]["id"].as_str().unwrap();
    let submission = key();
    let fields = [
        ("household_id", other),
        ("submission_key", submission.as_str()),
        ("mode", "phone"),
        ("met", "0"),
    ];
    let (status, body) = post_visit_form(&app, &cadre, &fields, true).await;
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["ok"], true);
    assert!(
        body["message"].as_str().unwrap().contains(&today_plus(3)),
        "{body}"
    );
    let fields = [
        ("household_id", other),
        ("submission_key", "not-a-key"),
        ("mode", "phone"),
        ("met", "0"),
    ];
    let (status, body) = post_visit_form(&app, &cadre, &fields, true).await;
    assert_eq!(status, 404, "{body}");

    // The must-visit form.
    let (status, trigger) = page(&app, &cadre, &format!("/visits/trigger?household={h}")).await;
    assert_eq!(status, 200);
    assert!(trigger.contains("家庭矛盾纠纷"));
    let response = app
        .client
        .post(app.url("/visits/trigger"))
        .bearer_auth(&cadre)
        .form(&[
            ("household_id", h),
            ("kind", "family_dispute"),
            ("note", "婆媳矛盾"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/visits?done=trigger_recorded"
    );
    let (_, home) = page(&app, &cadre, "/visits").await;
    assert!(home.contains("家庭矛盾纠纷"));
}

#[tokio::test]
async fn the_cadres_pages_refuse_what_is_out_of_reach() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let admin = app.login(ZD, "admin").await.access;
    let dept = app.login(ZD, "dept").await.access;
    let other = app.login(PS, "cadre").await.access;
    let neighbour = app.unit_id("130123", NEIGHBOUR).await;
    let next_door = households(&app, &admin, &neighbour).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (token, path, expected) in [
        (&cadre, format!("/visits/new?household={next_door}"), 404),
        (&other, format!("/visits/new?household={next_door}"), 404),
        (
            &cadre,
            format!("/visits/trigger?household={next_door}"),
            404,
        ),
        (&dept, format!("/visits/new?household={next_door}"), 403),
        (&admin, format!("/visits/new?household={next_door}"), 403),
    ] {
        let (status, _) = page(&app, token, &path).await;
        assert_eq!(status, expected, "{path}");
    }
    let fields = [
        ("household_id", next_door.as_str()),
        ("submission_key", &key()),
        ("mode", "phone"),
        ("met", "0"),
    ];
    let (status, location) = post_visit_form(&app, &cadre, &fields, false).await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with("/visits/new?error=not_found"),
        "{location}"
    );
    let (_, visits) = app
        .api(
            Method::GET,
            &format!("/visits?household={next_door}"),
            &admin,
            None,
        )
        .await;
    assert!(visits["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_must_visit_stays_open_with_its_reason_until_someone_is_met() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = app.unit_id("130123", HOME).await;
    let household = households(&app, &cadre, &home).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, trigger) = app
        .api(
            Method::POST,
            "/triggers",
            &cadre,
            Some(json!({ "household_id": household, "kind": "hospitalised", "note": "住院" })),
        )
        .await;
    assert_eq!(status, 201, "{trigger}");
    let task = trigger["id"].as_str().unwrap().to_owned();
    let due = trigger["due_on"].clone();
    let open_tasks = || async {
        let (_, open) = app
            .api(
                Method::GET,
                &format!("/tasks?household={household}&status=open"),
                &cadre,
                None,
            )
            .await;
        open["items"].as_array().unwrap().clone()
    };

    // Nobody home: the must-visit is still open, with its reason and due date, and no second
    // task appears beside it.
    let mut body = json!({ "household_id": household, "task_id": task, "mode": "in_person", "met": false, "submission_key": key() });
    let (status, done) = app
        .api(Method::POST, "/visits", &cadre, Some(body.clone()))
        .await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(done["follow_up_due"], Value::Null, "{done}");
    let open = open_tasks().await;
    let still = open
        .iter()
        .find(|t| t["id"] == task.as_str())
        .expect("still open");
    assert_eq!(
        (&still["kind"], &still["reason"], &still["due_on"]),
        (&json!("trigger"), &json!("住院"), &due)
    );
    assert!(open.iter().all(|t| t["kind"] != "follow_up"), "{open:?}");
    let (_, one) = app
        .api(Method::GET, &format!("/tasks/{task}"), &cadre, None)
        .await;
    assert_eq!(
        (one["status"].as_str(), one["met"].as_bool()),
        (Some("open"), Some(false)),
        "{one}"
    );

    // Met: now it is done.
    body["met"] = true.into();
    body["attitude"] = "satisfied".into();
    body["submission_key"] = key().into();
    let (status, done) = app.api(Method::POST, "/visits", &cadre, Some(body)).await;
    assert_eq!(status, 201, "{done}");
    let (_, one) = app
        .api(Method::GET, &format!("/tasks/{task}"), &cadre, None)
        .await;
    assert_eq!(
        (one["status"].as_str(), one["met"].as_bool()),
        (Some("done"), Some(true)),
        "{one}"
    );
    assert!(open_tasks().await.iter().all(|t| t["id"] != task.as_str()));
}

#[tokio::test]
async fn a_refused_forms_text_waits_on_the_server_for_its_owner_not_in_the_address() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let township = app.login(ZD, "township").await.access;
    let h = households(&app, &cadre, &app.unit_id("130123", HOME).await).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let form = reqwest::multipart::Form::new()
        .text("household_id", h.clone())
        .text("submission_key", key())
        .text("mode", "in_person")
        .text("met", "1")
        .text("notes", "家中老人身体尚好");
    let response = app
        .client
        .post(app.url("/visits"))
        .bearer_auth(&cadre)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let raw = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        raw.starts_with("/visits/new?error=attitude_required&kept="),
        "{raw}"
    );
    assert!(!raw.contains("notes") && !raw.contains("%E8"), "{raw}");
    let (status, mine) = page(&app, &cadre, &raw).await;
    assert_eq!(status, 200);
    assert!(
        mine.contains("家中老人身体尚好"),
        "the owner gets the text back"
    );
    let (_, theirs) = page(&app, &township, &raw).await;
    assert!(!theirs.contains("家中老人身体尚好"), "nobody else does");
}
