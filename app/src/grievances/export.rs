//! The grievance ledger (问题台账) as a spreadsheet: the caller's ledger with the page's
//! filters, newest first, streamed through `export_file` in keyset pages so a county's
//! hundred thousand cases never sit in memory. Phones stay masked. The export writes a
//! `ledger_export` audit row with its filters and row count before the file is handed out.

use super::categories;
use super::display::{mask_name, unit_names};
use super::entity::grievance;
use super::ledger::{self, Filter};
use crate::access::{Action, Actor};
use crate::audit::{self, AuditAction, Event, Outcome, Who};
use crate::error::AppError;
use crate::export_file::{Column, SheetWriter, Written};
use crate::format;
use crate::households::personal::mask_phone;
use crate::i18n::Locale;
use crate::tenancy::{Mode, Tx};
use sea_orm::{DatabaseConnection, QuerySelect};
use std::sync::Arc;
use uuid::Uuid;

/// Cases read per query.
const PAGE: u64 = 2_000;

/// An export that passed its checks.
#[derive(Clone, Debug)]
pub struct Prepared {
    filter: Filter,
    /// `grievances-YYYYMMDD.xlsx`.
    pub file_name: String,
    /// `问题台账-YYYYMMDD.xlsx`.
    pub label: String,
}

/// Checks the caller may export and see the ledger; refusals are audited.
pub async fn prepare(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: Filter,
) -> Result<Prepared, AppError> {
    for action in [Action::LedgerExport, Action::GrievancesView] {
        if let Err(e) = actor.decide(action, None).or_deny(action) {
            return Err(audit::denied(db, actor, e).await);
        }
    }
    // The filter's own checks (a place outside the county is "not found") run now.
    audit::guarded(db, actor, Mode::Read, async |tx| {
        ledger::filtered(tx, actor, &filter).await.map(|_| ())
    })
    .await?;
    let today = format::date(format::today()).replace('-', "");
    let t = Locale::ZhCn.texts();
    Ok(Prepared {
        filter,
        file_name: format!("grievances-{today}.xlsx"),
        label: format!("{}-{today}.xlsx", t.grievance_ledger_sheet()),
    })
}

fn columns() -> Vec<Column> {
    let t = Locale::ZhCn.texts();
    vec![
        Column::new(t.grievance_col_code(), 14.0, true),
        Column::new(t.grievance_col_received(), 18.0, false),
        Column::new(t.grievance_col_channel(), 10.0, false),
        Column::new(t.grievance_col_category(), 20.0, false),
        Column::new(t.grievance_col_place(), 16.0, false),
        Column::new(t.grievance_col_reporter(), 10.0, false),
        Column::new(t.grievance_col_phone(), 14.0, true),
        Column::new(t.grievance_col_description(), 50.0, false),
        Column::new(t.grievance_col_status(), 14.0, false),
        Column::new(t.grievance_col_urgency(), 8.0, false),
        Column::new(t.grievance_col_lead(), 16.0, false),
        Column::new(t.grievance_col_due(), 18.0, false),
        Column::new(t.grievance_col_reply(), 40.0, false),
        Column::new(t.grievance_col_satisfaction(), 10.0, false),
        Column::new(t.grievance_col_redo(), 8.0, false),
        Column::new(t.grievance_col_repeat(), 8.0, false),
        Column::new(t.grievance_col_overdue(), 8.0, false),
        Column::new(t.grievance_col_closed(), 18.0, false),
    ]
}

/// Writes the file (run in a task of its own; see `server::api::exports`).
pub async fn write(
    db: DatabaseConnection,
    actor: Arc<Actor>,
    prepared: Prepared,
) -> Result<Written, AppError> {
    let t = Locale::ZhCn.texts();
    let mut writer = SheetWriter::start(t.grievance_ledger_sheet(), columns());
    let mut before: Option<Uuid> = None;
    loop {
        let tx = Tx::begin(&db, &actor, Mode::Read).await?;
        let page = ledger::newest_first(&tx, &actor, &prepared.filter, before)
            .await?
            .limit(PAGE)
            .all(tx.conn())
            .await?;
        let rows = rows(&tx, &page).await?;
        drop(tx);
        writer.push(rows).await?;
        match page.last() {
            Some(last) if page.len() as u64 == PAGE => before = Some(last.id),
            _ => break,
        }
    }
    let written = writer.finish().await?;
    let tx = Tx::begin(&db, &actor, Mode::Write).await?;
    let event = Event::new(AuditAction::LedgerExport, Outcome::Success)
        .target("grievances", "ledger", prepared.label.clone())
        .detail(serde_json::json!({
            "ledger": "grievances",
            "rows": written.rows,
            "status": prepared.filter.status.map(|s| s.code()),
            "from": prepared.filter.from.map(format::date),
            "until": prepared.filter.until.map(format::date),
        }));
    audit::record(&tx, &Who::actor(&actor, &actor.ip), event).await?;
    tx.commit().await?;
    Ok(written)
}

async fn rows(tx: &Tx, page: &[grievance::Model]) -> Result<Vec<Vec<String>>, AppError> {
    let t = Locale::ZhCn.texts();
    let cats = categories::all(tx).await?;
    let names = unit_names(
        tx,
        page.iter()
            .flat_map(|g| std::iter::once(g.place_id).chain(g.lead_unit_id)),
    )
    .await?;
    let yes_no = |b: bool| if b { t.ledger_yes() } else { t.ledger_no() }.to_owned();
    Ok(page
        .iter()
        .map(|g| {
            let due = super::deadlines::running(g.status, g.accept_due, g.handle_due);
            vec![
                g.code.clone(),
                format::datetime(g.created_at),
                g.channel.label(t).to_owned(),
                categories::full_name(&cats, g.category_id),
                names.get(&g.place_id).cloned().unwrap_or_default(),
                mask_name(&g.reporter_name),
                g.reporter_phone
                    .as_deref()
                    .map(mask_phone)
                    .unwrap_or_default(),
                g.description.clone(),
                g.status.label(t).to_owned(),
                g.urgency.label(t).to_owned(),
                g.lead_unit_id
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_default(),
                due.map(format::datetime).unwrap_or_default(),
                g.reply.clone().unwrap_or_default(),
                g.satisfaction
                    .map(|s| s.label(t).to_owned())
                    .unwrap_or_default(),
                g.redo_count.to_string(),
                yes_no(g.repeat_of.is_some()),
                yes_no(g.alert == super::kinds::Alert::Overdue),
                g.closed_at.map(format::datetime).unwrap_or_default(),
            ]
        })
        .collect())
}
