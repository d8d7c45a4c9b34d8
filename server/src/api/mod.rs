//! The REST API under `/api/v1`: JSON in and out, bearer tokens, problem+json errors. Handlers
//! are thin: they parse, call the domain in `app`, and shape the answer.

mod access;
mod audit;
mod counties;
mod exports;
pub(crate) mod grievances;
mod households;
pub mod imports;
pub mod openapi;
mod org_units;
pub(crate) mod public;
mod second_factor;
mod users;
mod visits;

use crate::http::problem::Problem;
use crate::state::AppState;
use axum::Router;
use axum::routing::{MethodRouter, delete, get, patch, post, put};

/// One operation: the router is built from this list and so is the OpenAPI document, so no
/// route can go undocumented.
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    /// Who may call it; `None` for the unauthenticated ones.
    pub auth: Option<&'static str>,
    /// Required fields of the JSON body, if it takes one.
    pub body: &'static [&'static str],
    /// Takes a spreadsheet (multipart `file`) or files with a record: allowed the larger
    /// upload body limit.
    pub upload: bool,
    handler: fn() -> MethodRouter<AppState>,
}

macro_rules! op {
    ($method:ident $path:literal, $summary:literal, $auth:expr, [$($field:literal),*], $handler:expr) => {
        Operation {
            method: stringify!($method),
            path: $path,
            summary: $summary,
            auth: $auth,
            body: &[$($field),*],
            upload: false,
            handler: || $method($handler),
        }
    };
    // Takes JSON, or multipart with the same fields plus files: the upload body limit.
    (files $method:ident $path:literal, $summary:literal, $auth:expr, [$($field:literal),*], $handler:expr) => {
        Operation {
            method: stringify!($method),
            path: $path,
            summary: $summary,
            auth: $auth,
            body: &[$($field),*],
            upload: true,
            handler: || $method($handler),
        }
    };
    (upload $method:ident $path:literal, $summary:literal, $auth:expr, $handler:expr) => {
        Operation {
            method: stringify!($method),
            path: $path,
            summary: $summary,
            auth: $auth,
            body: &["file"],
            upload: true,
            handler: || $method($handler),
        }
    };
}

const ANY: Option<&str> = Some("any signed-in user");

