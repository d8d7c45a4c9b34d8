//! The HTTP side: the router (pages, forms, health, static bundle), the middleware stack every
//! request passes through, and `serve` with graceful shutdown.

pub mod auth;
pub mod download;
mod forms;
mod health;
mod middleware;
mod site;

pub use middleware::with_middleware;

use crate::config::Config;
use app::auth::AuthSettings;
use app::counties::CountyDirectory;
use axum::{
    Router,
    extract::FromRef,
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use std::{net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;

/// What every handler may need. Cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub counties: CountyDirectory,
    pub config: Arc<Config>,
    pub auth: Arc<AuthSettings>,
    pub cookies: auth::CookieNames,
    /// Live progress of import jobs running in this process.
    pub imports: app::imports::Progress,
    /// The public form's and tracking page's limits and challenge.
    pub desk: app::grievances::resident::Desk,
}

impl AppState {
    pub fn new(config: Config, db: DatabaseConnection) -> anyhow::Result<AppState> {
        let leptos_options = LeptosOptions::builder()
            .output_name(site::bundle_name(&config.site_root))
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(config.bind)
            .build();
        Ok(AppState {
            leptos_options,
            counties: CountyDirectory::new(db.clone(), CountyDirectory::DEFAULT_TTL),
            db,
            auth: Arc::new(config.auth_settings()?),
            cookies: auth::CookieNames::new(config.is_https()),
            imports: app::imports::Progress::default(),
            desk: config.resident_desk()?,
            config: Arc::new(config),
        })
    }
}

/// What pages and their server functions may reach. Tenant data comes only through the
/// caller's scope (`app::session::signed_in` and the domain's `Tx`).
pub(crate) fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let counties = state.counties.clone();
    let db = state.db.clone();
    let imports = state.imports.clone();
    let desk = state.desk.clone();
    move || {
        provide_context(counties.clone());
        provide_context(db.clone());
        provide_context(imports.clone());
        provide_context(desk.clone());
    }
}

/// The whole application: routes plus middleware.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let options = state.leptos_options.clone();
    let context = page_context(&state);
    let page = move || app::shell::shell(options.clone());

    let routes = Router::new()
        .route("/healthz", get(health::alive))
        .route("/readyz", get(health::ready))
        .route("/locale", post(forms::set_locale))
        .route("/sign-in", post(forms::sign_in))
        .route("/sign-out", post(forms::sign_out))
        .route("/account/password", post(forms::account::change_password))
        .route("/account/sessions", post(forms::account::sign_out_others))
        .route("/imports", post(forms::imports::upload))
        .route("/imports/{id}/apply", post(forms::imports::apply))
        .route("/counties", post(forms::counties::create))
        .route("/counties/{code}/status", post(forms::counties::set_status))
        .route("/org", post(forms::org::create))
        .route("/org/{id}", post(forms::org::update))
        .route("/users", post(forms::users::create))
        .route("/users/{id}", post(forms::users::update))
        .route("/users/{id}/password", post(forms::users::reset_password))
        .route("/audit/export", get(forms::audit::export))
        .route("/households", post(forms::households::create))
        .route("/households/{id}", post(forms::households::update))
        .route("/households/{id}/reveal", post(forms::households::reveal))
        .route(
            "/households/{id}/members",
            post(forms::households::add_member),
        )
        .route(
            "/households/{id}/members/{member}/remove",
            post(forms::households::remove_member),
        )
        .route(
            "/households/{id}/cadres",
            post(forms::households::set_cadres),
        )
        .route("/campaigns", post(forms::campaigns::create))
        .route("/campaigns/{id}/close", post(forms::campaigns::close))
        .route("/campaigns/{id}/assign", post(forms::campaigns::assign))
        .route(
            "/settings/visits/{kind}",
            post(forms::campaigns::save_settings),
        )
        .route("/grievances", post(forms::grievances::register))
        .route("/grievances/{id}/act", post(forms::grievances::step))
        .route("/grievances/{id}/reveal", post(forms::grievances::reveal))
        .route(
            "/concerns/{id}/grievance",
            post(forms::grievances::from_concern),
        )
        .route("/inbox/read", post(forms::grievances::read_inbox))
        .route("/yellow-cards", post(forms::grievances::yellow_card))
        .route(
            "/settings/grievances",
            post(forms::grievances::save_settings),
        )
        .route(
            "/settings/grievances/categories",
            post(forms::grievances::create_category),
        )
        .route(
            "/settings/grievances/categories/{id}",
            post(forms::grievances::update_category),
        )
        .route(
            "/settings/grievances/rules",
            post(forms::grievances::save_rules),
        )
        .route("/visits", post(forms::visits::record_visit))
        .route("/visits/trigger", post(forms::visits::record_trigger))
        .route("/c/{county}/report", post(forms::resident::report))
        .route("/c/{county}/track/rating", post(forms::resident::rate))
        .nest("/api/v1", crate::api::router())
        .route("/favicon.svg", get(site::favicon))
        .nest_service("/pkg", site::bundle(&config.site_root))
        .leptos_routes_with_context(
            &state,
            generate_route_list(app::App),
            context.clone(),
            page.clone(),
        )
        .fallback(leptos_axum::render_app_async_with_context(context, page))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::resolve,
        ))
        .with_state(state);
    with_middleware(routes, &config)
}

/// Serves until `shutdown` completes, then lets in-flight requests finish.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Ctrl-C or SIGTERM (what `docker stop` and systemd send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
