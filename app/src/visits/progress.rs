//! The campaign rollup (`campaign_progress`): counts per campaign × village × assignee, changed
//! in the same transaction as the tasks they count, so coverage pages sum a few hundred rows
//! instead of counting a campaign's tasks.

use super::entity::progress;
use crate::error::AppError;
use crate::tenancy::Tx;
use sea_orm::{
    EntityTrait,
    sea_query::{Alias, Expr, ExprTrait, OnConflict},
};
use uuid::Uuid;

/// Changes to add to one row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delta {
    pub target: i32,
    pub visited: i32,
    pub met: i32,
    pub follow_ups: i32,
}

impl Delta {
    pub fn negate(self) -> Delta {
        Delta {
            target: -self.target,
            visited: -self.visited,
            met: -self.met,
            follow_ups: -self.follow_ups,
        }
    }

    fn is_zero(self) -> bool {
        self == Delta::default()
    }
}

/// Where a task is counted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub campaign: Uuid,
    pub unit: Uuid,
    pub path: String,
    pub assignee: Option<Uuid>,
}

pub async fn bump(tx: &Tx, key: &Key, delta: Delta) -> Result<(), AppError> {
    if delta.is_zero() {
        return Ok(());
    }
    let county = tx.require_county()?;
    let row = progress::Model {
        county_id: county,
        campaign_id: key.campaign,
        org_unit_id: key.unit,
        assignee_key: key.assignee.unwrap_or(Uuid::nil()),
        path: key.path.clone(),
        target: delta.target,
        visited: delta.visited,
        met: delta.met,
        follow_ups: delta.follow_ups,
    };
    let add = |col: progress::Column| {
        (
            col,
            Expr::col((progress::Entity, col)).add(Expr::col((Alias::new("excluded"), col))),
        )
    };
    progress::Entity::insert(progress::ActiveModel::from(row))
        .on_conflict(
            OnConflict::columns([
                progress::Column::CampaignId,
                progress::Column::OrgUnitId,
                progress::Column::AssigneeKey,
            ])
            .values([
                add(progress::Column::Target),
                add(progress::Column::Visited),
                add(progress::Column::Met),
                add(progress::Column::FollowUps),
            ])
            .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}
