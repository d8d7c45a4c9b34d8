//! The resident's side, unauthenticated: submitting through the REST API (JSON and multipart)
//! and the county's page, the challenge, the limits per client address and per tracking code,
//! tracking (the same 404 for every miss, other counties included), what the tracking page
//! shows and hides, and the rating that moves the case through the state machine.
//!
//! Fixture (the demo seed): 正定县 130123, its village 130123100001 under 正定镇 (the township
//! account dispatches it), category `legal` routed to 县委政法委 (the `dept` account).

use crate::helpers::{BUNDLE, TestApp, multipart_form, spawn_app_with};
use app::grievances::entity::{attachment, event, grievance};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ZD: &str = "130123";
const PS: &str = "130131";

/// A test server whose forms may be sent at once (the fill-time check has its own test).
async fn spawn() -> TestApp {
    spawn_app_with(|c| c.challenge_min_seconds = 0).await
}

fn url(app: &TestApp, county: &str, rest: &str) -> String {
    app.url(&format!("/api/v1/public/{county}{rest}"))
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The public form of `county`.
async fn form(app: &TestApp, county: &str) -> Value {
    let (status, body) = json_of(
        app.client
            .get(url(app, county, "/form"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A fresh challenge and its right answer.
async fn challenge(app: &TestApp, county: &str) -> (String, String) {
    let f = form(app, county).await;
    let question = f["challenge"]["question"].as_str().unwrap().to_owned();
    let (a, b) = question.split_once(" + ").unwrap();
    let sum = a.parse::<u32>().unwrap() + b.parse::<u32>().unwrap();
    (
        f["challenge"]["token"].as_str().unwrap().to_owned(),
        sum.to_string(),
    )
}

/// (village id, `legal` category id) of 正定县's form.
async fn place_and_category(app: &TestApp) -> (String, String) {
    let f = form(app, ZD).await;
    let township = f["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "正定镇")
        .expect("正定镇 on the form");
    let village = township["villages"][0][0].as_str().unwrap().to_owned();
    let legal = f["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[1].as_str().unwrap().contains("涉法涉诉"))
        .expect("涉法涉诉 on the form")[0]
        .as_str()
        .unwrap()
        .to_owned();
    (village, legal)
}

async fn submission(app: &TestApp, phone: &str) -> Value {
    let (place, category) = place_and_category(app).await;
    let (token, answer) = challenge(app, ZD).await;
    json!({
        "reporter_name": "李秀英", "reporter_phone": phone,
        "place_id": place, "category_id": category,
        "description": "邻居占用村道堆放杂物，多次协商不成。",
        "challenge": token, "answer": answer,
    })
}

async fn submit(app: &TestApp, body: &Value) -> (u16, Value) {
    json_of(
        app.client
            .post(url(app, ZD, "/grievances"))
            .json(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Submits and insists it worked: the tracking code.
async fn submitted(app: &TestApp, phone: &str) -> String {
    let body = submission(app, phone).await;
    let (status, done) = submit(app, &body).await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(done.as_object().unwrap().len(), 1, "only the code: {done}");
    done["code"].as_str().unwrap().to_owned()
}

async fn track(app: &TestApp, county: &str, code: &str, digits: &str) -> (u16, Value) {
    json_of(
        app.client
            .get(url(app, county, "/track"))
            .query(&[("code", code), ("phone_last4", digits)])
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn rate(app: &TestApp, code: &str, digits: &str, satisfaction: &str) -> (u16, Value) {
    json_of(
        app.client
            .post(url(app, ZD, "/track/rating"))
            .json(&json!({ "code": code, "phone_last4": digits, "satisfaction": satisfaction }))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn cases(app: &TestApp) -> u64 {
    grievance::Entity::find().count(&app.db).await.unwrap()
}

async fn case_id(app: &TestApp, code: &str) -> String {
    grievance::Entity::find()
        .filter(grievance::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

/// A staff action that must work.
async fn act(app: &TestApp, id: &str, token: &str, body: Value) -> Value {
    let path = format!("/grievances/{id}/actions");
    let (status, answer) = app.api(Method::POST, &path, token, Some(body)).await;
    assert_eq!(status, 200, "{answer}");
    answer
}

/// 正定县's 县委政法委, where the demo `dept` account works.
async fn zfw(app: &TestApp) -> String {
    let county = app::counties::entity::Entity::find()
        .filter(app::counties::entity::Column::Code.eq(ZD))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    app::org::entity::Entity::find()
        .filter(app::org::entity::Column::CountyId.eq(county))
        .filter(app::org::entity::Column::Code.eq("zfw"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0u8; 64]);
    bytes
}

fn steps(tracking: &Value) -> Vec<String> {
    tracking["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_resident_submits_by_json_and_tracks_the_case_in_plain_words() {
    let app = spawn().await;
    let code = submitted(&app, "13912345678").await;
    assert_eq!(code.len(), 10);
    let g = grievance::Entity::find()
        .filter(grievance::Column::Code.eq(code.as_str()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(g.channel, app::grievances::kinds::Channel::Resident);

    let (status, by_query) = track(&app, ZD, &code, "5678").await;
    assert_eq!(status, 200, "{by_query}");
    assert_eq!(by_query["status"], "registered");
    assert_eq!(steps(&by_query), ["registered"]);
    assert_eq!(by_query["steps"][0]["text"], "您反映的问题已登记。");
    assert_eq!(by_query["reply"], Value::Null);
    assert_eq!(by_query["can_rate"], false);
    let text = by_query.to_string();
    assert!(
        !text.contains("李秀英") && !text.contains("13912345678"),
        "no personal data: {text}"
    );
    assert!(!text.contains("群众"), "no actor names: {text}");

    // The same lookup with the code and digits in the body, in English on request.
    let (status, by_body) = json_of(
        app.client
            .post(url(&app, ZD, "/track"))
            .header("accept-language", "en")
            .json(&json!({ "code": code.to_lowercase(), "phone_last4": "5678" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{by_body}");
    assert_eq!(
        by_body["steps"][0]["text"],
        "Your report has been registered."
    );
}

#[tokio::test]
async fn multipart_keeps_checked_files_and_bad_files_leave_nothing_written() {
    let app = spawn().await;
    let body = submission(&app, "13912340001").await;
    let response = app
        .client
        .post(url(&app, ZD, "/grievances"))
        .multipart(multipart_form(&body, vec![("门口.png", png())]))
        .send()
        .await
        .unwrap();
    let (status, done) = json_of(response).await;
    assert_eq!(status, 201, "{done}");
    let id = case_id(&app, done["code"].as_str().unwrap()).await;
    let files = attachment::Entity::find()
        .filter(attachment::Column::GrievanceId.eq(uuid::Uuid::parse_str(&id).unwrap()))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].content_type, "image/png");

    let before = (
        cases(&app).await,
        attachment::Entity::find().count(&app.db).await.unwrap(),
    );
    let mut big = png();
    big.resize(10 * 1024 * 1024 + 1, 0);
    for (files, reason) in [
        (
            vec![("photo.png", b"<html>not a photo</html>".to_vec())],
            "bad_file_type",
        ),
        (vec![("big.png", big)], "file_too_large"),
    ] {
        let body = submission(&app, "13912340001").await;
        let response = app
            .client
            .post(url(&app, ZD, "/grievances"))
            .multipart(multipart_form(&body, files))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let (status, problem) = json_of(response).await;
        assert_eq!(status, 422, "{reason}: {problem}");
        assert_eq!(problem["errors"][0]["code"], reason, "{problem}");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| c > '\u{4e00}')
        );
    }
    let after = (
        cases(&app).await,
        attachment::Entity::find().count(&app.db).await.unwrap(),
    );
    assert_eq!(after, before, "nothing was written");
}

#[tokio::test]
async fn the_challenge_is_required_answered_right_and_used_once() {
    let app = spawn().await;
    let before = cases(&app).await;
    let good = submission(&app, "13912340002").await;
    let mut cases_ = Vec::new();
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("challenge");
    cases_.push(missing);
    let mut wrong = submission(&app, "13912340002").await;
    let right: u32 = wrong["answer"].as_str().unwrap().parse().unwrap();
    wrong["answer"] = (right + 1).to_string().into();
    cases_.push(wrong);
    let mut forged = submission(&app, "13912340002").await;
    let token = forged["challenge"].as_str().unwrap().to_owned();
    forged["challenge"] = token.replacen('.', ".9", 1).into();
    cases_.push(forged);
    // A token of 平山县's form does not open 正定县's.
    let mut elsewhere = submission(&app, "13912340002").await;
    let (token, answer) = challenge(&app, PS).await;
    elsewhere["challenge"] = token.into();
    elsewhere["answer"] = answer.into();
    cases_.push(elsewhere);
    for body in cases_ {
        let (status, problem) = submit(&app, &body).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "answer", "{problem}");
        assert_eq!(problem["errors"][0]["code"], "bad_challenge", "{problem}");
    }
    assert_eq!(cases(&app).await, before);

    let (status, _) = submit(&app, &good).await;
    assert_eq!(status, 201);
    let (status, problem) = submit(&app, &good).await;
    assert_eq!(
        (status, &problem["errors"][0]["code"]),
        (422, &json!("bad_challenge")),
        "used once"
    );
    assert_eq!(cases(&app).await, before + 1);
}

#[tokio::test]
async fn a_form_sent_at_once_is_refused_as_too_fast() {
    let app = spawn_app_with(|c| c.challenge_min_seconds = 30).await;
    let body = submission(&app, "13912340003").await;
    let (status, problem) = submit(&app, &body).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "too_fast");
}

#[tokio::test]
async fn submissions_are_limited_per_client_address() {
    let app = spawn_app_with(|c| {
        c.challenge_min_seconds = 0;
        c.public_submits_per_hour = 2;
    })
    .await;
    submitted(&app, "13912340004").await;
    // A refused one counts too.
    let (status, _) = submit(&app, &json!({})).await;
    assert_eq!(status, 422);
    let before = cases(&app).await;
    let body = submission(&app, "13912340004").await;
    let response = app
        .client
        .post(url(&app, ZD, "/grievances"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(cases(&app).await, before);
    // The page form shares the limit.
    let back = post_report(&app, &body, vec![]).await;
    assert!(back.contains("error=throttled"), "{back}");
}

#[tokio::test]
async fn every_miss_answers_the_same_404_and_other_counties_cannot_track() {
    let app = spawn().await;
    let code = submitted(&app, "13912341234").await;
    let (status, _) = track(&app, ZD, &code, "1234").await;
    assert_eq!(status, 200);
    let mut bodies = Vec::new();
    for (county, code, digits) in [
        (ZD, code.as_str(), "4321"),
        (ZD, "ZZZZZZZZZZ", "1234"),
        (PS, code.as_str(), "1234"),
        ("999999", code.as_str(), "1234"),
        ("abc", code.as_str(), "1234"),
        (ZD, code.as_str(), "12345"),
    ] {
        let (status, body) = track(&app, county, code, digits).await;
        assert_eq!(status, 404, "{county} {code} {digits}: {body}");
        bodies.push(body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
    assert_eq!(bodies[0]["status"], 404);
    // Nor can a county's case be rated through another county.
    let response = app
        .client
        .post(url(&app, PS, "/track/rating"))
        .json(&json!({ "code": code, "phone_last4": "1234", "satisfaction": "satisfied" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn failed_lookups_are_limited_per_address_and_per_code() {
    let app = spawn_app_with(|c| {
        c.challenge_min_seconds = 0;
        c.track_max_failures = 3;
        c.trust_proxy = true;
    })
    .await;
    let code = submitted(&app, "13912345555").await;
    // One address guessing: after three misses even the right digits wait.
    for digits in ["0000", "0001", "0002"] {
        assert_eq!(track_from(&app, "10.1.0.1", &code, digits).await, 404);
    }
    assert_eq!(track_from(&app, "10.1.0.1", &code, "5555").await, 429);
    // Those misses also count against the code: it now waits whoever asks.
    assert_eq!(track_from(&app, "10.1.0.2", &code, "5555").await, 429);

    // Many addresses guessing at one code are stopped by the code's own limit.
    let other = submitted(&app, "13912346666").await;
    for (ip, digits) in [
        ("10.2.0.1", "0000"),
        ("10.2.0.2", "0001"),
        ("10.2.0.3", "0002"),
    ] {
        assert_eq!(track_from(&app, ip, &other, digits).await, 404);
    }
    assert_eq!(track_from(&app, "10.2.0.9", &other, "6666").await, 429);
}

/// A lookup from `ip` (the server trusts `X-Forwarded-For` here): its status, insisting that a
/// throttled answer says when to come back.
async fn track_from(app: &TestApp, ip: &str, code: &str, digits: &str) -> u16 {
    let response = app
        .client
        .get(url(app, ZD, "/track"))
        .header("x-forwarded-for", ip)
        .query(&[("code", code), ("phone_last4", digits)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert_eq!(
        status == 429,
        response.headers().contains_key("retry-after")
    );
    status
}

#[tokio::test]
async fn the_residents_rating_is_the_follow_up_and_moves_the_case() {
    let app = spawn().await;
    let code = submitted(&app, "13912347777").await;
    let id = case_id(&app, &code).await;
    let township = app.login(Some(ZD), "township").await.access;
    let dept = app.login(Some(ZD), "dept").await.access;
    let zfw = zfw(&app).await;
    // Nothing to rate before there is a reply.
    let (status, problem) = rate(&app, &code, "7777", "satisfied").await;
    assert_eq!(
        (status, &problem["code"]),
        (409, &json!("not_now")),
        "{problem}"
    );

    for (token, body) in [
        (&township, json!({ "action": "accept" })),
        (
            &township,
            json!({ "action": "note", "text": "内部备注：申请人情绪激动" }),
        ),
        (
            &township,
            json!({ "action": "assign", "lead": zfw, "co": [] }),
        ),
        (&dept, json!({ "action": "start" })),
        (
            &dept,
            json!({ "action": "reply", "text": "已约谈邻居，三日内清理。" }),
        ),
    ] {
        act(&app, &id, token, body).await;
    }
    let (_, replied) = track(&app, ZD, &code, "7777").await;
    assert_eq!(replied["status"], "replied");
    assert_eq!(replied["reply"], "已约谈邻居，三日内清理。");
    assert_eq!(replied["can_rate"], true);
    assert_eq!(
        steps(&replied),
        ["registered", "accepted", "assigned", "started", "replied"],
        "the note stays inside"
    );
    assert!(!replied.to_string().contains("内部备注"));

    // 不满意: back to the lead unit for redo, on both timelines.
    let (status, redo) = rate(&app, &code, "7777", "dissatisfied").await;
    assert_eq!(status, 200, "{redo}");
    assert_eq!(redo["status"], "in_progress");
    assert_eq!(redo["satisfaction"], "dissatisfied");
    assert_eq!(redo["reply"], Value::Null, "the next answer is on its way");
    assert_eq!(steps(&redo).last().unwrap(), "redo");
    let (_, case) = app
        .api(Method::GET, &format!("/grievances/{id}"), &dept, None)
        .await;
    assert_eq!(case["line"]["redo_count"], 1);
    let last = case["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["kind"].as_str(), last["actor"].as_str()),
        (Some("redo"), Some("群众"))
    );
    let (status, _) = rate(&app, &code, "7777", "satisfied").await;
    assert_eq!(status, 409, "once per reply");

    // 满意 after the second reply: followed up, and the dispatcher may close it.
    act(
        &app,
        &id,
        &dept,
        json!({ "action": "reply", "text": "杂物已清理完毕。" }),
    )
    .await;
    let (status, rated) = rate(&app, &code, "7777", "satisfied").await;
    assert_eq!(status, 200, "{rated}");
    assert_eq!(rated["status"], "followed_up");
    let (_, case) = app
        .api(Method::GET, &format!("/grievances/{id}"), &township, None)
        .await;
    assert!(
        case["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "close"),
        "{case}"
    );
    act(&app, &id, &township, json!({ "action": "close" })).await;
    let (_, closed) = track(&app, ZD, &code, "7777").await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["reply"], "杂物已清理完毕。");
    assert_eq!(
        steps(&closed)[5..],
        ["redo", "replied", "followed_up", "closed"]
    );
    let events = event::Entity::find()
        .filter(event::Column::GrievanceId.eq(uuid::Uuid::parse_str(&id).unwrap()))
        .filter(event::Column::Kind.eq(app::grievances::kinds::EventKind::FollowedUp))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(events.detail.as_deref(), Some("satisfied"));
    assert_eq!(events.actor_id, None);
}

/// Posts the county's page form; answers where it sends the browser.
async fn post_report(app: &TestApp, fields: &Value, files: Vec<(&str, Vec<u8>)>) -> String {
    let response = app
        .client
        .post(app.url("/c/130123/report"))
        .multipart(multipart_form(fields, files))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    crate::helpers::redirect(&response)
}

/// The value of the hidden `name` input in a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in page"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_pages_submit_track_rate_and_show_back_only_escaped_text() {
    let app = spawn().await;
    let landing = app.get_html("/").await;
    assert!(
        landing.contains("href=\"/c/130123/report\""),
        "linked from the county's entry"
    );

    let page = app.get_html("/c/130123/report").await;
    assert!(!page.contains(BUNDLE), "no island on the public form");
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let token = hidden(&page, "challenge");
    let (place, category) = place_and_category(&app).await;
    let script = "<script>alert('x')</script>";
    let mut fields = json!({
        "reporter_name": format!("王{script}"), "reporter_phone": "13912348888",
        "place_id": place, "category_id": category,
        "description": format!("井盖丢了</textarea>{script}<img src=x onerror=alert(1)>"),
        "challenge": token, "answer": "0",
    });

    // A wrong answer comes back refilled, escaped, without the phone.
    let back = post_report(&app, &fields, vec![]).await;
    assert!(
        back.starts_with("/c/130123/report?error=bad_challenge"),
        "{back}"
    );
    assert!(!back.contains("13912348888"), "{back}");
    let refilled = app.get_html(&back).await;
    assert!(!refilled.contains(script), "escaped, in the textarea too");
    assert!(refilled.contains("&lt;script&gt;"), "shown back as text");
    assert!(refilled.contains("验证题答案不对"));

    // The token carries its sum's numbers (`issued.a.b.nonce.signature`).
    let token = hidden(&refilled, "challenge");
    let parts: Vec<u32> = token
        .split('.')
        .skip(1)
        .take(2)
        .map(|n| n.parse().unwrap())
        .collect();
    fields["challenge"] = token.clone().into();
    fields["answer"] = (parts[0] + parts[1]).to_string().into();
    let done = post_report(&app, &fields, vec![("井盖.png", png())]).await;
    let code = done
        .strip_prefix("/c/130123/report/done?code=")
        .unwrap_or_else(|| panic!("{done}"))
        .to_owned();
    let done_page = app.get_html(&done).await;
    assert!(done_page.contains(&code));
    assert!(done_page.contains("href=\"/c/130123/track\""));

    // Staff answer in words that must stay text; a note and staff names stay inside.
    let id = case_id(&app, &code).await;
    let township = app.login(Some(ZD), "township").await;
    let name = township.body["user"]["display_name"]
        .as_str()
        .unwrap()
        .to_owned();
    let dept = app.login(Some(ZD), "dept").await.access;
    let zfw = zfw(&app).await;
    for (token, body) in [
        (
            &township.access,
            json!({ "action": "note", "text": "内部备注XYZ" }),
        ),
        (
            &township.access,
            json!({ "action": "assign", "lead": zfw, "co": [] }),
        ),
        (&dept, json!({ "action": "start" })),
        (&dept, json!({ "action": "reply", "text": "<b>已修复</b>" })),
    ] {
        act(&app, &id, token, body).await;
    }

    let track_page = format!("/c/130123/track?code={code}&phone_last4=8888");
    let html = app.get_html(&track_page).await;
    assert!(!html.contains(BUNDLE), "no island on the tracking page");
    assert!(html.contains("您反映的问题已登记。"));
    assert!(html.contains("已答复，请查看答复并评价。"));
    assert!(html.contains("&lt;b&gt;已修复&lt;/b&gt;") && !html.contains("<b>已修复"));
    assert!(html.contains("井盖丢了&lt;/textarea&gt;&lt;script&gt;") && !html.contains(script));
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("内部备注XYZ"), "internal notes stay inside");
    assert!(!html.contains(&name), "staff names stay inside");
    assert!(
        !html.contains("13912348888") && !html.contains("王&lt;"),
        "no personal data"
    );
    assert!(html.contains("name=\"satisfaction\""), "the rating form");

    let miss = app
        .get(&format!("/c/130123/track?code={code}&phone_last4=0000"))
        .await;
    assert_eq!(miss.status(), 404);
    let miss = miss.text().await.unwrap();
    assert!(miss.contains("没有查到") && !miss.contains("已修复"));
    let other = app
        .get(&format!("/c/130131/track?code={code}&phone_last4=8888"))
        .await;
    assert_eq!(other.status(), 404, "not through another county's page");

    let response = app
        .post_form(
            "/c/130123/track/rating",
            &[
                ("code", &code),
                ("phone_last4", "8888"),
                ("satisfaction", "fair"),
                ("comment", "还行"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let back = crate::helpers::redirect(&response);
    assert!(back.contains("done=rated"), "{back}");
    let rated = app.get_html(&back).await;
    assert!(rated.contains("感谢您的评价。"));
    assert!(rated.contains("基本满意"));
    assert!(!rated.contains("name=\"satisfaction\""), "rated once");
}