pub const OPERATIONS: &[Operation] = &[
    op!(post "/auth/login", "Sign in; county omitted for platform and province accounts. 200 with tokens (and `second_factor_deadline` while an account that must set up two-step verification is in its grace period); 202 with a `challenge` when the account uses two-step verification (complete with POST /auth/second-factor within `expires_in` seconds); 409 `second_factor_enrolment_required` past the grace period", None, ["username", "password"], access::login),
    op!(post "/auth/second-factor", "Complete a sign-in with the 202's `challenge` and a current 6-digit TOTP `code` (±30 s) or an unused recovery code; each code works once; wrong codes are throttled like passwords (422 `wrong_second_factor`, then 429)", None, ["challenge", "code"], second_factor::complete),
    op!(post "/auth/refresh", "Trade a refresh token for new tokens (each works once)", None, ["refresh_token"], access::refresh),
    op!(post "/auth/logout", "End this session", ANY, [], access::logout),
    op!(get "/me", "The caller, their county, unit and permissions", ANY, [], access::me),
    op!(post "/me/password", "Change one's own password; other sessions end", ANY, ["current_password", "new_password"], access::change_password),
    op!(get "/me/sessions", "One's own live sessions", ANY, [], access::sessions),
    op!(delete "/me/sessions", "End all one's other sessions", ANY, [], access::sign_out_others),
    op!(get "/me/second-factor", "One's two-step verification: enrolled, required, deadline, recovery codes left, and a pending set-up's `otpauth_uri` and `secret`", ANY, [], second_factor::status),
    op!(post "/me/second-factor", "Begin setting up two-step verification: a pending secret (`pending.otpauth_uri`); 409 if already on", ANY, [], second_factor::begin),
    op!(post "/me/second-factor/confirm", "Confirm the set-up with a current `code`; answers the ten one-time `recovery_codes`, shown only this once", ANY, ["code"], second_factor::confirm),
    op!(post "/me/second-factor/disable", "Turn two-step verification off with a current `code` or a recovery code (none needed for an unconfirmed set-up)", ANY, ["code"], second_factor::disable),
    op!(get "/counties", "All counties", Some("counties_manage"), [], counties::list),
    op!(post "/counties", "Create a county with its first admin", Some("counties_manage"), ["code", "name", "province", "city", "admin"], counties::create),
    op!(get "/counties/{code}", "One county", Some("counties_manage"), [], counties::get),
    op!(post "/counties/{code}/suspend", "Suspend a county; all its sessions end", Some("counties_manage"), [], counties::suspend),
    op!(post "/counties/{code}/reactivate", "Reactivate a county", Some("counties_manage"), [], counties::reactivate),
    op!(post "/counties/{code}/accounts", "Give a county an admin or auditor account", Some("counties_manage"), ["role", "username", "display_name", "password"], counties::create_account),
    op!(get "/org-units", "Org units within reach, parents first, with counts", Some("org_view"), [], org_units::list),
    op!(post "/org-units", "Create a township, village or department", Some("org_manage"), ["code", "name"], org_units::create),
    op!(upload post "/org-units/import", "Import townships and villages from a sheet (checked in the background; then apply)", Some("org_import"), imports::org),
    op!(upload post "/org-units/import-departments", "Import departments from a sheet", Some("org_import"), imports::departments),
    op!(get "/org-units/{id}", "One org unit", Some("org_view"), [], org_units::get),
    op!(patch "/org-units/{id}", "Rename, move, deactivate or reactivate", Some("org_manage"), [], org_units::update),
    op!(get "/users", "Accounts within reach (filters: unit, role, active, q — at most 64 characters, matched literally; keyset: after)", Some("users_view"), [], users::list),
    op!(post "/users", "Create an account", Some("users_manage"), ["username", "display_name", "role", "org_unit_id", "password"], users::create),
    op!(upload post "/users/import", "Import accounts from a sheet (`password`: initial password for rows without one)", Some("users_import"), imports::users),
    op!(get "/users/{id}", "One account", Some("users_view"), [], users::get),
    op!(patch "/users/{id}", "Edit, move, change role, disable or enable", Some("users_manage"), [], users::update),
    op!(post "/users/{id}/password", "Reset a password (must change at next sign-in)", Some("users_manage"), ["password"], users::reset_password),
    op!(delete "/users/{id}/second-factor", "Reset an account's two-step verification (a lost phone): same reach as a password reset; audited", Some("users_manage"), [], second_factor::reset),
    op!(get "/security-settings", "The county's two-step verification rule: `extra_roles` beyond the platform operator, county admins and auditors, and `grace_days`", Some("security_settings"), [], second_factor::rule),
    op!(put "/security-settings", "Change the rule (`extra_roles`: county_leader, department_staff, township_admin, township_staff, village_cadre; `grace_days` 0–90)", Some("security_settings"), ["extra_roles", "grace_days"], second_factor::save_rule),
    op!(get "/imports", "One's own latest imports", Some("org_import or users_import"), [], imports::list),
    op!(get "/imports/{id}", "An import: status, progress, per-row problems or the preview", Some("the import's owner"), [], imports::get),
    op!(post "/imports/{id}/apply", "Apply a checked import: all or nothing", Some("the import's owner"), [], imports::apply),
    op!(get "/import-templates/{file}", "Blank sheets: org, departments or users, .xlsx or .csv", None, [], imports::template_file),
    // Household import and ledger exports.
    op!(upload post "/households/import", "Import households and their members from a sheet, one row per person (checked in the background; then apply)", Some("households_manage"), imports::households),
    op!(get "/households/export", "The household registry within reach as xlsx, one row per person in the import's columns (`unit`; `reveal=true` unmasks ID numbers and phones and needs personal_reveal); audited", Some("ledger_export"), [], exports::households),
    op!(get "/grievances/export", "The grievance ledger (问题台账) as xlsx, streamed, with the ledger's filters; phones masked; audited", Some("ledger_export"), [], exports::grievances),
    op!(get "/visits/export", "The visit ledger (走访台账) as xlsx, streamed (`campaign`, `unit`, `from` and `until` as YYYY-MM-DD China days); audited", Some("ledger_export"), [], exports::visits),
    op!(get "/households", "Households within reach (filters: unit, q and tag — at most 64 characters each, matched literally — mine; keyset: after); ID numbers and phones masked", Some("households_view"), [], households::list),
    op!(post "/households", "Add a household at a village, with its members (at most 50)", Some("households_manage"), ["village_id", "head_name"], households::create),
    op!(get "/households/{id}", "One household with members and paired cadres (masked)", Some("households_view"), [], households::get),
    op!(put "/households/{id}", "Replace a household's fields (omitted ones become empty)", Some("households_manage"), ["head_name"], households::update),
    op!(post "/households/{id}/members", "Add a member", Some("households_manage"), ["name"], households::add_member),
    op!(put "/households/{id}/members/{member}", "Change a member", Some("households_manage"), ["name"], households::update_member),
    op!(delete "/households/{id}/members/{member}", "Remove a member (not the head)", Some("households_manage"), [], households::remove_member),
    op!(put "/households/{id}/cadres", "Set the paired cadres (结对), first one holds new tasks", Some("households_manage"), ["cadres"], households::set_cadres),
    op!(post "/households/{id}/reveal", "Reveal one ID number or phone (`field`: id_number or phone; `member_id`); audited", Some("personal_reveal"), ["field"], households::reveal),
    op!(get "/campaigns", "Campaigns within reach or covering the caller's unit", Some("visits_view"), [], visits::list_campaigns),
    op!(post "/campaigns", "Create a campaign; makes a task per target household", Some("campaigns_manage"), ["name", "starts_on", "ends_on", "unit_id", "modes", "target_percent"], visits::create_campaign),
    op!(get "/campaigns/{id}", "One campaign", Some("visits_view"), [], visits::get_campaign),
    op!(post "/campaigns/{id}/close", "End a campaign; its open tasks are cancelled", Some("campaigns_manage"), [], visits::close_campaign),
    op!(post "/campaigns/{id}/assign", "Give the open tasks nobody holds under a unit to one cadre", Some("campaigns_manage"), ["unit_id", "cadre_id"], visits::assign_campaign),
    op!(get "/campaigns/{id}/coverage", "Coverage by unit below `unit` and by cadre, from the rollup", Some("visits_view"), [], visits::coverage),
    op!(get "/tasks", "Visit tasks within reach (filters: campaign, household, unit, kind, status, overdue, visited, met, assignee; keyset: after)", Some("visits_view"), [], visits::list_tasks),
    op!(get "/tasks/mine", "The caller's open tasks: due, upcoming, and unheld ones in their unit", ANY, [], visits::my_tasks),
    op!(get "/tasks/{id}", "One visit task", Some("visits_view"), [], visits::get_task),
    op!(get "/visits", "Visits within reach, newest first (filters: household, campaign, unit, mine; keyset: before)", Some("visits_view"), [], visits::list_visits),
    op!(post "/visits", "Record a visit; idempotent by `submission_key` (200 with the earlier visit on a retry); at most 20 `concerns` and 50 `policies`; a `task_id` the caller cannot see is a 404", Some("visits_record"), ["household_id", "mode", "met", "submission_key"], visits::record_visit),
    op!(get "/visits/{id}", "One visit", Some("visits_view"), [], visits::get_visit),
    op!(get "/visits/{id}/photo", "A visit's photo (JPEG)", Some("visits_view"), [], visits::visit_photo),
    op!(get "/triggers", "Must-visit events at a household (`household`)", Some("visits_view"), [], visits::list_triggers),
    op!(post "/triggers", "Record a must-visit event (五必访); makes a visit task", Some("visits_record"), ["household_id", "kind"], visits::record_trigger),
    op!(get "/visit-settings", "The county's tags, must-visit events, policies and 补访 days", ANY, [], visits::settings),
    op!(put "/visit-settings/{kind}", "Change one list (tag, trigger, policy, follow_up; at most 200 entries)", Some("visit_settings"), ["entries"], visits::save_settings),
    // Grievances (staff side; the resident's side is under /public).
    op!(get "/grievances", "The grievance ledger within reach, newest first (filters: status, category, unit, channel, urgency, overdue, repeat, supervised, place, code, `from` and `until` as YYYY-MM-DD China days; keyset: after; limit ≤ 200); names masked", Some("grievances_view"), [], grievances::list),
    op!(files post "/grievances", "Register a grievance: JSON, or multipart with the same fields and up to 5 `files` (JPEG, PNG or PDF, ≤ 10 MB each); 201 with its tracking code and the case it repeats, if any", Some("grievances_record"), ["channel", "category_id", "place_id", "reporter_name", "description"], grievances::register),
    op!(get "/grievances/stats", "Per-unit numbers (townships and departments) for received cases from `from` to `until` (YYYY-MM-DD; the last 30 days by default), most overdue first, then the lowest on-time rate: received, accepted (on time), closed (on time), followed up, satisfied, redone, repeats, overdue now, yellow cards; and the yellow cards issued in the period", Some("grievances_view"), [], grievances::unit_stats),
    op!(get "/grievances/{id}", "One case: timeline, handling units, attachments, the actions the caller may take now; phone masked", Some("grievances_view"), [], grievances::get),
    op!(post "/grievances/{id}/actions", "Act on a case (`action`: accept, reject{reason}, assign{lead, co}, start, return{reason}, reply{text}, follow_up{satisfaction, note}, close, request_extension{days, reason}, decide_extension{approve, note}, note{text}, supervise{note}, name_leader{leader}); 409 when not possible now", Some("grievances_dispatch, grievances_handle or grievances_supervise, by action"), ["action"], grievances::act_on),
    op!(get "/grievances/{id}/attachments/{aid}", "A case's attachment, as a download", Some("grievances_view"), [], grievances::attachment),
    op!(post "/grievances/{id}/reveal-phone", "The reporter's phone in full, for those working on the case; audited", Some("grievances_view and working on the case"), [], grievances::reveal_phone),
    op!(post "/concerns/{id}/grievance", "Make a visit's concern a case, linked both ways (200 with the case made before)", Some("grievances_record"), ["category_id"], grievances::from_concern),
    op!(get "/categories", "The county's grievance categories (two levels) with their deadlines", ANY, [], grievances::list_categories),
    op!(post "/categories", "Add a category (a subcategory with `parent_id`)", Some("grievance_settings"), ["name", "accept_days", "handle_days"], grievances::create_category),
    op!(put "/categories/{id}", "Rename a category, change its deadlines or retire it (`active`)", Some("grievance_settings"), ["name", "accept_days", "handle_days"], grievances::update_category),
    op!(get "/routing-rules", "Which department leads each category's cases", ANY, [], grievances::list_rules),
    op!(put "/routing-rules/{category_id}", "Send a category to a department (`unit_id`), or remove its rule (`unit_id`: null)", Some("grievance_settings"), ["unit_id"], grievances::set_rule),
    op!(get "/grievance-settings", "The county's repeat window and \"due soon\" days", ANY, [], grievances::settings),
    op!(put "/grievance-settings", "Change the repeat window and \"due soon\" days", Some("grievance_settings"), ["repeat_days", "soon_days"], grievances::save_settings),
    op!(post "/yellow-cards", "Issue a yellow card (黄牌警告) to a department or township, optionally about one case", Some("grievances_supervise"), ["unit_id", "reason"], grievances::yellow_card),
    op!(get "/inbox", "The caller's unit's inbox (newest first, `limit`) and its unread count", Some("grievances_view"), [], grievances::list_inbox),
    op!(post "/inbox/read", "Mark everything in the caller's unit's inbox read", Some("grievances_view"), [], grievances::read_inbox),
    // The resident's side: no account; the county from the address.
    op!(get "/public/{county_code}/form", "The public form's places (townships with their villages), categories and a challenge (`token`, `question`: a sum to answer)", None, [], public::form),
    op!(files post "/public/{county_code}/grievances", "A resident submits a grievance: JSON, or multipart with up to 5 `files` (JPEG, PNG or PDF, ≤ 10 MB each); `challenge` is the form's token and `answer` its sum; 201 with the tracking code; limited per client address", None, ["reporter_name", "reporter_phone", "place_id", "category_id", "description", "challenge", "answer"], public::submit),
    op!(get "/public/{county_code}/track", "A case's progress for its reporter (`code`, `phone_last4`): status, plain-words timeline, the reply once replied; no notes, names or phones; failed lookups limited per address and per code", None, [], public::track_query),
    op!(post "/public/{county_code}/track", "The same lookup with the code and digits in the body", None, ["code", "phone_last4"], public::track_body),
    op!(post "/public/{county_code}/track/rating", "The reporter rates the reply (the follow-up 回访: `satisfaction` satisfied, fair or dissatisfied, which sends the case back for redo; optional `comment`); 409 unless the case waits for it", None, ["code", "phone_last4", "satisfaction"], public::rate),
    op!(get "/audit-events", "The audit log (filters: from, until, actor, action, outcome; keyset: before)", Some("audit_view"), [], audit::list),
    op!(get "/openapi.json", "This document", None, [], openapi::document),
];

