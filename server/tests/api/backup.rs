//! Backup and restore. The drill: cadres keep registering households over HTTP (each one an
//! audited write), a backup is taken while they do, they keep writing, the backup is restored
//! into a fresh database and served: every household acknowledged before the backup started is
//! there and every audit chain walks intact. On SQLite the backup is `minqing backup`'s
//! `VACUUM INTO`; on PostgreSQL it is the documented `pg_dump` / `pg_restore` as the owner.
//! Then the refusals: a file that does not match its manifest, a rewritten audit entry behind a
//! matching manifest, garbage, a missing manifest, an existing or served database.
//! `MINQING_DRILL_RECORDS=N` lets the drill write N households before the backup (40 by default).

use crate::helpers::{TestApp, serve_database, spawn_app};
use app::audit::{self, AuditAction, Event, Outcome, Who};
use app::tenancy::{Mode, Tx};
use reqwest::Method;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde_json::json;
use server::backup::{self, check, schedule};
use server::{db, seed};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ZD: Option<&str> = Some("130123");
/// The demo cadre's community.
const HOME: &str = "130123100001";
const WRITERS: usize = 4;

/// Acknowledged households: (id, when the 201 arrived).
type Acked = Arc<Mutex<Vec<(String, Instant)>>>;

/// `WRITERS` cadres registering households until `stop`.
async fn start_writers(
    app: &TestApp,
    stop: Arc<AtomicBool>,
    acked: Acked,
) -> Vec<tokio::task::JoinHandle<usize>> {
    let village = app.unit_id("130123", HOME).await;
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let token = app.login(ZD, "cadre").await.access;
        let (client, url) = (app.client.clone(), app.url("/api/v1/households"));
        let (stop, acked, village) = (stop.clone(), acked.clone(), village.clone());
        writers.push(tokio::spawn(async move {
            let mut failed = 0;
            for i in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let body = json!({ "village_id": village, "head_name": format!("演练户{w}-{i}"), "phone": "13900001111" });
                let response = client.post(&url).bearer_auth(&token).json(&body).send().await;
                match response {
                    Ok(r) if r.status() == 201 => {
                        let id = r.json::<serde_json::Value>().await.unwrap()["id"]
                            .as_str()
                            .unwrap()
                            .to_owned();
                        acked.lock().unwrap().push((id, Instant::now()));
                    }
                    _ => failed += 1,
                }
            }
            failed
        }));
    }
    writers
}

