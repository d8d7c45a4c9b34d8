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
