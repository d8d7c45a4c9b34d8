//! Signing in and out, tokens, sessions, throttling, CSRF: the authentication rules end to end.

use crate::helpers::{DEMO_PASSWORD, spawn_app, spawn_app_with};
use reqwest::Method;
use serde_json::json;

const ZD: Option<&str> = Some("130123");

#[tokio::test]
async fn a_county_user_signs_in_and_sees_themselves() {
    let app = spawn_app().await;
    let tokens = app.login(ZD, "Cadre").await; // usernames are case-insensitive
    assert_eq!(tokens.body["token_type"], "Bearer");
    assert!(tokens.body["expires_in"].as_u64().unwrap() <= 900);
    let (status, me) = app.api(Method::GET, "/me", &tokens.access, None).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["username"], "cadre");
    assert_eq!(me["role"], "village_cadre");
    assert_eq!(me["county"]["code"], "130123");
    assert_eq!(
        me["permissions"],
        json!([
            "org_view",
            "households_view",
            "households_manage",
            "personal_reveal",
            "visits_view",
            "visits_record",
            "grievances_view",
            "grievances_record"
        ])
    );
}

#[tokio::test]
async fn platform_accounts_sign_in_without_a_county_and_county_ones_only_with_theirs() {
    let app = spawn_app().await;
    let op = app.login(None, "operator").await;
    assert_eq!(op.body["user"]["role"], "platform_admin");
    assert!(op.body["user"]["county"].is_null());
    // A county account does not exist at the platform, nor in another county.
    assert_eq!(
        app.login_response(None, "admin", DEMO_PASSWORD)
            .await
            .status(),
        409
    );
    assert_eq!(
        app.login_response(ZD, "operator", DEMO_PASSWORD)
            .await
            .status(),
        409
    );
}

#[tokio::test]
async fn unknown_users_and_wrong_passwords_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong = app.login_response(ZD, "admin", "Wrong-password-1").await;
    let unknown = app.login_response(ZD, "nobody", "Wrong-password-1").await;
    let unknown_county = app
        .login_response(Some("999999"), "admin", DEMO_PASSWORD)
        .await;
    let (a, b, c) = (wrong.status(), unknown.status(), unknown_county.status());
    let (a_body, b_body, c_body) = (
        wrong.text().await.unwrap(),
        unknown.text().await.unwrap(),
        unknown_county.text().await.unwrap(),
    );
    assert_eq!(
        (a, b, c),
        (
            reqwest::StatusCode::CONFLICT,
            reqwest::StatusCode::CONFLICT,
            reqwest::StatusCode::CONFLICT
        )
    );
    assert_eq!(a_body, b_body);
    assert_eq!(a_body, c_body);
    assert!(a_body.contains("用户名或密码错误"), "{a_body}");
}

#[tokio::test]
async fn five_failures_throttle_that_account_only() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(
            app.login_response(ZD, "admin", "Wrong-password-1")
                .await
                .status(),
            409
        );
    }
    let throttled = app.login_response(ZD, "admin", DEMO_PASSWORD).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().contains_key("retry-after"));
    // Unknown names are throttled alike (no enumeration by timing out differently).
    for _ in 0..5 {
        app.login_response(ZD, "ghost", "Wrong-password-1").await;
    }
    assert_eq!(
        app.login_response(ZD, "ghost", "Wrong-password-1")
            .await
            .status(),
        429
    );
    // Nobody else is locked out: another account, and the same name in another county.
    app.login(ZD, "leader").await;
    app.login(Some("130131"), "admin").await;
}

