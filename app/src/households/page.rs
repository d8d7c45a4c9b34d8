//! The household registry (户籍台账) screens: `/households` (filters and a keyset-paged list),
//! `/households/new` (add a household) and `/households/{id}` (the household: facts, members,
//! paired cadres, open tasks, recent visits, must-visit events, and for those who manage it the
//! edit, member and pairing forms). Forms post to `/households…` (server `forms::households`),
//! which answer with a redirect back here, so everything works without JavaScript.
//!
//! ID numbers and phones arrive masked. "查看" posts to `/households/{id}/reveal`: the server
//! does the audited reveal and answers that POST with this same page rendered with the one
//! value shown in place ([`Shown`], `Cache-Control: no-store`). The value never travels in a
//! URL or a redirect, so it stays out of history, logs and caches; reloading asks to re-send
//! the form, which reveals (and audits) again.

use super::model::{Cadre, Field, Household, HouseholdRow, Member};
use crate::flash::{Flash, LoadFailed};
use crate::i18n::{Texts, use_texts};
use crate::org::OrgKind;
use crate::ui::query_string;
use crate::visits::model::{TaskLine, VisitLine};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// Households shown per page.
pub const PAGE_SIZE: u64 = 50;

/// What the member form offers as relations (free text is accepted too).
const RELATIONS: [&str; 10] = [
    "户主",
    "配偶",
    "子女",
    "父亲",
    "母亲",
    "儿媳",
    "女婿",
    "孙子女",
    "兄弟姐妹",
    "其他",
];

/// The list's filters as they travel in the URL (`/households?unit=…&q=…&tag=…&mine=1&after=…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdsQuery {
    pub unit: String,
    pub q: String,
    pub tag: String,
    /// `1`: only the caller's paired households.
    pub mine: String,
    /// Keyset: households after this id.
    pub after: String,
}

impl HouseholdsQuery {
    fn from_params(p: &ParamsMap) -> HouseholdsQuery {
        let get = |k: &str| p.get(k).unwrap_or_default();
        HouseholdsQuery {
            unit: get("unit"),
            q: get("q"),
            tag: get("tag"),
            mine: get("mine"),
            after: get("after"),
        }
    }

    fn filters(&self) -> [(&'static str, &str); 4] {
        [
            ("unit", &self.unit),
            ("q", &self.q),
            ("tag", &self.tag),
            ("mine", &self.mine),
        ]
    }
}

/// An org unit in a select (county, townships, villages), parents before children.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceOption {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub kind: OrgKind,
    /// 0 for the county, 1 for townships, 2 for villages.
    pub depth: usize,
}

/// A household tag of the county's list: stored by code, shown by label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagOption {
    pub code: String,
    pub label: String,
    pub active: bool,
}

/// An account that may be paired with a household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CadreChoice {
    pub id: String,
    pub name: String,
    pub unit_name: String,
}

