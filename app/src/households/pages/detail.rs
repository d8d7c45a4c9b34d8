//! `/households/{id}`: the household's facts, members, paired cadres, open tasks, recent
//! visits and must-visit events, with the one revealed value in place ([`Shown`]).

use super::*;

/// A must-visit event (五必访) recorded at the household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLine {
    pub label: String,
    pub occurred_on: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HouseholdDetail {
    pub household: Household,
    /// The county's tags plus any the household carries that the county has retired.
    pub tags: Vec<TagOption>,
    pub tasks: Vec<TaskLine>,
    pub visits: Vec<VisitLine>,
    pub events: Vec<EventLine>,
    /// Who the pairing form offers (the current cadres first).
    pub candidates: Vec<CadreChoice>,
    pub can_manage: bool,
    pub can_reveal: bool,
    pub can_record: bool,
    /// The county's active grievance categories when the caller may make a visit's concern a
    /// case (the button beside each concern), else none.
    pub categories: Vec<crate::grievances::model::CategoryView>,
}

/// One personal value revealed by `POST /households/{id}/reveal`, for the page rendered as
/// that post's answer. Provided as context by the server; never serialised, never in a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The member, or `None` for the household's own phone.
    pub member: Option<String>,
    pub field: Field,
    pub value: String,
}

#[server(endpoint = "households_one")]
pub async fn load_household(id: String) -> Result<HouseholdDetail, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    use crate::visits::kinds::TaskStatus;
    use crate::visits::{record, tasks, triggers};
    let (db, actor) = signed_in(false)?;
    let id = uuid::Uuid::parse_str(id.trim())
        .map_err(|_| AppError::NotFound)
        .or_page()?;
    let household = crate::households::get(&db, &actor, id).await.or_page()?;
    let task_filter = tasks::TaskFilter {
        household: Some(id),
        status: Some(TaskStatus::Open),
        limit: 50,
        ..tasks::TaskFilter::default()
    };
    let (tasks, _) = tasks::list(&db, &actor, &task_filter).await.or_page()?;
    let visit_filter = record::VisitFilter {
        household: Some(id),
        limit: 10,
        ..record::VisitFilter::default()
    };
    let (visits, _) = record::list(&db, &actor, &visit_filter).await.or_page()?;
    let events = triggers::of_household(&db, &actor, id)
        .await
        .or_page()?
        .into_iter()
        .map(|e| EventLine {
            label: e.label,
            occurred_on: e.occurred_on,
            note: e.note,
        })
        .collect();
    let can_manage = actor.can(Action::HouseholdsManage);
    let (tags, candidates) = if can_manage {
        let (_, mut tags) = server::places_and_tags(&db, &actor, &[]).await.or_page()?;
        tags.retain(|t| t.active || household.row.tags.contains(&t.code));
        for code in &household.row.tags {
            if !tags.iter().any(|t| &t.code == code) {
                tags.push(TagOption {
                    code: code.clone(),
                    label: code.clone(),
                    active: false,
                });
            }
        }
        let village = uuid::Uuid::parse_str(&household.row.village_id)
            .map_err(|_| AppError::NotFound)
            .or_page()?;
        let mut candidates: Vec<CadreChoice> = household
            .cadres
            .iter()
            .map(|c| CadreChoice {
                id: c.id.clone(),
                name: c.name.clone(),
                unit_name: String::new(),
            })
            .collect();
        for c in server::cadre_choices(&db, &actor, village)
            .await
            .or_page()?
        {
            match candidates.iter_mut().find(|k| k.id == c.id) {
                Some(known) => known.unit_name = c.unit_name,
                None => candidates.push(c),
            }
        }
        (tags, candidates)
    } else {
        (Vec::new(), Vec::new())
    };
    let categories = if actor.can(Action::GrievancesRecord) {
        let mut cats = crate::grievances::categories::list(&db, &actor)
            .await
            .or_page()?;
        cats.retain(|c| c.active);
        cats
    } else {
        Vec::new()
    };
    Ok(HouseholdDetail {
        household,
        tags,
        tasks,
        visits,
        events,
        candidates,
        can_manage,
        can_reveal: actor.can(Action::PersonalReveal),
        can_record: actor.can(Action::VisitsRecord),
        categories,
    })
}

/// The values a refused form held, by which form it was (`form=edit|member`).
#[derive(Clone, Debug, Default)]
pub(super) struct Typed {
    pub(super) form: String,
    pub(super) get: Vec<(String, String)>,
    pub(super) tags: Vec<String>,
}

impl Typed {
    pub(super) fn value(&self, key: &str) -> Option<String> {
        self.get
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

#[component]
pub fn HouseholdPage() -> impl IntoView {
    let t = use_texts();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let typed = use_query_map().with_untracked(|p| {
        p.get("error").map(|_| {
            let keys = [
                "group_name",
                "house_number",
                "address",
                "head_name",
                "name",
                "relation",
                "gender",
                "birth_date",
            ];
            Typed {
                form: p.get("form").unwrap_or_default(),
                get: keys
                    .iter()
                    .filter_map(|k| p.get(k).map(|v| ((*k).to_owned(), v)))
                    .collect(),
                tags: p.get_all("tags").unwrap_or_default(),
            }
        })
    });
    let shown = use_context::<Shown>();
    let loaded = crate::session::load_once(load_household(id));
    view! {
        <Title text=format!("{} · {}", t.households_title(), t.app_name())/>
        <Suspense>
            {move || {
                let typed = typed.clone();
                let shown = shown.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(detail) => view! { <HouseholdView detail typed shown/> }.into_any(),
                        Err(e) => {
                            view! {
                                <div class="page-head"><h1>{t.households_title()}</h1></div>
                                <LoadFailed error=e/>
                                <p><a href="/households">{t.households_back()}</a></p>
                            }
                                .into_any()
                        }
                    }
                }))
            }}
        </Suspense>
    }
}

