//! Monday 08:00: every cadre of a county signs in at once. Password hashing is rationed, so
//! the burst may hear "busy, retry" (503 with Retry-After) but never a server error, and every
//! sign-in goes through once retried. Nothing here is timed: only the answers are judged.

use crate::helpers::{DEMO_PASSWORD, TestApp, spawn_app};
use std::sync::Arc;

const ACCOUNTS: [(&str, &str); 12] = [
    ("130123", "leader"),
    ("130123", "township"),
    ("130123", "clerk"),
    ("130123", "cadre"),
    ("130131", "leader"),
    ("130131", "township"),
    ("130131", "clerk"),
    ("130131", "cadre"),
    ("130129", "leader"),
    ("130129", "township"),
    ("130129", "clerk"),
    ("130129", "cadre"),
];

/// Connections at once, and sign-ins each makes one after another.
const CONNECTIONS: usize = 64;
const ROUNDS: usize = 3;

/// One sign-in, retried while the server says "busy" (at most 30 times, as a patient client
/// would). `Ok(busy answers)`, or what went wrong.
async fn sign_in(app: &TestApp, county: &str, username: &str) -> Result<u32, String> {
    let mut busy = 0;
    for _ in 0..30 {
        let response = app
            .login_response(Some(county), username, DEMO_PASSWORD)
            .await;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let body = response.text().await.unwrap_or_default();
        match (status, retry_after) {
            (200, _) => return Ok(busy),
            (503, Some(secs)) if body.contains("urn:minqing:problem:busy") => {
                busy += 1;
                tokio::time::sleep(std::time::Duration::from_secs(secs.min(2))).await;
            }
            (other, _) => return Err(format!("{username}@{county}: {other} {body}")),
        }
    }
    Err(format!("{username}@{county}: still busy after 30 tries"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_sign_ins_never_fails_and_all_get_through_when_retried() {
    let app = Arc::new(spawn_app().await);
    let storm = (0..CONNECTIONS).map(|i| {
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let (county, username) = ACCOUNTS[i % ACCOUNTS.len()];
            let mut outcomes = Vec::new();
            for _ in 0..ROUNDS {
                outcomes.push(sign_in(&app, county, username).await);
            }
            outcomes
        })
    });
    let mut failures = Vec::new();
    let mut succeeded = 0;
    for connection in storm.collect::<Vec<_>>() {
        for outcome in connection.await.unwrap() {
            match outcome {
                Ok(_) => succeeded += 1,
                Err(e) => failures.push(e),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed: {failures:#?}",
        failures.len()
    );
    assert_eq!(succeeded, CONNECTIONS * ROUNDS);
}
