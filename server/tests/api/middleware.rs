use crate::helpers::{BUNDLE, client, spawn_app, spawn_app_with, spawn_router};
use axum::{Router, routing::get};
use server::config::Config;
use std::time::Duration;

#[tokio::test]
async fn pages_allow_only_their_own_nonce() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(nonce.len() >= 16);
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert!(html.contains(&format!(r#"<style nonce="{nonce}">"#)));
    // No bundle since the landing's island went; Leptos's inline scripts carry the nonce.
    assert!(!html.contains(r#"type="module""#));
    assert!(html.contains(&format!(r#"<script nonce="{nonce}">"#)));

    // A fresh nonce each time.
    let again = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(csp, again);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/healthz", "/no/such/page"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(headers.contains_key("content-security-policy"), "{path}");
        assert!(
            !headers.contains_key("strict-transport-security"),
            "{path}: no HSTS over HTTP"
        );
    }
    assert_eq!(
        app.get("/healthz").await.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    );
}

#[tokio::test]
async fn hsts_and_secure_cookies_when_served_over_https() {
    let app = spawn_app_with(|c| c.public_url = "https://minqing.example.gov.cn".into()).await;
    let response = app.get("/healthz").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let response = app
        .post_form("/locale", &[("lang", "en"), ("next", "/")])
        .await;
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
}

#[tokio::test]
async fn pages_are_compressed_for_clients_that_accept_it() {
    let app = spawn_app().await;
    for encoding in ["br", "gzip"] {
        let response = app
            .client
            .get(app.url("/"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
}

#[tokio::test]
async fn the_bundle_is_served_precompressed_and_cached_for_good() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url(&format!("/pkg/{BUNDLE}.js")))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let body = response.bytes().await.unwrap();
    let on_disk = std::fs::read(app.site_root.join(format!("pkg/{BUNDLE}.js.br"))).unwrap();
    assert_eq!(body.as_ref(), on_disk.as_slice(), "the .br file as built");

    let missing = app.get("/pkg/minqing.nope.js").await;
    assert_eq!(missing.status(), 404);
    assert!(
        !missing.headers().contains_key("cache-control"),
        "a miss is not cached for a year"
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_they_are_read() {
    let app = spawn_app_with(|c| c.body_limit_bytes = 1024).await;
    let response = app
        .client
        .post(app.url("/locale"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("lang=en&next={}", "a".repeat(4096)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn a_panic_answers_500_without_details() {
    let router = Router::new().route(
        "/boom",
        get(|| async {
            if true {
                panic!("secret internal detail");
            }
        }),
    );
    let address = spawn_router(router, &Config::default()).await;
    let response = client()
        .get(format!("{address}/boom"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let body = response.text().await.unwrap();
    assert!(!body.contains("secret"), "{body}");
}

#[tokio::test]
async fn slow_requests_time_out() {
    let router = Router::new().route(
        "/slow",
        get(|| async { tokio::time::sleep(Duration::from_secs(30)).await }),
    );
    let config = Config {
        request_timeout_secs: 1,
        ..Config::default()
    };
    let address = spawn_router(router, &config).await;
    let response = client()
        .get(format!("{address}/slow"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 408);
}
