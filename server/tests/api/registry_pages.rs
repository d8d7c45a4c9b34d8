//! The registry and campaign screens over plain HTTP, as the browser's forms use them:
//! `/households…`, `/campaigns…`, `/settings/visits` and their form posts.
//!
//! Fixture: the demo seed (正定县 130123 with accounts admin/leader/auditor/township/clerk/
//! cadre/dept; the cadre sits at 正定镇's community 130123100001; 平山县 130131 likewise).
//! Households the tests assert on exactly are added by the tests themselves.

use crate::helpers::{TestApp, html, page, post, spawn_app};
use app::audit::entity as audit_events;
use app::households::entity::household;
use app::visits::entity::campaign;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ZD: Option<&str> = Some("130123");
const PS: Option<&str> = Some("130131");
/// The demo cadre's community, another village of 正定镇, 正定镇, and a village of 诸福屯镇.
const HOME: &str = "130123100001";
const NEIGHBOUR: &str = "130123100201";
const ZHENGDING: &str = "130123100000";
const ZHUFUTUN: &str = "130123101000";
/// A village of 平山县's first township.
const PS_VILLAGE: &str = "130131100001";
const PHONE: &str = "13900001111";

async fn user_id(app: &TestApp, admin: &str, username: &str) -> String {
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
        .unwrap_or_else(|| panic!("user {username}"))
}

/// A valid 18-character ID number (GB 11643 check character) from 17 digits.
fn id_number(body: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    format!("{body}{}", char::from(CHECK[(sum % 11) as usize]))
}

