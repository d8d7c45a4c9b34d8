//! `/households`: the registry's filters and its keyset-paged list.

use super::*;

/// Households shown per page.
pub const PAGE_SIZE: u64 = 50;

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
    pub(super) fn from_params(p: &ParamsMap) -> HouseholdsQuery {
        let get = |k: &str| p.get(k).unwrap_or_default();
        HouseholdsQuery {
            unit: get("unit"),
            q: get("q"),
            tag: get("tag"),
            mine: get("mine"),
            after: get("after"),
        }
    }

    pub(super) fn filters(&self) -> [(&'static str, &str); 4] {
        [
            ("unit", &self.unit),
            ("q", &self.q),
            ("tag", &self.tag),
            ("mine", &self.mine),
        ]
    }
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

/// `三组 12号`
pub(super) fn place(row: &HouseholdRow) -> String {
    format!("{} {}", row.group_name, row.house_number)
        .trim()
        .to_owned()
}

/// Tag codes as the county now labels them.
pub(super) fn tag_labels(codes: &[String], tags: &[TagOption]) -> String {
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

#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map().with_untracked(HouseholdsQuery::from_params);
    view! {
        <Title text=format!("{} · {}", t.households_title(), t.app_name())/>
        {crate::ui::loaded(
            load_households(query.clone()),
            Some(t.households_title()),
            move |list| {
                let query = query.clone();
                view! { <HouseholdsListView list query/> }
            },
        )}
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
