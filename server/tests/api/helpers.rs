use axum::Router;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::{config::Config, db, http, seed, startup, state::AppState};
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

/// The bundle name the fake site in every test app carries.
pub const BUNDLE: &str = "minqing.0123456789abcdef";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The owner's connection (bypasses nothing on SQLite; superuser on PostgreSQL): for
    /// inspecting what the server wrote.
    pub db: DatabaseConnection,
    /// The URL `db` was opened with.
    pub owner_url: String,
    /// The server's own connection.
    pub app_db: DatabaseConnection,
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
    let owner_url = fresh_database(dir.path()).await;
    let mut config = Config {
        database_url: owner_url.clone(),
        site_root: fake_site(dir.path()),
        bind: "127.0.0.1:0".parse().unwrap(),
        jwt_secret: "test-secret-test-secret-test-secret!".into(),
        ..Config::default()
    };
    adjust(&mut config);
    let owner = db::connect(&owner_url, 5).await.expect("connect");
    db::migrate(&owner).await.expect("migrate");
    seed::demo(&owner).await.expect("seed");
    start(owner_url, owner, config, dir).await
}

/// A server on a database that exists already (a restored backup, say): migrated, not seeded.
pub async fn serve_database(owner_url: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        database_url: owner_url.to_owned(),
        site_root: fake_site(dir.path()),
        bind: "127.0.0.1:0".parse().unwrap(),
        jwt_secret: "test-secret-test-secret-test-secret!".into(),
        ..Config::default()
    };
    let owner = db::connect(owner_url, 5).await.expect("connect");
    db::migrate(&owner).await.expect("migrate");
    start(owner_url.to_owned(), owner, config, dir).await
}

async fn start(
    owner_url: String,
    owner: DatabaseConnection,
    mut config: Config,
    dir: TempDir,
) -> TestApp {
    // On PostgreSQL the server connects as a member of `minqing_app`, as in production: it owns
    // nothing and row-level security applies to it.
    if owner_url.starts_with("postgres") {
        owner
            .execute_unprepared(
                "DO $$ BEGIN CREATE ROLE minqing_test_app LOGIN IN ROLE minqing_app; \
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
            )
            .await
            .expect("app role");
        let (scheme, rest) = owner_url.split_once("://").unwrap();
        let (_, host) = rest.split_once('@').unwrap();
        config.database_url = format!("{scheme}://minqing_test_app@{host}");
    }
    let database = db::connect(&config.database_url, 5)
        .await
        .expect("connect as app");

    let site_root = config.site_root.clone();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(config, database.clone()).expect("state");
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(startup::run(listener, state, async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: client(),
        db: owner,
        owner_url,
        app_db: database,
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
    let app = http::with_middleware(router, config, |_| None);
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

// Pages as a browser with a bearer token uses them (registry and grievance screens).

/// (status, Location, body) of a GET with a bearer token.
pub async fn page(app: &TestApp, token: &str, path: &str) -> (u16, String, String) {
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

pub async fn html(app: &TestApp, token: &str, path: &str) -> String {
    let (status, _, body) = page(app, token, path).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// Posts a form; answers the redirect's location.
/// A redirect's target, with the values a refused form kept on the server spelled out
/// (`forms::kept`). The address itself carries none of them: only a notice or error code, the
/// kept id, a tracking code for the resident's "submitted" page, and ids.
pub fn redirect(response: &reqwest::Response) -> String {
    let raw = response.headers()["location"].to_str().unwrap().to_owned();
    if let Some((_, query)) = raw.split_once('?') {
        for pair in query.split('&') {
            let key = pair.split('=').next().unwrap_or_default();
            assert!(
                ["error", "done", "kept", "code", "county"].contains(&key),
                "typed values stay out of addresses: {raw}"
            );
        }
    }
    server::forms::kept::spelled_out(&raw)
}

/// A redirect's target without its kept-values id (which differs on every refusal).
pub fn without_kept(response: &reqwest::Response) -> String {
    let raw = response.headers()["location"].to_str().unwrap();
    raw.split("&kept=").next().unwrap().to_owned()
}

pub async fn post(app: &TestApp, token: &str, path: &str, form: &[(&str, &str)]) -> String {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "POST {path}");
    redirect(&response)
}

pub use server::seed::DEMO_PASSWORD;

/// Tokens from a sign-in through the API.
pub struct Tokens {
    pub access: String,
    pub refresh: String,
    pub body: serde_json::Value,
}

impl TestApp {
    /// The id of the unit with `code` in the county with code `county`; panics if none.
    pub async fn unit_id(&self, county: &str, code: &str) -> String {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let county_id = app::counties::entity::Entity::find()
            .filter(app::counties::entity::Column::Code.eq(county))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("county {county}"))
            .id;
        app::org::entity::Entity::find()
            .filter(app::org::entity::Column::CountyId.eq(county_id))
            .filter(app::org::entity::Column::Code.eq(code))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("unit {code}"))
            .id
            .to_string()
    }

    /// `POST /api/v1/auth/login`; the raw response.
    pub async fn login_response(
        &self,
        county: Option<&str>,
        username: &str,
        password: &str,
    ) -> reqwest::Response {
        let mut body = serde_json::json!({ "username": username, "password": password });
        if let Some(c) = county {
            body["county"] = c.into();
        }
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&body)
            .send()
            .await
            .expect("login")
    }

    /// Signs in a demo account (password `DEMO_PASSWORD`); panics unless it works.
    pub async fn login(&self, county: Option<&str>, username: &str) -> Tokens {
        self.login_with(county, username, DEMO_PASSWORD).await
    }

    pub async fn login_with(&self, county: Option<&str>, username: &str, password: &str) -> Tokens {
        let response = self.login_response(county, username, password).await;
        let status = response.status();
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(status, 200, "login {username}: {body}");
        Tokens {
            access: body["access_token"].as_str().unwrap().to_owned(),
            refresh: body["refresh_token"].as_str().unwrap().to_owned(),
            body,
        }
    }

    /// An API call with a bearer token; answers (status, JSON body or Null).
    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self
            .client
            .request(method, self.url(&format!("/api/v1{path}")))
            .bearer_auth(token);
        if let Some(b) = body {
            request = request.json(&b);
        }
        let response = request.send().await.expect("api call");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }
}

/// A multipart form of `fields` (a JSON object of strings) and `files` (name, bytes) under
/// `files`. The server sniffs a file's type from its bytes, so the declared one is neutral.
pub fn multipart_form(
    fields: &serde_json::Value,
    files: Vec<(&str, Vec<u8>)>,
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields.as_object().expect("an object") {
        form = form.text(k.clone(), v.as_str().expect("text").to_owned());
    }
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str("application/octet-stream")
            .expect("mime");
        form = form.part("files", part);
    }
    form
}