/// The upload operation `path` names, if any.
fn upload_operation(path: &str) -> Option<&'static Operation> {
    let p = path.strip_prefix("/api/v1")?;
    OPERATIONS
        .iter()
        .find(|op| op.upload && crate::http::route_matches(op.path, p))
}

/// The largest file an upload route takes: household sheets are larger than the others,
/// a grievance takes several files.
pub fn upload_file_limit(path: &str) -> Option<usize> {
    use app::grievances::intake::{MAX_FILE_BYTES, MAX_FILES};
    use app::imports::ImportKind;
    upload_operation(path).map(|op| match op.path {
        "/households/import" => ImportKind::Households.max_file_bytes(),
        "/grievances" | "/public/{county_code}/grievances" => MAX_FILES * MAX_FILE_BYTES,
        _ => app::imports::jobs::MAX_FILE_BYTES,
    })
}

pub fn router() -> Router<AppState> {
    OPERATIONS
        .iter()
        .fold(Router::new(), |router, op| {
            router.route(op.path, (op.handler)())
        })
        .fallback(not_found)
}

async fn not_found() -> Problem {
    Problem(app::error::AppError::NotFound)
}

/// A handler's result: a JSON value, or a problem (any `AppError` converts with `?`).
pub type ApiResult<T> = Result<T, Problem>;

#[cfg(test)]
mod tests {
    use super::upload_file_limit;
    use crate::http::route_matches;

    #[test]
    fn templated_upload_routes_get_the_upload_limit() {
        assert!(route_matches(
            "/public/{county_code}/grievances",
            "/public/130123/grievances"
        ));
        assert!(!route_matches(
            "/public/{county_code}/grievances",
            "/public//grievances"
        ));
        assert!(!route_matches(
            "/public/{county_code}/grievances",
            "/public/130123/track"
        ));
        assert!(!route_matches("/grievances", "/grievances/x"));
        assert!(upload_file_limit("/api/v1/public/130123/grievances").is_some());
        assert!(upload_file_limit("/api/v1/public/130123/track").is_none());
        assert!(upload_file_limit("/api/v1/grievances").is_some());
    }
}
