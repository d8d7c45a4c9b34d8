//! `/grievances/{id}`: one case — its facts, handling units, deadlines, timeline and
//! attachments — and one small form per step the caller can take now (`CaseDetail::actions`).
//! Every form posts to `/grievances/{id}/act` with the command's code and the case's version
//! as read, so a step decided on a page someone else has overtaken is refused as stale.
//!
//! The phone arrives masked; "查看" posts to `/grievances/{id}/reveal`, which does the audited
//! reveal and answers that POST with this page rendered with the number ([`ShownPhone`]), as
//! the household page does: the number never travels in a URL.

use super::{Choice, choice_options};
use crate::flash::{Flash, LoadFailed};
use crate::grievances::kinds::Satisfaction;
use crate::grievances::model::CaseDetail;
use crate::i18n::{Texts, use_texts};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseData {
    pub detail: CaseDetail,
    /// Units the assign form offers (only when the caller may assign).
    pub units: Vec<Choice>,
    /// County leaders the 包案 form offers (only when the caller may name one).
    pub leaders: Vec<Choice>,
}

/// The reporter's phone just revealed by `POST /grievances/{id}/reveal`; context only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownPhone(pub String);

#[server(endpoint = "grievances_case")]
pub async fn load_case(id: String) -> Result<CaseData, ServerFnError> {
    use crate::access::Role;
    use crate::error::AppError;
    use crate::grievances::ledger;
    use crate::session::{OrPage, signed_in};
    use crate::users::{UserFilter, list};
    let (db, actor) = signed_in(false)?;
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| AppError::NotFound)
        .or_page()?;
    let detail = ledger::detail(&db, &actor, id).await.or_page()?;
    let may = |code: &str| detail.actions.iter().any(|a| a == code);
    let units = if may("assign") {
        super::server::handler_choices(&db, &actor)
            .await
            .or_page()?
    } else {
        Vec::new()
    };
    let leaders = if may("name_leader") {
        let filter = UserFilter {
            role: Some(Role::CountyLeader),
            active: Some(true),
            limit: 200,
            ..UserFilter::default()
        };
        let (accounts, _) = list(&db, &actor, &filter).await.or_page()?;
        accounts
            .into_iter()
            .map(|u| Choice {
                id: u.id.to_string(),
                name: u.display_name,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(CaseData {
        detail,
        units,
        leaders,
    })
}

/// What a refused step's form held (`form=<code>` names it).
#[derive(Clone, Debug, Default)]
struct Typed {
    form: String,
    pairs: Vec<(String, String)>,
}

impl Typed {
    /// The value typed into `key` of the form `code`, if it was that form that came back.
    fn get(&self, code: &str, key: &str) -> String {
        if self.form != code {
            return String::new();
        }
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn all(&self, code: &str, key: &str) -> Vec<String> {
        if self.form != code {
            return Vec::new();
        }
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let t = use_texts();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let typed = use_query_map().with_untracked(|p| Typed {
        form: p.get("form").unwrap_or_default(),
        pairs: [
            "reason",
            "text",
            "note",
            "days",
            "satisfaction",
            "lead",
            "approve",
            "leader",
        ]
        .iter()
        .filter_map(|k| p.get(k).map(|v| ((*k).to_owned(), v)))
        .chain(
            p.get_all("co")
                .unwrap_or_default()
                .into_iter()
                .map(|v| ("co".to_owned(), v)),
        )
        .collect(),
    });
    let shown = use_context::<ShownPhone>();
    let loaded = crate::session::load_once(load_case(id));
    view! {
        <Title text=format!("{} · {}", t.gv_case_title(), t.app_name())/>
        <Suspense>
            {move || {
                let typed = typed.clone();
                let shown = shown.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(data) => view! { <CaseView data typed shown/> }.into_any(),
                        Err(e) => view! {
                            <div class="page-head"><h1>{t.gv_case_title()}</h1></div>
                            <LoadFailed error=e/>
                            <p><a href="/grievances">{t.gv_back()}</a></p>
                        }
                            .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn CaseView(data: CaseData, typed: Typed, shown: Option<ShownPhone>) -> impl IntoView {
    let t = use_texts();
    let d = data.detail;
    let line = &d.line;
    let id = line.id.clone();
    let title = format!("{} {}", t.gv_case_title(), line.code);
    let revealed = shown.as_ref().map(|s| {
        view! {
            <p class="notice" role="status">
                {format!("{}：", t.gv_phone())}
                <strong class="revealed">{s.0.clone()}</strong>
                <br/>
                <small>{t.gv_revealed_hint()}</small>
            </p>
        }
    });
    let phone = match (&shown, &d.reporter_phone) {
        (Some(s), _) => view! { <strong class="revealed">{s.0.clone()}</strong> }.into_any(),
        (None, None) => view! { <span class="muted">"—"</span> }.into_any(),
        (None, Some(masked)) => {
            let action = format!("/grievances/{id}/reveal");
            view! {
                <span class="masked">{masked.clone()}</span>
                {d.can_reveal.then(|| view! {
                    " "
                    <form class="inline-form" method="post" action=action>
                        <button type="submit" class="link-button">{t.gv_reveal()}</button>
                    </form>
                })}
            }
            .into_any()
        }
    };
    let lead = d
        .units
        .iter()
        .filter(|u| u.lead)
        .map(|u| u.name.clone())
        .collect::<Vec<_>>()
        .join("、");
    let co = d
        .units
        .iter()
        .filter(|u| !u.lead)
        .map(|u| u.name.clone())
        .collect::<Vec<_>>()
        .join("、");
    let extension = d.extension.map(|e| {
        format!(
            "{}（{} {}）",
            e.label(t),
            d.extension_days,
            t.gv_extension_days()
        )
    });
    let repeat_of = d.repeat_of.clone().map(|(rid, code)| {
        view! { <a href=format!("/grievances/{rid}")>{code}</a> }
    });
    let household = d.household_id.clone().map(|h| {
        view! { <a href=format!("/households/{h}")>{t.gv_open_household()}</a> }
    });
    let fact = |label: &'static str, value: Option<String>| {
        value
            .filter(|v| !v.is_empty())
            .map(|v| view! { <dt>{label}</dt><dd>{v}</dd> })
    };
    let facts = view! {
        <section class="panel" aria-labelledby="facts">
            <h2 id="facts">{t.gv_facts()}</h2>
            <dl class="user-facts">
                <dt>{t.grievance_col_status()}</dt>
                <dd>{line.status.label(t)}" "{super::flags(t, line)}</dd>
                <dt>{t.grievance_col_received()}</dt>
                <dd>{line.received.clone()}</dd>
                <dt>{t.grievance_col_channel()}</dt>
                <dd>{line.channel.label(t)}</dd>
                <dt>{t.grievance_col_urgency()}</dt>
                <dd>{line.urgency.label(t)}</dd>
                <dt>{t.grievance_col_category()}</dt>
                <dd>{line.category.clone()}</dd>
                <dt>{t.grievance_col_place()}</dt>
                <dd>{line.place.clone()}</dd>
                <dt>{t.gv_reporter()}</dt>
                <dd>{d.reporter_name.clone()}</dd>
                <dt>{t.gv_phone()}</dt>
                <dd>{phone}</dd>
                {household.map(|h| view! { <dt>{t.gv_household()}</dt><dd>{h}</dd> })}
                {fact(t.gv_lead(), Some(lead))}
                {fact(t.gv_co(), Some(co))}
                <dt>{t.gv_accept_due()}</dt>
                <dd>{d.accept_due.clone()}</dd>
                {fact(t.gv_handle_due(), d.handle_due.clone())}
                {fact(t.gv_extension(), extension)}
                {repeat_of.map(|r| view! { <dt>{t.gv_repeat_of()}</dt><dd>{r}</dd> })}
                {fact(t.gv_leader(), d.leader.clone())}
                <dt>{t.grievance_col_description()}</dt>
                <dd class="notes">{d.description.clone()}</dd>
                {fact(t.gv_reply(), d.reply.clone())}
                {fact(t.gv_satisfaction(), d.satisfaction.map(|s| s.label(t).to_owned()))}
            </dl>
        </section>
    };
    let timeline = d
        .events
        .iter()
        .map(|e| {
            view! {
                <li>
                    <strong>{e.kind.label(t)}</strong>
                    " · " {e.to_status.label(t)}
                    <br/>
                    <small class="muted">{e.at.clone()}" · "{e.actor.clone()}</small>
                    {e.note.clone().map(|n| view! { <p class="notes">{n}</p> })}
                    {e.detail.as_deref().map(|n| {
                        // A follow-up's detail is its verdict's code: shown by its label.
                        let n = Satisfaction::from_code(n).map_or_else(|| n.to_owned(), |s| s.label(t).to_owned());
                        view! { <p class="muted notes">{n}</p> }
                    })}
                </li>
            }
        })
        .collect_view();
    let attachments = if d.attachments.is_empty() {
        view! { <p class="muted">{t.gv_no_attachments()}</p> }.into_any()
    } else {
        d.attachments
            .iter()
            .map(|a| {
                let href = format!("/api/v1/grievances/{id}/attachments/{}", a.id);
                let size = format!("{} KB", (i64::from(a.size) + 1023) / 1024);
                view! { <li><a href=href download>{a.file_name.clone()}</a>" " <small class="muted">{size}</small></li> }
            })
            .collect_view()
            .into_any()
    };
    let forms = action_forms(t, &d, &data.units, &data.leaders, &typed);
    view! {
        <div class="page-head">
            <h1>{title}</h1>
            <a href="/grievances">{t.gv_back()}</a>
        </div>
        <Flash/>
        {revealed}
        <div class="stack">
            {facts}
            <section class="panel" aria-labelledby="act">
                <h2 id="act">{t.gv_actions()}</h2>
                {forms}
            </section>
            <section class="panel" aria-labelledby="timeline">
                <h2 id="timeline">{t.gv_timeline()}</h2>
                <ol class="timeline">{timeline}</ol>
            </section>
            <section class="panel" aria-labelledby="files">
                <h2 id="files">{t.gv_attachments()}</h2>
                <ul>{attachments}</ul>
            </section>
        </div>
    }
}

/// The commands a case page knows, in the order their forms appear.
const COMMANDS: [&str; 13] = [
    "accept",
    "start",
    "close",
    "reject",
    "assign",
    "return",
    "reply",
    "follow_up",
    "request_extension",
    "decide_extension",
    "note",
    "supervise",
    "name_leader",
];

/// The command's label on its button and heading.
fn command_label(t: Texts, code: &str) -> &'static str {
    match code {
        "accept" => t.gv_cmd_accept(),
        "reject" => t.gv_cmd_reject(),
        "assign" => t.gv_cmd_assign(),
        "start" => t.gv_cmd_start(),
        "return" => t.gv_cmd_return(),
        "reply" => t.gv_cmd_reply(),
        "follow_up" => t.gv_cmd_follow_up(),
        "close" => t.gv_cmd_close(),
        "request_extension" => t.gv_cmd_request_extension(),
        "decide_extension" => t.gv_cmd_decide_extension(),
        "note" => t.gv_cmd_note(),
        "supervise" => t.gv_cmd_supervise(),
        _ => t.gv_cmd_name_leader(),
    }
}

/// A textarea for one of the command's texts, refilled when its form came back.
fn text_area(
    code: &str,
    key: &'static str,
    label: &'static str,
    typed: &Typed,
    required: bool,
) -> impl IntoView + use<> {
    let id = format!("{code}-{key}");
    view! {
        <label for=id.clone()>{label}</label>
        <textarea id=id name=key rows="3" maxlength="4000" required=required>{typed.get(code, key)}</textarea>
    }
}

/// One form per step the caller can take now. Steps without fields are a button each;
/// the others fold (`<details>`) unless it is the one that just came back refused.
fn action_forms(
    t: Texts,
    d: &CaseDetail,
    units: &[Choice],
    leaders: &[Choice],
    typed: &Typed,
) -> AnyView {
    if d.actions.is_empty() {
        return view! { <p class="muted">{t.gv_no_actions()}</p> }.into_any();
    }
    let action = format!("/grievances/{}/act", d.line.id);
    let version = d.version.to_string();
    let form = |code: &'static str, fields: AnyView| {
        view! {
            <form class="form" method="post" action=action.clone()>
                <input type="hidden" name="action" value=code/>
                <input type="hidden" name="version" value=version.clone()/>
                {fields}
                <button type="submit" class="button">{command_label(t, code)}</button>
            </form>
        }
    };
    let mut buttons = Vec::new();
    let mut folded = Vec::new();
    for code in &d.actions {
        let Some(code) = COMMANDS.iter().copied().find(|c| c == code) else {
            continue;
        };
        let fields: Option<AnyView> = match code {
            "accept" | "start" | "close" => None,
            "reject" => Some(
                text_area(code, "reason", t.gv_field_reason_resident(), typed, true).into_any(),
            ),
            "return" => {
                Some(text_area(code, "reason", t.gv_field_reason(), typed, true).into_any())
            }
            "reply" => Some(text_area(code, "text", t.gv_field_reply(), typed, true).into_any()),
            "note" => Some(text_area(code, "text", t.gv_field_note(), typed, true).into_any()),
            "supervise" => {
                Some(text_area(code, "note", t.gv_field_note(), typed, false).into_any())
            }
            "assign" => {
                let lead = Some(typed.get(code, "lead"))
                    .filter(|l| !l.is_empty())
                    .or(d.suggested_lead.clone())
                    .unwrap_or_default();
                let co = typed.all(code, "co");
                let checks = units
                    .iter()
                    .map(|u| {
                        view! {
                            <label class="check">
                                <input type="checkbox" name="co" value=u.id.clone()
                                    checked=co.contains(&u.id)/>
                                {u.name.clone()}
                            </label>
                        }
                    })
                    .collect_view();
                Some(
                    view! {
                        <label for="assign-lead">{t.gv_field_lead()}</label>
                        <select id="assign-lead" name="lead" required>
                            <option value="">{t.users_choose()}</option>
                            {choice_options(units, &lead)}
                        </select>
                        <p class="hint">{t.gv_field_lead_hint()}</p>
                        <fieldset class="field-group">
                            <legend>{t.gv_field_co()}</legend>
                            <div class="checks">{checks}</div>
                        </fieldset>
                    }
                    .into_any(),
                )
            }
            "follow_up" => {
                let chosen = typed.get(code, "satisfaction");
                let radios = Satisfaction::ALL
                    .iter()
                    .map(|s| {
                        view! {
                            <label class="check">
                                <input type="radio" name="satisfaction" value=s.code()
                                    checked={chosen == s.code()} required/>
                                {s.label(t)}
                            </label>
                        }
                    })
                    .collect_view();
                Some(
                    view! {
                        <fieldset>
                            <legend>{t.gv_satisfaction()}</legend>
                            {radios}
                        </fieldset>
                        {text_area(code, "note", t.gv_field_note(), typed, false)}
                    }
                    .into_any(),
                )
            }
            "request_extension" => Some(
                view! {
                    <label for="ext-days">{t.gv_field_days()}</label>
                    <input id="ext-days" name="days" type="number" min="1" max="30" step="1"
                        inputmode="numeric" required value=typed.get(code, "days")/>
                    {text_area(code, "reason", t.gv_field_reason(), typed, true)}
                }
                .into_any(),
            ),
            "decide_extension" => {
                let chosen = typed.get(code, "approve");
                Some(
                    view! {
                        <fieldset>
                            <legend>{t.gv_cmd_decide_extension()}</legend>
                            <label class="check">
                                <input type="radio" name="approve" value="true"
                                    checked={chosen == "true"} required/>
                                {t.gv_approve()}
                            </label>
                            <label class="check">
                                <input type="radio" name="approve" value="false"
                                    checked={chosen == "false"}/>
                                {t.gv_refuse()}
                            </label>
                        </fieldset>
                        {text_area(code, "note", t.gv_field_note(), typed, false)}
                    }
                    .into_any(),
                )
            }
            _ => Some(
                view! {
                    <label for="leader">{t.gv_field_leader()}</label>
                    <select id="leader" name="leader" required>
                        <option value="">{t.users_choose()}</option>
                        {choice_options(leaders, &typed.get(code, "leader"))}
                    </select>
                }
                .into_any(),
            ),
        };
        match fields {
            None => buttons.push(form(code, ().into_any()).into_any()),
            Some(fields) => folded.push(
                view! {
                    <details open={typed.form == code} class="step">
                        <summary><h3 class="summary-title">{command_label(t, code)}</h3></summary>
                        {form(code, fields)}
                    </details>
                }
                .into_any(),
            ),
        }
    }
    view! {
        <div class="actions step-buttons">{buttons}</div>
        {folded}
    }
    .into_any()
}
