//! The REST API's extractors: `Json`, `Query` and `Path` as axum has them, except that a request
//! they cannot read is a `Problem` naming the field it got wrong (`mode`, `members[3].name`,
//! `limit`), never axum's plain-text rejection. Handlers import these, not axum's.

use super::problem::Problem;
use app::error::{AppError, Malformed, Reason};
use app::i18n::Locale;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request, path::ErrorKind};
use axum::http::{HeaderMap, header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON body in, a JSON body out.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        if !is_json(request.headers()) {
            return Err(AppError::malformed(Malformed::ContentType, "content-type").into());
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(unreadable_body)?;
        Ok(Json(parse_json(&bytes)?))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `application/json` or any `+json` type, as axum's own extractor accepts.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(essence) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
    else {
        return false;
    };
    let essence = essence.trim().to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn unreadable_body(rejection: BytesRejection) -> Problem {
    let kind = if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        Malformed::TooLarge
    } else {
        Malformed::Syntax
    };
    AppError::malformed(kind, "body").into()
}

/// `bytes` as a `T`, or what is wrong and where.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let message = inner.to_string();
                let mut error = value_error(Malformed::Value, &path, &message);
                // Inside a `#[serde(flatten)]` serde loses the path: find the value it named.
                if let AppError::Malformed { field, .. } = &mut error
                    && field == "body"
                    && let Ok(body) = serde_json::from_slice::<serde_json::Value>(bytes)
                    && let Some(found) = locate(&body, &message)
                {
                    *field = found;
                }
                error
            }
            _ => AppError::malformed(Malformed::Syntax, "body"),
        }
    })?;
    de.end()
        .map_err(|_| AppError::malformed(Malformed::Syntax, "body"))?;
    Ok(value)
}

/// The query string as a `T`.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|e| {
                let path = e.path().to_string();
                value_error(Malformed::Query, &path, &e.into_inner().to_string()).into()
            })
    }
}

/// The path's parameters as a `T`: a segment that is not what the route names (an id that is
/// no UUID) is a 400 naming the parameter.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let field = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key }
                    | ErrorKind::DeserializeError { key, .. } => key.clone(),
                    _ => "path".to_owned(),
                };
                Err(AppError::malformed(Malformed::Path, field).into())
            }
            Err(other) => Err(AppError::Internal(other.body_text()).into()),
        }
    }
}

/// The language the client asked for (`Accept-Language`), for answers that carry sentences.
/// Errors need not ask: `problem::localize` translates them.
pub struct Language(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for Language {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Language(super::problem::locale(&parts.headers)))
    }
}

/// Which rule a deserialisation broke, read from serde's own wording (`serde::de::Error`'s
/// messages: "missing field `x`", "unknown variant `y`, expected …", "invalid type: …").
fn value_error(kind: Malformed, path: &str, message: &str) -> AppError {
    let named = backticked(message);
    let (reason, name) = if message.starts_with("missing field") {
        (Reason::Required, named)
    } else if message.starts_with("unknown field") {
        (Reason::UnknownField, named)
    } else if message.starts_with("unknown variant") {
        (Reason::UnknownValue, None)
    } else if message.starts_with("invalid type") {
        (Reason::BadType, None)
    } else {
        (Reason::BadValue, None)
    };
    let field = match (path, name) {
        ("." | "", Some(name)) => name.to_owned(),
        ("." | "", None) => "body".to_owned(),
        (path, Some(name)) if !path.ends_with(name) => format!("{path}.{name}"),
        (path, _) => path.to_owned(),
    };
    AppError::Malformed {
        kind,
        field,
        reason,
    }
}

