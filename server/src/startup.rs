//! The process's top: the route table (pages, forms, the REST API, health, the static bundle)
//! behind the middleware stack, and `run` with graceful shutdown. The only module that knows
//! every other; nothing imports it but `main` and the tests.

use crate::state::AppState;
use crate::{api, forms, http};
use axum::{
    Router,
    routing::{get, post},
};
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// The whole application: routes plus middleware.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let options = state.leptos_options.clone();
    let context = state.page_context();
    let page = move || app::shell::shell(options.clone());

    let routes = Router::new()
        .route("/healthz", get(http::health::alive))
        .route("/readyz", get(http::health::ready))
        .route("/locale", post(forms::set_locale))
        .route("/sign-in", post(forms::sign_in))
        .route("/sign-in/second-factor", post(forms::second_factor::step))
        .route("/sign-in/enrol", post(forms::second_factor::enrol))
        .route("/sign-out", post(forms::sign_out))
        .route("/account/password", post(forms::account::change_password))
        .route("/account/sessions", post(forms::account::sign_out_others))
        .route(
            "/account/second-factor/start",
            post(forms::second_factor::start),
        )
        .route(
            "/account/second-factor/confirm",
            post(forms::second_factor::confirm),
        )
        .route(
            "/account/second-factor/disable",
            post(forms::second_factor::disable),
        )
        .route("/settings/security", post(forms::second_factor::save_rule))
        .route("/imports", post(forms::imports::upload))
        .route("/imports/{id}/apply", post(forms::imports::apply))
        .route("/counties", post(forms::counties::create))
        .route("/counties/{code}/status", post(forms::counties::set_status))
        .route("/org", post(forms::org::create))
        .route("/org/{id}", post(forms::org::update))
        .route("/users", post(forms::users::create))
        .route("/users/{id}", post(forms::users::update))
        .route("/users/{id}/password", post(forms::users::reset_password))
        .route(
            "/users/{id}/second-factor/reset",
            post(forms::users::reset_second_factor),
        )
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
        .nest("/api/v1", api::router())
        .route("/favicon.svg", get(http::site::favicon))
        .nest_service("/pkg", http::site::bundle(&config.site_root))
        .leptos_routes_with_context(
            &state,
            generate_route_list(app::App),
            context.clone(),
            page.clone(),
        )
        .fallback(leptos_axum::render_app_async_with_context(context, page))
        // Inside `resolve`: a refused form's values are put back for their owner only.
        .layer(axum::middleware::from_fn(forms::kept::expand))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::auth::resolve,
        ))
        .with_state(state);
    http::with_middleware(routes, &config, upload_file_limit)
}

/// The largest file a request to `path` may carry, if it is an upload route of the API or of
/// the forms.
fn upload_file_limit(path: &str) -> Option<usize> {
    api::upload_file_limit(path).or_else(|| forms::upload_file_limit(path))
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
