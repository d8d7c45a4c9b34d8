//! Who is calling. One middleware resolves the caller of every request (bearer token, or the
//! browser's cookies with a transparent refresh), enforces the CSRF rule for cookie-carrying
//! writes, and leaves the result in the request's extensions for handlers and pages.

use super::problem::Problem;
use crate::config::Config;
use app::access::Actor;
use app::auth::AuthSettings;
use app::auth::sessions::{self, Client, Issued};
use app::error::AppError;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

pub use app::session::Resolved;

/// What resolving a caller needs (taken from the application's state).
#[derive(Clone)]
pub struct Sessions {
    pub db: DatabaseConnection,
    pub auth: Arc<AuthSettings>,
    pub cookies: CookieNames,
    pub config: Arc<Config>,
}

/// The browser's cookies. `__Host-` (Secure, Path=/, no Domain) when served over HTTPS; plain
/// names in the explicit plain-HTTP development mode, where browsers refuse `Secure` cookies.
#[derive(Clone, Copy, Debug)]
pub struct CookieNames {
    pub access: &'static str,
    pub refresh: &'static str,
    secure: bool,
}

impl CookieNames {
    pub fn new(https: bool) -> CookieNames {
        if https {
            CookieNames {
                access: "__Host-mq_at",
                refresh: "__Host-mq_rt",
                secure: true,
            }
        } else {
            CookieNames {
                access: "mq_at",
                refresh: "mq_rt",
                secure: false,
            }
        }
    }

    /// Tokens are base64url or hex, always header-safe; anything else is dropped, not sent.
    fn cookie(&self, name: &str, value: &str, max_age: u64) -> Option<HeaderValue> {
        let secure = if self.secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
        ))
        .ok()
    }

    /// Cookies that carry a new session's tokens.
    pub fn set(&self, issued: &Issued, session_secs: u64) -> impl Iterator<Item = HeaderValue> {
        [
            self.cookie(self.access, &issued.access_token, issued.expires_in),
            self.cookie(self.refresh, &issued.refresh_token, session_secs),
        ]
        .into_iter()
        .flatten()
    }

    pub fn clear(&self) -> impl Iterator<Item = HeaderValue> {
        [
            self.cookie(self.access, "", 0),
            self.cookie(self.refresh, "", 0),
        ]
        .into_iter()
        .flatten()
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// The client's address: the socket's, or the proxy's `X-Forwarded-For` when trusted.
pub fn client_ip(
    parts_headers: &HeaderMap,
    socket: Option<SocketAddr>,
    trust_proxy: bool,
) -> IpAddr {
    let forwarded = trust_proxy
        .then(|| {
            parts_headers
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .split(',')
                .next()?
                .trim()
                .parse()
                .ok()
        })
        .flatten();
    forwarded
        .or(socket.map(|s| s.ip()))
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

pub fn client(headers: &HeaderMap, socket: Option<SocketAddr>, trust_proxy: bool) -> Client {
    Client {
        ip: client_ip(headers, socket, trust_proxy),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(160)
            .collect(),
    }
}

/// The browser's sign-in form's path (see `cross_site_write`).
const SIGN_IN_FORM: &str = "/sign-in";

/// A write from a browser must come from this site: `Sec-Fetch-Site` when the browser sends
/// it, else `Origin`. Requests without the session cookies (API clients with bearer tokens,
/// anonymous forms) carry no ambient authority and pass, except the sign-in form: a forged
/// sign-in would put the victim's browser into the attacker's account (login CSRF), so it is
/// judged by the same headers whenever a browser sends them.
fn cross_site_write(request: &Request, names: &CookieNames, public_url: &str) -> bool {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return false;
    }
    let headers = request.headers();
    let has_session =
        cookie(headers, names.access).is_some() || cookie(headers, names.refresh).is_some();
    // The code and enrolment steps after it too (`/sign-in/second-factor`, `/sign-in/enrol`).
    let path = request.uri().path();
    let sign_in = path == SIGN_IN_FORM || path.starts_with("/sign-in/");
    if !has_session && !sign_in {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let own = origin.split_once("://").map(|(_, rest)| rest) == Some(host);
            !(own || origin == public_url.trim_end_matches('/'))
        }
        // A cookie-carrying write that names no origin at all is refused. Every browser
        // names one on a form post, so a sign-in without either header is not a browser's.
        None => has_session,
    }
}

/// The token of an `Authorization: Bearer …` header. The scheme is case-insensitive
/// (RFC 7235 §2.1), so `bearer` and `BEARER` work as well as `Bearer`.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

pub async fn resolve(State(state): State<Sessions>, mut request: Request, next: Next) -> Response {
    let names = state.cookies;
    if cross_site_write(&request, &names, &state.config.public_url) {
        return Problem(AppError::CrossSite).into_response();
    }
    let socket = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let client = client(request.headers(), socket, state.config.trust_proxy);
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token)
        .map(str::to_owned);
    let mut refreshed: Option<Issued> = None;
    let mut clear = false;
    let actor = if let Some(token) = bearer {
        sessions::authenticate(&state.db, &state.auth, &token, client.ip)
            .await
            .ok()
    } else {
        let access = cookie(headers, names.access).map(str::to_owned);
        let refresh = cookie(headers, names.refresh).map(str::to_owned);
        let mut actor = match &access {
            Some(token) => sessions::authenticate(&state.db, &state.auth, token, client.ip)
                .await
                .ok(),
            None => None,
        };
        if actor.is_none()
            && let Some(token) = refresh
        {
            match sessions::refresh(&state.db, &state.auth, &token, &client).await {
                Ok(issued) => {
                    actor = Some(issued.actor.clone());
                    refreshed = Some(issued);
                }
                Err(_) => clear = true,
            }
        }
        actor
    };
    request.extensions_mut().insert(client);
    request
        .extensions_mut()
        .insert(Resolved(actor.map(Arc::new)));
    let mut response = next.run(request).await;
    if let Some(issued) = refreshed {
        for value in names.set(&issued, state.auth.session_lifetime.as_secs()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    } else if clear {
        for value in names.clear() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A signed-in caller who may work: rejects anyone who must first change their password.
pub struct Caller(pub Arc<Actor>);

/// A signed-in caller, even one who must change their password (for `me`, password, sign-out).
pub struct AnyCaller(pub Arc<Actor>);

fn resolved(parts: &Parts) -> Result<Arc<Actor>, Problem> {
    parts
        .extensions
        .get::<Resolved>()
        .and_then(|r| r.0.clone())
        .ok_or(Problem(AppError::Unauthenticated))
}

impl<S: Send + Sync> FromRequestParts<S> for AnyCaller {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        resolved(parts).map(AnyCaller)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let actor = resolved(parts)?;
        if actor.must_change_password {
            return Err(Problem(AppError::Conflict(
                app::error::Reason::MustChangePassword,
            )));
        }
        Ok(Caller(actor))
    }
}
