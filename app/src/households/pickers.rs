//! Pickers other screens share: units within reach as a select, the county's household tags
//! as checkboxes, the accounts a household may be paired with.

use crate::org::OrgKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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
pub fn village_options(places: &[PlaceOption], chosen: &str) -> impl IntoView + use<> {
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
