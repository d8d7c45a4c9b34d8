//! Every refusal is in the audit log: for each kind of record, a caller of the same county
//! outside the record's reach gets 404 and one `permission_denied` row is written.

use crate::helpers::{TestApp, spawn_app};
use app::audit::entity as audit_log;
use app::grievances::entity::grievance;
use app::households::entity::household;
use app::visits::entity::task;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const ZD: Option<&str> = Some("130123");

async fn denials(app: &TestApp) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("permission_denied"))
        .count(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_denial_on_each_kind_of_record_is_audited() {
    let app = spawn_app().await;
    let county_id = app::counties::entity::Entity::find()
        .filter(app::counties::entity::Column::Code.eq("130123"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    // A record of this county outside the village of `cadre`.
    let cadre_village = app::org::entity::Entity::find()
        .filter(app::org::entity::Column::CountyId.eq(county_id))
        .filter(app::org::entity::Column::Code.eq("130123100001"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .path;
    let outside = |path: &str| !path.starts_with(&cadre_village);
    let admin = app.login(ZD, "admin").await;

    let household = household::Entity::find()
        .filter(household::Column::CountyId.eq(county_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|h| outside(&h.path))
        .expect("a household in another village");
    let task = task::Entity::find()
        .filter(task::Column::CountyId.eq(county_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| outside(&t.path))
        .expect("a task in another village");
    let grievance = grievance::Entity::find()
        .filter(grievance::Column::CountyId.eq(county_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|g| outside(&g.path))
        .expect("a case in another village");
    // A visit the cadre records to one of their own families.
    let own = household::Entity::find()
        .filter(household::Column::CountyId.eq(county_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|h| !outside(&h.path))
        .expect("a household in the cadre's village");
    let cadre = app.login(ZD, "cadre").await;
    let (status, visit) = app
        .api(
            Method::POST,
            "/visits",
            &cadre.access,
            Some(serde_json::json!({
                "household_id": own.id, "mode": "phone", "met": false,
                "submission_key": uuid::Uuid::now_v7(),
            })),
        )
        .await;
    assert_eq!(status, 201, "{visit}");
    let visit = visit["visit"]["id"]
        .as_str()
        .or(visit["id"].as_str())
        .unwrap()
        .to_owned();
    let other_village = app.unit_id("130123", "130123101201").await;
    let cadre_user = app::users::entity::Entity::find()
        .filter(app::users::entity::Column::Username.eq("cadre"))
        .filter(app::users::entity::Column::CountyId.eq(county_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    // (caller, path): each a record the caller's role or place does not reach.
    let cases = [
        ("township", format!("/org-units/{other_village}")),
        ("dept", format!("/users/{cadre_user}")),
        ("cadre", format!("/households/{}", household.id)),
        ("cadre", format!("/tasks/{}", task.id)),
        ("dept", format!("/visits/{visit}")),
        ("cadre", format!("/grievances/{}", grievance.id)),
    ];
    for (user, path) in &cases {
        let t = app.login(ZD, user).await;
        let before = denials(&app).await;
        let (status, body) = app.api(Method::GET, path, &t.access, None).await;
        assert_eq!(status, 404, "{user} {path}: {body}");
        assert_eq!(denials(&app).await, before + 1, "{user} {path} audited");
    }

    // A campaign of another township, and another account's import job.
    let township = app.login(ZD, "township").await;
    let other_township = app.unit_id("130123", "130123101000").await;
    let (status, made) = app
        .api(
            Method::POST,
            "/campaigns",
            &admin.access,
            Some(serde_json::json!({
                "name": "另一乡镇的走访",
                "unit_id": other_township,
                "starts_on": app::format::today().to_string(),
                "ends_on": (app::format::today() + time::Duration::days(10)).to_string(),
                "modes": ["in_person"],
                "target_percent": 100,
            })),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let campaign_id = made["id"].as_str().unwrap();
    let before = denials(&app).await;
    let (status, _) = app
        .api(
            Method::GET,
            &format!("/campaigns/{campaign_id}"),
            &township.access,
            None,
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(denials(&app).await, before + 1, "campaign denial audited");

    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes("区划代码,名称\n130123190000,试验镇\n".as_bytes().to_vec())
            .file_name("units.csv"),
    );
    let response = app
        .client
        .post(app.url("/api/v1/org-units/import"))
        .bearer_auth(&admin.access)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let job: serde_json::Value = response.json().await.unwrap();
    let job = job["id"].as_str().expect("an import job").to_owned();
    let before = denials(&app).await;
    let (status, _) = app
        .api(
            Method::GET,
            &format!("/imports/{job}"),
            &township.access,
            None,
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(denials(&app).await, before + 1, "import job denial audited");
}
