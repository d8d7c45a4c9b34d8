//! A command as clients send it: its code (`lifecycle::Command::code`) and its fields as text.
//! The REST API (JSON) and the HTML forms (url-encoded) both read commands through `parse`, so
//! the two cannot disagree on what a field means.

use super::kinds::Satisfaction;
use super::lifecycle::Command;
use crate::error::{AppError, Reason};
use std::collections::HashMap;
use uuid::Uuid;

/// The command named `code` with its `fields`. Texts are passed on as given (the state machine
/// and `act` check presence and length); ids, numbers and choices are checked here. `co` is a
/// list of unit ids separated by commas or white space (a JSON array is joined that way).
pub fn parse(code: &str, fields: &HashMap<String, String>) -> Result<Command, AppError> {
    let text = |key: &str| fields.get(key).cloned().unwrap_or_default();
    let id = |key: &'static str| -> Result<Uuid, AppError> {
        let raw = fields.get(key).map_or("", |v| v.trim());
        if raw.is_empty() {
            return Err(AppError::invalid(key, Reason::Required));
        }
        Uuid::parse_str(raw).map_err(|_| AppError::invalid(key, Reason::UnknownOption))
    };
    Ok(match code.trim() {
        "accept" => Command::Accept,
        "reject" => Command::Reject {
            reason: text("reason"),
        },
        "assign" => Command::Assign {
            lead: id("lead")?,
            co: units(fields.get("co").map_or("", String::as_str))?,
        },
        "start" => Command::Start,
        "return" => Command::Return {
            reason: text("reason"),
        },
        "reply" => Command::Reply { text: text("text") },
        "follow_up" => Command::FollowUp {
            satisfaction: match fields.get("satisfaction").map(|s| s.trim()) {
                None | Some("") => return Err(AppError::invalid("satisfaction", Reason::Required)),
                Some(s) => Satisfaction::from_code(s)
                    .ok_or(AppError::invalid("satisfaction", Reason::UnknownOption))?,
            },
            note: text("note"),
        },
        "close" => Command::Close,
        "request_extension" => Command::RequestExtension {
            days: fields
                .get("days")
                .and_then(|d| d.trim().parse::<i32>().ok())
                .ok_or(AppError::invalid("days", Reason::BadDays))?,
            reason: text("reason"),
        },
        "decide_extension" => Command::DecideExtension {
            approve: flag(fields.get("approve").map_or("", |v| v.trim()))
                .ok_or(AppError::invalid("approve", Reason::Required))?,
            note: text("note"),
        },
        "note" => Command::Note { text: text("text") },
        "supervise" => Command::Supervise { note: text("note") },
        "name_leader" => Command::NameLeader {
            leader: id("leader")?,
        },
        _ => return Err(AppError::invalid("action", Reason::UnknownOption)),
    })
}

/// A yes or a no as forms and JSON send it; anything else is no answer.
fn flag(v: &str) -> Option<bool> {
    match v {
        "1" | "true" | "on" | "yes" | "approve" => Some(true),
        "0" | "false" | "off" | "no" | "refuse" => Some(false),
        _ => None,
    }
}

/// Co-handling units: ids separated by commas or white space; none is fine.
fn units(raw: &str) -> Result<Vec<Uuid>, AppError> {
    raw.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| Uuid::parse_str(s).map_err(|_| AppError::invalid("co", Reason::UnknownOption)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn every_code_parses_into_its_command() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        let co = format!("{a}, {b}");
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("accept", &[]),
            ("reject", &[("reason", "x")]),
            ("start", &[]),
            ("return", &[("reason", "x")]),
            ("reply", &[("text", "x")]),
            ("follow_up", &[("satisfaction", "fair")]),
            ("close", &[]),
            ("request_extension", &[("days", "10"), ("reason", "x")]),
            ("decide_extension", &[("approve", "true")]),
            ("note", &[("text", "x")]),
            ("supervise", &[]),
        ];
        for (code, pairs) in cases {
            let c = parse(code, &fields(pairs)).unwrap();
            assert_eq!(c.code(), *code);
        }
        let assign = parse("assign", &fields(&[("lead", &a.to_string()), ("co", &co)])).unwrap();
        assert_eq!(
            assign,
            Command::Assign {
                lead: a,
                co: vec![a, b]
            }
        );
        let leader = parse("name_leader", &fields(&[("leader", &b.to_string())])).unwrap();
        assert_eq!(leader, Command::NameLeader { leader: b });
    }

    #[test]
    fn bad_fields_name_the_field() {
        let field = |r: Result<Command, AppError>| match r {
            Err(AppError::Invalid(list)) => list[0].field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(parse("fly", &fields(&[]))), "action");
        assert_eq!(field(parse("assign", &fields(&[]))), "lead");
        assert_eq!(field(parse("assign", &fields(&[("lead", "x")]))), "lead");
        let lead = Uuid::now_v7().to_string();
        assert_eq!(
            field(parse("assign", &fields(&[("lead", &lead), ("co", "nope")]))),
            "co"
        );
        assert_eq!(
            field(parse("follow_up", &fields(&[("satisfaction", "meh")]))),
            "satisfaction"
        );
        assert_eq!(
            field(parse("request_extension", &fields(&[("days", "ten")]))),
            "days"
        );
        assert_eq!(field(parse("decide_extension", &fields(&[]))), "approve");
    }
}