/// A must-visit event (五必访) recorded at the household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLine {
    pub label: String,
    pub occurred_on: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdsList {
    pub rows: Vec<HouseholdRow>,
    pub next: Option<String>,
    pub units: Vec<PlaceOption>,
    pub tags: Vec<TagOption>,
    pub can_manage: bool,
    /// The caller may download the registry as a spreadsheet.
    pub can_export: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewHouseholdForm {
    /// Active villages in reach, with the townships above them for grouping.
    pub places: Vec<PlaceOption>,
    pub tags: Vec<TagOption>,
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

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::{CadreChoice, PlaceOption, TagOption};
    use crate::access::{Action, Actor, Decision, Target};
    use crate::error::AppError;
    use crate::org::{OrgKind, tree};
    use crate::tenancy::Mode;
    use crate::visits::options::{self, OptionKind};
    use sea_orm::DatabaseConnection;
    use uuid::Uuid;

    /// The active units within reach of these kinds, parents first, and the county's tags.
    pub async fn places_and_tags(
        db: &DatabaseConnection,
        actor: &Actor,
        kinds: &[OrgKind],
    ) -> Result<(Vec<PlaceOption>, Vec<TagOption>), AppError> {
        crate::audit::guarded(db, actor, Mode::Read, async |tx| {
            let units = tree::list(tx, actor, &tree::OrgFilter::default()).await?;
            let places = units
                .into_iter()
                .filter(|u| u.active && kinds.contains(&u.kind))
                .map(|u| PlaceOption {
                    id: u.id.to_string(),
                    parent_id: u.parent_id.map(|p| p.to_string()),
                    name: u.name,
                    kind: u.kind,
                    depth: u.depth,
                })
                .collect();
            let tags = options::list(tx, OptionKind::Tag)
                .await?
                .into_iter()
                .map(|c| TagOption {
                    code: c.code,
                    label: c.label,
                    active: c.active,
                })
                .collect();
            Ok((places, tags))
        })
        .await
    }

    /// The accounts a household at `village` may be paired with: active cadre accounts of the
    /// village or its township, as far as the caller sees accounts, plus the caller when they
    /// are a cadre themselves (a village cadre sees no account list but may pair themselves).
    pub async fn cadre_choices(
        db: &DatabaseConnection,
        actor: &Actor,
        village: Uuid,
    ) -> Result<Vec<CadreChoice>, AppError> {
        use crate::households::CADRE_ROLES;
        use crate::users::{UserFilter, list};
        let mut out = Vec::new();
        if CADRE_ROLES.contains(&actor.role) {
            out.push(CadreChoice {
                id: actor.user_id.to_string(),
                name: actor.display_name.clone(),
                unit_name: actor
                    .home
                    .as_ref()
                    .map(|h| h.org_unit_name.clone())
                    .unwrap_or_default(),
            });
        }
        let Some(county) = actor.county_id() else {
            return Ok(out);
        };
        if !actor.can(Action::UsersView) {
            return Ok(out);
        }
        let unit = crate::audit::guarded(db, actor, Mode::Read, async |tx| {
            tree::find(tx, actor, Action::HouseholdsView, village).await
        })
        .await?;
        // The township above (its path is the village's path less the last segment), when the
        // caller sees its accounts; decided here so that no refusal is provoked and audited.
        let ancestors = tree::ancestors(&unit.path);
        let township = match (unit.parent_id, ancestors.len().checked_sub(2)) {
            (Some(parent), Some(i)) => Some((parent, ancestors[i].clone())),
            _ => None,
        };
        let sees = |path: &str| {
            actor.decide(
                Action::UsersView,
                Some(Target {
                    county_id: county,
                    path,
                }),
            ) == Decision::Allow
        };
        let (scope, places) = match township {
            Some((id, path)) if sees(&path) => (id, vec![id, unit.id]),
            _ if sees(&unit.path) => (unit.id, vec![unit.id]),
            _ => return Ok(out),
        };
        let filter = UserFilter {
            unit: Some(scope),
            active: Some(true),
            limit: 500,
            ..UserFilter::default()
        };
        let (accounts, _) = list(db, actor, &filter).await?;
        for u in accounts {
            let fits = CADRE_ROLES.contains(&u.role)
                && u.org_unit_id.is_some_and(|id| places.contains(&id))
                && u.id != actor.user_id;
            if fits {
                out.push(CadreChoice {
                    id: u.id.to_string(),
                    name: u.display_name,
                    unit_name: u.org_unit_name.unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }
}

#[server(endpoint = "households_list")]
pub async fn load_households(query: HouseholdsQuery) -> Result<HouseholdsList, ServerFnError> {
    use crate::access::Action;
    use crate::households::{HouseholdFilter, list};
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let filter = HouseholdFilter {
        unit: uuid::Uuid::parse_str(query.unit.trim()).ok(),
        q: text(&query.q),
        tag: text(&query.tag),
        mine: query.mine == "1",
        after: uuid::Uuid::parse_str(query.after.trim()).ok(),
        limit: PAGE_SIZE,
    };
    let (rows, next) = list(&db, &actor, &filter).await.or_page()?;
    let kinds = [OrgKind::County, OrgKind::Township, OrgKind::Village];
    let (units, tags) = server::places_and_tags(&db, &actor, &kinds)
        .await
        .or_page()?;
    Ok(HouseholdsList {
        rows,
        next,
        units,
        tags,
        can_manage: actor.can(Action::HouseholdsManage),
        can_export: actor.can(Action::LedgerExport),
    })
}

#[server(endpoint = "households_new")]
pub async fn load_new_household() -> Result<NewHouseholdForm, ServerFnError> {
    use crate::access::Action;
    use crate::error::AppError;
    use crate::session::{OrPage, signed_in};
    let (db, actor) = signed_in(false)?;
    if !actor.can(Action::HouseholdsManage) {
        let denied = AppError::Denied {
            action: Action::HouseholdsManage,
            hidden: false,
        };
        return Err(crate::audit::denied(&db, &actor, denied).await).or_page();
    }
    let (places, tags) =
        server::places_and_tags(&db, &actor, &[OrgKind::Township, OrgKind::Village])
            .await
            .or_page()?;
    Ok(NewHouseholdForm {
        places,
        tags: tags.into_iter().filter(|t| t.active).collect(),
    })
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

/// `三组 12号`
fn place(row: &HouseholdRow) -> String {
    format!("{} {}", row.group_name, row.house_number)
        .trim()
        .to_owned()
}

/// Tag codes as the county now labels them.
fn tag_labels(codes: &[String], tags: &[TagOption]) -> String {
    codes
        .iter()
        .map(|c| {
            tags.iter()
                .find(|t| &t.code == c)
                .map_or(c.as_str(), |t| t.label.as_str())
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Options for a unit select, indented by depth.
pub fn place_options(places: &[PlaceOption], chosen: &str) -> impl IntoView + use<> {
    places
        .iter()
        .map(|u| {
            let selected = u.id == chosen;
            let label = format!("{}{}", "\u{3000}".repeat(u.depth), u.name);
            view! { <option value=u.id.clone() selected=selected>{label}</option> }
        })
        .collect_view()
}

/// Villages grouped under their townships (a village cadre's one village stands alone).
fn village_options(places: &[PlaceOption], chosen: &str) -> impl IntoView + use<> {
    let villages = |parent: Option<&String>| -> Vec<AnyView> {
        places
            .iter()
            .filter(|u| u.kind == OrgKind::Village && u.parent_id.as_ref() == parent)
            .map(|u| {
                let selected = u.id == chosen;
                view! { <option value=u.id.clone() selected=selected>{u.name.clone()}</option> }
                    .into_any()
            })
            .collect()
    };
    let townships: Vec<AnyView> = places
        .iter()
        .filter(|u| u.kind == OrgKind::Township)
        .filter_map(|t| {
            let options = villages(Some(&t.id));
            (!options.is_empty())
                .then(|| view! { <optgroup label=t.name.clone()>{options}</optgroup> }.into_any())
        })
        .collect();
    let known: Vec<&String> = places.iter().map(|u| &u.id).collect();
    let orphans: Vec<AnyView> = places
        .iter()
        .filter(|u| {
            u.kind == OrgKind::Village && u.parent_id.as_ref().is_none_or(|p| !known.contains(&p))
        })
        .map(|u| {
            let selected = u.id == chosen;
            view! { <option value=u.id.clone() selected=selected>{u.name.clone()}</option> }
                .into_any()
        })
        .collect();
    view! { {orphans}{townships} }
}

/// Checkboxes `name="tags"` for the county's tags.
pub fn tag_checks(tags: &[TagOption], chosen: &[String]) -> impl IntoView + use<> {
    view! {
        <div class="checks">
            {tags
                .iter()
                .map(|tag| {
                    let checked = chosen.contains(&tag.code);
                    view! {
                        <label class="check">
                            <input type="checkbox" name="tags" value=tag.code.clone() checked=checked/>
                            {tag.label.clone()}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map().with_untracked(HouseholdsQuery::from_params);
    let loaded = crate::session::load_once(load_households(query.clone()));
    view! {
        <Title text=format!("{} · {}", t.households_title(), t.app_name())/>
        <Suspense>
            {move || {
                let query = query.clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    match loaded {
                        Ok(list) => view! { <HouseholdsListView list query/> }.into_any(),
                        Err(e) => {
                            view! {
                                <div class="page-head"><h1>{t.households_title()}</h1></div>
                                <LoadFailed error=e/>
                            }
                                .into_any()
                        }
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn HouseholdsListView(list: HouseholdsList, query: HouseholdsQuery) -> impl IntoView {
    let t = use_texts();
    let next = list.next.map(|after| {
        let [a, b, c, d] = query.filters();
        format!(
            "/households{}",
            query_string(&[a, b, c, d, ("after", &after)])
        )
    });
    let empty = list.rows.is_empty();
    // The export takes the unit filter (served by `GET /api/v1/households/export`).
    let export = format!(
        "/api/v1/households/export{}",
        query_string(&[("unit", &query.unit)])
    );
    let tags = list.tags;
    let tag_select = tags
        .iter()
        .map(|tag| {
            let selected = tag.code == query.tag;
            view! { <option value=tag.code.clone() selected=selected>{tag.label.clone()}</option> }
        })
        .collect_view();
    let rows = list
        .rows
        .into_iter()
        .map(|h| {
            let labels = tag_labels(&h.tags, &tags);
            let href = format!("/households/{}", h.id);
            let place = place(&h);
            view! {
                <tr>
                    <td><a href=href>{h.head_name}</a></td>
                    <td data-label=t.households_col_village()>{h.village_name}</td>
                    <td data-label=t.households_col_place()>{place}</td>
                    <td data-label=t.households_col_phone()>{h.phone}</td>
                    <td class="wrap-cell" data-label=t.households_col_tags()>{labels}</td>
                    <td class="num" data-label=t.households_col_members()>{h.members}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="page-head">
            <h1>{t.households_title()}</h1>
            <p class="actions">
                {list
                    .can_export
                    .then(|| view! { <a class="button secondary" href=export>{t.households_export()}</a> })}
                {list.can_manage.then(|| view! {
                    <a class="button secondary" href="/imports">{t.households_import()}</a>
                    <a class="button" href="/households/new">{t.households_new()}</a>
                })}
            </p>
        </div>
        <Flash/>
        <form class="toolbar" method="get" action="/households">
            <label>
                {t.households_filter_q()}
                <input type="search" name="q" value=query.q.clone() maxlength="32"/>
            </label>
            <crate::filters::Filters active={[&query.unit, &query.tag, &query.mine].iter().any(|v| !v.is_empty())}>
                <label>
                    {t.households_filter_unit()}
                    <select name="unit">
                        <option value="">{t.households_all_units()}</option>
                        {place_options(&list.units, &query.unit)}
                    </select>
                </label>
                <label>
                    {t.households_filter_tag()}
                    <select name="tag">
                        <option value="">{t.households_all_tags()}</option>
                        {tag_select}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" name="mine" value="1" checked={query.mine == "1"}/>
                    {t.households_filter_mine()}
                </label>
            </crate::filters::Filters>
            <button type="submit" class="button">{t.households_filter_submit()}</button>
        </form>
        {if empty {
            view! { <p class="muted">{t.households_none()}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data">
                        <thead>
                            <tr>
                                <th>{t.households_col_head()}</th>
                                <th>{t.households_col_village()}</th>
                                <th>{t.households_col_place()}</th>
                                <th>{t.households_col_phone()}</th>
                                <th>{t.households_col_tags()}</th>
                                <th>{t.households_col_members()}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {next.map(|href| view! { <p><a class="button secondary" href=href>{t.users_next_page()}</a></p> })}
    }
}

#[component]
pub fn NewHouseholdPage() -> impl IntoView {
    let t = use_texts();
    // What the form held when the server sent it back (never the phone or the ID number).
    let typed = use_query_map().with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        (
            [
                get("village"),
                get("group_name"),
                get("house_number"),
                get("address"),
                get("head_name"),
            ],
            p.get_all("tags").unwrap_or_default(),
        )
    });
    let loaded = crate::session::load_once(load_new_household());
    view! {
        <Title text=format!("{} · {}", t.households_new(), t.app_name())/>
        <Suspense>
            {move || {
                let ([village, group_name, house_number, address, head_name], chosen) = typed
                    .clone();
                Suspend::new(loaded.clone().then(move |loaded| async move {
                    let form = match loaded {
                        Ok(form) => form,
                        Err(e) => {
                            return view! {
                                <div class="page-head"><h1>{t.households_new()}</h1></div>
                                <LoadFailed error=e/>
                            }
                                .into_any();
                        }
                    };
                    // One village: chosen already.
                    let only = form.places.iter().filter(|u| u.kind == OrgKind::Village).count()
                        == 1;
                    let village = if only && village.is_empty() {
                        form.places
                            .iter()
                            .find(|u| u.kind == OrgKind::Village)
                            .map(|u| u.id.clone())
                            .unwrap_or_default()
                    } else {
                        village
                    };
                    view! {
                        <section class="panel narrow">
                            <h1>{t.households_new()}</h1>
                            <Flash/>
                            <form class="form" method="post" action="/households">
                                <label for="village">{t.households_field_village()}</label>
                                <select id="village" name="village" required>
                                    <option value="">{t.users_choose()}</option>
                                    {village_options(&form.places, &village)}
                                </select>
                                <label for="group_name">{t.households_field_group()}</label>
                                <input id="group_name" name="group_name" value=group_name
                                    maxlength="32" autocomplete="off"/>
                                <label for="house_number">{t.households_field_house_number()}</label>
                                <input id="house_number" name="house_number" value=house_number
                                    maxlength="32" autocomplete="off"/>
                                <label for="address">{t.households_field_address()}</label>
                                <input id="address" name="address" value=address maxlength="128"
                                    autocomplete="off"/>
                                <label for="head_name">{t.households_field_head_name()}</label>
                                <input id="head_name" name="head_name" value=head_name required
                                    maxlength="32" autocomplete="off"/>
                                <label for="phone">{t.households_field_phone()}</label>
                                <input id="phone" name="phone" type="tel" inputmode="tel"
                                    maxlength="20" autocomplete="off"/>
                                <label for="head_id_number">{t.households_field_head_id()}</label>
                                <input id="head_id_number" name="head_id_number" maxlength="18"
                                    autocomplete="off" autocapitalize="characters"
                                    spellcheck="false"/>
                                <p class="hint">{t.households_field_head_id_hint()}</p>
                                <fieldset class="field-group">
                                    <legend>{t.households_field_tags()}</legend>
                                    {tag_checks(&form.tags, &chosen)}
                                </fieldset>
                                <label for="notes">{t.households_field_notes()}</label>
                                <textarea id="notes" name="notes" maxlength="1000" rows="3"></textarea>
                                <p class="hint">{t.households_form_kept_hint()}</p>
                                <button type="submit" class="button">{t.households_create_submit()}</button>
                            </form>
                            <p><a href="/households">{t.households_back()}</a></p>
                        </section>
                    }
                        .into_any()
                }))
            }}
        </Suspense>
    }
}

/// The values a refused form held, by which form it was (`form=edit|member`).
#[derive(Clone, Debug, Default)]
struct Typed {
    form: String,
    get: Vec<(String, String)>,
    tags: Vec<String>,
}

impl Typed {
    fn value(&self, key: &str) -> Option<String> {
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
fn personal(
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

fn members_table(
    t: Texts,
    id: &str,
    people: &[Member],
    can_reveal: bool,
    can_manage: bool,
    shown: Option<&Shown>,
) -> AnyView {
    if people.is_empty() {
        return view! { <p class="muted">{t.households_no_members()}</p> }.into_any();
    }
    let rows = people
        .iter()
        .map(|m| {
            let id_number = personal(
                t,
                id,
                Some(&m.id),
                Field::IdNumber,
                m.id_number.clone(),
                can_reveal,
                shown,
            );
            let phone = personal(
                t,
                id,
                Some(&m.id),
                Field::Phone,
                m.phone.clone(),
                can_reveal,
                shown,
            );
            let remove = (can_manage && m.relation != "户主").then(|| {
                let action = format!("/households/{id}/members/{}/remove", m.id);
                view! {
                    <form class="inline-form" method="post" action=action>
                        <button type="submit" class="link-button">{t.households_remove_member()}</button>
                    </form>
                }
            });
            view! {
                <tr>
                    <td>{m.name.clone()}</td>
                    <td data-label=t.households_member_relation()>{m.relation.clone()}</td>
                    <td data-label=t.households_member_gender()>{m.gender.clone()}</td>
                    <td data-label=t.households_member_birth_date()>{m.birth_date.clone()}</td>
                    <td data-label=t.households_member_id_number()>{id_number}</td>
                    <td data-label=t.households_col_phone()>{phone}</td>
                    <td>{remove}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.households_member_name()}</th>
                        <th>{t.households_member_relation()}</th>
                        <th>{t.households_member_gender()}</th>
                        <th>{t.households_member_birth_date()}</th>
                        <th>{t.households_member_id_number()}</th>
                        <th>{t.households_col_phone()}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Tasks with household, kind, why, assignee, due date; overdue ones in red.
pub fn task_table(t: Texts, tasks: Vec<TaskLine>) -> AnyView {
    if tasks.is_empty() {
        return view! { <p class="muted">{t.households_no_tasks()}</p> }.into_any();
    }
    let rows = tasks
        .into_iter()
        .map(|task| {
            let class = if task.overdue { "overdue" } else { "" };
            let why = task
                .reason
                .clone()
                .or(task.campaign_name.clone())
                .unwrap_or_default();
            let due = if task.overdue {
                format!("{} · {}", task.due_on, t.campaigns_overdue_flag())
            } else {
                task.due_on.clone()
            };
            view! {
                <tr class=class>
                    <td>{task.kind.label(t)}</td>
                    <td data-label=t.households_task_why()>{why}</td>
                    <td data-label=t.households_task_assignee()>{task.assignee_name.unwrap_or_else(|| t.campaigns_unassigned().to_owned())}</td>
                    <td data-label=t.households_task_due()>{due}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.households_task_kind()}</th>
                        <th>{t.households_task_why()}</th>
                        <th>{t.households_task_assignee()}</th>
                        <th>{t.households_task_due()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Each concern a visit raised: a link to its case, or (for those who record grievances) the
/// one-action "make it a case" form with its category.
fn concern_list(
    t: Texts,
    household: &str,
    concerns: &[crate::visits::model::Concern],
    categories: &[crate::grievances::model::CategoryView],
) -> impl IntoView + use<> {
    let back = format!("/households/{household}");
    let items = concerns
        .iter()
        .map(|c| {
            let action = match &c.grievance_id {
                Some(g) => view! {
                    " " <a href=format!("/grievances/{g}")>{t.gv_concern_case()}</a>
                }
                .into_any(),
                None if !categories.is_empty() => view! {
                    <form class="toolbar" method="post"
                        action=format!("/concerns/{}/grievance", c.id)>
                        <input type="hidden" name="back" value=back.clone()/>
                        <label>
                            {t.gv_field_category()}
                            <select name="category_id" required>
                                <option value="">{t.users_choose()}</option>
                                {crate::grievances::pages::category_options(categories, "")}
                            </select>
                        </label>
                        <button type="submit" class="button secondary">{t.gv_from_concern()}</button>
                    </form>
                }
                .into_any(),
                None => ().into_any(),
            };
            view! { <li>{c.text.clone()}{action}</li> }
        })
        .collect_view();
    view! { <ul class="concerns">{items}</ul> }
}

fn visit_table(
    t: Texts,
    household: &str,
    visits: Vec<VisitLine>,
    categories: &[crate::grievances::model::CategoryView],
) -> AnyView {
    if visits.is_empty() {
        return view! { <p class="muted">{t.households_no_visits()}</p> }.into_any();
    }
    let rows = visits
        .into_iter()
        .map(|v| {
            let met = if v.met {
                let attitude = v.attitude.map(|a| a.label(t)).unwrap_or_default();
                format!("{} {}", t.households_visit_met(), attitude)
                    .trim()
                    .to_owned()
            } else {
                t.households_visit_not_met().to_owned()
            };
            view! {
                <tr>
                    <td>{v.visited_at}</td>
                    <td data-label=t.households_visit_mode()>{v.mode.label(t)}</td>
                    <td data-label=t.households_visit_by()>{v.visitor_name}</td>
                    <td data-label=t.households_visit_result()>{met}</td>
                    <td class="wrap-cell" data-label=t.households_visit_notes()>{crate::html::cell(v.notes)}</td>
                    <td class="wrap-cell" data-label=t.ledger_col_concerns()>{concern_list(t, household, &v.concerns, categories)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.households_visit_at()}</th>
                        <th>{t.households_visit_mode()}</th>
                        <th>{t.households_visit_by()}</th>
                        <th>{t.households_visit_result()}</th>
                        <th>{t.households_visit_notes()}</th>
                        <th>{t.ledger_col_concerns()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn event_table(t: Texts, events: Vec<EventLine>) -> AnyView {
    if events.is_empty() {
        return view! { <p class="muted">{t.households_no_events()}</p> }.into_any();
    }
    let rows = events
        .into_iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.occurred_on}</td>
                    <td data-label=t.households_event_what()>{e.label}</td>
                    <td class="wrap-cell" data-label=t.households_event_note()>{crate::html::cell(e.note)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{t.households_event_on()}</th>
                        <th>{t.households_event_what()}</th>
                        <th>{t.households_event_note()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The edit, add-member and pairing forms, each folded (`<details>`) unless it was the one
/// the server just sent back with an error.
fn manage_forms(
    t: Texts,
    id: &str,
    h: &Household,
    tags: &[TagOption],
    candidates: &[CadreChoice],
    typed: Typed,
) -> AnyView {
    let edit_typed = typed.form == "edit";
    let member_typed = typed.form == "member";
    let value = |key: &str, current: &str, mine: bool| {
        if mine {
            typed.value(key).unwrap_or_default()
        } else {
            current.to_owned()
        }
    };
    let group_name = value("group_name", &h.row.group_name, edit_typed);
    let house_number = value("house_number", &h.row.house_number, edit_typed);
    let address = value("address", &h.row.address, edit_typed);
    let head_name = value("head_name", &h.row.head_name, edit_typed);
    let chosen = if edit_typed {
        typed.tags.clone()
    } else {
        h.row.tags.clone()
    };
    let name = value("name", "", member_typed);
    let relation = value("relation", "", member_typed);
    let gender = value("gender", "", member_typed);
    let birth_date = value("birth_date", "", member_typed);
    let paired: Vec<&str> = h.cadres.iter().map(|c: &Cadre| c.id.as_str()).collect();
    let cadre_checks = candidates
        .iter()
        .map(|c| {
            let checked = paired.contains(&c.id.as_str());
            let label = if c.unit_name.is_empty() {
                c.name.clone()
            } else {
                format!("{}（{}）", c.name, c.unit_name)
            };
            view! {
                <label class="check">
                    <input type="checkbox" name="cadre" value=c.id.clone() checked=checked/>
                    {label}
                </label>
            }
        })
        .collect_view();
    let genders = [("", t.users_choose()), ("男", "男"), ("女", "女")]
        .into_iter()
        .map(|(code, label)| {
            let selected = code == gender;
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view();
    let relations = RELATIONS
        .into_iter()
        .map(|r| view! { <option value=r></option> })
        .collect_view();
    let edit = view! {
        <section class="panel">
            <details open=edit_typed>
                <summary><h2 class="summary-title">{t.households_edit_heading()}</h2></summary>
                <form class="form" method="post" action=format!("/households/{id}")>
                    <label for="group_name">{t.households_field_group()}</label>
                    <input id="group_name" name="group_name" value=group_name maxlength="32"
                        autocomplete="off"/>
                    <label for="house_number">{t.households_field_house_number()}</label>
                    <input id="house_number" name="house_number" value=house_number
                        maxlength="32" autocomplete="off"/>
                    <label for="address">{t.households_field_address()}</label>
                    <input id="address" name="address" value=address maxlength="128"
                        autocomplete="off"/>
                    <label for="head_name">{t.households_field_head_name()}</label>
                    <input id="head_name" name="head_name" value=head_name required
                        maxlength="32" autocomplete="off"/>
                    <label for="phone">{t.households_field_phone()}</label>
                    <input id="phone" name="phone" type="tel" inputmode="tel" maxlength="20"
                        autocomplete="off"/>
                    <p class="hint">{t.households_field_phone_keep_hint()}</p>
                    <label class="check">
                        <input type="checkbox" name="clear_phone" value="1"/>
                        {t.households_field_clear_phone()}
                    </label>
                    <fieldset class="field-group">
                        <legend>{t.households_field_tags()}</legend>
                        {tag_checks(tags, &chosen)}
                    </fieldset>
                    <label for="notes">{t.households_field_notes()}</label>
                    <textarea id="notes" name="notes" maxlength="1000" rows="3">{crate::html::textarea(&h.notes)}</textarea>
                    <button type="submit" class="button">{t.users_save()}</button>
                </form>
            </details>
        </section>
    }
    .into_any();
    let member = view! {
        <section class="panel">
            <details open=member_typed>
                <summary><h2 class="summary-title">{t.households_add_member()}</h2></summary>
                <form class="form" method="post" action=format!("/households/{id}/members")>
                    <label for="member_name">{t.households_member_name()}</label>
                    <input id="member_name" name="name" value=name required maxlength="32"
                        autocomplete="off"/>
                    <label for="relation">{t.households_member_relation()}</label>
                    <input id="relation" name="relation" value=relation list="relations"
                        maxlength="16" autocomplete="off"/>
                    <datalist id="relations">{relations}</datalist>
                    <label for="gender">{t.households_member_gender()}</label>
                    <select id="gender" name="gender">{genders}</select>
                    <label for="birth_date">{t.households_member_birth_date()}</label>
                    <input id="birth_date" name="birth_date" type="date" value=birth_date/>
                    <label for="id_number">{t.households_member_id_number()}</label>
                    <input id="id_number" name="id_number" maxlength="18" autocomplete="off"
                        autocapitalize="characters" spellcheck="false"/>
                    <p class="hint">{t.households_member_id_hint()}</p>
                    <label for="member_phone">{t.households_col_phone()}</label>
                    <input id="member_phone" name="phone" type="tel" inputmode="tel"
                        maxlength="20" autocomplete="off"/>
                    <button type="submit" class="button">{t.households_add_member_submit()}</button>
                </form>
            </details>
        </section>
    }
    .into_any();
    let pairing = view! {
        <section class="panel">
            <details open={typed.form == "cadres"}>
                <summary><h2 class="summary-title">{t.households_cadres_heading()}</h2></summary>
                <form class="form" method="post" action=format!("/households/{id}/cadres")>
                    {if candidates.is_empty() {
                        view! { <p class="muted">{t.households_no_candidates()}</p> }.into_any()
                    } else {
                        view! { <div class="checks">{cadre_checks}</div> }.into_any()
                    }}
                    <p class="hint">{t.households_cadres_hint()}</p>
                    <button type="submit" class="button">{t.households_cadres_submit()}</button>
                </form>
            </details>
        </section>
    }
    .into_any();
    view! { {edit}{member}{pairing} }.into_any()
}
