//! Two-factor sign-in end to end: set-up over the API and on "My account", the code step after
//! the password (API and form), wrong codes throttled like passwords, a code good only once,
//! recovery codes good once each, the grace period and then enforcement, an admin's reset
//! within reach only, the audit rows, and the secret at rest.

use crate::helpers::{DEMO_PASSWORD, TestApp, redirect, spawn_app};
use app::audit::entity as audit_event;
use app::auth::second_factor::{codes, entity::second_factor};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ZD: Option<&str> = Some("130123");

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// RFC 4648 base32 (no padding), as in an otpauth URI.
fn base32(text: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut acc, mut out) = (0u32, 0u64, Vec::new());
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = A.iter().position(|a| *a == c).expect("base32") as u64;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn secret_of(uri: &str) -> Vec<u8> {
    let secret = uri
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("secret="))
        .expect("secret in the uri");
    base32(secret)
}

fn code(secret: &[u8], at: u64) -> String {
    codes::code_at(secret, at).unwrap()
}

/// Sets up two-step verification for a signed-in account over the API; its secret and
/// recovery codes. The confirming code is the one of `t0`'s step.
async fn enrol(app: &TestApp, token: &str, t0: u64) -> (Vec<u8>, Vec<String>) {
    let (status, body) = app
        .api(Method::POST, "/me/second-factor", token, None)
        .await;
    assert_eq!(status, 200, "{body}");
    let uri = body["pending"]["otpauth_uri"].as_str().unwrap().to_owned();
    assert!(
        uri.starts_with("otpauth://totp/%E6%B0%91%E6%83%85:"),
        "issuer 民情: {uri}"
    );
    let secret = secret_of(&uri);
    let (status, body) = app
        .api(
            Method::POST,
            "/me/second-factor/confirm",
            token,
            Some(json!({ "code": code(&secret, t0) })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let recovery: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    (secret, recovery)
}

/// The password step of an enrolled account: its challenge.
async fn challenge(app: &TestApp, county: Option<&str>, username: &str) -> String {
    let response = app.login_response(county, username, DEMO_PASSWORD).await;
    assert_eq!(response.status(), 202, "a code must follow");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["second_factor_required"], true);
    assert!(
        body.get("access_token").is_none(),
        "no session before the code"
    );
    body["challenge"].as_str().unwrap().to_owned()
}

async fn second_step(app: &TestApp, challenge: &str, code: &str) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/auth/second-factor"))
        .json(&json!({ "challenge": challenge, "code": code }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn audited(app: &TestApp, action: &str, outcome: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .filter(audit_event::Column::Outcome.eq(outcome))
        .count(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_enrolled_admin_needs_a_current_code_and_each_code_works_once() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    assert!(
        admin.body["second_factor_deadline"].is_string(),
        "within the grace period the sign-in says until when: {}",
        admin.body
    );
    let t0 = now();
    let (secret, _) = enrol(&app, &admin.access, t0).await;
    let (_, status) = app
        .api(Method::GET, "/me/second-factor", &admin.access, None)
        .await;
    assert_eq!(status["enrolled"], true);
    assert_eq!(status["recovery_codes_left"], 10);

    let first = challenge(&app, ZD, "admin").await;
    // The step the confirmation used is spent: its code does not open a session.
    let (status, body) = second_step(&app, &first, &code(&secret, t0)).await;
    assert_eq!(status, 422, "replayed: {body}");
    assert_eq!(body["errors"][0]["code"], "wrong_second_factor");
    let (status, body) = second_step(&app, &first, &code(&secret, t0 + 30)).await;
    assert_eq!(
        status, 200,
        "the next step's code, within one step of skew: {body}"
    );
    let access = body["access_token"].as_str().unwrap().to_owned();
    let (status, me) = app.api(Method::GET, "/me", &access, None).await;
    assert_eq!((status, me["username"].as_str()), (200, Some("admin")));
    assert!(body.get("second_factor_deadline").is_none());

    // The challenge was spent, and the same code again is a replay.
    let (status, _) = second_step(&app, &first, &code(&secret, t0 + 30)).await;
    assert_eq!(status, 401, "a challenge works once");
    let again = challenge(&app, ZD, "admin").await;
    let (status, _) = second_step(&app, &again, &code(&secret, t0 + 30)).await;
    assert_eq!(status, 422, "a code works once");
    // Two steps away is outside the skew.
    let (status, _) = second_step(&app, &again, &code(&secret, t0 + 90)).await;
    assert_eq!(status, 422);
    let (status, _) = second_step(&app, "forged.challenge", &code(&secret, t0)).await;
    assert_eq!(status, 401);

    assert_eq!(audited(&app, "second_factor_enrol", "success").await, 1);
    assert_eq!(audited(&app, "second_factor_verify", "success").await, 1);
    assert_eq!(audited(&app, "second_factor_verify", "failure").await, 3);

    // At rest: sealed, neither the key nor its bytes in the row.
    let row = second_factor::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let typed: String = codes::enrolment(&secret, "x").unwrap().secret_base32;
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    assert!(row.secret.starts_with("v1."), "{}", row.secret);
    assert!(!row.secret.contains(&typed) && !row.secret.to_lowercase().contains(&hex));
    assert!(row.last_step.is_some());
}

#[tokio::test]
async fn wrong_codes_are_throttled_like_passwords() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let t0 = now();
    let (secret, _) = enrol(&app, &admin.access, t0).await;
    let step = challenge(&app, ZD, "admin").await;
    for _ in 0..5 {
        let (status, _) = second_step(&app, &step, "000000").await;
        assert_eq!(status, 422);
    }
    let response = app
        .client
        .post(app.url("/api/v1/auth/second-factor"))
        .json(&json!({ "challenge": step, "code": code(&secret, t0 + 30) }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        429,
        "slowed down, even with the right code"
    );
    assert!(response.headers().contains_key("retry-after"));
    // The same count holds back the password step from this address.
    let response = app.login_response(ZD, "admin", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn a_recovery_code_works_once_and_the_form_path_asks_for_the_code() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let (_, recovery) = enrol(&app, &admin.access, now()).await;

    let step = challenge(&app, ZD, "admin").await;
    let (status, body) = second_step(&app, &step, &recovery[0].to_uppercase()).await;
    assert_eq!(status, 200, "{body}");
    let step = challenge(&app, ZD, "admin").await;
    let (status, _) = second_step(&app, &step, &recovery[0]).await;
    assert_eq!(status, 422, "used up");
    assert_eq!(audited(&app, "recovery_code_use", "success").await, 1);
    assert_eq!(audited(&app, "recovery_code_use", "failure").await, 1);

    // The browser: password → the code page, the challenge in an HttpOnly cookie.
    let response = app
        .client
        .post(app.url("/sign-in"))
        .header("origin", &app.address)
        .form(&[
            ("county", "130123"),
            ("username", "admin"),
            ("password", DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(redirect(&response), "/sign-in/second-factor");
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let challenge = cookies
        .iter()
        .find(|c| c.starts_with("mq_2fa="))
        .expect("challenge cookie");
    assert!(challenge.contains("HttpOnly") && challenge.contains("Path=/sign-in"));
    assert!(
        !cookies.iter().any(|c| c.starts_with("mq_at=")),
        "no session yet"
    );
    let value = challenge.split(';').next().unwrap().to_owned();
    let html = app.get_html("/sign-in/second-factor").await;
    assert!(html.contains("验证并登录") && html.contains(r#"autocomplete="one-time-code""#));

    let post = |code: String| {
        let value = value.clone();
        let app = &app;
        async move {
            app.client
                .post(app.url("/sign-in/second-factor"))
                .header("origin", &app.address)
                .header("cookie", value)
                .form(&[("code", code)])
                .send()
                .await
                .unwrap()
        }
    };
    let wrong = post("123456".into()).await;
    assert_eq!(wrong.status(), 303);
    assert_eq!(
        redirect(&wrong),
        "/sign-in/second-factor?error=wrong_second_factor"
    );
    let right = post(recovery[1].clone()).await;
    assert_eq!(right.status(), 303);
    assert_eq!(redirect(&right), "/");
    assert!(
        right
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("mq_at=")),
        "signed in"
    );
    // A cross-site post to the code step is refused like the sign-in form.
    let forged = app
        .client
        .post(app.url("/sign-in/second-factor"))
        .header("origin", "https://evil.example")
        .header("cookie", value.clone())
        .form(&[("code", recovery[2].as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
}

#[tokio::test]
async fn after_the_grace_period_the_password_alone_leads_to_enrolment() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    // Within the grace period the workbench says until when.
    let (_, _, html) = crate::helpers::page(&app, &admin.access, "/").await;
    assert!(html.contains("请在此时间前启用两步验证"), "the banner");
    let (status, body) = app
        .api(
            Method::PUT,
            "/security-settings",
            &admin.access,
            Some(json!({ "extra_roles": ["township_admin"], "grace_days": 0 })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["extra_roles"], json!(["township_admin"]));
    assert_eq!(
        audited(&app, "security_settings_update", "success").await,
        1
    );
    let (status, _) = app
        .api(
            Method::PUT,
            "/security-settings",
            &admin.access,
            Some(json!({ "extra_roles": ["county_admin"], "grace_days": 0 })),
        )
        .await;
    assert_eq!(status, 422, "the always-required roles are not a choice");
    let leader = app.login(ZD, "leader").await;
    let (status, _) = app
        .api(Method::GET, "/security-settings", &leader.access, None)
        .await;
    assert_eq!(status, 403);

    // The API: a clear problem.
    for who in ["admin", "township"] {
        let response = app.login_response(ZD, who, DEMO_PASSWORD).await;
        assert_eq!(response.status(), 409, "{who}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "second_factor_enrolment_required");
        assert!(body["detail"].as_str().unwrap().contains("两步验证"));
    }
    // A role the county did not add still signs in with its password.
    app.login(ZD, "cadre").await;
    // Wrong passwords are still just wrong passwords.
    let response = app.login_response(ZD, "admin", "Wrong-2026x").await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "credentials");

    // The browser: the password leads to enrolment, and enrolling signs in.
    let response = app
        .client
        .post(app.url("/sign-in"))
        .header("origin", &app.address)
        .form(&[
            ("county", "130123"),
            ("username", "admin"),
            ("password", DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(redirect(&response), "/sign-in/enrol");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("mq_2fa="))
        .unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let page = app
        .client
        .get(app.url("/sign-in/enrol"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(html.contains("<svg"), "the QR code, drawn on the server");
    let key: String = html
        .split(r#"<code class="secret">"#)
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .replace(' ', "");
    let secret = base32(&key);
    let done = app
        .client
        .post(app.url("/sign-in/enrol"))
        .header("origin", &app.address)
        .header("cookie", &cookie)
        .form(&[("code", code(&secret, now()))])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert!(
        done.headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("mq_at=")),
        "signed in"
    );
    assert_eq!(done.headers()["cache-control"], "no-store");
    let html = done.text().await.unwrap();
    assert!(html.contains("请保存恢复码"));
    assert_eq!(html.matches("<li><code>").count(), 10);
    assert_eq!(audited(&app, "second_factor_enrol", "success").await, 1);
    assert_eq!(audited(&app, "sign_in", "denied").await, 3);
    // From now on the admin gives a code.
    challenge(&app, ZD, "admin").await;
}

#[tokio::test]
async fn an_admin_resets_a_second_factor_within_reach_only() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await;
    enrol(&app, &township.access, now()).await;
    let township_id = township.body["user"]["id"].as_str().unwrap().to_owned();
    let path = format!("/users/{township_id}/second-factor");

    // Another county's admin: as if there were no such account.
    let other = app.login(Some("130131"), "admin").await;
    let (status, _) = app.api(Method::DELETE, &path, &other.access, None).await;
    assert_eq!(status, 404);
    // The auditor manages no accounts.
    let auditor = app.login(ZD, "auditor").await;
    let (status, _) = app.api(Method::DELETE, &path, &auditor.access, None).await;
    assert_eq!(status, 403);
    challenge(&app, ZD, "township").await;

    let admin = app.login(ZD, "admin").await;
    let (status, _) = app.api(Method::DELETE, &path, &admin.access, None).await;
    assert_eq!(status, 204);
    assert_eq!(audited(&app, "second_factor_reset", "success").await, 1);
    // Not required for a township admin here: the password alone works again.
    app.login(ZD, "township").await;

    // A township admin cannot reach the county admin (outside their subtree).
    let admin_id = admin.body["user"]["id"].as_str().unwrap().to_owned();
    let (status, _) = app
        .api(
            Method::DELETE,
            &format!("/users/{admin_id}/second-factor"),
            &township.access,
            None,
        )
        .await;
    assert_eq!(status, 404);

    // The form on the account's page does the same.
    enrol(&app, &township.access, now()).await;
    let location = crate::helpers::post(
        &app,
        &admin.access,
        &format!("/users/{township_id}/second-factor/reset"),
        &[],
    )
    .await;
    assert_eq!(
        location,
        format!("/users/{township_id}?done=second_factor_reset")
    );
    app.login(ZD, "township").await;
}

#[tokio::test]
async fn my_account_sets_it_up_and_turns_it_off_without_javascript() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let html = crate::helpers::html(&app, &admin.access, "/account").await;
    assert!(html.contains("两步验证") && html.contains("/account/second-factor/start"));
    let location =
        crate::helpers::post(&app, &admin.access, "/account/second-factor/start", &[]).await;
    assert_eq!(location, "/account#two-factor");
    let (_, _, html) = crate::helpers::page(&app, &admin.access, "/account").await;
    assert!(html.contains("<svg") && html.contains(r#"<code class="secret">"#));
    let key: String = html
        .split(r#"<code class="secret">"#)
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .replace(' ', "");
    let secret = base32(&key);
    let t0 = now();
    let location = crate::helpers::post(
        &app,
        &admin.access,
        "/account/second-factor/confirm",
        &[("code", "000000")],
    )
    .await;
    assert_eq!(location, "/account?error=wrong_second_factor");
    let shown = app
        .client
        .post(app.url("/account/second-factor/confirm"))
        .bearer_auth(&admin.access)
        .form(&[("code", code(&secret, t0))])
        .send()
        .await
        .unwrap();
    assert_eq!(
        shown.status(),
        200,
        "the recovery codes, in the answer itself"
    );
    assert_eq!(shown.headers()["cache-control"], "no-store");
    let html = shown.text().await.unwrap();
    assert_eq!(html.matches("<li><code>").count(), 10);
    let (_, _, html) = crate::helpers::page(&app, &admin.access, "/account").await;
    assert!(!html.contains("<li><code>"), "shown once");
    assert!(html.contains("已启用"));
    assert_eq!(audited(&app, "second_factor_enrol", "failure").await, 1);

    let location = crate::helpers::post(
        &app,
        &admin.access,
        "/account/second-factor/disable",
        &[("code", "")],
    )
    .await;
    assert!(location.starts_with("/account?error="), "{location}");
    let location = crate::helpers::post(
        &app,
        &admin.access,
        "/account/second-factor/disable",
        &[("code", &code(&secret, t0 + 30))],
    )
    .await;
    assert_eq!(location, "/account?done=second_factor_disabled");
    assert_eq!(audited(&app, "second_factor_disable", "success").await, 1);
    // Off again: the password alone (the grace period still runs).
    app.login(ZD, "admin").await;
}