#[tokio::test]
async fn one_address_is_limited_across_accounts() {
    let app = spawn_app_with(|c| c.ip_max_failures = 3).await;
    for name in ["a1", "a2", "a3"] {
        assert_eq!(
            app.login_response(ZD, name, "Wrong-password-1")
                .await
                .status(),
            409
        );
    }
    assert_eq!(
        app.login_response(ZD, "leader", DEMO_PASSWORD)
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_ends_the_session() {
    let app = spawn_app().await;
    let first = app.login(ZD, "admin").await;
    let refresh = |token: String| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/auth/refresh"))
                .json(&json!({ "refresh_token": token }))
                .send()
                .await
                .unwrap()
        }
    };
    let second = refresh(first.refresh.clone()).await;
    assert_eq!(second.status(), 200);
    let second: serde_json::Value = second.json().await.unwrap();
    let second_access = second["access_token"].as_str().unwrap().to_owned();
    assert_ne!(second["refresh_token"], first.refresh.as_str());
    assert_eq!(
        app.api(Method::GET, "/me", &second_access, None).await.0,
        200
    );

    // The first token again: someone copied it. Everything of this session stops working.
    assert_eq!(refresh(first.refresh.clone()).await.status(), 401);
    assert_eq!(
        app.api(Method::GET, "/me", &second_access, None).await.0,
        401
    );
    let newest = second["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(refresh(newest).await.status(), 401);
    // Garbage and forged county prefixes are refused too.
    assert_eq!(refresh("p.deadbeef".into()).await.status(), 401);
    assert_eq!(refresh("nonsense".into()).await.status(), 401);
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let app = spawn_app().await;
    let t = app.login(ZD, "admin").await;
    assert_eq!(
        app.api(Method::POST, "/auth/logout", &t.access, None)
            .await
            .0,
        204
    );
    assert_eq!(app.api(Method::GET, "/me", &t.access, None).await.0, 401);
}

#[tokio::test]
async fn bad_tokens_are_refused() {
    let app = spawn_app().await;
    let t = app.login(ZD, "admin").await;
    let [h, p, s]: [&str; 3] = t.access.split('.').collect::<Vec<_>>().try_into().unwrap();
    let none_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
    for bad in [
        format!("{none_header}.{p}."),
        format!("{h}.{p}.{}", s.chars().rev().collect::<String>()),
        format!("{h}.{}x.{s}", p),
        "".to_owned(),
    ] {
        let (status, body) = app.api(Method::GET, "/me", &bad, None).await;
        assert_eq!(status, 401, "{bad}: {body}");
        assert_eq!(body["type"], "urn:minqing:problem:unauthenticated");
    }
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = spawn_app().await;
    let t = app.login(ZD, "admin").await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let response = app
            .client
            .get(app.url("/api/v1/me"))
            .header("authorization", format!("{scheme} {}", t.access))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{scheme}");
    }
    // Another scheme is no bearer token.
    let basic = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", format!("Basic {}", t.access))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
}

#[tokio::test]
async fn an_idle_session_ends() {
    let app = spawn_app_with(|c| c.idle_timeout_minutes = 0).await;
    let t = app.login(ZD, "admin").await;
    assert_eq!(app.api(Method::GET, "/me", &t.access, None).await.0, 401);
}

