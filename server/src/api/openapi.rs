//! The OpenAPI 3.1 document, generated from `OPERATIONS` (the same list the router is built
//! from).

use super::OPERATIONS;
use crate::http::extract::Json;
use serde_json::{Map, Value, json};

/// The media types of the routes that answer with a file instead of JSON.
fn file_types(path: &str) -> Option<&'static [&'static str]> {
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Some(match path {
        "/households/export" | "/grievances/export" | "/visits/export" => &[XLSX],
        "/import-templates/{file}" => &[XLSX, "text/csv"],
        "/visits/{id}/photo" => &["image/jpeg"],
        "/grievances/{id}/attachments/{aid}" => &["image/jpeg", "image/png", "application/pdf"],
        _ => return None,
    })
}

pub fn build() -> Value {
    let mut paths = Map::new();
    for op in OPERATIONS {
        let path = paths
            .entry(format!("/api/v1{}", op.path))
            .or_insert_with(|| json!({}));
        let params: Vec<Value> = op
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
            .collect();
        let mut operation = json!({
            "operationId": format!("{}{}", op.method, op.path.replace(['/', '{', '}', '-', '.'], "_")),
            "summary": op.summary,
            "parameters": params,
            "responses": {
                "200": { "description": "OK", "content": { "application/json": {} } },
                "default": {
                    "description": "Error (RFC 9457; `detail` in Chinese unless Accept-Language asks for English)",
                    "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
                }
            }
        });
        if let Some(types) = file_types(op.path) {
            let content: Map<String, Value> = types
                .iter()
                .map(|t| {
                    (
                        (*t).to_owned(),
                        json!({ "schema": { "type": "string", "format": "binary" } }),
                    )
                })
                .collect();
            operation["responses"]["200"] =
                json!({ "description": "The file", "content": content });
        }
        if let Some(permission) = op.auth {
            operation["security"] = json!([{ "bearer": [] }]);
            operation["x-permission"] = permission.into();
        } else {
            operation["security"] = json!([]);
        }
        if op.upload && op.body != ["file"] {
            // A record with attachments: the same fields as JSON or as a multipart form.
            let form = json!({
                "type": "object",
                "required": op.body,
                "properties": { "files": {
                    "type": "array", "maxItems": 5,
                    "items": { "type": "string", "format": "binary" },
                    "description": "JPEG, PNG or PDF, at most 10 MB each"
                } }
            });
            operation["requestBody"] = json!({
                "required": true,
                "content": {
                    "application/json": { "schema": { "type": "object", "required": op.body } },
                    "multipart/form-data": { "schema": form }
                }
            });
            operation["responses"]["201"] = json!({ "description": "Created" });
        } else if op.upload {
            operation["requestBody"] = json!({
                "required": true,
                "content": { "multipart/form-data": { "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": { "type": "string", "format": "binary", "description": ".xlsx or .csv, at most 10 MB" },
                        "password": { "type": "string" }
                    }
                } } }
            });
            operation["responses"]["202"] =
                json!({ "description": "Accepted: poll GET /api/v1/imports/{id}" });
        } else if !op.body.is_empty() {
            operation["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": { "type": "object", "required": op.body } } }
            });
        }
        if op.path == "/auth/login" {
            operation["responses"]["202"] = json!({
                "description": "The password was right; a second factor must follow (POST /api/v1/auth/second-factor)",
                "content": { "application/json": { "schema": {
                    "type": "object",
                    "required": ["second_factor_required", "challenge", "expires_in", "methods"],
                    "properties": {
                        "second_factor_required": { "type": "boolean" },
                        "challenge": { "type": "string" },
                        "expires_in": { "type": "integer" },
                        "methods": { "type": "array", "items": { "type": "string", "enum": ["totp", "recovery_code"] } }
                    }
                } } }
            });
        }
        path[op.method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "民情 Minqing API", "version": "1" },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" } },
            "schemas": {
                "Problem": {
                    "type": "object",
                    "required": ["type", "title", "status", "detail"],
                    "properties": {
                        "type": { "type": "string" },
                        "title": { "type": "string" },
                        "status": { "type": "integer" },
                        "detail": { "type": "string" },
                        "errors": { "type": "array", "items": { "type": "object" } }
                    }
                }
            }
        }
    })
}

pub async fn document() -> Json<Value> {
    Json(build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_is_in_the_document() {
        let doc = super::build();
        for op in super::OPERATIONS {
            let path = format!("/api/v1{}", op.path);
            assert!(
                doc["paths"][&path][op.method].is_object(),
                "{} {path}",
                op.method
            );
        }
    }
}
