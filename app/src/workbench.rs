//! The signed-in home: who you are, the way to your tasks (a cadre's visit tasks live on
//! `/visits`, grievance cases in the unit's inbox `/inbox`), and the tools your role may use.

use crate::access::Action;
use crate::i18n::use_texts;
use crate::session::Viewer;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Workbench(viewer: Viewer) -> impl IntoView {
    let t = use_texts();
    let tiles = [
        (
            Action::CountiesManage,
            "/counties",
            t.tile_counties(),
            t.tile_counties_text(),
        ),
        (Action::OrgView, "/org", t.tile_org(), t.tile_org_text()),
        (
            Action::UsersView,
            "/users",
            t.tile_users(),
            t.tile_users_text(),
        ),
        (
            Action::OrgImport,
            "/imports",
            t.tile_imports(),
            t.tile_imports_text(),
        ),
        (
            Action::AuditView,
            "/audit",
            t.tile_audit(),
            t.tile_audit_text(),
        ),
        (
            Action::HouseholdsView,
            "/households",
            t.tile_households(),
            t.tile_households_text(),
        ),
        (
            Action::VisitsView,
            "/campaigns",
            t.tile_campaigns(),
            t.tile_campaigns_text(),
        ),
        (
            Action::VisitSettings,
            "/settings/visits",
            t.tile_visit_settings(),
            t.tile_visit_settings_text(),
        ),
        (
            Action::GrievancesView,
            "/grievances",
            t.tile_grievances(),
            t.tile_grievances_text(),
        ),
        (
            Action::GrievancesRecord,
            "/grievances/new",
            t.tile_grievance_new(),
            t.tile_grievance_new_text(),
        ),
        (
            Action::GrievancesView,
            "/grievances/stats",
            t.tile_grievance_stats(),
            t.tile_grievance_stats_text(),
        ),
        (
            Action::GrievanceSettings,
            "/settings/grievances",
            t.tile_grievance_settings(),
            t.tile_grievance_settings_text(),
        ),
        (
            Action::SecuritySettings,
            "/settings/security",
            t.tile_security_settings(),
            t.tile_security_settings_text(),
        ),
    ];
    // Township admins import users but not the org tree: they still get the imports tile.
    // Households are imported from the registry's page, so their importers (down to the
    // village cadre) need no tile for it.
    let tools: Vec<_> = tiles
        .into_iter()
        .filter(|(action, ..)| {
            viewer.can(*action) || (*action == Action::OrgImport && viewer.can(Action::UsersImport))
        })
        .collect();
    let tree = crate::session::load_once(org_has_branches());
    let place = [viewer.county_name.clone(), viewer.unit_name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <Title text=format!("{} · {}", t.workbench_title(), t.app_name())/>
        <section class="who">
            <h1>{t.workbench_hello()}{viewer.display_name.clone()}</h1>
            <p class="muted">{viewer.role.label(t)}{(!place.is_empty()).then(|| format!(" · {place}"))}</p>
        </section>
        {viewer
            .must_change_password
            .then(|| view! { <p class="error" role="alert"><a href="/account">{t.account_must_change()}</a></p> })}
        <crate::second_factor::GraceBanner/>
        <div class="stack">
            <section class="panel" aria-labelledby="tasks">
                <h2 id="tasks">{t.workbench_tasks()}</h2>
                {viewer.can(Action::VisitsRecord).then(|| view! {
                    <p class="muted">{t.workbench_visit_tasks()}</p>
                    <p><a class="button" href="/visits">{t.workbench_open_visits()}</a></p>
                })}
                {viewer.can(Action::GrievancesView).then(|| view! { <InboxTile/> })}
                {(!viewer.can(Action::VisitsRecord) && !viewer.can(Action::GrievancesView))
                    .then(|| view! { <p class="muted">{t.workbench_no_tasks()}</p> })}
            </section>
            {(!tools.is_empty()).then(|| view! {
                <section aria-labelledby="tools">
                    <h2 id="tools">{t.workbench_tools()}</h2>
                    <Suspense>
                        {move || {
                            let tools = tools.clone();
                            Suspend::new(tree.clone().map(move |branches| {
                                // An org tree of one unit (a village, a department) has
                                // nothing to show.
                                let branches = branches.unwrap_or(true);
                                view! {
                                    <ul class="tiles">
                                        {tools
                                            .into_iter()
                                            .filter(|(action, ..)| *action != Action::OrgView || branches)
                                            .map(|(_, href, title, text)| view! {
                                                <li><a href=href><strong>{title}</strong><small>{text}</small></a></li>
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            }))
                        }}
                    </Suspense>
                </section>
            })}
        </div>
    }
}

/// Whether the caller's org tree holds more than their own unit: one indexed look-up.
#[server(endpoint = "workbench_org_branches")]
pub async fn org_has_branches() -> Result<bool, ServerFnError> {
    use crate::org::{entity as org_unit, tree};
    use crate::session::{OrPage, signed_in};
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let (db, actor) = signed_in(false)?;
    let Some(home) = actor.home.as_ref() else {
        return Ok(true);
    };
    if actor
        .scope_path(Action::OrgView)
        .is_some_and(|p| p != home.path)
    {
        return Ok(true);
    }
    let other = crate::audit::guarded(&db, &actor, crate::tenancy::Mode::Read, async |tx| {
        Ok(tx
            .select::<org_unit::Entity>()?
            .select_only()
            .column(org_unit::Column::Id)
            .filter(tree::in_subtree(&home.path))
            .filter(org_unit::Column::Id.ne(home.org_unit_id))
            .into_tuple::<uuid::Uuid>()
            .one(tx.conn())
            .await?)
    })
    .await
    .or_page()?;
    Ok(other.is_some())
}

/// The grievance inbox with its unread count (one count query per workbench view).
#[component]
fn InboxTile() -> impl IntoView {
    let t = use_texts();
    let unread = crate::session::load_once(crate::grievances::pages::inbox::unread_count());
    view! {
        <p class="muted">{t.workbench_inbox()}</p>
        <Suspense>
            {move || Suspend::new(unread.clone().map(move |loaded| {
                let (n, cards) = loaded.unwrap_or_default();
                let count = (n > 0).then(|| {
                    view! { " " <span class="badge unread">{t.gv_inbox_unread_count(n)}</span> }
                });
                view! {
                    <crate::grievances::pages::inbox::OwnCards cards=cards/>
                    <p><a class="button" href="/inbox">{t.workbench_open_inbox()}{count}</a></p>
                }
            }))}
        </Suspense>
    }
}
