//! The field's entry points and screens over plain HTTP: picking a household for a
//! must-visit event, the visit's success screen that turns a concern into a case, the
//! cadre's home (progress, counts per kind, the rest folded) and workbench, and which pages
//! carry the browser bundle (none but those with islands).
//!
//! Fixture (the demo seed): the demo cadre sits at 正定镇's community (130123100001), paired
//! with its 12 households; one county-wide winter campaign is open.

use crate::helpers::{TestApp, html, page, spawn_app};
use reqwest::Method;
use serde_json::Value;

const ZD: Option<&str> = Some("130123");
const HOME: &str = "130123100001";

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

#[tokio::test]
async fn the_must_visit_form_without_a_household_offers_the_household_search() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = html(&app, &cadre, "/visits").await;
    assert!(
        home.contains(r#"href="/visits/trigger""#),
        "the home leads there"
    );

    let picker = html(&app, &cadre, "/visits/trigger").await;
    assert!(!picker.contains("没有找到该记录"), "{picker}");
    assert!(
        picker.contains(r#"action="/visits/trigger""#) && picker.contains(r#"name="q""#),
        "a search that stays on this page"
    );
    let list = households(&app, &cadre, &app.unit_id("130123", HOME).await).await;
    let head = list[3]["head_name"].as_str().unwrap();
    let id = list[3]["id"].as_str().unwrap();
    let q: String = form_urlencoded::byte_serialize(head.as_bytes()).collect();
    let found = html(&app, &cadre, &format!("/visits/trigger?q={q}")).await;
    assert!(
        found.contains(&format!(r#"href="/visits/trigger?household={id}""#)),
        "{found}"
    );
    let form = html(&app, &cadre, &format!("/visits/trigger?household={id}")).await;
    assert!(form.contains(r#"name="household_id""#) && form.contains(head));
    // A household that is none is still not found.
    let (status, _, _) = page(&app, &cadre, "/visits/trigger?household=nope").await;
    assert_eq!(status, 404);
}

/// Posts the visit form as a browser does (multipart); answers the status and the redirect's
/// location, or the JSON body when `json` asks for it.
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
async fn the_visit_recorded_screen_offers_each_concern_as_a_case() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let list = households(&app, &cadre, &app.unit_id("130123", HOME).await).await;
    let h = list[4]["id"].as_str().unwrap();
    let key = uuid::Uuid::now_v7().to_string();
    let fields = [
        ("household_id", h),
        ("submission_key", key.as_str()),
        ("mode", "in_person"),
        ("met", "1"),
        ("attitude", "satisfied"),
        ("concerns", "村口路灯不亮\n低保申请没有回音"),
    ];
    let (status, location) = post_visit_form(&app, &cadre, &fields, false).await;
    assert_eq!(status, 303);
    let visit = location
        .strip_prefix("/visits/")
        .and_then(|l| l.strip_suffix("/recorded?done=visit_recorded"))
        .unwrap_or_else(|| panic!("to the success screen: {location}"))
        .to_owned();
    let screen = html(&app, &cadre, &location).await;
    assert!(screen.contains("走访已记录") && screen.contains("村口路灯不亮"));
    assert!(!screen.contains("/pkg/"), "no bundle on a village page");
    let forms: Vec<&str> = screen.split(r#"action="/concerns/"#).skip(1).collect();
    assert_eq!(forms.len(), 2, "one form per concern: {screen}");
    let concern = forms[0].split('/').next().unwrap();
    let back = format!("/visits/{visit}/recorded");
    assert!(
        forms[0].contains(&format!(r#"value="{back}""#)),
        "back here"
    );
    assert!(
        forms[0].contains(r#"name="category_id""#),
        "the category is chosen here"
    );

    // A refusal (no category) comes back here; with one, the case takes the concern's text.
    let refused = crate::helpers::post(
        &app,
        &cadre,
        &format!("/concerns/{concern}/grievance"),
        &[("back", &back), ("category_id", "")],
    )
    .await;
    assert!(refused.starts_with(&format!("{back}?error=")), "{refused}");
    let (_, cats) = app.api(Method::GET, "/categories", &cadre, None).await;
    let cat = cats["items"][0]["id"].as_str().unwrap();
    let made = crate::helpers::post(
        &app,
        &cadre,
        &format!("/concerns/{concern}/grievance"),
        &[("back", &back), ("category_id", cat)],
    )
    .await;
    let case = made
        .strip_prefix("/grievances/")
        .and_then(|l| l.strip_suffix("?done=case_registered"))
        .unwrap_or_else(|| panic!("{made}"));
    let (_, body) = app
        .api(Method::GET, &format!("/grievances/{case}"), &cadre, None)
        .await;
    assert!(
        body["description"]
            .as_str()
            .unwrap_or_default()
            .contains("村口路灯不亮"),
        "{body}"
    );
    let screen = html(&app, &cadre, &back).await;
    assert!(screen.contains(&format!(r#"href="/grievances/{case}""#)));
    assert_eq!(screen.split(r#"action="/concerns/"#).count(), 2, "one left");

    // With the page's script the answer names the same screen; a visit without concerns
    // goes home as before.
    let key = uuid::Uuid::now_v7().to_string();
    let h = list[5]["id"].as_str().unwrap();
    let mut fields = fields;
    fields[0].1 = h;
    fields[1].1 = &key;
    let (status, body) = post_visit_form(&app, &cadre, &fields, true).await;
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    let next = body["next"].as_str().unwrap();
    assert_eq!(
        next,
        format!("/visits/{}/recorded", body["visit"].as_str().unwrap())
    );
    let key = uuid::Uuid::now_v7().to_string();
    let quiet = [
        ("household_id", list[6]["id"].as_str().unwrap()),
        ("submission_key", key.as_str()),
        ("mode", "phone"),
        ("met", "0"),
    ];
    let (_, body) = post_visit_form(&app, &cadre, &quiet, true).await;
    assert!(serde_json::from_str::<Value>(&body).unwrap()["next"].is_null());
}

/// The part of `page` from the heading `title` to the next section's end.
fn section<'a>(page: &'a str, title: &str) -> &'a str {
    let start = page
        .find(&format!("<h2>{title}</h2>"))
        .unwrap_or_else(|| panic!("section {title}: {page}"));
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[tokio::test]
async fn the_cadres_home_shows_progress_and_counts_and_folds_the_rest() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = html(&app, &cadre, "/visits").await;
    // The figure first: households met of the cadre's own in the open campaign.
    let (_, me) = app.api(Method::GET, "/me", &cadre, None).await;
    let me = me["id"].as_str().unwrap_or_else(|| panic!("{me}"));
    let (_, tasks) = app
        .api(
            Method::GET,
            &format!("/tasks?kind=campaign&assignee={me}&limit=500"),
            &cadre,
            None,
        )
        .await;
    let mine: Vec<&Value> = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] != "cancelled")
        .collect();
    let met = mine.iter().filter(|t| t["met"] == true).count();
    let figure = format!("{met}/{} 户已见面", mine.len());
    assert!(
        home.contains("冬季入户大走访") && home.contains(&figure),
        "{figure}: {home}"
    );
    let open_campaign = mine.iter().filter(|t| t["status"] == "open").count();
    assert!(home.contains(&format!("走访 {open_campaign} 项")), "{home}");
    let (_, triggers) = app
        .api(
            Method::GET,
            &format!("/tasks?kind=trigger&status=open&assignee={me}"),
            &cadre,
            None,
        )
        .await;
    let must = triggers["items"].as_array().unwrap().len();
    assert!(
        must > 0 && home.contains(&format!("必访 {must} 项")),
        "the seeded must-visits"
    );

    // Nearest first, five as cards, the rest folded.
    let upcoming = section(&home, "即将到期");
    let (shown, folded) = upcoming
        .split_once(r#"<details class="fold">"#)
        .expect("a fold");
    assert_eq!(shown.matches(r#"<li class="card"#).count(), 5);
    let rest = folded.matches(r#"<li class="card"#).count();
    assert!(folded.contains(&format!("其余 {rest} 项")), "{folded}");
    let dues: Vec<&str> = upcoming
        .split(r#"<span class="due">"#)
        .skip(1)
        .map(|d| d.split('<').next().unwrap().rsplit(' ').next().unwrap())
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "nearest first");

    // A met visit moves the figure.
    let task = mine.iter().find(|t| t["met"] == false).unwrap();
    let (status, _) = app
        .api(
            Method::POST,
            "/visits",
            &cadre,
            Some(serde_json::json!({
                "household_id": task["household_id"], "task_id": task["id"],
                "mode": "in_person", "met": true, "attitude": "satisfied", "met_whom": "户主",
                "submission_key": uuid::Uuid::now_v7(),
            })),
        )
        .await;
    assert_eq!(status, 201);
    let home = html(&app, &cadre, "/visits").await;
    assert!(home.contains(&format!("{}/{} 户已见面", met + 1, mine.len())));
}

#[tokio::test]
async fn the_workbench_shows_only_tiles_the_caller_can_use() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let bench = html(&app, &cadre, "/").await;
    assert!(bench.contains(r#"href="/households""#), "{bench}");
    assert!(
        !bench.contains(r#"href="/org""#),
        "an org tree of one village"
    );
    assert!(
        !bench.contains(r#"href="/imports""#),
        "households are imported from their page"
    );
    let registry = html(&app, &cadre, "/households").await;
    assert!(
        registry.contains(r#"href="/imports""#),
        "the cadre still imports households"
    );
    let township = app.login(ZD, "township").await.access;
    let bench = html(&app, &township, "/").await;
    assert!(bench.contains(r#"href="/org""#) && bench.contains(r#"href="/imports""#));
}
