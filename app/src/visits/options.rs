//! The county's editable lists: household tags, must-visit (五必访) events with their due
//! days, the policies a visit can deliver, and the 补访 delay. A county that never edited a
//! list uses the built-in one; the first edit stores the whole list, and entries are never
//! deleted (records keep their codes), only deactivated.

use super::entity::option;
use crate::access::{Action, Actor};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::{AppError, Invalid, Reason, text_field};
use crate::tenancy::{Mode, Tx};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::code_enum! {
    pub enum OptionKind {
        Tag = "tag",
        Trigger = "trigger",
        Policy = "policy",
        /// One entry, `days`: how long until a 补访 is due.
        FollowUp = "follow_up",
    }
}

/// One entry as screens and the API see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
    pub days: Option<i32>,
    pub active: bool,
}

/// Days until a 补访 is due when the county has not said.
pub const FOLLOW_UP_DAYS: i32 = 3;
/// Days until a must-visit task is due when the county has not said.
pub const TRIGGER_DAYS: i32 = 3;

pub const DEFAULT_TAGS: [&str; 12] = [
    "低保户",
    "特困供养(五保)",
    "脱贫户",
    "监测户",
    "空巢老人",
    "留守儿童",
    "残疾人",
    "重点信访人员",
    "老党员",
    "经济能人",
    "退役军人",
    "精神障碍患者",
];

pub const DEFAULT_TRIGGERS: [(&str, &str); 5] = [
    ("hospitalised", "住院"),
    ("elderly_death", "老人去世"),
    ("family_dispute", "家庭矛盾纠纷"),
    ("accident", "遭遇意外或灾害"),
    ("dropout_unemployed", "子女辍学或失业"),
];

fn defaults(kind: OptionKind) -> Vec<Choice> {
    let choice = |code: &str, label: &str, days: Option<i32>| Choice {
        code: code.into(),
        label: label.into(),
        days,
        active: true,
    };
    match kind {
        // A tag's code is its name: households keep the names they were given.
        OptionKind::Tag => DEFAULT_TAGS.iter().map(|t| choice(t, t, None)).collect(),
        OptionKind::Trigger => DEFAULT_TRIGGERS
            .iter()
            .map(|(c, l)| choice(c, l, Some(TRIGGER_DAYS)))
            .collect(),
        OptionKind::Policy => Vec::new(),
        OptionKind::FollowUp => vec![choice("days", "补访", Some(FOLLOW_UP_DAYS))],
    }
}

/// The county's list of `kind`, inactive entries included, in order.
pub async fn list(tx: &Tx, kind: OptionKind) -> Result<Vec<Choice>, AppError> {
    let rows = tx
        .select::<option::Entity>()?
        .filter(option::Column::Kind.eq(kind.code()))
        .order_by_asc(option::Column::Position)
        .all(tx.conn())
        .await?;
    if rows.is_empty() {
        return Ok(defaults(kind));
    }
    Ok(rows
        .into_iter()
        .map(|r| Choice {
            code: r.code,
            label: r.label,
            days: r.days,
            active: r.active,
        })
        .collect())
}

pub async fn active(tx: &Tx, kind: OptionKind) -> Result<Vec<Choice>, AppError> {
    let mut all = list(tx, kind).await?;
    all.retain(|c| c.active);
    Ok(all)
}

pub async fn follow_up_days(tx: &Tx) -> Result<i32, AppError> {
    Ok(list(tx, OptionKind::FollowUp)
        .await?
        .first()
        .and_then(|c| c.days)
        .unwrap_or(FOLLOW_UP_DAYS))
}

/// Every list at once, for the settings page and `GET /visit-settings`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSettings {
    pub tags: Vec<Choice>,
    pub triggers: Vec<Choice>,
    pub policies: Vec<Choice>,
    pub follow_up_days: i32,
}

pub async fn settings(db: &DatabaseConnection, actor: &Actor) -> Result<VisitSettings, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        // Everyone who records visits reads these lists; only admins change them.
        if !actor.can(Action::VisitsView) && !actor.can(Action::VisitSettings) {
            return Err(AppError::Denied {
                action: Action::VisitsView,
                hidden: false,
            });
        }
        Ok(VisitSettings {
            tags: list(tx, OptionKind::Tag).await?,
            triggers: list(tx, OptionKind::Trigger).await?,
            policies: list(tx, OptionKind::Policy).await?,
            follow_up_days: follow_up_days(tx).await?,
        })
    })
    .await
}

