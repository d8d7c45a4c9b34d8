//! The import wizard: `/imports` (choose, upload, recent jobs) → `/imports/{id}` (checking…,
//! per-row problems, or the preview with "apply") → applying… → the result. Running steps
//! refresh the page by themselves, so it works without JavaScript.

use crate::flash::{Flash, LoadFailed};
use crate::i18n::{Texts, use_texts};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// What the caller may import, and their latest jobs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ImportsHome {
    pub org: bool,
    pub users: bool,
    pub households: bool,
    pub recent: Vec<JobLine>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JobLine {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub file_name: String,
    pub rows: usize,
    pub uploaded: String,
}

/// One job, ready to show.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JobPage {
    pub line: JobLine,
    pub counts: Option<(usize, usize, usize)>,
    pub preview: Vec<PreviewLine>,
    pub password_ignored: Vec<usize>,
    /// (row, column, sentence)
    pub problems: Vec<(usize, String, String)>,
    pub problems_total: usize,
    pub progress: Option<(u64, u64)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PreviewLine {
    pub row: usize,
    pub add: bool,
    pub key: String,
    pub name: String,
    pub before: Option<String>,
    /// A new unit's kind and parent.
    pub kind: Option<crate::org::OrgKind>,
    pub parent: Option<String>,
}

