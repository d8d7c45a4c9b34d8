//! Isolation: the matrix over HTTP for every endpoint that touches a county's records, with
//! targets in the caller's own scope, outside it, and in another county; and the database's
//! own locks (row-level security on PostgreSQL, append-only audit log on both).

use crate::helpers::{TestApp, spawn_app};
use app::org::entity as org_units;
use migrations::TENANT_TABLES;
use reqwest::Method;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement};
use serde_json::json;

const ZD: Option<&str> = Some("130123");

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

/// Every demo role against org units and users: own scope, another township's, another county's.
#[tokio::test]
async fn every_role_sees_and_changes_only_its_own_scope() {
    let app = spawn_app().await;
    // 正定县: first township 130123100 (home of `township`, `clerk`, and community …001 of `cadre`).
    let own_village = unit_id(&app, "130123100001").await;
    let other_township_village = unit_id(&app, "130123101201").await;
    let other_county_village = unit_id(&app, "130131100201").await;

    // (username, may see own village, may see other township's village, may rename own village)
    let cases = [
        ("admin", 200, 200, 200),
        ("leader", 200, 200, 403),
        ("township", 200, 404, 200),
        ("clerk", 200, 404, 403),
        ("cadre", 200, 404, 403),
        ("dept", 404, 404, 404),
        ("auditor", 403, 403, 403),
    ];
    for (user, see_own, see_other, rename_own) in cases {
        let t = app.login(ZD, user).await;
        let get = |id: String| {
            let (app, token) = (&app, t.access.clone());
            async move {
                app.api(Method::GET, &format!("/org-units/{id}"), &token, None)
                    .await
                    .0
            }
        };
        assert_eq!(
            get(own_village.clone()).await,
            see_own,
            "{user} sees own village"
        );
        assert_eq!(
            get(other_township_village.clone()).await,
            see_other,
            "{user} sees other township"
        );
        assert_eq!(
            get(other_county_village.clone()).await,
            404,
            "{user} sees other county"
        );
        let patch = |id: String| {
            let (app, token) = (&app, t.access.clone());
            async move {
                let rename = json!({ "name": "新名字村" });
                app.api(
                    Method::PATCH,
                    &format!("/org-units/{id}"),
                    &token,
                    Some(rename),
                )
                .await
                .0
            }
        };
        assert_eq!(
            patch(own_village.clone()).await,
            rename_own,
            "{user} renames own village"
        );
        assert_eq!(
            patch(other_county_village.clone()).await,
            404,
            "{user} renames other county"
        );

        // Lists never contain another county's units.
        let (status, list) = app.api(Method::GET, "/org-units", &t.access, None).await;
        if status == 200 {
            let codes: Vec<&str> = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["code"].as_str().unwrap())
                .collect();
            assert!(
                codes
                    .iter()
                    .all(|c| c.starts_with("130123") || !c.starts_with("13")),
                "{user}: {codes:?}"
            );
            assert!(
                !codes.contains(&"130123101201") || see_other == 200,
                "{user} lists other township"
            );
        }
    }
    // The platform operator sees no county's records.
    let op = app.login(None, "operator").await;
    assert_eq!(
        app.api(
            Method::GET,
            &format!("/org-units/{own_village}"),
            &op.access,
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        app.api(Method::GET, "/users", &op.access, None).await.0,
        403
    );
}

