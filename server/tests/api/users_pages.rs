//! The users console over plain HTTP, as the browser's forms use it: `/users`, `/users/new`,
//! `/users/{id}` and their form posts.

use crate::helpers::{DEMO_PASSWORD, TestApp, spawn_app};
use app::org::entity as org_units;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");
/// 正定镇 and 诸福屯镇 of 正定县.
const ZHENGDING: &str = "130123100000";
const ZHUFUTUN: &str = "130123101000";

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

async fn html(app: &TestApp, token: &str, path: &str) -> String {
    let (status, _, body) = page(app, token, path).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// Posts a form; answers the redirect's location.
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

async fn unit_id(app: &TestApp, code: &str) -> String {
    org_units::Entity::find()
        .filter(org_units::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("unit {code}"))
        .id
        .to_string()
}

/// The id of `username`, looked up by an account that sees the whole county; `None` if absent.
async fn user_id(app: &TestApp, admin: &str, username: &str) -> Option<String> {
    let (status, list) = app
        .api(Method::GET, &format!("/users?q={username}"), admin, None)
        .await;
    assert_eq!(status, 200, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .map(|u| u["id"].as_str().unwrap().to_owned())
}

fn link(username: &str) -> String {
    format!(">{username}</a>")
}

#[tokio::test]
async fn the_admin_lists_users_and_filters_them() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let all = html(&app, &admin.access, "/users").await;
    for username in [
        "admin", "leader", "auditor", "township", "clerk", "cadre", "dept",
    ] {
        assert!(all.contains(&link(username)), "{username} listed");
    }
    assert!(all.contains("乡镇工作人员"), "role labels");
    assert!(all.contains("正定镇"), "unit names");
    assert!(all.contains(r#"href="/users/new""#), "the admin may create");
    assert!(all.contains(r#"<form method="get" action="/users""#));

    let staff = html(&app, &admin.access, "/users?role=township_staff").await;
    assert!(staff.contains(&link("clerk")));
    for other in ["admin", "leader", "township", "cadre"] {
        assert!(!staff.contains(&link(other)), "{other} filtered out");
    }
    assert!(staff.contains(r#"<option value="township_staff" selected"#));

    let found = html(&app, &admin.access, "/users?q=cad").await;
    assert!(found.contains(&link("cadre")) && !found.contains(&link("clerk")));
    let disabled = html(&app, &admin.access, "/users?status=inactive").await;
    assert!(disabled.contains("没有符合条件的用户"));
    let at_unit = html(
        &app,
        &admin.access,
        &format!("/users?unit={}", unit_id(&app, ZHENGDING).await),
    )
    .await;
    assert!(at_unit.contains(&link("clerk")) && at_unit.contains(&link("cadre")));
    assert!(!at_unit.contains(&link("admin")) && !at_unit.contains(&link("dept")));

    // Keyset paging: usernames after "clerk".
    let later = html(&app, &admin.access, "/users?after=clerk").await;
    assert!(later.contains(&link("dept")) && later.contains(&link("township")));
    for earlier in ["admin", "auditor", "cadre", "clerk"] {
        assert!(
            !later.contains(&link(earlier)),
            "{earlier} was on an earlier page"
        );
    }

    // A leader sees, but may not create.
    let leader = app.login(ZD, "leader").await;
    let seen = html(&app, &leader.access, "/users").await;
    assert!(seen.contains(&link("clerk")));
    assert!(!seen.contains(r#"href="/users/new""#));
    let (status, _, _) = page(&app, &leader.access, "/users/new").await;
    assert_eq!(status, 403);

    // Roles without the permission, and nobody at all.
    for username in ["auditor", "cadre", "dept"] {
        let t = app.login(ZD, username).await;
        let (status, _, body) = page(&app, &t.access, "/users").await;
        assert_eq!(status, 403, "{username}");
        assert!(!body.contains(&link("clerk")), "{username} sees no account");
    }
    let response = app
        .client
        .get(app.url("/users"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], "/sign-in?next=/users");
}

#[tokio::test]
async fn a_township_admin_sees_only_their_own_township() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let zhufutun = unit_id(&app, ZHUFUTUN).await;
    let (status, body) = app
        .api(
            Method::POST,
            "/users",
            &admin.access,
            Some(serde_json::json!({
                "username": "zhufu",
                "display_name": "诸福屯文书",
                "role": "township_staff",
                "org_unit_id": zhufutun,
                "password": "Zhufu2026pw",
            })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let zhufu = body["id"].as_str().unwrap().to_owned();

    let township = app.login(ZD, "township").await;
    let list = html(&app, &township.access, "/users").await;
    for username in ["township", "clerk", "cadre"] {
        assert!(list.contains(&link(username)), "{username} listed");
    }
    for username in ["zhufu", "admin", "leader", "dept"] {
        assert!(
            !list.contains(&link(username)),
            "{username} is out of reach"
        );
    }
    assert!(
        !list.contains("诸福屯镇"),
        "no other township in the unit filter"
    );
    let (status, _, body) = page(&app, &township.access, &format!("/users/{zhufu}")).await;
    assert_eq!(status, 404);
    assert!(!body.contains("诸福屯文书"));
    let (status, _, _) = page(&app, &township.access, &format!("/users?unit={zhufutun}")).await;
    assert_eq!(status, 404);

    // Editing it by a crafted post changes nothing.
    let location = post(
        &app,
        &township.access,
        &format!("/users/{zhufu}"),
        &[
            ("display_name", "改名"),
            ("role", "township_staff"),
            ("unit", &zhufutun),
        ],
    )
    .await;
    assert!(location.contains("error=not_found"), "{location}");
    let (_, one) = app
        .api(Method::GET, &format!("/users/{zhufu}"), &admin.access, None)
        .await;
    assert_eq!(one["display_name"], "诸福屯文书");
    assert_eq!(one["active"], true);

    // Their own township's accounts open, with the forms.
    let clerk = user_id(&app, &admin.access, "clerk").await.unwrap();
    let detail = html(&app, &township.access, &format!("/users/{clerk}")).await;
    assert!(detail.contains(&format!(r#"action="/users/{clerk}""#)));
    assert!(detail.contains(&format!(r#"action="/users/{clerk}/password""#)));

    // Another county's account is not found, even for its admin's counterpart.
    let ps_admin = app.login(PS, "admin").await;
    let ps_clerk = user_id(&app, &ps_admin.access, "clerk").await.unwrap();
    let (status, _, _) = page(&app, &admin.access, &format!("/users/{ps_clerk}")).await;
    assert_eq!(status, 404);
    let (status, _, _) = page(&app, &admin.access, "/users/not-a-uuid").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_user_created_with_the_form_can_sign_in() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let form = html(&app, &admin.access, "/users/new").await;
    assert!(form.contains(r#"<form method="post" action="/users""#));
    assert!(form.contains(r#"value="township_staff""#));
    assert!(
        !form.contains(r#"value="auditor""#),
        "only the operator grants auditors"
    );
    let zhengding = unit_id(&app, ZHENGDING).await;
    assert!(form.contains(&format!(r#"value="{zhengding}""#)));

    let location = post(
        &app,
        &admin.access,
        "/users",
        &[
            ("username", "New.Clerk"),
            ("display_name", "新同事"),
            ("role", "township_staff"),
            ("unit", &zhengding),
            ("password", "Welcome2026"),
        ],
    )
    .await;
    let id = user_id(&app, &admin.access, "new.clerk")
        .await
        .expect("created");
    assert_eq!(location, format!("/users/{id}?done=created"));
    let shown = html(&app, &admin.access, &location).await;
    assert!(shown.contains("新同事") && shown.contains("已创建"));
    assert!(shown.contains("须改密"));

    let tokens = app.login_with(ZD, "new.clerk", "Welcome2026").await;
    assert_eq!(tokens.body["user"]["must_change_password"], true);
}

#[tokio::test]
async fn refused_forms_refill_and_create_nothing() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let zhengding = unit_id(&app, ZHENGDING).await;
    let weak = [
        ("username", "weak.one"),
        ("display_name", "弱密码"),
        ("role", "township_staff"),
        ("unit", zhengding.as_str()),
        ("password", "short1"),
    ];
    let location = post(&app, &admin.access, "/users", &weak).await;
    assert!(
        location.starts_with("/users/new?error=weak_password&"),
        "{location}"
    );
    assert!(location.contains("username=weak.one"));
    assert!(location.contains(&format!("unit={zhengding}")));
    assert!(!location.contains("short1"), "never a password in a URL");
    assert_eq!(user_id(&app, &admin.access, "weak.one").await, None);
    let refilled = html(&app, &admin.access, &location).await;
    assert!(refilled.contains(r#"value="weak.one""#));
    assert!(refilled.contains(r#"value="弱密码""#));
    assert!(refilled.contains("密码应为8至64位"));
    assert!(refilled.contains(r#"<option value="township_staff" selected"#));

    let missing = post(
        &app,
        &admin.access,
        "/users",
        &[("username", "no.role"), ("password", "Welcome2026")],
    )
    .await;
    assert!(
        missing.starts_with("/users/new?error=required"),
        "{missing}"
    );
    assert_eq!(user_id(&app, &admin.access, "no.role").await, None);

    // A township admin may not make a county admin.
    let township = app.login(ZD, "township").await;
    let offered = html(&app, &township.access, "/users/new").await;
    assert!(!offered.contains(r#"value="county_admin""#));
    assert!(offered.contains(r#"value="village_cadre""#));
    let location = post(
        &app,
        &township.access,
        "/users",
        &[
            ("username", "boss"),
            ("display_name", "越级"),
            ("role", "county_admin"),
            ("unit", &zhengding),
            ("password", "Welcome2026"),
        ],
    )
    .await;
    assert!(
        location.starts_with("/users/new?error=role_not_grantable&"),
        "{location}"
    );
    assert_eq!(user_id(&app, &admin.access, "boss").await, None);

    // A leader may not create at all; nobody signed in is sent to sign in.
    let leader = app.login(ZD, "leader").await;
    let location = post(
        &app,
        &leader.access,
        "/users",
        &[
            ("username", "by.leader"),
            ("display_name", "领导建"),
            ("role", "township_staff"),
            ("unit", &zhengding),
            ("password", "Welcome2026"),
        ],
    )
    .await;
    assert!(
        location.starts_with("/users/new?error=forbidden"),
        "{location}"
    );
    assert_eq!(user_id(&app, &admin.access, "by.leader").await, None);
    let anonymous = app.post_form("/users", &weak).await;
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/sign-in");
}

#[tokio::test]
async fn an_admin_edits_and_resets_an_account() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let clerk = user_id(&app, &admin.access, "clerk").await.unwrap();
    let zhengding = unit_id(&app, ZHENGDING).await;
    let page_path = format!("/users/{clerk}");
    let detail = html(&app, &admin.access, &page_path).await;
    assert!(detail.contains(r#"value="正定县乡镇工作人员""#));
    assert!(detail.contains(r#"name="active" value="true" checked"#));

    // Renamed and disabled (the checkbox left unticked).
    let location = post(
        &app,
        &admin.access,
        &page_path,
        &[
            ("display_name", "张文书"),
            ("role", "township_staff"),
            ("unit", &zhengding),
        ],
    )
    .await;
    assert_eq!(location, format!("{page_path}?done=saved"));
    let shown = html(&app, &admin.access, &location).await;
    assert!(shown.contains("张文书") && shown.contains("已保存"));
    assert!(shown.contains(r#"<span class="badge off">停用</span>"#));
    let refused = app.login_response(ZD, "clerk", DEMO_PASSWORD).await;
    assert_ne!(refused.status(), 200, "a disabled account cannot sign in");

    // A bad role is refused and changes nothing; the form keeps what was typed.
    let location = post(
        &app,
        &admin.access,
        &page_path,
        &[
            ("display_name", "又改"),
            ("role", "village_cadre"),
            ("unit", &zhengding),
            ("active", "true"),
        ],
    )
    .await;
    assert!(
        location.starts_with(&format!("{page_path}?error=role_unit_mismatch&")),
        "{location}"
    );
    let refilled = html(&app, &admin.access, &location).await;
    assert!(refilled.contains(r#"value="又改""#));
    let (_, one) = app
        .api(Method::GET, &format!("/users/{clerk}"), &admin.access, None)
        .await;
    assert_eq!(one["display_name"], "张文书");
    assert_eq!(one["active"], false);

    let location = post(
        &app,
        &admin.access,
        &page_path,
        &[
            ("display_name", "张文书"),
            ("role", "township_staff"),
            ("unit", &zhengding),
            ("active", "true"),
        ],
    )
    .await;
    assert_eq!(location, format!("{page_path}?done=saved"));
    app.login(ZD, "clerk").await;

    // Reset: a weak password changes nothing; a good one forces a change at next sign-in.
    let reset = format!("{page_path}/password");
    let location = post(&app, &admin.access, &reset, &[("password", "abc")]).await;
    assert_eq!(location, format!("{page_path}?error=weak_password"));
    app.login(ZD, "clerk").await;
    let location = post(&app, &admin.access, &reset, &[("password", "Fresh2026pw")]).await;
    assert_eq!(location, format!("{page_path}?done=password_reset"));
    assert!(
        html(&app, &admin.access, &location)
            .await
            .contains("密码已重置")
    );
    let old = app.login_response(ZD, "clerk", DEMO_PASSWORD).await;
    assert_ne!(old.status(), 200, "the old password is gone");
    let tokens = app.login_with(ZD, "clerk", "Fresh2026pw").await;
    assert_eq!(tokens.body["user"]["must_change_password"], true);

    // One's own account is changed under "My account", not here.
    let me = user_id(&app, &admin.access, "admin").await.unwrap();
    let own = html(&app, &admin.access, &format!("/users/{me}")).await;
    assert!(!own.contains(&format!(r#"action="/users/{me}/password""#)));
    let location = post(
        &app,
        &admin.access,
        &format!("/users/{me}/password"),
        &[("password", "Fresh2026pw")],
    )
    .await;
    assert_eq!(location, format!("/users/{me}?error=own_account"));

    // A leader sees the account without the forms, and a crafted post is refused.
    let leader = app.login(ZD, "leader").await;
    let seen = html(&app, &leader.access, &page_path).await;
    assert!(seen.contains("张文书"));
    assert!(!seen.contains(&format!(r#"action="{reset}""#)));
    let location = post(
        &app,
        &leader.access,
        &reset,
        &[("password", "Leader2026pw")],
    )
    .await;
    assert_eq!(location, format!("{page_path}?error=forbidden"));
    app.login_with(ZD, "clerk", "Fresh2026pw").await;
}
