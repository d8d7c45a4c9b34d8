//! What every handler may reach, built once at start. Cheap to clone.

use crate::config::Config;
use crate::http::{auth, site};
use app::auth::AuthSettings;
use app::counties::CountyDirectory;
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

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

    /// What pages and their server functions may reach. Tenant data comes only through the
    /// caller's scope (`app::session::signed_in` and the domain's `Tx`).
    pub fn page_context(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let counties = self.counties.clone();
        let db = self.db.clone();
        let imports = self.imports.clone();
        let desk = self.desk.clone();
        let auth = self.auth.clone();
        move || {
            provide_context(auth.clone());
            provide_context(counties.clone());
            provide_context(db.clone());
            provide_context(imports.clone());
            provide_context(desk.clone());
        }
    }
}

impl FromRef<AppState> for auth::Sessions {
    fn from_ref(state: &AppState) -> auth::Sessions {
        auth::Sessions {
            db: state.db.clone(),
            auth: state.auth.clone(),
            cookies: state.cookies,
            config: state.config.clone(),
        }
    }
}
