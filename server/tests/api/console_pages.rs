//! The operator's counties screen and the org console, as a browser without JavaScript uses
//! them: pages over GET, plain form posts answered with a redirect back.

use crate::helpers::{TestApp, spawn_app};
use app::counties::{CountyStatus, entity as counties};
use app::org::{OrgKind, entity as org_units};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");

/// A unit by its (county-unique) division code.
async fn unit(app: &TestApp, code: &str) -> org_units::Model {
    org_units::Entity::find()
        .filter(org_units::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("unit {code}"))
}

async fn unit_count(app: &TestApp) -> u64 {
    org_units::Entity::find().count(&app.db).await.unwrap()
}

async fn county(app: &TestApp, code: &str) -> Option<counties::Model> {
    counties::Entity::find()
        .filter(counties::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
}

/// GET a page as the bearer of `token`: (status, body).
async fn page(app: &TestApp, token: &str, path: &str) -> (u16, String) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// POST a form as the bearer of `token`; asserts the 303 and answers its location.
async fn post(app: &TestApp, token: &str, path: &str, form: &[(&str, &str)]) -> String {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .form(form)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 303, "POST {path}");
    crate::helpers::redirect(&response)
}

fn new_county<'a>(code: &'a str, password: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("name", "行唐县"),
        ("province", "河北省"),
        ("city", "石家庄市"),
        ("username", "admin"),
        ("display_name", "县管理员"),
        ("password", password),
    ]
}

