//! The one-way rule between modules (docs/ARCHITECTURE.md, "Tiers"), read from the source:
//! every `crate::…` path in a module must name a module of a lower tier, or an earlier one of
//! the same tier. `KNOWN` lists the edges that still break the rule; it may only shrink, so
//! the test also fails when one of them is gone (take it off the list).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The app crate's top-level modules, lowest first. Within the foundation any order goes
/// (it has no circles of its own); within every other tier a module may use only those
/// listed before it.
const APP: &[&[&str]] = &[
    &[
        "codes",
        "code_enum",
        "i18n",
        "error",
        "format",
        "html",
        "search",
        "flash",
        "session",
        "layout",
        "shell",
        "access",
        "tenancy",
        "tenant",
        "audit",
        "export_file",
        "sheet",
        "ui",
        "filters",
    ],
    // The registry.
    &[
        "counties",
        "org",
        "users",
        "auth",
        "second_factor",
        "households",
        "imports",
    ],
    // Workflows.
    &["visits", "grievances"],
    // What puts features together.
    &["defaults", "workbench", "home", "account", "sign_in"],
];

/// The server crate's modules, lowest first.
const SERVER: &[&[&str]] = &[
    &["db", "backup", "config", "telemetry", "jobs", "seed"],
    &["http"],
    &["state"],
    &["forms", "api"],
    &["startup"],
];

/// Edges that still break the rule, each with why it is there. Paying one off means taking
/// it out of here.
const KNOWN: &[(&str, &str)] = &[
    // A new county gets its root unit and first admin in one transaction.
    ("counties", "org"),
    ("counties", "users"),
    ("counties", "auth"),
    // Counting a unit's accounts for the tree page.
    ("org", "users"),
    // Resetting a password ends the account's sessions and second factor.
    ("users", "auth"),
    // A new household joins open campaigns; the registry reads the county's tag options.
    ("households", "visits"),
    // The household page offers turning a visit's concern into a case.
    ("households", "grievances"),
    // The household export writes the import template's columns.
    ("households", "imports"),
    // Imported households join open campaigns.
    ("imports", "visits"),
];

/// Module → the modules its code names through `crate::`.
fn uses(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap();
            let first = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = first.trim_end_matches(".rs").to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let targets = out.entry(module.clone()).or_default();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for target in named(line) {
                    if target != module {
                        targets.insert(target);
                    }
                }
            }
        }
    }
    out
}

/// The modules a line names: `crate::x` and each head of `crate::{x, y::z}`.
fn named(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            for part in group.split(|c: char| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                c == ',' && depth == 0
            }) {
                let head: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !head.is_empty() {
                    out.push(head);
                }
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(head);
        }
    }
    out
}

/// The edges against `tiers`, and the modules no tier names.
fn breaks(root: &Path, tiers: &[&[&str]]) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let rank = |m: &str| {
        tiers.iter().enumerate().find_map(|(t, mods)| {
            let at = mods.iter().position(|x| *x == m)?;
            Some((t, if t == 0 { 0 } else { at }))
        })
    };
    let mut broken = BTreeSet::new();
    let mut unplaced = BTreeSet::new();
    for (from, targets) in uses(root) {
        if from == "lib" || from == "main" {
            continue; // the crate roots declare every module
        }
        let Some(a) = rank(&from) else {
            unplaced.insert(from);
            continue;
        };
        for to in targets {
            if to.starts_with(char::is_uppercase) {
                continue; // an item of the crate root (`crate::App`)
            }
            let Some(b) = rank(&to) else {
                unplaced.insert(to);
                continue;
            };
            let upward = b.0 > a.0 || (b.0 == a.0 && a.0 > 0 && b.1 >= a.1);
            if upward {
                broken.insert((from.clone(), to));
            }
        }
    }
    (broken, unplaced)
}

/// A circle among the foundation's modules, if any (they may use each other in any order,
/// but not round).
fn foundation_circle(root: &Path, foundation: &[&str]) -> Option<Vec<String>> {
    let graph = uses(root);
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        within: &[&str],
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        let here = path.last()?.clone();
        for next in graph.get(&here).into_iter().flatten() {
            if !within.contains(&next.as_str()) {
                continue;
            }
            if path.contains(next) {
                return Some(path.clone());
            }
            path.push(next.clone());
            if let Some(found) = walk(graph, within, path) {
                return Some(found);
            }
            path.pop();
        }
        None
    }
    foundation
        .iter()
        .find_map(|m| walk(&graph, foundation, &mut vec![(*m).to_owned()]))
}

fn root(krate: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src")
}

#[test]
fn imports_run_one_way_through_the_tiers() {
    let known: BTreeSet<(String, String)> = KNOWN
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    let (app, app_unplaced) = breaks(&root("app"), APP);
    let (server, server_unplaced) = breaks(&root("server"), SERVER);
    assert!(
        app_unplaced.is_empty() && server_unplaced.is_empty(),
        "modules without a tier (add them to APP or SERVER): {app_unplaced:?} {server_unplaced:?}"
    );
    assert!(
        server.is_empty(),
        "server imports against the tiers: {server:?}"
    );
    let circle = foundation_circle(&root("app"), APP[0]);
    assert!(circle.is_none(), "a circle in the foundation: {circle:?}");
    let new: Vec<_> = app.difference(&known).collect();
    assert!(new.is_empty(), "app imports against the tiers: {new:?}");
    let paid: Vec<_> = known.difference(&app).collect();
    assert!(
        paid.is_empty(),
        "no longer needed, take off KNOWN: {paid:?}"
    );
}

/// The rule can fail: an upward import in a scratch tree is found.
#[test]
fn an_import_against_the_tiers_is_found() {
    let dir = std::env::temp_dir().join(format!("minqing-tiers-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("error")).unwrap();
    std::fs::write(dir.join("error/mod.rs"), "use crate::visits::kinds;\n").unwrap();
    std::fs::write(
        dir.join("visits.rs"),
        "use crate::{error::AppError, i18n};\n",
    )
    .unwrap();
    let (broken, _) = breaks(&dir, APP);
    std::fs::remove_dir_all(&dir).unwrap();
    let expected: BTreeSet<(String, String)> = [("error".to_owned(), "visits".to_owned())].into();
    assert_eq!(broken, expected);
}