#[tokio::test]
async fn a_township_admin_manages_only_their_township_and_grants_at_most_their_role() {
    let app = spawn_app().await;
    let t = app.login(ZD, "township").await;
    let own_village = unit_id(&app, "130123100202").await;
    let other_village = unit_id(&app, "130123101202").await;
    let create = |unit: &str, role: &str, username: &str| json!({ "username": username, "display_name": "王小明", "role": role, "org_unit_id": unit, "password": "Cadre2026a" });
    let (status, user) = app
        .api(
            Method::POST,
            "/users",
            &t.access,
            Some(create(&own_village, "village_cadre", "wxm")),
        )
        .await;
    assert_eq!(status, 201, "{user}");
    let (status, problem) = app
        .api(
            Method::POST,
            "/users",
            &t.access,
            Some(create(&other_village, "village_cadre", "wxm2")),
        )
        .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (422, Some("unknown_unit"))
    );
    let (status, problem) = app
        .api(
            Method::POST,
            "/users",
            &t.access,
            Some(create(&own_village, "county_admin", "wxm3")),
        )
        .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (422, Some("role_not_grantable"))
    );
    let (status, problem) = app
        .api(
            Method::POST,
            "/users",
            &t.access,
            Some(create(&own_village, "township_staff", "wxm4")),
        )
        .await;
    assert_eq!(
        (status, problem["errors"][0]["code"].as_str()),
        (422, Some("role_unit_mismatch"))
    );

    // Users of other townships are invisible; the county's admin is visible but not theirs to edit.
    let (_, list) = app.api(Method::GET, "/users", &t.access, None).await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"wxm") && names.contains(&"cadre") && !names.contains(&"admin"),
        "{names:?}"
    );

    // The new cadre must change the initial password before doing anything else.
    let cadre = app.login_with(ZD, "wxm", "Cadre2026a").await;
    assert_eq!(cadre.body["user"]["must_change_password"], true);
    let (status, problem) = app
        .api(Method::GET, "/org-units", &cadre.access, None)
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("must_change_password"))
    );

    // Disable: the account's sessions end at once.
    let id = user["id"].as_str().unwrap();
    let (status, _) = app
        .api(
            Method::PATCH,
            &format!("/users/{id}"),
            &t.access,
            Some(json!({ "active": false })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.api(Method::GET, "/me", &cadre.access, None).await.0,
        401
    );
    assert_eq!(
        app.login_response(ZD, "wxm", "Cadre2026a").await.status(),
        409
    );
}

#[tokio::test]
async fn the_operator_creates_and_suspends_counties() {
    let app = spawn_app().await;
    let op = app.login(None, "operator").await;
    let county = json!({
        "code": "130102", "name": "长安区", "province": "河北省", "city": "石家庄市",
        "admin": { "username": "ca-admin", "display_name": "长安管理员", "password": "Changan2026" }
    });
    let (status, created) = app
        .api(Method::POST, "/counties", &op.access, Some(county.clone()))
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        app.api(Method::POST, "/counties", &op.access, Some(county))
            .await
            .0,
        409
    );
    let bad = json!({ "code": "13010", "name": "", "province": "河北省", "city": "石家庄市",
        "admin": { "username": "x", "display_name": "x", "password": "weak" } });
    let (status, problem) = app
        .api(Method::POST, "/counties", &op.access, Some(bad))
        .await;
    assert_eq!(status, 422);
    assert!(
        problem["errors"].as_array().unwrap().len() >= 4,
        "{problem}"
    );

    let admin = app
        .login_with(Some("130102"), "ca-admin", "Changan2026")
        .await;
    assert_eq!(admin.body["user"]["must_change_password"], true);
    let change = json!({ "current_password": "Changan2026", "new_password": "Changan2027" });
    assert_eq!(
        app.api(Method::POST, "/me/password", &admin.access, Some(change))
            .await
            .0,
        204
    );
    // A county admin is not an operator.
    assert_eq!(
        app.api(Method::GET, "/counties", &admin.access, None)
            .await
            .0,
        404
    );

    let (status, _) = app
        .api(Method::POST, "/counties/130102/suspend", &op.access, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.api(Method::GET, "/me", &admin.access, None).await.0,
        401
    );
    let refused = app
        .login_response(Some("130102"), "ca-admin", "Changan2027")
        .await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("county_suspended"));
    assert_eq!(
        app.api(
            Method::POST,
            "/counties/130102/reactivate",
            &op.access,
            None
        )
        .await
        .0,
        200
    );
    app.login_with(Some("130102"), "ca-admin", "Changan2027")
        .await;
}

#[tokio::test]
async fn only_the_auditor_reads_the_audit_log_and_it_records_the_events() {
    let app = spawn_app().await;
    app.login_response(ZD, "admin", "Wrong-password-1").await;
    let admin = app.login(ZD, "admin").await;
    let (status, _) = app
        .api(Method::GET, "/audit-events", &admin.access, None)
        .await;
    assert_eq!(status, 403);
    let village = unit_id(&app, "130123100203").await;
    app.api(
        Method::PATCH,
        &format!("/org-units/{village}"),
        &admin.access,
        Some(json!({ "name": "改名村" })),
    )
    .await;
    app.api(Method::POST, "/auth/logout", &admin.access, None)
        .await;

    let auditor = app.login(ZD, "auditor").await;
    let (status, log) = app
        .api(
            Method::GET,
            "/audit-events?limit=100",
            &auditor.access,
            None,
        )
        .await;
    assert_eq!(status, 200, "{log}");
    let events: Vec<(String, String)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("sign_in", "failure"),
        ("sign_in", "success"),
        ("permission_denied", "denied"),
        ("org_unit_update", "success"),
        ("sign_out", "success"),
    ] {
        assert!(
            events.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {events:?}"
        );
    }
    let (_, failures) = app
        .api(
            Method::GET,
            "/audit-events?outcome=failure",
            &auditor.access,
            None,
        )
        .await;
    assert!(
        failures["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["outcome"] == "failure")
    );
    // Another county's auditor sees none of it.
    let other = app.login(Some("130131"), "auditor").await;
    let (_, theirs) = app
        .api(Method::GET, "/audit-events", &other.access, None)
        .await;
    assert!(
        theirs["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"] != "admin" || e["action"] != "org_unit_update")
    );

    // Nobody can change or delete audit rows, not even the table owner.
    for sql in [
        "UPDATE audit_events SET outcome = 'success'",
        "DELETE FROM audit_events",
    ] {
        assert!(
            app.db.execute_unprepared(sql).await.is_err(),
            "{sql} must fail"
        );
    }
}