#[tokio::test]
async fn the_operator_lists_creates_suspends_and_reactivates_counties() {
    let app = spawn_app().await;
    let op = app.login(None, "operator").await;

    let (status, html) = page(&app, &op.access, "/counties").await;
    assert_eq!(status, 200);
    for text in [
        "区县管理",
        "正定县",
        "平山县",
        "130123",
        "河北省",
        "新建区县",
    ] {
        assert!(html.contains(text), "{text} shown");
    }
    assert!(html.contains(r#"action="/counties/130123/status""#));
    assert!(html.contains(r#"<form method="post" action="/counties" class="form">"#));
    assert!(!html.contains("行唐县"));

    // A bad code: refused, the typed values come back (never the password), nothing created.
    let location = post(
        &app,
        &op.access,
        "/counties",
        &new_county("13012", "Xingtang2026"),
    )
    .await;
    assert!(
        location.starts_with("/counties?error=bad_county_code&"),
        "{location}"
    );
    assert!(
        location.contains("name=%E8%A1%8C%E5%94%90%E5%8E%BF"),
        "{location}"
    );
    assert!(!location.contains("Xingtang2026"), "no password in URLs");
    assert!(county(&app, "13012").await.is_none());
    let (_, html) = page(&app, &op.access, &location).await;
    assert!(
        html.contains("区县代码应为6位数字。"),
        "the reason is shown"
    );
    assert!(html.contains(r#"value="行唐县""#), "the form refills");

    // A good one.
    let location = post(
        &app,
        &op.access,
        "/counties",
        &new_county("130125", "Xingtang2026"),
    )
    .await;
    assert_eq!(location, "/counties?done=created");
    let created = county(&app, "130125").await.expect("created");
    assert_eq!(created.status, CountyStatus::Active);
    let (_, html) = page(&app, &op.access, &location).await;
    assert!(html.contains("已创建。"));
    assert!(html.contains("行唐县"));
    assert!(html.contains(r#"action="/counties/130125/status""#));
    // Its first admin signs in (and must change the password).
    let admin = app
        .login_with(Some("130125"), "admin", "Xingtang2026")
        .await;
    assert_eq!(
        admin.body["user"]["must_change_password"], true,
        "{}",
        admin.body
    );

    // The same code again: taken.
    let location = post(
        &app,
        &op.access,
        "/counties",
        &new_county("130125", "Xingtang2026"),
    )
    .await;
    assert!(
        location.starts_with("/counties?error=code_taken"),
        "{location}"
    );

    // Suspend, then reactivate.
    let location = post(
        &app,
        &op.access,
        "/counties/130125/status",
        &[("status", "suspended")],
    )
    .await;
    assert_eq!(location, "/counties?done=suspended");
    assert_eq!(
        county(&app, "130125").await.unwrap().status,
        CountyStatus::Suspended
    );
    let (_, html) = page(&app, &op.access, &location).await;
    assert!(html.contains("已暂停"));
    assert!(html.contains(r#"<input type="hidden" name="status" value="active""#));
    let location = post(
        &app,
        &op.access,
        "/counties/130125/status",
        &[("status", "active")],
    )
    .await;
    assert_eq!(location, "/counties?done=reactivated");
    assert_eq!(
        county(&app, "130125").await.unwrap().status,
        CountyStatus::Active
    );

    // A status that is neither: refused, nothing changes.
    let location = post(
        &app,
        &op.access,
        "/counties/130125/status",
        &[("status", "gone")],
    )
    .await;
    assert_eq!(location, "/counties?error=required");
    assert_eq!(
        county(&app, "130125").await.unwrap().status,
        CountyStatus::Active
    );
}

#[tokio::test]
async fn only_the_operator_may_use_the_counties_screen() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let (status, html) = page(&app, &admin.access, "/counties").await;
    assert_eq!(status, 403);
    assert!(html.contains("您的角色无权执行此操作。"));
    assert!(!html.contains("平山县"), "no county list leaks");

    let location = post(
        &app,
        &admin.access,
        "/counties",
        &new_county("130125", "Xingtang2026"),
    )
    .await;
    assert!(
        location.starts_with("/counties?error=forbidden"),
        "{location}"
    );
    assert!(county(&app, "130125").await.is_none());
    let location = post(
        &app,
        &admin.access,
        "/counties/130131/status",
        &[("status", "suspended")],
    )
    .await;
    assert_eq!(location, "/counties?error=forbidden");
    assert_eq!(
        county(&app, "130131").await.unwrap().status,
        CountyStatus::Active
    );

    // Nobody signed in: to the sign-in page.
    let response = app.get("/counties").await;
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], "/sign-in?next=/counties");
    let response = app
        .post_form("/counties/130131/status", &[("status", "suspended")])
        .await;
    assert!(response.status().is_redirection());
}

#[tokio::test]
async fn the_county_admin_sees_the_whole_tree() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let (status, html) = page(&app, &admin.access, "/org").await;
    assert_eq!(status, 200);
    let zhengding = unit(&app, "130123100000").await;
    let village = unit(&app, "130123100201").await;
    for text in [
        "组织架构",
        "正定县",
        "正定镇",
        "诸福屯镇",
        "130123100201",
        "130123100001",
        "县信访局",
        "乡镇/街道",
        "县直部门",
        "新建单位",
        "下级单位 7",
    ] {
        assert!(html.contains(text), "{text} shown");
    }
    assert!(html.contains(r#"<ul class="tree panel">"#));
    assert!(html.contains(&format!(r#"href="/org/{}""#, zhengding.id)));
    assert!(html.contains(&format!(r#"href="/org/{}""#, village.id)));
    assert!(!html.contains("平山镇"), "nothing of another county");
    assert!(html.contains(r#"<form method="post" action="/org" class="form">"#));
}

#[tokio::test]
async fn a_township_admin_sees_only_their_township() {
    let app = spawn_app().await;
    let township = app.login(ZD, "township").await;
    let (status, html) = page(&app, &township.access, "/org").await;
    assert_eq!(status, 200);
    assert!(html.contains("正定镇"));
    assert!(html.contains("130123100201"), "its villages");
    assert!(!html.contains("诸福屯镇"));
    assert!(!html.contains("130123101000"));
    assert!(!html.contains("县信访局"));
    // They may add villages under their own township only.
    let own = unit(&app, "130123100000").await;
    assert!(html.contains(&format!(r#"<option value="{}""#, own.id)));
    assert_eq!(html.matches("<option ").count(), 1, "one parent to choose");

    // Township staff see the tree but no form.
    let clerk = app.login(ZD, "clerk").await;
    let (status, html) = page(&app, &clerk.access, "/org").await;
    assert_eq!(status, 200);
    assert!(html.contains("130123100201"));
    assert!(!html.contains("新建单位"));
    assert!(!html.contains(r#"method="post" action="/org""#));

    // The auditor does not see the tree at all.
    let auditor = app.login(ZD, "auditor").await;
    let (status, _) = page(&app, &auditor.access, "/org").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn searching_shows_matches_with_their_parents() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let zhengding = unit(&app, "130123100000").await;
    let zhufutun = unit(&app, "130123101000").await;

    let (status, html) = page(&app, &admin.access, "/org?q=%E8%AF%B8%E7%A6%8F%E5%B1%AF").await; // 诸福屯
    assert_eq!(status, 200);
    assert!(html.contains(&format!(r#"href="/org/{}""#, zhufutun.id)));
    // The cell carries its column's name for the phone layout (`data-label`).
    assert!(
        html.contains(r#"<td data-label="上级单位">正定县</td>"#),
        "the parent's name"
    );
    assert!(
        !html.contains(&format!(r#"href="/org/{}""#, zhengding.id)),
        "no other township"
    );
    assert!(!html.contains(r#"<ul class="tree panel">"#), "a flat list");
    assert!(
        html.contains(r#"value="诸福屯""#),
        "the search box keeps the query"
    );

    // A code prefix finds the township and its villages.
    let (_, html) = page(&app, &admin.access, "/org?q=130123101").await;
    assert!(html.contains("130123101000"));
    assert!(html.contains("130123101201"));
    assert!(
        html.contains(r#"<td data-label="上级单位">诸福屯镇</td>"#),
        "a village's parent"
    );
    assert!(!html.contains("130123100201"));

    let (_, html) = page(&app, &admin.access, "/org?q=nothing-like-this").await;
    assert!(html.contains("没有找到符合条件的单位。"));
}

#[tokio::test]
async fn a_village_is_created_by_form_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let zhengding = unit(&app, "130123100000").await;
    let parent = zhengding.id.to_string();
    let before = unit_count(&app).await;

    // Eleven digits: refused, typed values come back.
    let location = post(
        &app,
        &admin.access,
        "/org",
        &[
            ("parent_id", &parent),
            ("code", "13012310020"),
            ("name", "新村"),
        ],
    )
    .await;
    assert!(
        location.starts_with("/org?error=bad_division_code&"),
        "{location}"
    );
    assert!(
        location.contains(&format!("parent_id={parent}")),
        "{location}"
    );
    assert!(location.contains("name=%E6%96%B0%E6%9D%91"), "{location}");
    // A village code of another township under 正定镇.
    let location = post(
        &app,
        &admin.access,
        "/org",
        &[
            ("parent_id", &parent),
            ("code", "130123101207"),
            ("name", "新村"),
        ],
    )
    .await;
    assert!(
        location.starts_with("/org?error=wrong_parent&"),
        "{location}"
    );
    // No name.
    let location = post(
        &app,
        &admin.access,
        "/org",
        &[
            ("parent_id", &parent),
            ("code", "130123100207"),
            ("name", " "),
        ],
    )
    .await;
    assert!(location.starts_with("/org?error=required&"), "{location}");
    // A parent that is no id.
    let location = post(
        &app,
        &admin.access,
        "/org",
        &[
            ("parent_id", "not-an-id"),
            ("code", "130123100207"),
            ("name", "新村"),
        ],
    )
    .await;
    assert!(
        location.starts_with("/org?error=parent_missing&"),
        "{location}"
    );
    assert_eq!(unit_count(&app).await, before, "nothing created");
    let (_, html) = page(
        &app,
        &admin.access,
        "/org?error=bad_division_code&code=13012310020",
    )
    .await;
    assert!(html.contains("区划代码应为12位数字。"));
    assert!(html.contains(r#"value="13012310020""#));

    // The right one.
    let location = post(
        &app,
        &admin.access,
        "/org",
        &[
            ("parent_id", &parent),
            ("code", "130123100207"),
            ("name", "新村"),
        ],
    )
    .await;
    assert_eq!(location, "/org?done=created");
    let created = unit(&app, "130123100207").await;
    assert_eq!(created.kind, OrgKind::Village);
    assert_eq!(created.parent_id, Some(zhengding.id));
    assert_eq!(created.name, "新村");
    assert_eq!(unit_count(&app).await, before + 1);
    let (_, html) = page(&app, &admin.access, &location).await;
    assert!(html.contains("已创建。"));
    assert!(html.contains(&format!(r#"href="/org/{}""#, created.id)));

    // A department: a short code under the county, the parent left to the default.
    let location = post(
        &app,
        &admin.access,
        "/org",
        &[("parent_id", ""), ("code", "tjj"), ("name", "县统计局")],
    )
    .await;
    assert_eq!(location, "/org?done=created");
    let department = org_units::Entity::find()
        .filter(org_units::Column::CountyId.eq(zhengding.county_id))
        .filter(org_units::Column::Code.eq("TJJ"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("department");
    assert_eq!(department.kind, OrgKind::Department);

    // A township admin cannot add to another township.
    let township = app.login(ZD, "township").await;
    let other = unit(&app, "130123101000").await.id.to_string();
    let location = post(
        &app,
        &township.access,
        "/org",
        &[
            ("parent_id", &other),
            ("code", "130123101207"),
            ("name", "新村"),
        ],
    )
    .await;
    assert!(location.starts_with("/org?error=not_found&"), "{location}");
    assert_eq!(unit_count(&app).await, before + 2);
}

#[tokio::test]
async fn a_village_cadre_cannot_change_the_tree() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await;
    let (status, html) = page(&app, &cadre.access, "/org").await;
    assert_eq!(status, 200, "cadres may look");
    assert!(html.contains("130123100001"));
    assert!(!html.contains("130123100201"), "only their own village");
    assert!(!html.contains("新建单位"));

    let before = unit_count(&app).await;
    let parent = unit(&app, "130123100000").await.id.to_string();
    let location = post(
        &app,
        &cadre.access,
        "/org",
        &[
            ("parent_id", &parent),
            ("code", "130123100207"),
            ("name", "新村"),
        ],
    )
    .await;
    assert_eq!(location, "/org?error=forbidden");
    assert_eq!(unit_count(&app).await, before, "nothing created");

    let own = unit(&app, "130123100001").await;
    let location = post(
        &app,
        &cadre.access,
        &format!("/org/{}", own.id),
        &[("name", "改名")],
    )
    .await;
    assert_eq!(location, format!("/org/{}?error=forbidden", own.id));
    assert_eq!(unit(&app, "130123100001").await.name, own.name);

    // Nobody signed in.
    let response = app.post_form("/org", &[("code", "130123100207")]).await;
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], "/sign-in");
    assert_eq!(unit_count(&app).await, before);
}

#[tokio::test]
async fn one_unit_is_shown_and_edited_within_reach() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let zhengding = unit(&app, "130123100000").await;
    let zhufutun = unit(&app, "130123101000").await;
    let village = unit(&app, "130123100201").await;
    let path = format!("/org/{}", village.id);

    let (status, html) = page(&app, &admin.access, &path).await;
    assert_eq!(status, 200);
    assert!(html.contains(&village.name));
    assert!(html.contains("130123100201"));
    assert!(html.contains("村/社区"));
    assert!(html.contains(&format!(r#"href="/users?unit={}""#, village.id)));
    assert!(html.contains(r#"href="/org""#));
    assert!(html.contains(&format!(r#"action="{path}""#)));
    assert!(html.contains(&format!(r#"<option value="{}" selected"#, zhengding.id)));
    assert!(html.contains(&format!(r#"<option value="{}""#, zhufutun.id)));
    assert!(!html.contains(&format!(r#"<option value="{}""#, village.county_id)));

    // Rename, move under 诸福屯镇, deactivate: one post.
    let zf = zhufutun.id.to_string();
    let location = post(
        &app,
        &admin.access,
        &path,
        &[
            ("name", "新名村"),
            ("parent_id", &zf),
            ("status_shown", "1"),
            ("deactivated", "1"),
        ],
    )
    .await;
    assert_eq!(location, format!("{path}?done=saved"));
    let changed = unit(&app, "130123100201").await;
    assert_eq!(changed.name, "新名村");
    assert_eq!(changed.parent_id, Some(zhufutun.id));
    assert!(!changed.active);
    let (_, html) = page(&app, &admin.access, &location).await;
    assert!(html.contains("已保存。"));
    assert!(html.contains("已停用"));
    assert!(html.contains(r#"name="deactivated" value="1" checked"#));

    // Reactivate (the box unticked), and a bad name changes nothing.
    let location = post(
        &app,
        &admin.access,
        &path,
        &[
            ("name", "新名村"),
            ("parent_id", &zf),
            ("status_shown", "1"),
        ],
    )
    .await;
    assert_eq!(location, format!("{path}?done=saved"));
    assert!(unit(&app, "130123100201").await.active);
    let location = post(
        &app,
        &admin.access,
        &path,
        &[("name", ""), ("parent_id", &zf), ("status_shown", "1")],
    )
    .await;
    assert!(
        location.starts_with(&format!("{path}?error=required")),
        "{location}"
    );
    assert_eq!(unit(&app, "130123100201").await.name, "新名村");
    // A village cannot move under the county.
    let location = post(
        &app,
        &admin.access,
        &path,
        &[
            ("name", "新名村"),
            ("parent_id", &zhengding.parent_id.unwrap().to_string()),
        ],
    )
    .await;
    assert!(
        location.starts_with(&format!("{path}?error=wrong_parent")),
        "{location}"
    );
    assert_eq!(
        unit(&app, "130123100201").await.parent_id,
        Some(zhufutun.id)
    );

    // Township staff may look but not edit; the county admin's own unit cannot be moved.
    let clerk = app.login(ZD, "clerk").await;
    let own_village = unit(&app, "130123100001").await;
    let (status, html) = page(&app, &clerk.access, &format!("/org/{}", own_village.id)).await;
    assert_eq!(status, 200);
    assert!(!html.contains("修改单位"));
    let (status, html) = page(&app, &admin.access, &format!("/org/{}", village.county_id)).await;
    // (the county id is no unit id)
    assert_eq!(status, 404, "{html}");
    let root = unit(&app, "130123000000").await;
    let (_, html) = page(&app, &admin.access, &format!("/org/{}", root.id)).await;
    assert!(html.contains("修改单位"));
    assert!(
        !html.contains(r#"name="deactivated""#),
        "own unit: no deactivation"
    );
}

#[tokio::test]
async fn another_countys_unit_is_not_found() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await;
    let pingshan = unit(&app, "130131100000").await;
    let path = format!("/org/{}", pingshan.id);
    let (status, html) = page(&app, &admin.access, &path).await;
    assert_eq!(status, 404);
    assert!(!html.contains(&pingshan.name));
    assert!(html.contains("没有找到该记录"));
    let location = post(&app, &admin.access, &path, &[("name", "改名")]).await;
    assert_eq!(
        location,
        format!("{path}?error=not_found&name=%E6%94%B9%E5%90%8D")
    );
    assert_eq!(unit(&app, "130131100000").await.name, pingshan.name);

    // Out of reach inside the county: also not found; a bad id too.
    let township = app.login(ZD, "township").await;
    let other = unit(&app, "130123101000").await;
    let (status, _) = page(&app, &township.access, &format!("/org/{}", other.id)).await;
    assert_eq!(status, 404);
    let (status, _) = page(&app, &admin.access, "/org/not-an-id").await;
    assert_eq!(status, 404);
    // The platform operator has no county tree.
    let op = app.login(None, "operator").await;
    let (status, _) = page(&app, &op.access, &path).await;
    assert_eq!(status, 404);
    // The same admin sees their own county's unit.
    let (status, _) = page(
        &app,
        &admin.access,
        &format!("/org/{}", unit(&app, "130123100000").await.id),
    )
    .await;
    assert_eq!(status, 200);
    // And the other county's admin cannot see it.
    let other_admin = app.login(PS, "admin").await;
    let zd_unit = unit(&app, "130123100000").await;
    let (status, _) = page(&app, &other_admin.access, &format!("/org/{}", zd_unit.id)).await;
    assert_eq!(status, 404);
}
