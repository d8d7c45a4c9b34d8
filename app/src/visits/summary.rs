//! The cadre's own numbers for their home (`model::MySummary`): two grouped counts over the
//! cadre's tasks, found by the assignee index, so they cost what the cadre holds (tens to a
//! few hundred tasks), not what the county holds.

use super::entity::{campaign, task};
use super::kinds::{CampaignStatus, TaskKind, TaskStatus};
use super::model::{MyCampaign, MySummary};
use crate::access::Actor;
use crate::audit;
use crate::error::AppError;
use crate::tenancy::Mode;
use sea_orm::{
    ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn mine(db: &DatabaseConnection, actor: &Actor) -> Result<MySummary, AppError> {
    audit::guarded(db, actor, Mode::Read, async |tx| {
        let tasks = tx.select::<task::Entity>()?;
        let mine = || {
            tasks
                .clone()
                .select_only()
                .filter(task::Column::AssigneeId.eq(actor.user_id))
        };
        let by_kind: Vec<(String, i64)> = mine()
            .column(task::Column::Kind)
            .column_as(Expr::from(Func::count(Expr::col(task::Column::Id))), "n")
            .filter(task::Column::Status.eq(TaskStatus::Open.code()))
            .group_by(task::Column::Kind)
            .into_tuple()
            .all(tx.conn())
            .await?;
        let counted: HashMap<String, i64> = by_kind.into_iter().collect();
        let open = TaskKind::ALL
            .iter()
            .filter_map(|k| {
                let n = *counted.get(k.code())?;
                (n > 0).then_some((*k, n.unsigned_abs()))
            })
            .collect();
        // Campaign tasks are one per household; met is set once someone was met there.
        let by_campaign: Vec<(Option<Uuid>, i64, i64)> = mine()
            .column(task::Column::CampaignId)
            .column_as(Expr::from(Func::count(Expr::col(task::Column::Id))), "n")
            .column_as(Expr::cust("SUM(CASE WHEN met THEN 1 ELSE 0 END)"), "met")
            .filter(task::Column::Kind.eq(TaskKind::Campaign.code()))
            .filter(task::Column::Status.ne(TaskStatus::Cancelled.code()))
            .group_by(task::Column::CampaignId)
            .into_tuple()
            .all(tx.conn())
            .await?;
        let counts: HashMap<Uuid, (i64, i64)> = by_campaign
            .into_iter()
            .filter_map(|(c, n, met)| Some((c?, (n, met))))
            .collect();
        let campaigns = tx
            .select::<campaign::Entity>()?
            .filter(campaign::Column::Id.is_in(counts.keys().copied()))
            .filter(campaign::Column::Status.eq(CampaignStatus::Open.code()))
            .order_by_asc(campaign::Column::EndsOn)
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|c| {
                let (n, met) = counts.get(&c.id).copied().unwrap_or_default();
                MyCampaign {
                    id: c.id.to_string(),
                    name: c.name,
                    met: met.unsigned_abs(),
                    households: n.unsigned_abs(),
                }
            })
            .collect();
        Ok(MySummary { campaigns, open })
    })
    .await
}
