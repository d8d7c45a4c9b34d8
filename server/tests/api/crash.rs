//! The crash test: the real `minqing` binary serves a SQLite file, several cadres fire visits
//! and new households at it, and the process is killed with SIGKILL in the middle of the burst.
//! Restarted on the same file, every write that was answered 2xx must be there, the database
//! must pass `PRAGMA integrity_check`, and every audit chain must walk. SQLite only: it is the
//! database whose durability is this process's business (PostgreSQL's is the server's).
//!
//! Small by default (2 cycles, seconds); `scripts/crash-drill.sh N` runs N cycles against the
//! release binary. `MINQING_BIN` picks the binary, `MINQING_CRASH_CYCLES` the cycles.

use crate::helpers::client;
use reqwest::Method;
use serde_json::{Value, json};
use server::{backup::check, db};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 4;
const SECRET: &str = "crash-test-secret-crash-test-secret!";

fn binary() -> PathBuf {
    std::env::var_os("MINQING_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_minqing").into())
}

fn minqing(dir: &Path) -> Command {
    let mut command = Command::new(binary());
    command
        .current_dir(dir)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/minqing.db", dir.display()),
        )
        .env("MINQING_BIND", "127.0.0.1:0")
        .env("MINQING_LOG", "warn")
        .env("MINQING_JWT_SECRET", SECRET)
        .env("MINQING_SITE_ROOT", dir.join("site"))
        .env("MINQING_BACKUP_DIR", dir.join("backups"))
        .env_remove("MINQING_CONFIG")
        .env_remove("MINQING_OWNER_DATABASE_URL");
    command
}

/// A serving child process, killed (SIGKILL) when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(dir: &Path, run: usize) -> Server {
        let out = dir.join(format!("stdout-{run}.txt"));
        let child = minqing(dir)
            .arg("serve")
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(dir.join(format!("stderr-{run}.txt"))).unwrap())
            .spawn()
            .expect("start minqing serve");
        let mut server = Server {
            child,
            address: String::new(),
        };
        // `serve` prints "… open http://ADDRESS" once it listens.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = std::fs::read_to_string(&out).unwrap_or_default();
            if let Some(at) = text.find("open http://") {
                server.address = text[at + 5..].trim().to_owned();
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let log = std::fs::read_to_string(dir.join(format!("stderr-{run}.txt")));
                panic!("minqing serve exited with {status}: {log:?}");
            }
            assert!(Instant::now() < deadline, "minqing serve did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn kill(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn login(client: &reqwest::Client, address: &str) -> String {
    let body =
        json!({ "county": "130123", "username": "cadre", "password": server::seed::DEMO_PASSWORD });
    let response = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn call(
    client: &reqwest::Client,
    address: &str,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Result<(u16, Value)> {
    let mut request = client
        .request(method, format!("{address}/api/v1{path}"))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

/// An acknowledged write: what it was, and its id.
#[derive(Clone, Debug)]
enum Write {
    Visit(String),
    Household(String),
}

/// One cycle: serve, burst, kill mid-burst. Answers (acknowledged writes, writes in flight or
/// refused when the process died).
async fn burst_and_kill(dir: &Path, run: usize, kill_after: usize) -> (Vec<Write>, usize) {
    let mut server = Server::start(dir, run);
    let http = client();
    let token = login(&http, &server.address).await;
    let (status, list) = call(
        &http,
        &server.address,
        Method::GET,
        "/households?mine=true&limit=100",
        &token,
        None,
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{list}");
    let households: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!households.is_empty());
    let village = list["items"][0]["village_id"]
        .as_str()
        .expect("the cadre's village")
        .to_owned();

    let acked: Arc<Mutex<Vec<Write>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let (http, address, token) = (http.clone(), server.address.clone(), token.clone());
        let (acked, stop, households, village) = (
            acked.clone(),
            stop.clone(),
            households.clone(),
            village.clone(),
        );
        clients.push(tokio::spawn(async move {
            let mut unacknowledged = 0;
            for i in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let result = if i % 2 == 0 {
                    let body = json!({
                        "household_id": households[(c + i) % households.len()],
                        "mode": "in_person", "met": true, "attitude": "satisfied", "met_whom": "户主",
                        "submission_key": uuid::Uuid::now_v7(),
                    });
                    call(&http, &address, Method::POST, "/visits", &token, Some(body))
                        .await
                        .map(|(s, b)| (s, b["visit"]["id"].as_str().map(|id| Write::Visit(id.to_owned()))))
                } else {
                    let body = json!({ "village_id": village, "head_name": format!("崩溃演练{run}-{c}-{i}") });
                    call(&http, &address, Method::POST, "/households", &token, Some(body))
                        .await
                        .map(|(s, b)| (s, b["id"].as_str().map(|id| Write::Household(id.to_owned()))))
                };
                match result {
                    Ok((200..=299, Some(write))) => acked.lock().unwrap().push(write),
                    Ok((status, _)) if status < 500 => panic!("a write was refused with {status}"),
                    // The process is gone: this request died with it (or never reached it).
                    _ => {
                        unacknowledged += 1;
                        break;
                    }
                }
            }
            unacknowledged
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < kill_after {
        assert!(Instant::now() < deadline, "the burst stalled");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.kill(); // SIGKILL, with requests in flight
    stop.store(true, Ordering::Relaxed);
    let mut unacknowledged = 0;
    for c in clients {
        unacknowledged += c.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    (acked, unacknowledged)
}

#[tokio::test]
async fn every_write_acknowledged_before_a_kill_9_is_there_after_the_restart() {
    let cycles: usize = std::env::var("MINQING_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let dir = tempfile::tempdir().unwrap();
    let seeded = minqing(dir.path())
        .args(["seed", "--demo"])
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    assert!(seeded.status.success(), "seed --demo failed");

    let mut all: Vec<Write> = Vec::new();
    let mut unacknowledged = 0;
    for cycle in 0..cycles {
        // Kill at a different point of each burst.
        let kill_after = 30 + (cycle * 37) % 60;
        let (acked, lost_in_flight) = burst_and_kill(dir.path(), cycle, kill_after).await;
        all.extend(acked);
        unacknowledged += lost_in_flight;
    }

    // Restarted on the same file: everything acknowledged in any cycle is there.
    let server = Server::start(dir.path(), cycles);
    let http = client();
    let token = login(&http, &server.address).await;
    let mut lost = Vec::new();
    for write in &all {
        let path = match write {
            Write::Visit(id) => format!("/visits/{id}"),
            Write::Household(id) => format!("/households/{id}"),
        };
        let (status, _) = call(&http, &server.address, Method::GET, &path, &token, None)
            .await
            .unwrap();
        if status != 200 {
            lost.push(write.clone());
        }
    }
    let url = format!("sqlite://{}/minqing.db", dir.path().display());
    let conn = db::connect(&url, 1).await.unwrap();
    let integrity = check::integrity(&conn).await.unwrap();
    let contents = check::contents(&conn)
        .await
        .expect("every audit chain walks");
    conn.close().await.ok();
    println!(
        "crash test: {cycles} kill -9 cycles, {} writes acknowledged, {} lost, {} unanswered (in flight at the kill, or sent after it); \
         integrity_check {integrity}; {} audit entries in {} chains intact",
        all.len(),
        lost.len(),
        unacknowledged,
        contents.audit_entries(),
        contents.audit_chains.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert_eq!(integrity, "ok");
    assert!(
        unacknowledged > 0 || cycles == 0,
        "the kill landed mid-burst"
    );
}