/// Where in `body` the value sits that serde's `message` complains about ("unknown variant
/// `x`", "invalid type: string \"yes\"", "invalid type: map", "invalid value: integer `300`"):
/// the first such member, as `a.b[1].c`.
fn locate(body: &serde_json::Value, message: &str) -> Option<String> {
    use serde_json::Value;
    let what = message
        .strip_prefix("unknown variant ")
        .or_else(|| message.strip_prefix("invalid type: "))
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let what = what.split(", expected").next()?;
    let matches = |v: &Value| match v {
        Value::String(s) => {
            what == format!("`{s}`") || what == format!("string {}", Value::String(s.clone()))
        }
        Value::Object(_) => what == "map",
        Value::Array(_) => what == "sequence",
        Value::Bool(b) => what == format!("boolean `{b}`"),
        Value::Number(n) => what.ends_with(&format!(" `{n}`")),
        Value::Null => what == "null" || what == "unit value",
    };
    fn walk(v: &Value, at: &str, matches: &dyn Fn(&Value) -> bool) -> Option<String> {
        let children: Vec<(String, &Value)> = match v {
            Value::Object(map) => map
                .iter()
                .map(|(k, c)| {
                    (
                        if at.is_empty() {
                            k.clone()
                        } else {
                            format!("{at}.{k}")
                        },
                        c,
                    )
                })
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{at}[{i}]"), c))
                .collect(),
            _ => return None,
        };
        children
            .iter()
            .find(|(_, c)| matches(c))
            .map(|(p, _)| p.clone())
            .or_else(|| children.iter().find_map(|(p, c)| walk(c, p, matches)))
    }
    walk(body, "", &matches)
}

/// The first `name` in "… `name` …".
fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::parse_json;
    use app::error::{AppError, Reason};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        mode: Mode,
        members: Vec<Member>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Mode {
        Door,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        name: String,
        age: u8,
    }

    fn fault(json: &str) -> (String, Reason, u16) {
        match parse_json::<Body>(json.as_bytes()) {
            Err(e @ AppError::Malformed { .. }) => {
                let status = e.status();
                let AppError::Malformed { field, reason, .. } = e else {
                    unreachable!()
                };
                (field, reason, status)
            }
            other => panic!("{json}: {other:?}"),
        }
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Flattened {
        #[serde(flatten)]
        inner: Inner,
        at: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        mode: Mode,
        met: bool,
        tags: Vec<String>,
    }

    #[test]
    fn inside_a_flattened_struct_the_field_is_found_by_its_value() {
        let fault = |json: &str| match parse_json::<Flattened>(json.as_bytes()) {
            Err(AppError::Malformed { field, reason, .. }) => (field, reason),
            other => panic!("{json}: {other:?}"),
        };
        assert_eq!(
            fault(r#"{"mode":"by_pigeon","met":true,"tags":[]}"#),
            ("mode".into(), Reason::UnknownValue)
        );
        assert_eq!(
            fault(r#"{"mode":"door","met":"yes","tags":[]}"#),
            ("met".into(), Reason::BadType)
        );
        assert_eq!(
            fault(r#"{"mode":"door","met":true,"tags":[1]}"#),
            ("tags[0]".into(), Reason::BadType)
        );
        assert_eq!(
            fault(r#"{"mode":"door","met":true}"#),
            ("tags".into(), Reason::Required)
        );
    }

    #[test]
    fn a_body_it_cannot_read_names_the_field_and_the_rule() {
        let ok = r#"{"mode":"door","members":[]}"#;
        assert!(parse_json::<Body>(ok.as_bytes()).is_ok());
        assert_eq!(fault("{"), ("body".into(), Reason::MalformedJson, 400));
        assert_eq!(
            fault(r#"{"mode":"door","members":[]} x"#).1,
            Reason::MalformedJson
        );
        assert_eq!(
            fault(r#"{"mode":"by_pigeon","members":[]}"#),
            ("mode".into(), Reason::UnknownValue, 422)
        );
        assert_eq!(
            fault(r#"{"members":[]}"#),
            ("mode".into(), Reason::Required, 422)
        );
        assert_eq!(
            fault(r#"{"mode":"door","members":[{"name":"a","age":1},{"name":"b","age":"x"}]}"#),
            ("members[1].age".into(), Reason::BadType, 422)
        );
        assert_eq!(
            fault(r#"{"mode":"door","members":[{"age":1}]}"#),
            ("members[0].name".into(), Reason::Required, 422)
        );
        assert_eq!(
            fault(r#"{"mode":"door","members":[{"name":"a","age":300}]}"#),
            ("members[0].age".into(), Reason::BadValue, 422)
        );
        assert_eq!(
            fault(r#"{"mode":"door","members":[],"extra":1}"#),
            ("extra".into(), Reason::UnknownField, 422)
        );
    }
}