#[cfg(feature = "ssr")]
fn line(job: &super::JobView) -> JobLine {
    JobLine {
        id: job.id.to_string(),
        kind: job.kind.code().to_owned(),
        status: serde_json::to_value(job.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        file_name: job.file_name.clone(),
        rows: job.rows,
        uploaded: crate::format::datetime(job.created_at),
    }
}

#[server(endpoint = "imports_home")]
pub async fn load_imports() -> Result<ImportsHome, ServerFnError> {
    use crate::access::Action;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let (org, users) = (actor.can(Action::OrgImport), actor.can(Action::UsersImport));
    let households = actor.can(Action::HouseholdsManage);
    if !org && !users && !households {
        let denied = crate::error::AppError::Denied {
            action: Action::UsersImport,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    let progress = use_context::<super::Progress>().unwrap_or_default();
    let recent = super::jobs::recent(&db, &actor, &progress, 20)
        .await
        .or_page()?;
    Ok(ImportsHome {
        org,
        users,
        households,
        recent: recent.iter().map(line).collect(),
    })
}

#[server(endpoint = "import_job")]
pub async fn load_job(id: String) -> Result<JobPage, ServerFnError> {
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| AppError::NotFound)
        .or_page()?;
    let progress = use_context::<super::Progress>().unwrap_or_default();
    let job = super::jobs::get(&db, &actor, &progress, id)
        .await
        .or_page()?;
    let locale = crate::i18n::use_locale();
    let summary = job.summary.clone();
    Ok(JobPage {
        line: line(&job),
        counts: summary.as_ref().map(|s| (s.add, s.change, s.unchanged)),
        preview: summary
            .as_ref()
            .map(|s| {
                s.preview
                    .iter()
                    .map(|c| PreviewLine {
                        row: c.row,
                        add: c.change == super::report::ChangeKind::Add,
                        key: c.key.clone(),
                        name: c.name.clone(),
                        before: c.before.clone(),
                        kind: c.kind,
                        parent: c.parent.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        password_ignored: summary.map(|s| s.password_ignored).unwrap_or_default(),
        problems: job
            .problems
            .first
            .iter()
            .map(|p| {
                (
                    p.row,
                    p.column.clone().unwrap_or_default(),
                    p.problem.describe(locale),
                )
            })
            .collect(),
        problems_total: job.problems.total,
        progress: job.progress.map(|p| (p.done, p.total)),
    })
}

fn kind_label(kind: &str, t: Texts) -> &'static str {
    match kind {
        "org" => t.imports_kind_org(),
        "departments" => t.imports_kind_departments(),
        "households" => t.imports_kind_households(),
        _ => t.imports_kind_users(),
    }
}

fn status_label(status: &str, t: Texts) -> &'static str {
    match status {
        "checking" => t.imports_status_checking(),
        "invalid" => t.imports_status_invalid(),
        "ready" => t.imports_status_ready(),
        "applying" => t.imports_status_applying(),
        "applied" => t.imports_status_applied(),
        _ => t.imports_status_failed(),
    }
}

#[component]
pub fn ImportsPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=format!("{} · {}", t.imports_title(), t.app_name())/>
        <div class="page-head"><h1>{t.imports_title()}</h1></div>
        <Flash/>
        {crate::ui::loaded(
            load_imports(),
            None,
            move |home| view! { <ImportsHomeView home/> },
        )}
    }
}

#[component]
fn ImportsHomeView(home: ImportsHome) -> impl IntoView {
    let t = use_texts();
    let kinds: Vec<&str> = [
        ("org", home.org),
        ("departments", home.org),
        ("users", home.users),
        ("households", home.households),
    ]
    .into_iter()
    .filter(|(_, allowed)| *allowed)
    .map(|(k, _)| k)
    .collect();
    let templates = kinds.clone();
    view! {
        <div class="stack">
            <section class="panel">
                <h2>{t.imports_templates()}</h2>
                <p class="muted">{t.imports_templates_hint()}</p>
                <ul class="templates">
                    {templates
                        .into_iter()
                        .map(|k| view! {
                            <li>
                                <span>{kind_label(k, t)}</span>
                                <a class="button secondary" href=format!("/api/v1/import-templates/{k}.xlsx") download>"xlsx"</a>
                                <a class="button secondary" href=format!("/api/v1/import-templates/{k}.csv") download>"csv"</a>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </section>
            <section class="panel narrow-left">
                <p class="muted">{t.imports_lead()}</p>
                <form class="form" method="post" action="/imports" enctype="multipart/form-data">
                    <label for="kind">{t.imports_kind()}</label>
                    <select id="kind" name="kind">
                        {kinds
                            .into_iter()
                            .map(|k| view! { <option value=k>{kind_label(k, t)}</option> })
                            .collect_view()}
                    </select>
                    <label for="file">{t.imports_file()}</label>
                    <input id="file" name="file" type="file" required
                        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"/>
                    {home.users.then(|| view! {
                        <label for="password">{t.imports_password()}</label>
                        <input id="password" name="password" type="password" autocomplete="new-password"/>
                        <p class="hint">{t.imports_password_hint()}</p>
                    })}
                    <button type="submit" class="button">{t.imports_upload()}</button>
                </form>
            </section>
            <section class="panel">
                <h2>{t.imports_recent()}</h2>
                {if home.recent.is_empty() {
                    view! { <p class="muted">{t.imports_none()}</p> }.into_any()
                } else {
                    view! { <JobTable jobs=home.recent/> }.into_any()
                }}
            </section>
        </div>
    }
}

#[component]
fn JobTable(jobs: Vec<JobLine>) -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.imports_file_name()}</th>
                        <th>{t.imports_kind()}</th>
                        <th>{t.imports_rows()}</th>
                        <th>{t.imports_status()}</th>
                        <th>{t.imports_uploaded()}</th>
                    </tr>
                </thead>
                <tbody>
                    {jobs
                        .into_iter()
                        .map(|j| view! {
                            <tr>
                                <td><a href=format!("/imports/{}", j.id)>{j.file_name}</a></td>
                                <td data-label=t.imports_kind()>{kind_label(&j.kind, t)}</td>
                                <td data-label=t.imports_rows()>{j.rows}</td>
                                <td data-label=t.imports_status()><span class="badge">{status_label(&j.status, t)}</span></td>
                                <td data-label=t.imports_uploaded()>{j.uploaded}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ImportJobPage() -> impl IntoView {
    let t = use_texts();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let loaded = crate::session::load_once(load_job(id.clone()));
    view! {
        <Title text=format!("{} · {}", t.imports_title(), t.app_name())/>
        <div class="page-head">
            <h1>{t.imports_title()}</h1>
            <a href="/imports">{t.imports_again()}</a>
        </div>
        <Flash/>
        <Suspense>
            {move || {
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(job) => view! { <JobView job/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn JobView(job: JobPage) -> impl IntoView {
    let t = use_texts();
    let status = job.line.status.clone();
    let running = matches!(status.as_str(), "checking" | "applying");
    let head = view! {
        <p>
            <strong>{job.line.file_name.clone()}</strong>
            " · " {kind_label(&job.line.kind, t)}
            " · " <span class="badge">{status_label(&status, t)}</span>
        </p>
    };
    let body = match status.as_str() {
        "checking" | "applying" => {
            let (done, total) = job.progress.unwrap_or((0, 0));
            let text = if status == "checking" {
                t.imports_checking_text()
            } else {
                t.imports_applying_text()
            };
            view! {
                <p class="muted" role="status">{text}</p>
                {(total > 0).then(|| view! {
                    <progress value=done max=total>{format!("{done}/{total}")}</progress>
                    <p class="muted">{format!("{done} / {total}")}</p>
                })}
            }
            .into_any()
        }
        "invalid" => view! {
            <p class="error" role="alert">{t.imports_problems()}</p>
            {(job.problems_total > job.problems.len())
                .then(|| view! { <p class="muted">{t.imports_more_problems(job.problems.len(), job.problems_total)}</p> })}
            <div class="table-wrap">
                <table class="data problems">
                    <thead><tr><th>{t.imports_row()}</th><th>{t.imports_column()}</th><th>{t.imports_problem()}</th></tr></thead>
                    <tbody>
                        {job.problems
                            .into_iter()
                            .map(|(row, column, message)| view! {
                                <tr>
                                    <td data-label=t.imports_row()>{(row > 0).then_some(row)}</td>
                                    <td data-label=t.imports_column()>{column}</td>
                                    <td data-label=t.imports_problem() class="wrap-cell">{message}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
        "ready" | "applied" => {
            let (add, change, unchanged) = job.counts.unwrap_or_default();
            let ready = status == "ready";
            view! {
                <p class=if ready { "" } else { "notice" }>
                    {if ready { t.imports_preview() } else { t.imports_applied() }} " "
                    <strong>{t.imports_counts(add, change, unchanged)}</strong>
                </p>
                {(!job.password_ignored.is_empty()).then(|| view! {
                    <p class="muted">
                        {t.imports_passwords_ignored()} " "
                        {job.password_ignored.iter().map(usize::to_string).collect::<Vec<_>>().join("、")}
                    </p>
                })}
                {ready.then(|| view! {
                    <form method="post" action=format!("/imports/{}/apply", job.line.id)>
                        <button type="submit" class="button">{t.imports_apply()}</button>
                    </form>
                })}
                {(!job.preview.is_empty()).then(|| {
                    // Units (org tree, departments) say what they are and where they hang.
                    let units = job.preview.iter().any(|p| p.kind.is_some());
                    view! {
                    <div class="table-wrap">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th>{t.imports_row()}</th>
                                    <th>{t.imports_col_change()}</th>
                                    <th>{t.imports_col_key()}</th>
                                    <th>{t.imports_col_name()}</th>
                                    {units.then(|| view! {
                                        <th>{t.imports_col_kind()}</th>
                                        <th>{t.imports_col_parent()}</th>
                                    })}
                                    <th>{t.imports_before()}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {job.preview
                                    .into_iter()
                                    .map(|p| view! {
                                        <tr>
                                            <td data-label=t.imports_row()>{p.row}</td>
                                            <td data-label=t.imports_col_change()>{if p.add { t.imports_change_add() } else { t.imports_change_change() }}</td>
                                            <td data-label=t.imports_col_key()>{p.key}</td>
                                            <td data-label=t.imports_col_name()>{p.name}</td>
                                            {units.then(|| view! {
                                                <td data-label=t.imports_col_kind()>{p.kind.map(|k| k.label(t))}</td>
                                                <td data-label=t.imports_col_parent()>{p.parent}</td>
                                            })}
                                            <td data-label=t.imports_before()>{p.before}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    }
                })}
            }
            .into_any()
        }
        _ => view! { <p class="error" role="alert">{t.imports_failed_text()}</p> }.into_any(),
    };
    view! {
        {running.then(|| view! { <Meta http_equiv="refresh" content="1"/> })}
        <section class="panel stack">{head}{body}</section>
    }
}
