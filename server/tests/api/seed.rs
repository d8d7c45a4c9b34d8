use crate::helpers::spawn_app;
use app::{
    counties::entity as counties,
    org::{DivisionCode, OrgKind, entity as org_units},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;

#[tokio::test]
async fn seeding_the_demo_twice_adds_nothing_the_second_time() {
    let app = spawn_app().await; // seeds once
    let before = org_units::Entity::find().count(&app.db).await.unwrap();
    let report = server::seed::demo(&app.db).await.unwrap();
    assert_eq!(report, server::seed::SeedReport::default());
    assert_eq!(counties::Entity::find().count(&app.db).await.unwrap(), 3);
    assert_eq!(
        org_units::Entity::find().count(&app.db).await.unwrap(),
        before
    );
}

#[tokio::test]
async fn the_demo_tree_nests_by_code_and_by_path() {
    let app = spawn_app().await;
    let county = counties::Entity::find()
        .filter(counties::Column::Code.eq("130123"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("正定县 is seeded");
    let units = org_units::Entity::find()
        .filter(org_units::Column::CountyId.eq(county.id))
        .all(&app.db)
        .await
        .unwrap();
    let by_id: HashMap<_, _> = units.iter().map(|u| (u.id, u)).collect();

    let count = |kind| units.iter().filter(|u| u.kind == kind).count();
    assert_eq!(count(OrgKind::County), 1);
    assert_eq!(count(OrgKind::Township), 8);
    assert_eq!(count(OrgKind::Village), 8 * 7);
    assert_eq!(count(OrgKind::Department), 13);

    for unit in &units {
        match unit.parent_id {
            None => {
                assert_eq!(unit.kind, OrgKind::County);
                assert_eq!(unit.code, "130123000000");
                assert_eq!(unit.path, format!("/{}/", unit.seq));
            }
            Some(parent_id) => {
                let parent = by_id[&parent_id];
                assert_eq!(unit.path, format!("{}{}/", parent.path, unit.seq));
                if unit.kind != OrgKind::Department {
                    let code = DivisionCode::parse(&unit.code).unwrap();
                    assert_eq!(code.kind(), unit.kind);
                    assert_eq!(code.parent().unwrap().as_str(), parent.code);
                }
            }
        }
    }
}