async fn wait_for(acked: &Acked, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(600);
    while acked.lock().unwrap().len() < n {
        assert!(
            Instant::now() < deadline,
            "writers stalled at {}",
            acked.lock().unwrap().len()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A PostgreSQL client tool: beside the newest server binaries (as scripts/with-postgres.sh
/// finds them), else on PATH. The PostgreSQL run has them, or it could not have started.
fn pg_tool(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|d| d.join(name).exists())
        .collect();
    dirs.sort_by_key(|d| {
        d.parent()
            .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop()
        .map(|d| d.join(name))
        .unwrap_or_else(|| name.into())
}

fn run(command: &mut std::process::Command) -> std::process::Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"))
}

/// A new, empty database on the same server (PostgreSQL) or a new file (SQLite).
fn sibling_url(owner_url: &str, dir: &Path, name: &str) -> String {
    if owner_url.starts_with("postgres") {
        let (base, _) = owner_url.rsplit_once('/').unwrap();
        format!("{base}/{name}")
    } else {
        format!("sqlite://{}/{name}.db", dir.display())
    }
}

#[tokio::test]
async fn a_backup_under_load_restores_every_record_acknowledged_before_it_with_the_audit_chain_intact()
 {
    let app = spawn_app().await;
    let work = tempfile::tempdir().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Acked = Arc::default();
    let writers = start_writers(&app, stop.clone(), acked.clone()).await;
    // 40 in the suite; `MINQING_DRILL_RECORDS=N` for a larger drill.
    let before_backup = std::env::var("MINQING_DRILL_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    wait_for(&acked, before_backup).await;

    // The backup, while the writers keep going.
    let postgres = app.db.get_database_backend() == DatabaseBackend::Postgres;
    let file = work.path().join("drill.backup");
    let started = Instant::now();
    let during = acked.lock().unwrap().len();
    if postgres {
        // As the owner (here the superuser); the app role could not read other counties' rows.
        // Off the test's runtime thread, so the writers (and the server) keep going meanwhile.
        let mut dump = std::process::Command::new(pg_tool("pg_dump"));
        dump.arg("--format=custom")
            .arg(format!("--file={}", file.display()))
            .arg(&app.owner_url);
        let output = tokio::task::spawn_blocking(move || run(&mut dump))
            .await
            .unwrap();
        assert!(
            output.status.success(),
            "pg_dump: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    } else {
        let manifest = backup::create(&app.app_db, &file).await.expect("backup");
        assert_eq!(manifest.integrity_check, "ok");
        assert!(manifest.contents.audit_entries() > 0);
    }
    let took = started.elapsed();
    let at_backup_end = acked.lock().unwrap().len();
    wait_for(&acked, at_backup_end + 20).await;
    stop.store(true, Ordering::Relaxed);
    let mut failed = 0;
    for writer in writers {
        failed += writer.await.unwrap();
    }
    assert_eq!(failed, 0, "every write during the drill succeeded");
    let acked = acked.lock().unwrap().clone();
    let before: Vec<&String> = acked
        .iter()
        .filter(|(_, at)| *at < started)
        .map(|(id, _)| id)
        .collect();

    // Restore into a fresh database.
    let restored_url = sibling_url(
        &app.owner_url,
        work.path(),
        &format!("restored_{}", uuid::Uuid::now_v7().simple()),
    );
    if postgres {
        let name = restored_url.rsplit_once('/').unwrap().1;
        app.db
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let output = run(std::process::Command::new(pg_tool("pg_restore"))
            .arg("--exit-on-error")
            .arg(format!("--dbname={restored_url}"))
            .arg(&file));
        assert!(
            output.status.success(),
            "pg_restore: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    } else {
        let restored = backup::restore(&restored_url, &file, false)
            .await
            .expect("restore");
        assert!(restored.kept_previous.is_none());
    }

    // Served again: every household acknowledged before the backup started is there.
    let again = serve_database(&restored_url).await;
    let contents = check::contents(&again.db)
        .await
        .expect("every audit chain intact");
    let cadre = again.login(ZD, "cadre").await.access;
    for id in &before {
        let (status, body) = again
            .api(Method::GET, &format!("/households/{id}"), &cadre, None)
            .await;
        assert_eq!(
            status, 200,
            "household {id} acknowledged before the backup: {body}"
        );
    }
    let mut present = 0;
    for (id, _) in &acked {
        present += usize::from(
            again
                .api(Method::GET, &format!("/households/{id}"), &cadre, None)
                .await
                .0
                == 200,
        );
    }
    assert!(
        present < acked.len(),
        "the restore is the backup's snapshot, not the later database"
    );
    println!(
        "backup drill ({}): {} households acknowledged in all, {} before the backup started, all {} restored; \
         {} acknowledged while it ran ({} ms), {} restored of all; {} audit entries in {} chains intact",
        if postgres {
            "PostgreSQL, pg_dump"
        } else {
            "SQLite, VACUUM INTO"
        },
        acked.len(),
        before.len(),
        before.len(),
        at_backup_end - during,
        took.as_millis(),
        present,
        contents.audit_entries(),
        contents.audit_chains.len()
    );
    if postgres {
        postgres_keeps_its_locks(&app, &again).await;
    }
}

/// The restored PostgreSQL database still forces row-level security on every tenant table, and
/// the app role can neither read another county nor dump the database.
async fn postgres_keeps_its_locks(source: &TestApp, restored: &TestApp) {
    let unforced = restored
        .db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'county_id' \
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity)",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(
        unforced, 0,
        "every tenant table forces row-level security after the restore"
    );
    let seen = restored
        .app_db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT count(*) AS n FROM households",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(seen, 0, "without a county the app role sees no household");
    // A dump as the app role fails instead of silently leaving out every county's rows.
    let (scheme, rest) = source.owner_url.split_once("://").unwrap();
    let (_, host) = rest.split_once('@').unwrap();
    let output = run(std::process::Command::new(pg_tool("pg_dump"))
        .arg("--format=custom")
        .arg("--file=/dev/null")
        .arg(format!("{scheme}://minqing_test_app@{host}")));
    assert!(
        !output.status.success(),
        "pg_dump as the app role must not succeed"
    );
    let said = String::from_utf8_lossy(&output.stderr);
    println!(
        "pg_dump as the app role: {}",
        said.lines().next().unwrap_or_default()
    );
}

/// A SQLite database with the demo and five more audit entries in 正定县's chain, whatever the
/// suite's database (`minqing backup` is SQLite's); with what it holds.
async fn sqlite_fixture(dir: &Path) -> (String, DatabaseConnection, check::Contents) {
    let url = format!("sqlite://{}/live.db", dir.display());
    let conn = db::connect(&url, 2).await.unwrap();
    db::migrate(&conn).await.unwrap();
    seed::demo(&conn).await.unwrap();
    let county = conn
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "SELECT id FROM counties WHERE code = '130123'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<uuid::Uuid>("", "id")
        .unwrap();
    for _ in 0..5 {
        let tx = Tx::for_county(&conn, Some(county), Mode::Write)
            .await
            .unwrap();
        let who = Who {
            id: None,
            name: "drill".into(),
            role: None,
            ip: "127.0.0.1".into(),
        };
        audit::record(&tx, &who, Event::new(AuditAction::SignIn, Outcome::Success))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let contents = check::contents(&conn).await.unwrap();
    assert!(contents.audit_entries() >= 5);
    (url, conn, contents)
}

fn refusal(result: anyhow::Result<backup::Restored>) -> String {
    format!("{:#}", result.expect_err("the restore must be refused"))
}

#[tokio::test]
async fn a_backup_that_does_not_check_out_is_refused_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (url, conn, held) = sqlite_fixture(dir.path()).await;
    let good = dir.path().join("good.db");
    let manifest = backup::create(&conn, &good).await.unwrap();
    assert_eq!(manifest.contents, held);
    // The chains are walked in pages; any page size walks the same chains.
    for chain in &manifest.contents.audit_chains {
        let county = chain.chain.parse().ok();
        for page in [1, 2, 3, 5, 100] {
            let tx = Tx::for_county(&conn, county, Mode::Read).await.unwrap();
            let walked = audit::verify_in_pages(&tx, page).await.unwrap();
            assert_eq!(
                walked,
                Ok(chain.entries),
                "{} in pages of {page}",
                chain.chain
            );
        }
    }
    assert!(
        backup::create(&conn, &good).await.is_err(),
        "a backup never overwrites one"
    );
    let fresh = |name: &str| format!("sqlite://{}/{name}.db", dir.path().display());

    // One byte changed: the manifest's hash no longer matches.
    let flipped = dir.path().join("flipped.db");
    let mut bytes = std::fs::read(&good).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&flipped, &bytes).unwrap();
    std::fs::copy(
        backup::manifest_path(&good),
        backup::manifest_path(&flipped),
    )
    .unwrap();
    let why = refusal(backup::restore(&fresh("a"), &flipped, false).await);
    assert!(why.contains("does not match its manifest"), "{why}");

    // An audit entry rewritten, and the manifest's hash made to match: the chain gives it away.
    let forged = dir.path().join("forged.db");
    std::fs::copy(&good, &forged).unwrap();
    let edit = db::connect(&format!("sqlite://{}", forged.display()), 1)
        .await
        .unwrap();
    for sql in [
        "DROP TRIGGER audit_events_no_update",
        "UPDATE audit_events SET actor_name = 'someone else' WHERE seq = 2",
        "PRAGMA journal_mode = DELETE",
    ] {
        edit.execute_unprepared(sql).await.unwrap();
    }
    edit.close().await.unwrap();
    rehash(&forged, &manifest);
    let why = refusal(backup::restore(&fresh("b"), &forged, false).await);
    assert!(
        why.contains("audit chain") && why.contains("broken at entry 2"),
        "{why}"
    );

    // Not a database at all, with a manifest that matches it.
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![7u8; 8192]).unwrap();
    rehash(&garbage, &manifest);
    let why = refusal(backup::restore(&fresh("c"), &garbage, false).await);
    assert!(why.contains("failed its check"), "{why}");

    // No manifest: incomplete, or not ours.
    let bare = dir.path().join("bare.db");
    std::fs::copy(&good, &bare).unwrap();
    let why = refusal(backup::restore(&fresh("d"), &bare, false).await);
    assert!(why.contains("no manifest"), "{why}");
    for name in ["a", "b", "c", "d"] {
        assert!(
            !dir.path().join(format!("{name}.db")).exists(),
            "a refused restore leaves nothing"
        );
    }

    // An existing database only with --replace, and a served one never.
    conn.close().await.unwrap();
    let why = refusal(backup::restore(&url, &good, false).await);
    assert!(why.contains("--replace"), "{why}");
    let serving = backup::ServingLock::shared(&url).unwrap();
    let why = refusal(backup::restore(&url, &good, true).await);
    assert!(why.contains("being served"), "{why}");
    drop(serving);
    let restored = backup::restore(&url, &good, true).await.unwrap();
    let kept = restored
        .kept_previous
        .expect("the replaced database is kept");
    assert!(kept.exists());
    let back = check::sqlite_file(Path::new(url.strip_prefix("sqlite://").unwrap()))
        .await
        .unwrap();
    assert_eq!(back, manifest.contents);
}

/// Gives `file` a copy of `manifest` whose size and hash match it, as a forger would.
fn rehash(file: &Path, manifest: &backup::Manifest) {
    use sha2::Digest;
    let bytes = std::fs::read(file).unwrap();
    let mut forged = manifest.clone();
    forged.bytes = bytes.len() as u64;
    forged.sha256 = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(
        backup::manifest_path(file),
        serde_json::to_vec(&forged).unwrap(),
    )
    .unwrap();
}

#[tokio::test]
async fn scheduled_backups_come_when_the_newest_is_old_enough_and_only_the_newest_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (_, conn, held) = sqlite_fixture(dir.path()).await;
    let plan = schedule::Schedule {
        dir: dir.path().join("backups"),
        every: Duration::from_secs(3600),
        keep: 2,
    };
    let t0 = time::macros::datetime!(2026-12-01 08:00:00 UTC);
    let minutes = |m: i64| t0 + time::Duration::minutes(m);
    // A crashed copy's leftovers, and a backup someone made by hand.
    std::fs::create_dir_all(&plan.dir).unwrap();
    std::fs::write(
        plan.dir.join("minqing-20261201T070000Z.db.partial"),
        b"half",
    )
    .unwrap();
    backup::create(&conn, &plan.dir.join("before-upgrade.db"))
        .await
        .unwrap();

    assert!(
        schedule::run_once(&conn, &plan, minutes(0))
            .await
            .unwrap()
            .is_some(),
        "none yet: one now"
    );
    assert!(
        schedule::run_once(&conn, &plan, minutes(30))
            .await
            .unwrap()
            .is_none(),
        "not due"
    );
    assert!(
        schedule::run_once(&conn, &plan, minutes(60))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        schedule::run_once(&conn, &plan, minutes(125))
            .await
            .unwrap()
            .is_some()
    );
    let kept: Vec<String> = schedule::backups(&plan.dir)
        .unwrap()
        .iter()
        .map(|(_, f)| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        kept,
        ["minqing-20261201T090000Z.db", "minqing-20261201T100500Z.db"]
    );
    let mut names: Vec<String> = std::fs::read_dir(&plan.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "before-upgrade.db",
            "before-upgrade.db.manifest.json",
            "minqing-20261201T090000Z.db",
            "minqing-20261201T090000Z.db.manifest.json",
            "minqing-20261201T100500Z.db",
            "minqing-20261201T100500Z.db.manifest.json",
        ]
    );
    for (_, file) in schedule::backups(&plan.dir).unwrap() {
        let m = backup::read_manifest(&file).unwrap();
        assert_eq!(m.contents, held);
    }
}

/// The commands themselves: `minqing backup` and `minqing restore` on SQLite, and a PostgreSQL
/// URL sent to pg_dump before anything is touched.
#[tokio::test]
async fn the_commands_back_up_and_restore_and_send_postgresql_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let (url, conn, held) = sqlite_fixture(dir.path()).await;
    conn.close().await.unwrap();
    let audited = format!(
        "{} audit entries in {} chains",
        held.audit_entries(),
        held.audit_chains.len()
    );
    let minqing = |database_url: &str, args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_minqing"))
            .current_dir(dir.path())
            .env("DATABASE_URL", database_url)
            .env("MINQING_LOG", "warn")
            .env("RUST_BACKTRACE", "0")
            .env_remove("MINQING_CONFIG")
            .env_remove("MINQING_OWNER_DATABASE_URL")
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), text)
    };
    let file = dir.path().join("nightly.db");
    let file = file.to_str().unwrap();
    let (ok, said) = minqing(&url, &["backup", "--to", file]);
    assert!(ok, "{said}");
    assert!(
        said.contains("integrity ok") && said.contains(&format!("{audited} intact")),
        "{said}"
    );
    assert!(backup::manifest_path(Path::new(file)).exists());

    let elsewhere = format!("sqlite://{}/elsewhere.db", dir.path().display());
    let (ok, said) = minqing(&elsewhere, &["restore", "--from", file]);
    assert!(ok, "{said}");
    assert!(
        said.contains("restored") && said.contains(&audited),
        "{said}"
    );
    let (ok, said) = minqing(&elsewhere, &["restore", "--from", file]);
    assert!(!ok && said.contains("--replace"), "{said}");
    let (ok, said) = minqing(&elsewhere, &["restore", "--from", file, "--replace"]);
    assert!(ok && said.contains("kept as"), "{said}");

    let (ok, said) = minqing(
        "postgres://minqing@127.0.0.1:9/minqing",
        &["backup", "--to", "x.dump"],
    );
    assert!(!ok && said.contains("pg_dump"), "{said}");
    let (ok, said) = minqing(
        "postgres://minqing@127.0.0.1:9/minqing",
        &["restore", "--from", file],
    );
    assert!(!ok && said.contains("pg_restore"), "{said}");
}
