//! The signed-in screens every user has: the workbench, "My account" and the import wizard,
//! over plain HTTP (no JavaScript), as the browser's forms use them.

use crate::helpers::{DEMO_PASSWORD, TestApp, spawn_app};
use app::org::entity as org_units;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const ZD: Option<&str> = Some("130123");

async fn page(app: &TestApp, token: &str, path: &str) -> (u16, String, String) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

async fn post(app: &TestApp, token: &str, path: &str, form: &[(&str, &str)]) -> String {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "POST {path}");
    crate::helpers::redirect(&response)
}

#[tokio::test]
async fn the_workbench_shows_each_role_its_own_tools() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await;
    let (status, _, html) = page(&app, &cadre.access, "/").await;
    assert_eq!(status, 200);
    assert!(html.contains("我的待办"));
    assert!(
        html.contains(r#"href="/visits""#),
        "a cadre's tasks are one tap away"
    );
    assert!(html.contains("村干部"));
    assert!(
        !html.contains(r#"href="/users""#),
        "a cadre manages no users"
    );
    assert!(!html.contains("用心听民声"), "not the public landing");

    let admin = app.login(ZD, "admin").await;
    let (_, _, html) = page(&app, &admin.access, "/").await;
    for href in ["/org", "/users", "/imports"] {
        assert!(html.contains(&format!(r#"href="{href}""#)), "{href}");
    }
    assert!(!html.contains(r#"href="/audit""#));
    let auditor = app.login(ZD, "auditor").await;
    let (_, _, html) = page(&app, &auditor.access, "/").await;
    assert!(html.contains(r#"href="/audit""#));
    assert!(!html.contains(r#"href="/users""#));
}

#[tokio::test]
async fn my_account_changes_the_password_and_lists_sessions() {
    let app = spawn_app().await;
    let me = app.login(ZD, "clerk").await;
    let _other = app.login(ZD, "clerk").await;
    let (status, _, html) = page(&app, &me.access, "/account").await;
    assert_eq!(status, 200);
    assert!(html.contains("修改密码"));
    assert_eq!(html.matches("<tr>").count(), 3, "a header and two sessions");

    // Bad input: nothing changes.
    let mismatch = [
        ("current_password", DEMO_PASSWORD),
        ("new_password", "Better2026x"),
        ("confirm_password", "Better2026y"),
    ];
    assert_eq!(
        post(&app, &me.access, "/account/password", &mismatch).await,
        "/account?error=passwords_differ"
    );
    let wrong = [
        ("current_password", "nope-nope-1"),
        ("new_password", "Better2026x"),
        ("confirm_password", "Better2026x"),
    ];
    assert_eq!(
        post(&app, &me.access, "/account/password", &wrong).await,
        "/account?error=wrong_current_password"
    );
    let weak = [
        ("current_password", DEMO_PASSWORD),
        ("new_password", "short"),
        ("confirm_password", "short"),
    ];
    assert_eq!(
        post(&app, &me.access, "/account/password", &weak).await,
        "/account?error=weak_password"
    );
    app.login(ZD, "clerk").await;

    let good = [
        ("current_password", DEMO_PASSWORD),
        ("new_password", "Better2026x"),
        ("confirm_password", "Better2026x"),
    ];
    assert_eq!(
        post(&app, &me.access, "/account/password", &good).await,
        "/account?done=password_changed"
    );
    let status = app
        .login_response(ZD, "clerk", DEMO_PASSWORD)
        .await
        .status();
    assert_eq!(status, 409, "the old password no longer works");
    let fresh = app.login_with(ZD, "clerk", "Better2026x").await;
    assert_eq!(
        post(&app, &fresh.access, "/account/sessions", &[]).await,
        "/account?done=signed_out_others"
    );
    let (_, _, html) = page(&app, &fresh.access, "/account").await;
    assert_eq!(html.matches("<tr>").count(), 2, "only this session is left");
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_and_new_passwords_come_first() {
    let app = spawn_app().await;
    let response = app.get("/account").await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/sign-in?next=/account");

    // An account with an initial password is sent to "My account" from other pages.
    let admin = app.login(ZD, "admin").await;
    let body = serde_json::json!({ "password": "Reset2026abc" });
    let users = app
        .api(reqwest::Method::GET, "/users?q=cadre", &admin.access, None)
        .await
        .1;
    let id = users["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = app
        .api(
            reqwest::Method::POST,
            &format!("/users/{id}/password"),
            &admin.access,
            Some(body),
        )
        .await;
    assert_eq!(status, 204);
    let cadre = app.login_with(ZD, "cadre", "Reset2026abc").await;
    let (status, location, _) = page(&app, &cadre.access, "/imports").await;
    assert_eq!((status, location.as_str()), (302, "/account"));
    let (status, _, html) = page(&app, &cadre.access, "/account").await;
    assert_eq!(status, 200);
    assert!(html.contains("请先修改初始密码"));
}

#[tokio::test]
async fn the_import_wizard_works_without_javascript() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let (status, _, html) = page(&app, &admin.access, "/imports").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"enctype="multipart/form-data""#));
    assert!(html.contains("/api/v1/import-templates/org.xlsx"));

    let upload = |bytes: &'static str| {
        reqwest::multipart::Form::new().text("kind", "org").part(
            "file",
            reqwest::multipart::Part::bytes(bytes.as_bytes()).file_name("乡镇.csv"),
        )
    };
    let post_upload = |form| {
        app.client
            .post(app.url("/imports"))
            .bearer_auth(&admin.access)
            .multipart(form)
            .send()
    };

    // A bad sheet: per-row problems in Chinese, and no apply button.
    let response = post_upload(upload("区划代码,名称\n130131190000,别县镇\n"))
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let job = crate::helpers::redirect(&response);
    let html = settled(&app, &admin.access, &job).await;
    assert!(html.contains("未写入任何数据"), "{html}");
    assert!(html.contains("不属于本县"), "{html}");
    assert!(!html.contains("确认导入"));

    // A good one: preview, apply, result.
    let before = org_units::Entity::find().count(&app.db).await.unwrap();
    let response = post_upload(upload("区划代码,名称\n130123190000,试验镇\n"))
        .await
        .unwrap();
    let job = crate::helpers::redirect(&response);
    let html = settled(&app, &admin.access, &job).await;
    assert!(html.contains("确认导入"), "{html}");
    assert!(html.contains("试验镇"));
    assert_eq!(
        org_units::Entity::find().count(&app.db).await.unwrap(),
        before
    );
    assert_eq!(
        post(&app, &admin.access, &format!("{job}/apply"), &[]).await,
        job
    );
    let html = settled(&app, &admin.access, &job).await;
    assert!(html.contains("导入完成"), "{html}");
    let added = org_units::Entity::find()
        .filter(org_units::Column::Code.eq("130123190000"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(added, 1);

    // Someone else's job is not found; a leader may not import at all (a cadre imports their
    // village's households).
    let leader = app.login(ZD, "leader").await;
    let (status, _, _) = page(&app, &leader.access, &job).await;
    assert_eq!(status, 404);
    let cadre = app.login(ZD, "cadre").await;
    let (status, _, _) = page(&app, &cadre.access, "/imports").await;
    assert_eq!(status, 200);
    let (status, _, html) = page(&app, &leader.access, "/imports").await;
    assert_eq!(status, 403);
    assert!(html.contains("您的角色无权执行此操作"), "{html}");
    assert!(!html.contains("server function"), "no framework English");
}

/// The job page once it stops refreshing itself.
async fn settled(app: &TestApp, token: &str, path: &str) -> String {
    for _ in 0..200 {
        let (status, _, html) = page(app, token, path).await;
        assert_eq!(status, 200, "{html}");
        if !html.contains(r#"http-equiv="refresh""#) {
            return html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("{path} never settled");
}
