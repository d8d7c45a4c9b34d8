//! Requests the API cannot read: every one answers problem+json with a Chinese `detail` that
//! names the field (English with `Accept-Language: en`), never axum's plain text.

use crate::helpers::{TestApp, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The route's path with each `{param}` filled: codes where the route names a county, an
/// unknown id everywhere else (the body is read before anything is looked up).
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| match seg {
            "{county_code}" | "{code}" => "130123".to_owned(),
            "{file}" | "{kind}" => "org".to_owned(),
            s if s.starts_with('{') => uuid::Uuid::now_v7().to_string(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every JSON operation of the OpenAPI document: (method, path, required fields).
async fn json_operations(app: &TestApp) -> Vec<(Method, String, Vec<String>)> {
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(schema) =
                op["requestBody"]["content"]["application/json"]["schema"].as_object()
            else {
                continue;
            };
            let required = schema["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_owned())
                .collect();
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            out.push((method, concrete(path), required));
        }
    }
    assert!(
        out.len() > 20,
        "the document lists the JSON routes: {}",
        out.len()
    );
    out
}

struct Answer {
    status: u16,
    content_type: String,
    body: Value,
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    content_type: &str,
    body: String,
    language: &str,
) -> Answer {
    let response = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("content-type", content_type)
        .header("accept-language", language)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        content_type,
        body,
    }
}

#[tokio::test]
async fn every_json_route_answers_a_malformed_body_with_a_chinese_problem() {
    let app = spawn_app().await;
    let admin = app.login(Some("130123"), "admin").await.access;
    for (method, path, _) in json_operations(&app).await {
        let answer = send(
            &app,
            method.clone(),
            &path,
            &admin,
            "application/json",
            "{\"a\": ".into(),
            "zh-CN",
        )
        .await;
        let what = format!("{method} {path}: {} {}", answer.status, answer.body);
        assert_eq!(answer.status, 400, "{what}");
        assert_eq!(answer.content_type, "application/problem+json", "{what}");
        assert_eq!(answer.body["errors"][0]["field"], "body", "{what}");
        assert_eq!(answer.body["errors"][0]["code"], "malformed_json", "{what}");
        assert!(
            has_chinese(answer.body["detail"].as_str().unwrap()),
            "{what}"
        );
    }
}

#[tokio::test]
async fn every_json_route_names_the_field_whose_value_it_cannot_take() {
    let app = spawn_app().await;
    let admin = app.login(Some("130123"), "admin").await.access;
    for (method, path, required) in json_operations(&app).await {
        // Every required field gets a value no route takes: an object.
        let body: serde_json::Map<String, Value> = required
            .iter()
            .map(|f| (f.clone(), json!({ "by_pigeon": true })))
            .collect();
        let answer = send(
            &app,
            method.clone(),
            &path,
            &admin,
            "application/json",
            Value::Object(body).to_string(),
            "zh-CN",
        )
        .await;
        let what = format!("{method} {path}: {} {}", answer.status, answer.body);
        assert!(
            [400, 422].contains(&answer.status),
            "a value of the wrong kind is refused: {what}"
        );
        assert_eq!(answer.content_type, "application/problem+json", "{what}");
        let detail = answer.body["detail"].as_str().unwrap();
        assert!(has_chinese(detail), "{what}");
        let field = answer.body["errors"][0]["field"]
            .as_str()
            .unwrap_or_default();
        assert!(
            required
                .iter()
                .any(|f| field == f || field.starts_with(&format!("{f}."))),
            "the problem names a field of the body: {what}"
        );
    }
}

#[tokio::test]
async fn an_unknown_value_missing_field_and_wrong_type_are_named_in_both_languages() {
    let app = spawn_app().await;
    let cadre = app.login(Some("130123"), "cadre").await.access;
    let household = uuid::Uuid::now_v7().to_string();
    let pigeon = json!({ "household_id": household, "mode": "by_pigeon", "met": true, "submission_key": uuid::Uuid::now_v7() });
    let answer = send(
        &app,
        Method::POST,
        "/api/v1/visits",
        &cadre,
        "application/json",
        pigeon.to_string(),
        "zh-CN",
    )
    .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert_eq!(answer.content_type, "application/problem+json");
    assert_eq!(answer.body["type"], "urn:minqing:problem:malformed");
    assert_eq!(answer.body["errors"][0]["field"], "mode");
    assert_eq!(answer.body["errors"][0]["code"], "unknown_value");
    let detail = answer.body["detail"].as_str().unwrap();
    assert!(detail.contains("mode") && has_chinese(detail), "{detail}");

    let english = send(
        &app,
        Method::POST,
        "/api/v1/visits",
        &cadre,
        "application/json",
        pigeon.to_string(),
        "en",
    )
    .await;
    let detail = english.body["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("Field mode:") && !has_chinese(detail),
        "{detail}"
    );

    let missing =
        json!({ "household_id": household, "met": true, "submission_key": uuid::Uuid::now_v7() });
    let answer = send(
        &app,
        Method::POST,
        "/api/v1/visits",
        &cadre,
        "application/json",
        missing.to_string(),
        "zh-CN",
    )
    .await;
    assert_eq!(
        (answer.status, answer.body["errors"][0]["field"].as_str()),
        (422, Some("mode")),
        "{}",
        answer.body
    );
    assert_eq!(answer.body["errors"][0]["code"], "required");

    let wrong = json!({ "household_id": household, "mode": "door", "met": "yes", "submission_key": uuid::Uuid::now_v7() });
    let answer = send(
        &app,
        Method::POST,
        "/api/v1/visits",
        &cadre,
        "application/json",
        wrong.to_string(),
        "zh-CN",
    )
    .await;
    assert_eq!(
        (answer.status, answer.body["errors"][0]["field"].as_str()),
        (422, Some("met")),
        "{}",
        answer.body
    );
    assert_eq!(answer.body["errors"][0]["code"], "bad_type");
}

#[tokio::test]
async fn axums_own_rejections_are_problems_too() {
    let app = spawn_app().await;
    let admin = app.login(Some("130123"), "admin").await.access;
    let problem = |a: &Answer, status: u16, code: &str| {
        assert_eq!(a.status, status, "{}", a.body);
        assert_eq!(a.content_type, "application/problem+json", "{}", a.body);
        assert!(
            has_chinese(a.body["detail"].as_str().unwrap()),
            "{}",
            a.body
        );
        if !code.is_empty() {
            assert_eq!(a.body["errors"][0]["code"], code, "{}", a.body);
        }
    };
    // A path segment that is no id.
    let a = send(
        &app,
        Method::GET,
        "/api/v1/households/not-a-uuid",
        &admin,
        "application/json",
        String::new(),
        "zh-CN",
    )
    .await;
    problem(&a, 400, "bad_id");
    assert_eq!(a.body["errors"][0]["field"], "id");
    // A query parameter of the wrong form.
    let a = send(
        &app,
        Method::GET,
        "/api/v1/households?limit=many",
        &admin,
        "application/json",
        String::new(),
        "zh-CN",
    )
    .await;
    problem(&a, 400, "bad_value");
    assert_eq!(a.body["errors"][0]["field"], "limit");
    // Not JSON at all.
    let a = send(
        &app,
        Method::POST,
        "/api/v1/households",
        &admin,
        "text/plain",
        "{}".into(),
        "zh-CN",
    )
    .await;
    problem(&a, 415, "not_json");
    // A method the route does not have: still says which it has.
    let response = app
        .client
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert!(response.headers().contains_key("allow"));
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    // A body over the limit (1 MiB by default).
    let big = format!("{{\"head_name\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let a = send(
        &app,
        Method::POST,
        "/api/v1/households",
        &admin,
        "application/json",
        big,
        "zh-CN",
    )
    .await;
    problem(&a, 413, "");
    // A bare rejection re-rendered as a problem is not labelled with the compression the
    // original body had.
    let response = app
        .client
        .post(app.url("/api/v1/org-units/import"))
        .bearer_auth(&admin)
        .header("content-type", "multipart/form-data")
        .header("accept-encoding", "gzip")
        .header("accept-language", "en")
        .body("x".repeat(100))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(!response.headers().contains_key("content-encoding"));
    let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(body["status"], 400, "{body}");
    // An unknown route.
    let a = send(
        &app,
        Method::GET,
        "/api/v1/no-such-thing",
        &admin,
        "application/json",
        String::new(),
        "en",
    )
    .await;
    assert_eq!(
        (a.status, a.content_type.as_str()),
        (404, "application/problem+json")
    );
    assert_eq!(
        a.body["detail"], "Not found, or not yours to see.",
        "{}",
        a.body
    );
}
