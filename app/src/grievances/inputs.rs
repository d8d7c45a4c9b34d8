//! A case's input read from named fields, the same for a JSON body, a multipart upload and a
//! form post: the REST API and the form handlers both call these, so they cannot drift.

use super::kinds::{Channel, Satisfaction, Urgency};
use super::model::{NewGrievance, PublicSubmission, Tracking, Upload};
use super::resident::{self, Desk, Lookup};
use crate::error::{AppError, Reason};
use crate::i18n::Texts;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use std::collections::HashMap;
use std::net::IpAddr;
use uuid::Uuid;

type Fields = HashMap<String, String>;

fn id_field(f: &Fields, k: &'static str, reason: Reason) -> Result<Uuid, AppError> {
    Uuid::parse_str(f.get(k).map_or("", |v| v.trim())).map_err(|_| AppError::invalid(k, reason))
}

fn text(f: &Fields, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

impl NewGrievance {
    /// A staff registration's fields.
    pub fn from_fields(f: &Fields) -> Result<NewGrievance, AppError> {
        let get = |k: &str| f.get(k).map_or("", |v| v.trim());
        let household_id = match get("household_id") {
            "" => None,
            _ => Some(id_field(f, "household_id", Reason::UnknownOption)?),
        };
        let urgency = match get("urgency") {
            "" => Urgency::Normal,
            u => {
                Urgency::from_code(u).ok_or(AppError::invalid("urgency", Reason::UnknownOption))?
            }
        };
        Ok(NewGrievance {
            channel: Channel::from_code(get("channel"))
                .ok_or(AppError::invalid("channel", Reason::UnknownOption))?,
            category_id: id_field(f, "category_id", Reason::UnknownCategory)?,
            place_id: id_field(f, "place_id", Reason::UnknownUnit)?,
            reporter_name: text(f, "reporter_name"),
            reporter_phone: text(f, "reporter_phone"),
            household_id,
            description: text(f, "description"),
            urgency,
        })
    }
}

impl PublicSubmission {
    /// A resident's submission's fields.
    pub fn from_fields(f: &Fields) -> Result<PublicSubmission, AppError> {
        Ok(PublicSubmission {
            reporter_name: text(f, "reporter_name"),
            reporter_phone: text(f, "reporter_phone"),
            place_id: id_field(f, "place_id", Reason::UnknownUnit)?,
            category_id: id_field(f, "category_id", Reason::UnknownCategory)?,
            description: text(f, "description"),
        })
    }
}

/// Submits a resident's fields (with the challenge's `challenge` and `answer`) for the county
/// `code`: the tracking code.
pub async fn submit_fields(
    db: &DatabaseConnection,
    desk: &Desk,
    county: &str,
    fields: &Fields,
    uploads: Vec<Upload>,
) -> Result<String, AppError> {
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    let input = PublicSubmission::from_fields(fields)?;
    let challenge = (get("challenge"), get("answer"));
    resident::submit(db, desk, county, challenge, input, uploads)
        .await
        .map(|done| done.code)
}

/// The code and digits of a lookup, as a query, a JSON body or a form.
#[derive(Deserialize)]
pub struct LookupInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub phone_last4: String,
}

impl LookupInput {
    pub fn at<'a>(&'a self, ip: IpAddr, county: &'a str) -> Lookup<'a> {
        Lookup {
            ip,
            county,
            code: &self.code,
            digits: &self.phone_last4,
        }
    }
}

/// A resident's verdict on the reply, as JSON or as the tracking page's form.
#[derive(Deserialize)]
pub struct Rating {
    #[serde(flatten)]
    pub lookup: LookupInput,
    #[serde(default)]
    satisfaction: String,
    #[serde(default)]
    comment: String,
}

impl Rating {
    /// Gives the verdict for the case the lookup names in `county`.
    pub async fn give(
        &self,
        db: &DatabaseConnection,
        desk: &Desk,
        ip: IpAddr,
        county: &str,
        t: Texts,
    ) -> Result<Tracking, AppError> {
        let satisfaction = Satisfaction::from_code(self.satisfaction.trim())
            .ok_or(AppError::invalid("satisfaction", Reason::Required))?;
        let verdict = (satisfaction, self.comment.as_str());
        resident::rate(db, desk, &self.lookup.at(ip, county), verdict, t).await
    }
}
