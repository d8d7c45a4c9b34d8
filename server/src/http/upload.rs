//! Reading what a request carries besides JSON: multipart forms with files (a case's
//! attachments, a spreadsheet), shared by the REST API and the browser's form posts. Each reads
//! the body to its end even when it refuses a file, and answers in the domain's terms.

use app::error::{AppError, Reason};
use app::grievances::intake::{MAX_FILE_BYTES, MAX_FILES};
use app::grievances::model::Upload;
use app::imports::ImportKind;
use app::imports::Upload as SheetUpload;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use serde_json::{Map, Value};
use std::collections::HashMap;

use super::extract::Json;

/// A JSON object's members as the text fields forms send: arrays become comma-separated
/// lists, numbers and booleans their JSON text, `null` no field at all.
pub fn text_fields(body: Map<String, Value>) -> HashMap<String, String> {
    body.into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::Null => return None,
                Value::String(s) => s,
                Value::Array(items) => items
                    .into_iter()
                    .map(|i| match i {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            Some((k, text))
        })
        .collect()
}

/// A multipart registration: text parts plus up to `MAX_FILES` parts named `files`. The body
/// is read to its end even when a file is refused (a reply before the client has finished
/// sending reads to it as a broken connection); an oversized file is not kept in memory.
pub async fn read_form(
    form: Multipart,
) -> Result<(HashMap<String, String>, Vec<Upload>), AppError> {
    let read = read_form_whole(form).await?;
    match read.refused {
        Some(reason) => Err(AppError::invalid("files", reason)),
        None => Ok((read.fields, read.uploads)),
    }
}

/// A multipart form as far as it could be read: a refused file (too large, one too many)
/// leaves the text and the other files, which a browser's form keeps for its retry.
pub struct ReadForm {
    pub fields: HashMap<String, String>,
    pub uploads: Vec<Upload>,
    pub refused: Option<Reason>,
}

/// `read_form` without giving up on a refused file; `Err` only when the body itself broke.
pub async fn read_form_whole(mut form: Multipart) -> Result<ReadForm, AppError> {
    let broken = |e: MultipartError| {
        let reason = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Reason::FileTooLarge
        } else {
            Reason::FileMissing
        };
        AppError::invalid("files", reason)
    };
    let mut fields = HashMap::new();
    let mut uploads = Vec::new();
    let mut refused = None;
    while let Some(mut field) = form.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name != "files" {
            fields.insert(name, field.text().await.map_err(broken)?);
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            too_large |= bytes.len() + chunk.len() > MAX_FILE_BYTES;
            if !too_large {
                bytes.extend_from_slice(&chunk);
            }
        }
        if too_large {
            refused = Some(Reason::FileTooLarge);
        } else if !bytes.is_empty() {
            if uploads.len() == MAX_FILES {
                refused = refused.or(Some(Reason::TooMany));
            } else {
                uploads.push(Upload { file_name, bytes });
            }
        }
    }
    Ok(ReadForm {
        fields,
        uploads,
        refused,
    })
}

/// A registration's body as text fields and files: multipart when it carries files, else JSON.
pub async fn read_body(
    request: Request,
) -> Result<(HashMap<String, String>, Vec<Upload>), AppError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let form = Multipart::from_request(request, &())
            .await
            .map_err(|_| AppError::invalid("files", Reason::FileMissing))?;
        read_form(form).await
    } else {
        let Json(body) = Json::<Map<String, Value>>::from_request(request, &())
            .await
            .map_err(|problem| problem.0)?;
        Ok((text_fields(body), Vec::new()))
    }
}

/// Reads an upload form: the `file` part and, optionally, `password` (and `kind`, which the
/// browser form sends; API routes fix the kind by path).
pub async fn read_upload(
    mut form: Multipart,
    kind: Option<ImportKind>,
) -> Result<SheetUpload, AppError> {
    // Reading stops at the body limit (413); any other failure is a broken upload.
    let too_large = |e: MultipartError| {
        let reason = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Reason::FileTooLarge
        } else {
            Reason::FileMissing
        };
        AppError::invalid("file", reason)
    };
    let mut upload = SheetUpload {
        kind: kind.unwrap_or(ImportKind::Org),
        file_name: String::new(),
        bytes: Vec::new(),
        password: None,
    };
    let mut kind_given = kind.is_some();
    while let Some(field) = form.next_field().await.map_err(too_large)? {
        match field.name() {
            Some("file") => {
                upload.file_name = field.file_name().unwrap_or_default().to_owned();
                upload.bytes = field.bytes().await.map_err(too_large)?.to_vec();
            }
            Some("password") => {
                upload.password = Some(field.text().await.map_err(too_large)?);
            }
            Some("kind") if kind.is_none() => {
                let code = field.text().await.map_err(too_large)?;
                upload.kind = ImportKind::from_code(&code)
                    .ok_or(AppError::invalid("kind", Reason::Required))?;
                kind_given = true;
            }
            _ => {}
        }
    }
    if !kind_given {
        return Err(AppError::invalid("kind", Reason::Required));
    }
    Ok(upload)
}