/// An edit of one entry: an existing `code`, or none for a new entry.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ChoiceInput {
    pub code: Option<String>,
    pub label: String,
    pub days: Option<i32>,
    pub active: bool,
}

/// Stores `entries` as the county's list of `kind`: existing entries (by code) are changed, new
/// ones appended; entries not mentioned keep what they had. For `FollowUp`, one entry with `days`.
/// The longest list a county keeps of one kind (tags, events, policies).
pub const MAX_ENTRIES: usize = 200;

pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    kind: OptionKind,
    entries: Vec<ChoiceInput>,
) -> Result<Vec<Choice>, AppError> {
    if let Err(e) = actor
        .decide(Action::VisitSettings, None)
        .or_deny(Action::VisitSettings)
    {
        return Err(audit::denied(db, actor, e).await);
    }
    crate::error::at_most("entries", &entries, MAX_ENTRIES)?;
    let mut problems: Vec<Invalid> = Vec::new();
    let mut clean = Vec::new();
    for entry in entries {
        // Blank new rows are the form's empty "add" line.
        if entry.code.is_none() && entry.label.trim().is_empty() {
            continue;
        }
        let label = match kind {
            OptionKind::FollowUp => "补访".to_owned(),
            _ => match text_field("label", &entry.label, 32) {
                // `|` separates the values of a set column.
                Ok(l) if l.contains('|') => {
                    problems.push(Invalid {
                        field: "label",
                        reason: Reason::ControlCharacters,
                    });
                    continue;
                }
                Ok(l) => l,
                Err(i) => {
                    problems.push(i);
                    continue;
                }
            },
        };
        let days = match kind {
            OptionKind::Trigger | OptionKind::FollowUp => match entry.days {
                Some(d) if (1..=90).contains(&d) => Some(d),
                _ => {
                    problems.push(Invalid {
                        field: "days",
                        reason: Reason::BadDays,
                    });
                    continue;
                }
            },
            _ => None,
        };
        clean.push((entry.code, label, days, entry.active));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    audit::guarded(db, actor, Mode::Write, async |tx| {
        let county = tx.require_county()?;
        let mut current = list(tx, kind).await?;
        for (code, label, days, active) in clean {
            let existing = code
                .as_deref()
                .and_then(|c| current.iter_mut().find(|x| x.code == c));
            match existing {
                Some(x) => {
                    x.label = label;
                    x.days = days;
                    x.active = active;
                }
                None if code.is_some() => return Err(AppError::NotFound),
                None => {
                    if current.iter().any(|x| x.label == label) {
                        return Err(AppError::Conflict(Reason::LabelTaken));
                    }
                    let code = match kind {
                        OptionKind::Tag => label.clone(),
                        _ => Uuid::now_v7().simple().to_string()[..12].to_owned(),
                    };
                    current.push(Choice {
                        code,
                        label,
                        days,
                        active,
                    });
                }
            }
        }
        for (position, c) in current.iter().enumerate() {
            let row = option::ActiveModel {
                county_id: Set(county),
                kind: Set(kind.code().to_owned()),
                code: Set(c.code.clone()),
                label: Set(c.label.clone()),
                days: Set(c.days),
                active: Set(c.active),
                position: Set(position as i32),
            };
            option::Entity::insert(row)
                .on_conflict(
                    OnConflict::columns([
                        option::Column::CountyId,
                        option::Column::Kind,
                        option::Column::Code,
                    ])
                    .update_columns([
                        option::Column::Label,
                        option::Column::Days,
                        option::Column::Active,
                        option::Column::Position,
                    ])
                    .to_owned(),
                )
                .exec_without_returning(tx.conn())
                .await?;
        }
        let event = Event::new(AuditAction::VisitSettingsUpdate, Outcome::Success)
            .target("visit_options", kind.code(), kind.code())
            .detail(serde_json::json!({ "entries": current.len() }));
        audit::record(tx, &Who::actor(actor, &actor.ip), event).await?;
        Ok(current)
    })
    .await
}