/// A masked value with its "查看" button, or the value itself when it was just revealed.
pub(super) fn personal(
    t: Texts,
    household: &str,
    member: Option<&str>,
    field: Field,
    masked: Option<String>,
    can_reveal: bool,
    shown: Option<&Shown>,
) -> AnyView {
    if let Some(s) = shown.filter(|s| s.field == field && s.member.as_deref() == member) {
        return view! { <strong class="revealed">{s.value.clone()}</strong> }.into_any();
    }
    let Some(masked) = masked else {
        return view! { <span class="muted">"—"</span> }.into_any();
    };
    let action = format!("/households/{household}/reveal");
    let member = member.unwrap_or_default().to_owned();
    view! {
        <span class="masked">{masked}</span>
        {can_reveal
            .then(|| {
                view! {
                    " "
                    <form class="inline-form" method="post" action=action>
                        <input type="hidden" name="member" value=member/>
                        <input type="hidden" name="field" value=field.code()/>
                        <button type="submit" class="link-button">{t.households_reveal()}</button>
                    </form>
                }
            })}
    }
    .into_any()
}

#[component]
fn HouseholdView(
    detail: HouseholdDetail,
    typed: Option<Typed>,
    shown: Option<Shown>,
) -> impl IntoView {
    let t = use_texts();
    let h = detail.household;
    let id = h.row.id.clone();
    let shown = shown.as_ref();
    // The revealed value, also said at the top: its cell may sit off-screen on a phone.
    let revealed = shown.map(|s| {
        let who = s
            .member
            .as_ref()
            .and_then(|m| h.people.iter().find(|p| &p.id == m))
            .map_or(h.row.head_name.clone(), |p| p.name.clone());
        let what = match s.field {
            Field::IdNumber => t.households_member_id_number(),
            Field::Phone => t.households_col_phone(),
        };
        view! {
            <p class="notice" role="status">
                {format!("{who} · {what}：")}
                <strong class="revealed">{s.value.clone()}</strong>
                <br/>
                <small>{t.households_revealed_hint()}</small>
            </p>
        }
    });
    let phone = personal(
        t,
        &id,
        None,
        Field::Phone,
        h.row.phone.clone(),
        detail.can_reveal,
        shown,
    );
    let labels = tag_labels(&h.row.tags, &detail.tags);
    let cadres = if h.cadres.is_empty() {
        t.households_no_cadres().to_owned()
    } else {
        h.cadres
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    let record = detail.can_record.then(|| {
        let visit = format!("/visits/new?household={id}");
        let event = format!("/visits/trigger?household={id}");
        view! {
            <p class="actions">
                <a class="button" href=visit>{t.households_record_visit()}</a>
                " "
                <a class="button secondary" href=event>{t.households_record_event()}</a>
            </p>
        }
    });
    let members = members_table(
        t,
        &id,
        &h.people,
        detail.can_reveal,
        detail.can_manage,
        shown,
    );
    let manage = detail.can_manage.then(|| {
        manage_forms(
            t,
            &id,
            &h,
            &detail.tags,
            &detail.candidates,
            typed.unwrap_or_default(),
        )
    });
    let facts = view! {
    <section class="panel">
        <dl class="user-facts">
            <dt>{t.households_col_village()}</dt>
            <dd>{h.row.village_name.clone()}</dd>
            <dt>{t.households_field_group()}</dt>
            <dd>{h.row.group_name.clone()}</dd>
            <dt>{t.households_field_house_number()}</dt>
            <dd>{h.row.house_number.clone()}</dd>
            <dt>{t.households_field_address()}</dt>
            <dd>{h.row.address.clone()}</dd>
            <dt>{t.households_col_phone()}</dt>
            <dd>{phone}</dd>
            <dt>{t.households_col_tags()}</dt>
            <dd>{labels}</dd>
            <dt>{t.households_col_members()}</dt>
            <dd>{h.row.members}</dd>
            <dt>{t.households_cadres()}</dt>
            <dd>{cadres}</dd>
            <dt>{t.households_field_notes()}</dt>
            <dd class="notes">{h.notes.clone()}</dd>
        </dl>
    </section>
    }
    .into_any();
    let title = format!("{}{}", h.row.head_name, t.households_title_suffix());
    view! {
        <div class="page-head">
            <h1>{title}</h1>
            <a href="/households">{t.households_back()}</a>
        </div>
        <Flash/>
        {revealed}
        {record}
        {(!detail.categories.is_empty()).then(|| view! {
            <p><a class="button secondary" href=format!("/grievances/new?household={id}")>{t.gv_new()}</a></p>
        })}
        <div class="stack">
            {facts}
            <section class="panel" aria-labelledby="members">
                <h2 id="members">{t.households_members()}</h2>
                {members}
            </section>
            <section class="panel" aria-labelledby="tasks">
                <h2 id="tasks">{t.households_open_tasks()}</h2>
                {task_table(t, detail.tasks)}
            </section>
            <section class="panel" aria-labelledby="visits">
                <h2 id="visits">{t.households_recent_visits()}</h2>
                {visit_table(t, &id, detail.visits, &detail.categories)}
            </section>
            <section class="panel" aria-labelledby="events">
                <h2 id="events">{t.households_events()}</h2>
                {event_table(t, detail.events)}
            </section>
            {manage}
        </div>
    }
}
