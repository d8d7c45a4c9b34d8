//! What a request may carry: free-text filters and lists in bodies have documented maxima and
//! answer 422 beyond them (never a 500 from the database), and a reference the caller cannot
//! see is refused, never ignored.

use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn an_overlong_search_is_refused_and_wildcards_match_literally() {
    let app = spawn_app().await;
    let admin = app.login(Some("130123"), "admin").await.access;
    let long = "a".repeat(50_001);
    for route in ["/households", "/users"] {
        let response = app
            .client
            .get(app.url(&format!("/api/v1{route}")))
            .query(&[("q", long.as_str())])
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{route}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], "q", "{body}");
        assert_eq!(body["errors"][0]["code"], "too_long", "{body}");
    }
    let (status, tag) = app
        .api(
            Method::GET,
            &format!("/households?tag={}", "a".repeat(65)),
            &admin,
            None,
        )
        .await;
    assert_eq!(
        (status, &tag["errors"][0]["field"]),
        (422, &json!("tag")),
        "{tag}"
    );
    // `%` and `_` are what they look like, not "anything".
    let (status, all) = app
        .api(Method::GET, "/households?limit=5", &admin, None)
        .await;
    assert_eq!(status, 200);
    assert!(!all["items"].as_array().unwrap().is_empty());
    for wildcard in ["%25", "_", "%25%25"] {
        let (status, found) = app
            .api(
                Method::GET,
                &format!("/households?q={wildcard}"),
                &admin,
                None,
            )
            .await;
        assert_eq!(status, 200, "{found}");
        assert!(
            found["items"].as_array().unwrap().is_empty(),
            "q={wildcard}: {found}"
        );
        let (_, users) = app
            .api(Method::GET, &format!("/users?q={wildcard}"), &admin, None)
            .await;
        assert!(
            users["items"].as_array().unwrap().is_empty(),
            "q={wildcard}: {users}"
        );
    }
}

#[tokio::test]
async fn a_household_with_thousands_of_members_is_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = app.login(Some("130123"), "admin").await.access;
    let village = app.unit_id("130123", "130123100201").await;
    let (_, before) = app
        .api(
            Method::GET,
            &format!("/households?unit={village}&limit=500"),
            &admin,
            None,
        )
        .await;
    let members: Vec<Value> = (0..4_000)
        .map(|i| json!({ "name": format!("成员{i}") }))
        .collect();
    let (status, body) = app
        .api(
            Method::POST,
            "/households",
            &admin,
            Some(json!({ "village_id": village, "head_name": "王大户", "members": members })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "members");
    assert_eq!(body["errors"][0]["code"], "too_many");
    let (_, after) = app
        .api(
            Method::GET,
            &format!("/households?unit={village}&limit=500"),
            &admin,
            None,
        )
        .await;
    assert_eq!(before["items"], after["items"]);
    // At the limit it is taken.
    let members: Vec<Value> = (0..50)
        .map(|i| json!({ "name": format!("成员{i}") }))
        .collect();
    let (status, body) = app
        .api(
            Method::POST,
            "/households",
            &admin,
            Some(json!({ "village_id": village, "head_name": "王大户", "members": members })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn a_visit_naming_another_countys_task_is_refused_and_not_recorded() {
    let app = spawn_app().await;
    let cadre = app.login(Some("130123"), "cadre").await.access;
    let foreign_cadre = app.login(Some("130131"), "cadre").await.access;
    let (_, theirs) = app
        .api(Method::GET, "/tasks?status=open", &foreign_cadre, None)
        .await;
    let foreign_task = theirs["items"][0]["id"]
        .as_str()
        .expect("a task over there")
        .to_owned();
    let (_, mine) = app
        .api(Method::GET, "/tasks?status=open", &cadre, None)
        .await;
    let own_task = &mine["items"][0];
    let household = own_task["household_id"].as_str().unwrap().to_owned();
    for task in [foreign_task.clone(), uuid::Uuid::now_v7().to_string()] {
        let (status, body) = app
            .api(
                Method::POST,
                "/visits",
                &cadre,
                Some(json!({
                    "household_id": household, "task_id": task, "mode": "in_person", "met": false,
                    "submission_key": uuid::Uuid::now_v7(),
                })),
            )
            .await;
        assert_eq!(status, 404, "{body}");
        assert_eq!(body["type"], "urn:minqing:problem:not_found");
    }
    let (_, visits) = app
        .api(
            Method::GET,
            &format!("/visits?household={household}"),
            &cadre,
            None,
        )
        .await;
    assert!(visits["items"].as_array().unwrap().is_empty(), "{visits}");
    // The foreign task is untouched.
    let (_, task) = app
        .api(
            Method::GET,
            &format!("/tasks/{foreign_task}"),
            &foreign_cadre,
            None,
        )
        .await;
    assert_eq!(task["status"], "open", "{task}");
}