#[tokio::test]
async fn my_account_changes_password_and_signs_out_other_devices() {
    let app = spawn_app().await;
    let phone = app.login(ZD, "cadre").await;
    let laptop = app.login(ZD, "cadre").await;
    let (status, sessions) = app
        .api(Method::GET, "/me/sessions", &phone.access, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(sessions["items"].as_array().unwrap().len(), 2);

    let weak = json!({ "current_password": DEMO_PASSWORD, "new_password": "short" });
    let (status, problem) = app
        .api(Method::POST, "/me/password", &phone.access, Some(weak))
        .await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["code"], "weak_password");
    let wrong = json!({ "current_password": "Not-it-123", "new_password": "Zhengding2027" });
    assert_eq!(
        app.api(Method::POST, "/me/password", &phone.access, Some(wrong))
            .await
            .0,
        422
    );

    let good = json!({ "current_password": DEMO_PASSWORD, "new_password": "Zhengding2027" });
    assert_eq!(
        app.api(Method::POST, "/me/password", &phone.access, Some(good))
            .await
            .0,
        204
    );
    assert_eq!(
        app.api(Method::GET, "/me", &phone.access, None).await.0,
        200
    );
    assert_eq!(
        app.api(Method::GET, "/me", &laptop.access, None).await.0,
        401
    );
    app.login_with(ZD, "cadre", "Zhengding2027").await;
    assert_eq!(
        app.login_response(ZD, "cadre", DEMO_PASSWORD)
            .await
            .status(),
        409
    );

    let third = app.login_with(ZD, "cadre", "Zhengding2027").await;
    let (status, ended) = app
        .api(Method::DELETE, "/me/sessions", &third.access, None)
        .await;
    assert_eq!((status, ended["ended"].as_u64()), (200, Some(2)));
    assert_eq!(
        app.api(Method::GET, "/me", &phone.access, None).await.0,
        401
    );
}

#[tokio::test]
async fn browser_sign_in_sets_http_only_cookies_and_cross_site_writes_are_refused() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/sign-in",
            &[
                ("county", "130123"),
                ("username", "admin"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let access = cookies
        .iter()
        .find(|c| c.starts_with("mq_at="))
        .expect("access cookie");
    assert!(
        access.contains("HttpOnly") && access.contains("SameSite=Lax"),
        "{access}"
    );
    assert!(cookies.iter().any(|c| c.starts_with("mq_rt=")));
    assert!(cookies.iter().any(|c| c.starts_with("mq_county=130123")));
    let jar: String = cookies
        .iter()
        .filter_map(|c| c.split(';').next())
        .collect::<Vec<_>>()
        .join("; ");

    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", &jar)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    // A write carrying the cookies from another site is refused; from this site it works.
    let evil = app
        .client
        .post(app.url("/api/v1/me/password"))
        .header("cookie", &jar)
        .header("origin", "https://evil.example")
        .json(&json!({ "current_password": DEMO_PASSWORD, "new_password": "Hijacked2026" }))
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), 403);
    let fetch_site = app
        .client
        .post(app.url("/sign-out"))
        .header("cookie", &jar)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_site.status(), 403);
    let out = app
        .client
        .post(app.url("/sign-out"))
        .header("cookie", &jar)
        .header("origin", app.address.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", &jar)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
}