/// A household added over the API, with the phone `PHONE` and, given one, a head with that
/// ID number.
async fn add_household(
    app: &TestApp,
    token: &str,
    village: &str,
    head: &str,
    id: Option<&str>,
) -> Value {
    let mut body = json!({ "village_id": village, "head_name": head, "phone": PHONE });
    if let Some(id) = id {
        body["members"] = json!([{ "name": head, "relation": "户主", "id_number": id }]);
    }
    let (status, body) = app
        .api(Method::POST, "/households", token, Some(body))
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn households_named(app: &TestApp, head: &str) -> u64 {
    household::Entity::find()
        .filter(household::Column::HeadName.eq(head))
        .count(&app.db)
        .await
        .unwrap()
}

async fn reveals(app: &TestApp) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("personal_reveal"))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn registry_pages_render_for_the_roles_that_see_them() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await.access;
    let home = app.unit_id("130123", HOME).await;
    let h = add_household(&app, &admin, &home, "甄测试", None).await;
    let id = h["id"].as_str().unwrap();

    let list = html(&app, &admin, "/households").await;
    assert!(list.contains("户籍台账") && list.contains("我结对的户"));
    assert!(
        list.contains(r#"href="/households/new""#),
        "the admin may add"
    );
    assert!(
        list.contains(r#"href="/api/v1/households/export""#),
        "and export"
    );
    let found = html(&app, &admin, "/households?q=%E7%94%84%E6%B5%8B%E8%AF%95").await;
    assert!(found.contains(&format!(r#"href="/households/{id}""#)));
    assert!(
        found.contains("139****1111") && !found.contains(PHONE),
        "phones masked"
    );
    let new = html(&app, &admin, "/households/new").await;
    assert!(new.contains("户主姓名") && new.contains(r#"action="/households""#));
    assert!(new.contains("低保户"), "the county's tags");

    let one = html(&app, &admin, &format!("/households/{id}")).await;
    assert!(one.contains("甄测试") && one.contains("139****1111") && !one.contains(PHONE));
    assert!(one.contains(&format!(r#"action="/households/{id}/reveal""#)));
    assert!(one.contains("修改户信息") && one.contains("添加成员") && one.contains("结对干部"));

    // The cadre records visits here; the leader only reads, masked.
    let cadre = app.login(ZD, "cadre").await.access;
    let theirs = html(&app, &cadre, &format!("/households/{id}")).await;
    assert!(theirs.contains(&format!(r#"href="/visits/new?household={id}""#)));
    assert!(theirs.contains(&format!(r#"href="/visits/trigger?household={id}""#)));
    let their_list = html(&app, &cadre, "/households").await;
    assert!(their_list.contains("甄测试") && !their_list.contains("/api/v1/households/export"));
    let leader = app.login(ZD, "leader").await.access;
    let read = html(&app, &leader, &format!("/households/{id}")).await;
    assert!(read.contains("甄测试") && !read.contains("/reveal") && !read.contains("修改户信息"));
    assert!(
        !html(&app, &leader, "/households")
            .await
            .contains(r#"href="/households/new""#)
    );
    let (status, _, _) = page(&app, &leader, "/households/new").await;
    assert_eq!(status, 403);

    // Roles without the registry.
    for username in ["dept", "auditor"] {
        let token = app.login(ZD, username).await.access;
        for path in ["/households".to_owned(), format!("/households/{id}")] {
            let (status, _, body) = page(&app, &token, &path).await;
            assert!(
                status == 403 || status == 404,
                "{username} {path}: {status}"
            );
            assert!(!body.contains("甄测试"));
        }
    }
    let (status, _, _) = page(&app, &app.login(ZD, "dept").await.access, "/households").await;
    assert_eq!(status, 403);

    // The workbench offers the screens to those who may use them.
    let tiles = html(&app, &admin, "/").await;
    for href in ["/households", "/campaigns", "/settings/visits"] {
        assert!(tiles.contains(&format!(r#"href="{href}""#)), "{href}");
    }
    let tiles = html(&app, &cadre, "/").await;
    assert!(tiles.contains(r#"href="/households""#) && tiles.contains(r#"href="/campaigns""#));
    assert!(!tiles.contains(r#"href="/settings/visits""#));
    let tiles = html(&app, &app.login(ZD, "dept").await.access, "/").await;
    assert!(!tiles.contains(r#"href="/households""#));
}

#[tokio::test]
async fn a_village_cadre_gets_not_found_outside_their_village_and_county() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await.access;
    let cadre = app.login(ZD, "cadre").await.access;
    let neighbour = app.unit_id("130123", NEIGHBOUR).await;
    let next_door = add_household(&app, &admin, &neighbour, "邻村户", None).await;
    let next_door = next_door["id"].as_str().unwrap();
    let ps_admin = app.login(PS, "admin").await.access;
    let ps_village = app.unit_id("130131", PS_VILLAGE).await;
    let far = add_household(&app, &ps_admin, &ps_village, "平山户", None).await;
    let far = far["id"].as_str().unwrap();

    for (token, id, name) in [
        (&cadre, next_door, "邻村户"),
        (&cadre, far, "平山户"),
        (&admin, far, "平山户"),
    ] {
        let (status, _, body) = page(&app, token, &format!("/households/{id}")).await;
        assert_eq!(status, 404, "{name}");
        assert!(!body.contains(name));
        // Forms aimed at it change nothing and say only "not found".
        let to = post(
            &app,
            token,
            &format!("/households/{id}"),
            &[("head_name", "改名")],
        )
        .await;
        assert_eq!(
            to,
            format!("/households/{id}?error=not_found&form=edit&head_name=%E6%94%B9%E5%90%8D")
        );
        let to = post(
            &app,
            token,
            &format!("/households/{id}/reveal"),
            &[("field", "phone")],
        )
        .await;
        assert_eq!(to, format!("/households/{id}?error=not_found"));
        assert!(!to.contains(PHONE));
    }
    assert_eq!(households_named(&app, "改名").await, 0);
    assert!(reveals(&app).await.is_empty());
    let (status, _, _) = page(&app, &cadre, &format!("/households?unit={neighbour}")).await;
    assert_eq!(status, 404);
    let listed = html(&app, &cadre, "/households?q=%E6%88%B7").await;
    assert!(!listed.contains("邻村户") && !listed.contains("平山户"));

    // Campaigns: another township's, and another county's.
    let zhufutun = app.unit_id("130123", ZHUFUTUN).await;
    let (status, other_township) = app
        .api(
            Method::POST,
            "/campaigns",
            &admin,
            Some(json!({ "name": "诸福屯冬季走访", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                "unit_id": zhufutun, "modes": ["in_person"], "target_percent": 90 })),
        )
        .await;
    assert_eq!(status, 201, "{other_township}");
    let ps_county = app.unit_id("130131", "130131000000").await;
    let (status, other_county) = app
        .api(
            Method::POST,
            "/campaigns",
            &ps_admin,
            Some(
                json!({ "name": "平山走访", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                "unit_id": ps_county, "modes": ["in_person"], "target_percent": 90 }),
            ),
        )
        .await;
    assert_eq!(status, 201, "{other_county}");
    for (token, c) in [
        (&cadre, &other_township),
        (&cadre, &other_county),
        (&admin, &other_county),
    ] {
        let id = c["id"].as_str().unwrap();
        let name = c["name"].as_str().unwrap();
        for path in [
            format!("/campaigns/{id}"),
            format!("/campaigns/{id}/households?show=target"),
        ] {
            let (status, _, body) = page(&app, token, &path).await;
            assert_eq!(status, 404, "{path}");
            assert!(!body.contains(name));
        }
        let to = post(&app, token, &format!("/campaigns/{id}/close"), &[]).await;
        assert!(
            to.ends_with("?error=not_found") || to.ends_with("?error=forbidden"),
            "{to}"
        );
    }
    let listed = html(&app, &cadre, "/campaigns").await;
    assert!(!listed.contains("诸福屯冬季走访") && !listed.contains("平山走访"));
    let still_open = campaign::Entity::find()
        .filter(campaign::Column::Status.eq("open"))
        .count(&app.db)
        .await
        .unwrap();
    assert!(still_open >= 2);
}

#[tokio::test]
async fn the_household_form_creates_one_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = app.unit_id("130123", HOME).await;
    let head_id = id_number("13012319800101123");
    let to = post(
        &app,
        &cadre,
        "/households",
        &[
            ("village", &home),
            ("group_name", "三组"),
            ("house_number", "12号"),
            ("address", "正定镇东关社区三组12号"),
            ("head_name", "郝新户"),
            ("phone", PHONE),
            ("head_id_number", &head_id),
            ("tags", "低保户"),
            ("tags", "老党员"),
            ("notes", "独居"),
        ],
    )
    .await;
    assert!(
        to.starts_with("/households/") && to.ends_with("?done=created"),
        "{to}"
    );
    assert!(!to.contains(PHONE) && !to.contains(&head_id));
    let page_html = html(&app, &cadre, &to).await;
    assert!(page_html.contains("郝新户") && page_html.contains("正定镇东关社区三组12号"));
    assert!(page_html.contains("低保户、老党员"), "tags");
    assert!(page_html.contains(r#"class="notice""#));
    assert!(
        page_html.contains("130123********"),
        "the head's ID, masked"
    );
    assert!(!page_html.contains(&head_id) && !page_html.contains(PHONE));
    assert_eq!(households_named(&app, "郝新户").await, 1);

    // Refused: a bad phone, an unknown tag, no head, no village. Each comes back to the form
    // with a Chinese sentence and what was typed (never the phone or ID number).
    for (form, code, sentence) in [
        (
            vec![
                ("village", home.as_str()),
                ("head_name", "错户"),
                ("phone", "123"),
            ],
            "bad_phone",
            "电话号码不正确",
        ),
        (
            vec![
                ("village", home.as_str()),
                ("head_name", "错户"),
                ("tags", "不存在的标签"),
            ],
            "unknown_tag",
            "标签不在本县的标签列表中",
        ),
        (
            vec![
                ("village", home.as_str()),
                ("head_name", "错户"),
                ("head_id_number", "130123198001011230"),
            ],
            "bad_id_number",
            "身份证号不正确",
        ),
        (
            vec![("village", home.as_str()), ("head_name", "")],
            "required",
            "此项必填",
        ),
        (
            vec![("village", ""), ("head_name", "错户")],
            "required",
            "此项必填",
        ),
    ] {
        let to = post(&app, &cadre, "/households", &form).await;
        assert!(
            to.starts_with(&format!("/households/new?error={code}")),
            "{code}: {to}"
        );
        assert!(
            !to.contains("phone=") && !to.contains("head_id_number"),
            "{to}"
        );
        let again = html(&app, &cadre, &to).await;
        assert!(again.contains(sentence), "{code}");
        if to.contains("head_name=") {
            assert!(again.contains(r#"value="错户""#), "refilled: {code}");
        }
    }
    assert_eq!(households_named(&app, "错户").await, 0);
    // A village outside the cadre's reach is an unknown unit.
    let neighbour = app.unit_id("130123", NEIGHBOUR).await;
    let to = post(
        &app,
        &cadre,
        "/households",
        &[("village", &neighbour), ("head_name", "错户")],
    )
    .await;
    assert!(to.starts_with("/households/new?error=unknown_unit"), "{to}");
    assert_eq!(households_named(&app, "错户").await, 0);
}

#[tokio::test]
async fn a_reveal_is_audited_and_never_travels_in_a_url() {
    let app = spawn_app().await;
    let cadre = app.login(ZD, "cadre").await.access;
    let home = app.unit_id("130123", HOME).await;
    let head_id = id_number("13012319750505432");
    let h = add_household(&app, &cadre, &home, "钱揭示", Some(&head_id)).await;
    let id = h["id"].as_str().unwrap();
    let member = h["people"][0]["id"].as_str().unwrap();
    assert_eq!(reveals(&app).await.len(), 0);

    // The household's phone: the answer is the page itself, with the value, never cached.
    let response = app
        .client
        .post(app.url(&format!("/households/{id}/reveal")))
        .bearer_auth(&cadre)
        .form(&[("member", ""), ("field", "phone")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("location").is_none());
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = response.text().await.unwrap();
    assert!(body.contains(PHONE) && body.contains("钱揭示"));
    assert!(!body.contains(&head_id), "one field at a time");
    assert_eq!(reveals(&app).await.len(), 1);

    // A member's ID number.
    let response = app
        .client
        .post(app.url(&format!("/households/{id}/reveal")))
        .bearer_auth(&cadre)
        .form(&[("member", member), ("field", "id_number")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains(&head_id) && !body.contains(PHONE));
    let rows = reveals(&app).await;
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row.outcome, "success");
        assert!(!row.detail.contains(PHONE) && !row.detail.contains(&head_id));
        assert!(!row.target_label.contains(PHONE) && !row.target_label.contains(&head_id));
    }
    assert!(
        rows.iter()
            .any(|r| r.detail.contains(member) && r.detail.contains("id_number"))
    );

    // Refused reveals redirect, without any value, and reveal nothing.
    let leader = app.login(ZD, "leader").await.access;
    let to = post(
        &app,
        &leader,
        &format!("/households/{id}/reveal"),
        &[("member", member), ("field", "id_number")],
    )
    .await;
    assert_eq!(to, format!("/households/{id}?error=forbidden"));
    let to = post(
        &app,
        &cadre,
        &format!("/households/{id}/reveal"),
        &[("member", member), ("field", "password")],
    )
    .await;
    assert_eq!(to, format!("/households/{id}?error=not_found"));
    let other = app.login(PS, "cadre").await.access;
    let to = post(
        &app,
        &other,
        &format!("/households/{id}/reveal"),
        &[("field", "phone")],
    )
    .await;
    assert_eq!(to, format!("/households/{id}?error=not_found"));
    assert_eq!(reveals(&app).await.len(), 2);
}

#[tokio::test]
async fn household_edit_member_and_pairing_forms() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await.access;
    let home = app.unit_id("130123", HOME).await;
    let h = add_household(&app, &admin, &home, "孙编辑", None).await;
    let id = h["id"].as_str().unwrap().to_owned();
    let page_path = format!("/households/{id}");

    // Editing without typing a phone keeps the stored one.
    let to = post(
        &app,
        &admin,
        &page_path,
        &[
            ("head_name", "孙编辑"),
            ("address", "新地址一号"),
            ("tags", "空巢老人"),
            ("notes", "腿脚不便"),
        ],
    )
    .await;
    assert_eq!(to, format!("{page_path}?done=saved"));
    let shown = html(&app, &admin, &page_path).await;
    assert!(
        shown.contains("新地址一号") && shown.contains("空巢老人") && shown.contains("腿脚不便")
    );
    assert!(shown.contains("139****1111"), "phone kept");
    // A bad edit comes back refilled and changes nothing.
    let to = post(
        &app,
        &admin,
        &page_path,
        &[
            ("head_name", "孙编辑"),
            ("address", "不该保存"),
            ("phone", "12"),
        ],
    )
    .await;
    assert!(
        to.starts_with(&format!("{page_path}?error=bad_phone&form=edit")),
        "{to}"
    );
    let again = html(&app, &admin, &to).await;
    assert!(again.contains("电话号码不正确") && again.contains(r#"value="不该保存""#));
    let (_, stored) = app
        .api(Method::GET, &format!("/households/{id}"), &admin, None)
        .await;
    assert_eq!(stored["address"], "新地址一号");
    // The box removes the phone.
    let to = post(
        &app,
        &admin,
        &page_path,
        &[
            ("head_name", "孙编辑"),
            ("address", "新地址一号"),
            ("clear_phone", "1"),
        ],
    )
    .await;
    assert_eq!(to, format!("{page_path}?done=saved"));
    let (_, stored) = app
        .api(Method::GET, &format!("/households/{id}"), &admin, None)
        .await;
    assert!(stored["phone"].is_null(), "{stored}");

    // Members: a bad ID number is refused; a good member is added, then removed.
    let before = household::Entity::find_by_id(uuid::Uuid::parse_str(&id).unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .members;
    let to = post(
        &app,
        &admin,
        &format!("{page_path}/members"),
        &[
            ("name", "孙小"),
            ("relation", "子女"),
            ("id_number", "130123200001011230"),
        ],
    )
    .await;
    assert!(
        to.starts_with(&format!(
            "{page_path}?error=bad_id_number&form=member&name="
        )),
        "{to}"
    );
    assert!(!to.contains("130123200001011230"));
    let child_id = id_number("13012320100101123");
    let to = post(
        &app,
        &admin,
        &format!("{page_path}/members"),
        &[
            ("name", "孙小"),
            ("relation", "子女"),
            ("id_number", &child_id),
        ],
    )
    .await;
    assert_eq!(to, format!("{page_path}?done=saved"));
    let (_, stored) = app
        .api(Method::GET, &format!("/households/{id}"), &admin, None)
        .await;
    let people = stored["people"].as_array().unwrap();
    assert_eq!(people.len() as i32, before + 1);
    let child = people.iter().find(|p| p["name"] == "孙小").unwrap();
    assert_eq!(child["gender"], "男");
    let child = child["id"].as_str().unwrap();
    let to = post(
        &app,
        &admin,
        &format!("{page_path}/members/{child}/remove"),
        &[],
    )
    .await;
    assert_eq!(to, format!("{page_path}?done=member_removed"));
    assert!(html(&app, &admin, &to).await.contains("已移除该成员"));

    // Pairing: the demo cadre of this village, by the form's checkbox.
    let cadre_id = user_id(&app, &admin, "cadre").await;
    let form = html(&app, &admin, &page_path).await;
    assert!(
        form.contains(&format!(r#"value="{cadre_id}""#)),
        "the cadre is offered"
    );
    let to = post(
        &app,
        &admin,
        &format!("{page_path}/cadres"),
        &[("cadre", &cadre_id)],
    )
    .await;
    assert_eq!(to, format!("{page_path}?done=saved"));
    let (_, stored) = app
        .api(Method::GET, &format!("/households/{id}"), &admin, None)
        .await;
    assert_eq!(stored["cadres"][0]["id"], cadre_id.as_str());
    // Someone who is no cadre (the leader) is refused.
    let leader_id = user_id(&app, &admin, "leader").await;
    let to = post(
        &app,
        &admin,
        &format!("{page_path}/cadres"),
        &[("cadre", &leader_id)],
    )
    .await;
    assert!(
        to.starts_with(&format!("{page_path}?error=not_a_cadre")),
        "{to}"
    );
    let (_, stored) = app
        .api(Method::GET, &format!("/households/{id}"), &admin, None)
        .await;
    assert_eq!(stored["cadres"].as_array().unwrap().len(), 1);
    // The paired cadre finds it under "我结对的户".
    let cadre = app.login(ZD, "cadre").await.access;
    assert!(
        html(&app, &cadre, "/households?mine=1")
            .await
            .contains("孙编辑")
    );
}

#[tokio::test]
async fn campaigns_are_created_drilled_into_assigned_and_closed() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await.access;
    let zhengding = app.unit_id("130123", ZHENGDING).await;
    let neighbour = app.unit_id("130123", NEIGHBOUR).await;
    add_household(&app, &admin, &neighbour, "周覆盖", None).await;

    let list = html(&app, &admin, "/campaigns").await;
    assert!(list.contains("走访活动") && list.contains("新建走访活动"));
    assert!(list.contains(r#"action="/campaigns""#));

    // Refused: the end before the start; nothing is created.
    let before = campaign::Entity::find().count(&app.db).await.unwrap();
    let to = post(
        &app,
        &admin,
        "/campaigns",
        &[
            ("name", "倒序活动"),
            ("starts_on", "2026-12-01"),
            ("ends_on", "2026-11-01"),
            ("unit", &zhengding),
            ("modes", "in_person"),
            ("target_percent", "90"),
        ],
    )
    .await;
    assert!(
        to.starts_with("/campaigns?error=bad_date_range&name="),
        "{to}"
    );
    let again = html(&app, &admin, &to).await;
    assert!(again.contains("结束日期不能早于开始日期") && again.contains(r#"value="倒序活动""#));
    assert_eq!(
        campaign::Entity::find().count(&app.db).await.unwrap(),
        before
    );

    // A campaign that ended yesterday: every open task is overdue.
    let yesterday = app::format::date(app::format::today() - time::Duration::days(1));
    let to = post(
        &app,
        &admin,
        "/campaigns",
        &[
            ("name", "正定镇入户走访"),
            ("starts_on", "2026-01-01"),
            ("ends_on", &yesterday),
            ("unit", &zhengding),
            ("modes", "in_person"),
            ("modes", "phone"),
            ("target_percent", "90"),
        ],
    )
    .await;
    assert!(
        to.starts_with("/campaigns/") && to.ends_with("?done=created"),
        "{to}"
    );
    let id = to
        .trim_start_matches("/campaigns/")
        .trim_end_matches("?done=created")
        .to_owned();
    let coverage = html(&app, &admin, &to).await;
    assert!(coverage.contains("正定镇入户走访") && coverage.contains("各单位进度"));
    assert!(coverage.contains("各干部进度") && coverage.contains("合计"));
    assert!(coverage.contains("num overdue"), "overdue numbers in red");
    assert!(
        coverage.contains(&format!(
            r#"href="/campaigns/{id}/households?unit={neighbour}&amp;show=target""#
        )) || coverage.contains(&format!(
            r#"href="/campaigns/{id}/households?unit={neighbour}&show=target""#
        ))
    );
    assert!(coverage.contains(&format!(r#"href="/campaigns/{id}?unit={neighbour}""#)));
    let listed = html(&app, &admin, "/campaigns").await;
    assert!(
        listed.contains("正定镇入户走访") && listed.contains(&format!(r#"href="/campaigns/{id}""#))
    );

    // Down one level, and the households behind a number.
    let village = html(&app, &admin, &format!("/campaigns/{id}?unit={neighbour}")).await;
    assert!(village.contains("返回上一级"));
    let target = html(
        &app,
        &admin,
        &format!("/campaigns/{id}/households?unit={neighbour}&show=target"),
    )
    .await;
    assert!(target.contains("周覆盖") && target.contains("目标户数"));
    let overdue = html(
        &app,
        &admin,
        &format!("/campaigns/{id}/households?unit={neighbour}&show=overdue"),
    )
    .await;
    assert!(overdue.contains("周覆盖") && overdue.contains(r#"<tr class="overdue""#));
    let met = html(
        &app,
        &admin,
        &format!("/campaigns/{id}/households?unit={neighbour}&show=met"),
    )
    .await;
    assert!(!met.contains("周覆盖") && met.contains("没有符合条件的户"));

    // The cadre sees the campaign (it covers their village) but may not manage it.
    let cadre = app.login(ZD, "cadre").await.access;
    let theirs = html(&app, &cadre, &format!("/campaigns/{id}")).await;
    assert!(theirs.contains("正定镇入户走访") && !theirs.contains("结束活动"));
    assert!(
        !html(&app, &cadre, "/campaigns")
            .await
            .contains("新建走访活动")
    );
    let to = post(&app, &cadre, &format!("/campaigns/{id}/close"), &[]).await;
    assert!(to.starts_with(&format!("/campaigns/{id}?error=")), "{to}");

    // Assign the neighbour village's unheld tasks to the township clerk.
    let clerk = user_id(&app, &admin, "clerk").await;
    let form = html(&app, &admin, &format!("/campaigns/{id}")).await;
    assert!(form.contains("分配任务") && form.contains(&format!(r#"value="{clerk}""#)));
    let to = post(
        &app,
        &admin,
        &format!("/campaigns/{id}/assign"),
        &[("unit", &neighbour), ("cadre", &clerk)],
    )
    .await;
    assert_eq!(to, format!("/campaigns/{id}?done=tasks_assigned"));
    let (_, tasks) = app
        .api(
            Method::GET,
            &format!("/tasks?campaign={id}&unit={neighbour}&limit=100"),
            &admin,
            None,
        )
        .await;
    let tasks = tasks["items"].as_array().unwrap();
    assert!(!tasks.is_empty());
    assert!(
        tasks.iter().all(|t| t["assignee_id"] == clerk.as_str()),
        "{tasks:?}"
    );
    let by_cadre = html(&app, &admin, &format!("/campaigns/{id}?unit={neighbour}")).await;
    assert!(by_cadre.contains("乡镇工作人员"));
    let to = post(
        &app,
        &admin,
        &format!("/campaigns/{id}/assign"),
        &[("unit", &neighbour), ("cadre", "")],
    )
    .await;
    assert!(
        to.starts_with(&format!("/campaigns/{id}?error=required")),
        "{to}"
    );

    // Close it.
    let to = post(&app, &admin, &format!("/campaigns/{id}/close"), &[]).await;
    assert_eq!(to, format!("/campaigns/{id}?done=campaign_closed"));
    let closed = html(&app, &admin, &to).await;
    assert!(closed.contains("已结束") && closed.contains("走访活动已结束"));
    let to = post(&app, &admin, &format!("/campaigns/{id}/close"), &[]).await;
    assert_eq!(to, format!("/campaigns/{id}?error=campaign_closed"));
}

#[tokio::test]
async fn visit_settings_are_edited_by_the_county_admin_only() {
    let app = spawn_app().await;
    let admin = app.login(ZD, "admin").await.access;
    let settings = html(&app, &admin, "/settings/visits").await;
    for text in [
        "走访设置",
        "户标签",
        "低保户",
        "必访事项",
        "住院",
        "宣传政策",
        "补访时限",
    ] {
        assert!(settings.contains(text), "{text}");
    }

    // Add a tag and retire one: the untouched rows are sent back as they are.
    let (_, current) = app.api(Method::GET, "/visit-settings", &admin, None).await;
    let tags = current["tags"].as_array().unwrap();
    let mut form: Vec<(String, String)> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        let code = tag["code"].as_str().unwrap().to_owned();
        form.push((format!("code.{i}"), code.clone()));
        form.push((
            format!("label.{i}"),
            tag["label"].as_str().unwrap().to_owned(),
        ));
        if code != "经济能人" {
            form.push((format!("active.{i}"), "1".into()));
        }
    }
    let n = tags.len();
    form.push((format!("label.{n}"), "易返贫户".into()));
    form.push((format!("active.{n}"), "1".into()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let to = post(&app, &admin, "/settings/visits/tag", &pairs).await;
    assert_eq!(to, "/settings/visits?done=saved");
    let (_, now) = app.api(Method::GET, "/visit-settings", &admin, None).await;
    let now = now["tags"].as_array().unwrap();
    assert!(
        now.iter()
            .any(|t| t["label"] == "易返贫户" && t["active"] == true)
    );
    assert!(
        now.iter()
            .any(|t| t["code"] == "经济能人" && t["active"] == false)
    );
    assert!(
        html(&app, &admin, "/households/new")
            .await
            .contains("易返贫户")
    );

    // A must-visit event with a bad number of days is refused and nothing changes.
    let to = post(
        &app,
        &admin,
        "/settings/visits/trigger",
        &[("label.9", "房屋漏雨"), ("days.9", "0"), ("active.9", "1")],
    )
    .await;
    assert!(
        to.starts_with("/settings/visits?error=bad_days&form=trigger&label="),
        "{to}"
    );
    let again = html(&app, &admin, &to).await;
    assert!(again.contains("天数应为 1 到 90 之间的整数") && again.contains(r#"value="房屋漏雨""#));
    let (_, after) = app.api(Method::GET, "/visit-settings", &admin, None).await;
    assert!(!after.to_string().contains("房屋漏雨"));
    // The 补访 delay.
    let to = post(
        &app,
        &admin,
        "/settings/visits/follow_up",
        &[("code.0", "days"), ("days.0", "5"), ("active.0", "1")],
    )
    .await;
    assert_eq!(to, "/settings/visits?done=saved");
    let (_, after) = app.api(Method::GET, "/visit-settings", &admin, None).await;
    assert_eq!(after["follow_up_days"], 5);

    // Nobody else.
    for username in ["leader", "township", "cadre"] {
        let token = app.login(ZD, username).await.access;
        let (status, _, _) = page(&app, &token, "/settings/visits").await;
        assert_eq!(status, 403, "{username}");
        let to = post(
            &app,
            &token,
            "/settings/visits/tag",
            &[("label.0", "偷改"), ("active.0", "1")],
        )
        .await;
        assert!(
            to.starts_with("/settings/visits?error=forbidden"),
            "{username}: {to}"
        );
    }
    let (_, after) = app.api(Method::GET, "/visit-settings", &admin, None).await;
    assert!(!after.to_string().contains("偷改"));
}
