//! The operator's counties.

use super::ApiResult;
use crate::http::auth::Caller;
use crate::http::extract::Json;
use crate::http::extract::Path;
use crate::state::AppState;
use app::access::Role;
use app::counties::CountyStatus;
use app::counties::manage::{self, CountyView, NewAccount, NewCounty};
use app::error::{AppError, Reason};
use app::users::UserView;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
pub struct AccountBody {
    username: String,
    display_name: String,
    password: String,
}

impl From<AccountBody> for NewAccount {
    fn from(a: AccountBody) -> Self {
        NewAccount {
            username: a.username,
            display_name: a.display_name,
            password: a.password,
        }
    }
}

#[derive(Deserialize)]
pub struct CreateCounty {
    code: String,
    name: String,
    province: String,
    city: String,
    admin: AccountBody,
}

pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> ApiResult<Json<Value>> {
    let items = manage::list(&state.db, &actor).await?;
    Ok(Json(json!({ "items": items })))
}

pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(code): Path<String>,
) -> ApiResult<Json<CountyView>> {
    manage::find(&state.db, &actor, &code)
        .await
        .map(Json)
        .map_err(Into::into)
}

pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Json(body): Json<CreateCounty>,
) -> ApiResult<(StatusCode, Json<CountyView>)> {
    let input = NewCounty {
        code: body.code,
        name: body.name,
        province: body.province,
        city: body.city,
        admin: body.admin.into(),
    };
    let county = manage::create(&state.db, &actor, input, app::defaults::new_county).await?;
    state.counties.invalidate();
    Ok((StatusCode::CREATED, Json(county)))
}

async fn set_status(
    state: AppState,
    actor: &app::access::Actor,
    code: &str,
    status: CountyStatus,
) -> ApiResult<Json<CountyView>> {
    let county = manage::set_status(&state.db, actor, code, status).await?;
    state.counties.invalidate();
    Ok(Json(county))
}

pub async fn suspend(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(code): Path<String>,
) -> ApiResult<Json<CountyView>> {
    set_status(state, &actor, &code, CountyStatus::Suspended).await
}

pub async fn reactivate(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(code): Path<String>,
) -> ApiResult<Json<CountyView>> {
    set_status(state, &actor, &code, CountyStatus::Active).await
}

#[derive(Deserialize)]
pub struct CreateAccount {
    role: String,
    #[serde(flatten)]
    account: AccountBody,
}

pub async fn create_account(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(code): Path<String>,
    Json(body): Json<CreateAccount>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let role = Role::from_code(&body.role).ok_or(AppError::invalid("role", Reason::UnknownRole))?;
    let user = manage::create_account(&state.db, &actor, &code, role, body.account.into()).await?;
    Ok((StatusCode::CREATED, Json(user)))
}
