use axum::Router;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::{
    config::Config,
    db,
    http::{self, AppState},
    seed,
};
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

/// The bundle name the fake site in every test app carries.
pub const BUNDLE: &str = "minqing.0123456789abcdef";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub site_root: PathBuf,
    /// Sends the server its shutdown signal.
    pub stop: Option<oneshot::Sender<()>>,
    pub server: JoinHandle<std::io::Result<()>>,
    _dir: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET failed")
    }

    pub async fn get_html(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.expect("body")
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("POST failed")
    }
}

/// A running server with the demo province seeded into a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config {
        database_url: fresh_database(dir.path()).await,
        site_root: fake_site(dir.path()),
        bind: "127.0.0.1:0".parse().unwrap(),
        ..Config::default()
    };
    adjust(&mut config);
    let database = db::connect(&config.database_url, 5).await.expect("connect");
    db::migrate(&database).await.expect("migrate");
    seed::demo(&database).await.expect("seed");

    let site_root = config.site_root.clone();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(config, database.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(http::run(listener, state, async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: client(),
        db: database,
        site_root,
        stop: Some(stop),
        server,
        _dir: dir,
    }
}

/// Serves any router behind the real middleware stack (for panics, timeouts and the like).
pub async fn spawn_router(router: Router, config: &Config) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let app = http::with_middleware(router, config);
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

/// Redirects are asserted, not followed; bodies arrive as sent (no automatic decompression).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A new SQLite file, or a new database on the PostgreSQL server of `TEST_DATABASE_URL`.
async fn fresh_database(dir: &Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(server_url) if !server_url.is_empty() => {
            let name = format!("minqing_test_{}", uuid::Uuid::now_v7().simple());
            let admin = db::connect(&server_url, 1)
                .await
                .expect("connect to test server");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let (base, _) = server_url
                .rsplit_once('/')
                .expect("TEST_DATABASE_URL ends in /<database>");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/minqing.db", dir.display()),
    }
}

/// A site root holding a stand-in bundle, with pre-compressed siblings as the build makes them.
fn fake_site(dir: &Path) -> PathBuf {
    let pkg = dir.join("site/pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(
        pkg.join(format!("{BUNDLE}.js")),
        "export default function(){}\n",
    )
    .unwrap();
    std::fs::write(pkg.join(format!("{BUNDLE}.js.br")), b"brotli-bytes").unwrap();
    std::fs::write(pkg.join(format!("{BUNDLE}.wasm")), b"\0asm\x01\0\0\0").unwrap();
    dir.join("site")
}