/// PostgreSQL: every table with a `county_id` has row-level security enabled and forced, and
/// the server's role owns nothing and bypasses nothing. SQLite: the append-only triggers exist.
#[tokio::test]
async fn the_database_enforces_tenancy_itself() {
    let app = spawn_app().await;
    match app.db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let rows = app
                .db
                .query_all_raw(Statement::from_string(
                    DatabaseBackend::Postgres,
                    "SELECT c.relname::text AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced, \
                     (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies \
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'county_id' \
                     WHERE n.nspname = 'public' AND c.relkind = 'r'",
                ))
                .await
                .unwrap();
            let names: Vec<String> = rows
                .iter()
                .map(|r| r.try_get("", "name").unwrap())
                .collect();
            for table in TENANT_TABLES {
                assert!(names.iter().any(|n| n == table), "{table} has no county_id");
            }
            for row in rows {
                let name: String = row.try_get("", "name").unwrap();
                let enabled: bool = row.try_get("", "enabled").unwrap();
                let forced: bool = row.try_get("", "forced").unwrap();
                let policies: i64 = row.try_get("", "policies").unwrap();
                assert!(
                    enabled && forced && policies > 0,
                    "{name}: RLS enabled={enabled} forced={forced} policies={policies}"
                );
            }
            let me = app
                .app_db
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Postgres,
                    "SELECT r.rolsuper AS su, r.rolbypassrls AS bypass, \
                     (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned \
                     FROM pg_roles r WHERE r.rolname = current_user",
                ))
                .await
                .unwrap()
                .unwrap();
            assert!(!me.try_get::<bool>("", "su").unwrap());
            assert!(!me.try_get::<bool>("", "bypass").unwrap());
            assert_eq!(me.try_get::<i64>("", "owned").unwrap(), 0);
            // Without a county set, the app role sees no county's rows at all.
            let seen = app
                .app_db
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Postgres,
                    "SELECT count(*) AS n FROM org_units",
                ))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(seen.try_get::<i64>("", "n").unwrap(), 0);
        }
        _ => {
            let triggers = app
                .db
                .query_all_raw(Statement::from_string(
                    DatabaseBackend::Sqlite,
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'",
                ))
                .await
                .unwrap();
            assert_eq!(triggers.len(), 2);
        }
    }
}

/// Both ends of every foreign key have the same declared type. On SQLite a mismatch is
/// accepted but gives the columns different affinities, so a join between them cannot use the
/// key: a raw-SQL `uuid` beside the builder's `uuid_text` made a department's ledger take
/// 1.4 s. (PostgreSQL refuses such a key itself.)
#[tokio::test]
async fn every_foreign_key_joins_columns_of_one_type() {
    let app = spawn_app().await;
    if app.db.get_database_backend() != DatabaseBackend::Sqlite {
        return;
    }
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "SELECT m.name AS tbl, f.\"from\" AS col, f.\"table\" AS ref, f.\"to\" AS refcol, \
             (SELECT type FROM pragma_table_info(m.name) WHERE name = f.\"from\") AS mine, \
             (SELECT type FROM pragma_table_info(f.\"table\") WHERE name = f.\"to\") AS theirs \
             FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
        ))
        .await
        .unwrap();
    assert!(rows.len() > 20, "foreign keys found: {}", rows.len());
    for row in rows {
        let at = |c: &str| row.try_get::<String>("", c).unwrap_or_default();
        assert_eq!(
            at("mine"),
            at("theirs"),
            "{}.{} → {}.{}",
            at("tbl"),
            at("col"),
            at("ref"),
            at("refcol")
        );
    }
}
