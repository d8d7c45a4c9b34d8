use crate::helpers::spawn_app;
use app::counties::{CountyDirectory, CountyStatus, entity as counties};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;

async fn add_county(db: &sea_orm::DatabaseConnection, code: &str, name: &str) {
    counties::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        code: Set(code.into()),
        name: Set(name.into()),
        province: Set("河北省".into()),
        city: Set("石家庄市".into()),
        status: Set(CountyStatus::Active),
        created_at: Set(time::OffsetDateTime::now_utc()),
    }
    .insert(db)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_directory_holds_its_list_until_invalidated() {
    let app = spawn_app().await;
    let directory = CountyDirectory::new(app.db.clone(), Duration::from_secs(3600));
    assert_eq!(directory.active().await.unwrap().len(), 3);

    add_county(&app.db, "130125", "行唐县").await;
    assert_eq!(directory.active().await.unwrap().len(), 3, "held");
    directory.invalidate();
    let names: Vec<_> = directory
        .active()
        .await
        .unwrap()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(
        names,
        ["正定县", "行唐县", "赞皇县", "平山县"],
        "ordered by code"
    );
}

#[tokio::test]
async fn suspended_counties_are_not_listed() {
    let app = spawn_app().await;
    let zhengding = counties::Entity::find()
        .filter(counties::Column::Code.eq("130123"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: counties::ActiveModel = zhengding.into();
    row.status = Set(CountyStatus::Suspended);
    row.update(&app.db).await.unwrap();

    let directory = CountyDirectory::new(app.db.clone(), Duration::ZERO);
    let codes: Vec<_> = directory
        .active()
        .await
        .unwrap()
        .iter()
        .map(|c| c.code.clone())
        .collect();
    assert_eq!(codes, ["130129", "130131"]);
}
