//! Minqing's application: the pages and islands shared by the server (SSR) and the browser
//! (WASM islands), and, behind the `ssr` feature, the domain's data layer and server functions.
//! Organised by feature: `counties`, `org`, `sign_in`, …

#![recursion_limit = "256"]

pub mod access;
pub mod account;
pub mod audit;
pub mod auth;
mod codes;
pub mod counties;
#[cfg(feature = "ssr")]
pub mod defaults;
pub mod error;
#[cfg(feature = "ssr")]
pub mod export_file;
pub mod filters;
pub mod flash;
#[cfg(feature = "ssr")]
pub mod format;
pub mod grievances;
mod home;
pub mod households;
pub mod html;
pub mod i18n;
pub mod imports;
mod layout;
pub mod org;
#[cfg(feature = "ssr")]
pub mod search;
pub mod second_factor;
pub mod session;
#[cfg(feature = "ssr")]
pub mod sheet;
pub mod shell;
pub mod sign_in;
#[cfg(feature = "ssr")]
pub mod tenancy;
pub mod ui;
pub mod users;
pub mod visits;
mod workbench;

use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// Every page of the site. Pages render completely on the server before the first byte goes
/// out (`SsrMode::Async`), so they work without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <layout::Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=sign_in::SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in/second-factor") view=second_factor::pages::SecondFactorStepPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in/enrol") view=second_factor::pages::EnrolStepPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in/recovery-codes") view=second_factor::pages::RecoveryCodesPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=account::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/settings/security") view=second_factor::settings::SecuritySettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/imports") view=imports::page::ImportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/imports/:id") view=imports::page::ImportJobPage ssr=SsrMode::Async/>
                    <Route path=path!("/counties") view=counties::page::CountiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/org") view=org::page::OrgPage ssr=SsrMode::Async/>
                    <Route path=path!("/org/:id") view=org::page::OrgUnitPage ssr=SsrMode::Async/>
                    <Route path=path!("/users") view=users::page::UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/new") view=users::page::NewUserPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/:id") view=users::page::UserPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=audit::page::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/households") view=households::pages::HouseholdsPage ssr=SsrMode::Async/>
                    <Route path=path!("/households/new") view=households::pages::NewHouseholdPage ssr=SsrMode::Async/>
                    <Route path=path!("/households/:id") view=households::pages::HouseholdPage ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns") view=visits::pages::campaigns::CampaignsPage ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns/:id") view=visits::pages::campaign::CampaignPage ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns/:id/households") view=visits::pages::drill_down::DrillDownPage ssr=SsrMode::Async/>
                    <Route path=path!("/settings/visits") view=visits::pages::settings::VisitSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/visits") view=visits::pages::home::VisitHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/visits/new") view=visits::pages::form::VisitFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/visits/:id/recorded") view=grievances::pages::visit_concerns::RecordedPage ssr=SsrMode::Async/>
                    <Route path=path!("/grievances") view=grievances::pages::ledger::LedgerPage ssr=SsrMode::Async/>
                    <Route path=path!("/grievances/new") view=grievances::pages::new::NewCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/grievances/stats") view=grievances::pages::stats::StatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/grievances/:id") view=grievances::pages::case::CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/inbox") view=grievances::pages::inbox::InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/settings/grievances") view=grievances::pages::settings::GrievanceSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/visits/trigger") view=visits::pages::trigger::TriggerFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:county/report") view=grievances::public_pages::report::ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:county/report/done") view=grievances::public_pages::report::ReportDonePage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:county/track") view=grievances::public_pages::track::TrackPage ssr=SsrMode::Async/>
                </Routes>
            </layout::Layout>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let t = use_texts();
    view! {
        <Title text=t.not_found_title()/>
        <section class="panel narrow">
            <h1>{t.not_found_title()}</h1>
            <p class="muted">{t.not_found_text()}</p>
            <a class="button" href="/">{t.back_home()}</a>
        </section>
    }
}
