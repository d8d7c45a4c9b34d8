use crate::helpers::spawn_app;
use sea_orm::DatabaseBackend;

#[tokio::test]
async fn healthz_says_the_process_is_alive() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readyz_checks_the_database() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    // The server shares this pool: closing it is the database going away.
    app.app_db.clone().close().await.unwrap();
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.text().await.unwrap(), "database unreachable");
}

#[tokio::test]
async fn tests_run_on_the_database_they_were_asked_for() {
    let app = spawn_app().await;
    let expected = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => DatabaseBackend::Postgres,
        _ => DatabaseBackend::Sqlite,
    };
    assert_eq!(app.db.get_database_backend(), expected);
}

#[tokio::test]
async fn a_shutdown_signal_stops_the_server() {
    let mut app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);

    app.stop.take().unwrap().send(()).unwrap();
    let stopped = tokio::time::timeout(std::time::Duration::from_secs(5), &mut app.server).await;
    stopped
        .expect("the server stops promptly")
        .unwrap()
        .expect("and cleanly");
    assert!(
        app.client.get(app.url("/healthz")).send().await.is_err(),
        "no longer listening"
    );
}