#[tokio::test]
async fn a_browser_with_only_a_refresh_cookie_is_refreshed_transparently() {
    let app = spawn_app().await;
    let t = app.login(ZD, "admin").await;
    let response = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("mq_rt={}", t.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let set: Vec<_> = response.headers().get_all("set-cookie").iter().collect();
    assert_eq!(set.len(), 2, "new access and refresh cookies");
}

#[tokio::test]
async fn wrong_password_on_the_form_redirects_with_one_error() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/sign-in",
            &[
                ("county", "130123"),
                ("username", "admin"),
                ("password", "nope-nope-1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        crate::helpers::without_kept(&response),
        "/sign-in?county=130123&error=credentials"
    );
}

#[tokio::test]
async fn a_suspended_county_answers_every_sign_in_alike() {
    let app = spawn_app().await;
    let op = app.login(None, "operator").await;
    let (status, _) = app
        .api(Method::POST, "/counties/130131/suspend", &op.access, None)
        .await;
    assert_eq!(status, 200);
    let ps = Some("130131");
    // Over the API: right password, wrong password, unknown user — one answer.
    let mut answers = Vec::new();
    for (user, password) in [
        ("admin", DEMO_PASSWORD),
        ("admin", "Wrong-password-1"),
        ("nobody-here", "Wrong-password-1"),
    ] {
        let response = app.login_response(ps, user, password).await;
        let status = response.status().as_u16();
        answers.push((status, response.text().await.unwrap()));
    }
    assert_eq!(answers[0].0, 409);
    assert!(
        answers[0].1.contains("county_suspended"),
        "{}",
        answers[0].1
    );
    assert_eq!(answers[1], answers[0]);
    assert_eq!(answers[2], answers[0]);
    // Over the form: the same redirect for each.
    let mut locations = Vec::new();
    for (user, password) in [
        ("admin", DEMO_PASSWORD),
        ("admin", "Wrong-password-1"),
        ("nobody-here", "Wrong-password-1"),
    ] {
        let response = app
            .post_form(
                "/sign-in",
                &[
                    ("county", "130131"),
                    ("username", user),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
        assert!(response.headers().get("set-cookie").is_none());
        locations.push(crate::helpers::without_kept(&response));
    }
    assert_eq!(locations[0], "/sign-in?county=130131&error=suspended");
    assert_eq!(locations[1], locations[0]);
    assert_eq!(locations[2], locations[0]);
}

#[tokio::test]
async fn a_cross_site_sign_in_form_post_is_refused_and_sets_no_cookie() {
    let app = spawn_app().await;
    let form = [
        ("county", "130123"),
        ("username", "admin"),
        ("password", DEMO_PASSWORD),
    ];
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let response = app
            .client
            .post(app.url("/sign-in"))
            .header(header, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{header}: {value}");
        assert!(
            response.headers().get("set-cookie").is_none(),
            "{header}: {value}"
        );
    }
    // The site's own form still signs in.
    for (header, value) in [
        ("origin", app.address.as_str()),
        ("sec-fetch-site", "same-origin"),
    ] {
        let response = app
            .client
            .post(app.url("/sign-in"))
            .header(header, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{header}: {value}");
        assert!(response.headers().get("set-cookie").is_some());
    }
}

/// A sign-in through the API as seen from `ip` (the server trusts `X-Forwarded-For` here).
async fn login_from(
    app: &crate::helpers::TestApp,
    ip: &str,
    username: &str,
    password: &str,
) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", ip)
        .json(&json!({ "county": "130123", "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_attacker_at_one_address_is_slowed_but_cannot_keep_the_owner_out() {
    let app = spawn_app_with(|c| c.trust_proxy = true).await;
    let attacker = "203.0.113.9";
    for _ in 0..5 {
        assert_eq!(
            login_from(&app, attacker, "admin", "Wrong-password-1")
                .await
                .status(),
            409
        );
    }
    // The attacker now waits, even with the right password …
    for password in ["Wrong-password-2", DEMO_PASSWORD] {
        let throttled = login_from(&app, attacker, "admin", password).await;
        assert_eq!(throttled.status(), 429);
        let wait: u64 = throttled.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=30).contains(&wait), "{wait}");
    }
    // … while the owner, at an address that has not failed, signs in; even after a slip.
    let owner = "198.51.100.7";
    assert_eq!(
        login_from(&app, owner, "admin", "Wrong-password-1")
            .await
            .status(),
        409
    );
    let response = login_from(&app, owner, "admin", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 200);
    // The attacker is still held back.
    assert_eq!(
        login_from(&app, attacker, "admin", DEMO_PASSWORD)
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn guessing_spread_over_many_addresses_slows_strangers_but_not_the_owners_known_address() {
    let app = spawn_app_with(|c| {
        c.trust_proxy = true;
        c.sign_in_spread_failures = 3;
    })
    .await;
    let office = "198.51.100.20";
    assert_eq!(
        login_from(&app, office, "leader", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
    for ip in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        assert_eq!(
            login_from(&app, ip, "leader", "Wrong-password-1")
                .await
                .status(),
            409
        );
    }
    let stranger = login_from(&app, "203.0.113.4", "leader", DEMO_PASSWORD).await;
    assert_eq!(stranger.status(), 429);
    assert!(stranger.headers().contains_key("retry-after"));
    assert_eq!(
        login_from(&app, office, "leader", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
}
