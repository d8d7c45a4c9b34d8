//! Smaller things a page must say: the resident's tracking page gives the expected answer
//! date and the place, the import preview gives each new unit's type and parent, and the
//! import page offers its templates before the upload form.
//!
//! Fixture (the demo seed): 正定县 130123 with 正定镇 (130123100000) and its community
//! 东关社区 (130123100001), where the demo cadre sits.

use crate::helpers::{html, spawn_app_with};
use app::grievances::entity::grievance;
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

const ZD: Option<&str> = Some("130123");

#[tokio::test]
async fn the_tracking_page_says_when_the_answer_is_due_and_where() {
    let app = spawn_app_with(|c| c.challenge_min_seconds = 0).await;
    let form: Value = app
        .client
        .get(app.url("/api/v1/public/130123/form"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let township = form["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "正定镇")
        .unwrap();
    let (village, village_name) = (
        township["villages"][0][0].as_str().unwrap(),
        township["villages"][0][1].as_str().unwrap(),
    );
    let question = form["challenge"]["question"].as_str().unwrap();
    let (a, b) = question.split_once(" + ").unwrap();
    let answer = (a.parse::<u32>().unwrap() + b.parse::<u32>().unwrap()).to_string();
    let body = json!({
        "reporter_name": "李秀英", "reporter_phone": "13912340000",
        "place_id": village, "category_id": form["categories"][0][0],
        "description": "路灯坏了。", "challenge": form["challenge"]["token"], "answer": answer,
    });
    let done: Value = app
        .client
        .post(app.url("/api/v1/public/130123/grievances"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = done["code"].as_str().unwrap();
    let page = app
        .get_html(&format!("/c/130123/track?code={code}&phone_last4=0000"))
        .await;
    assert!(
        page.contains(&format!("正定镇 {village_name}")),
        "the place with its township: {page}"
    );
    // Not accepted yet: at the latest, accepted on the last day and handled in full.
    let case = grievance::Entity::find().all(&app.db).await.unwrap();
    let case = case.iter().find(|g| g.code == code).unwrap();
    let cats = app::grievances::entity::category::Entity::find_by_id(case.category_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let by = case.accept_due + time::Duration::days(cats.handle_days.into());
    let by = app::format::date(by.to_offset(app::format::CHINA).date());
    assert!(
        page.contains("预计答复") && page.contains(&format!("最迟 {by} 前")),
        "{page}"
    );
    assert!(
        !page.contains("/pkg/"),
        "the resident's pages load no bundle"
    );
}

#[tokio::test]
async fn the_import_page_offers_templates_first_and_its_preview_names_kind_and_parent() {
    let app = spawn_app_with(|_| {}).await;
    let admin = app.login(ZD, "admin").await.access;
    let page = html(&app, &admin, "/imports").await;
    let templates = page.find("/api/v1/import-templates/").expect("templates");
    let upload = page.find(r#"action="/imports""#).expect("the upload form");
    assert!(templates < upload, "templates above the upload form");

    let sheet = "区划代码,名称\n130123190000,试验镇\n130123190201,东村\n130123100299,新关村\n";
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(sheet.as_bytes().to_vec()).file_name("乡镇.csv"),
    );
    let job: Value = app
        .client
        .post(app.url("/api/v1/org-units/import"))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = job["id"].as_str().unwrap();
    for _ in 0..400 {
        let (_, job) = app
            .api(Method::GET, &format!("/imports/{id}"), &admin, None)
            .await;
        if job["status"] != "checking" {
            assert_eq!(job["status"], "ready", "{job}");
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let preview = html(&app, &admin, &format!("/imports/{id}")).await;
    assert!(
        preview.contains("上级单位") && preview.contains("类型"),
        "{preview}"
    );
    let row = |code: &str| {
        let start = preview.find(&format!(">{code}<")).unwrap();
        let rest = &preview[start..];
        rest[..rest.find("</tr>").unwrap()].to_owned()
    };
    let town = row("130123190000");
    assert!(town.contains("乡镇") && town.contains("正定县"), "{town}");
    let new_village = row("130123190201");
    assert!(
        new_village.contains(">村") && new_village.contains("试验镇"),
        "{new_village}"
    );
    assert!(
        row("130123100299").contains("正定镇"),
        "an existing township by its name"
    );
}
