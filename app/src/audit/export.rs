//! The auditor's Excel export: every entry the viewer's filters match, newest first, with
//! Chinese headers and labels. The export is itself audited (`audit_export`, with the filters
//! and the row count), committed before the file is handed out: no export leaves unrecorded.

use super::model::AuditQuery;
use super::query::day;
use super::{AuditAction, Event, Outcome, Who, entity, list, record};
use crate::access::{Actor, Role};
use crate::error::AppError;
use crate::format::CHINA;
use crate::i18n::{Locale, Texts};
use crate::tenancy::{Mode, Tx};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};
use sea_orm::DatabaseConnection;
use time::OffsetDateTime;

/// Entries read per query while exporting.
const BATCH: u64 = 5_000;
/// At most this many entries go into one file (the whole workbook is built in memory); beyond
/// it the export stops at the oldest entry written and says so in its audit entry.
pub const MAX_ROWS: usize = 200_000;

/// A finished export.
pub struct Export {
    pub bytes: Vec<u8>,
    pub rows: usize,
    /// `audit-YYYYMMDD.xlsx`, the date in China time.
    pub filename: String,
}

/// Writes every entry matching `query` (ignoring its page position) into a workbook and
/// records the export. Callers other than the auditor are refused, and that is audited.
pub async fn export(
    db: &DatabaseConnection,
    actor: &Actor,
    query: &AuditQuery,
) -> Result<Export, AppError> {
    let mut filter = query.filter(BATCH);
    filter.before = None;
    let mut sheet = Sheet::new(Locale::ZhCn.texts()).map_err(internal)?;
    let mut truncated = false;
    loop {
        let page = list(db, actor, &filter).await?;
        for row in &page.rows {
            if sheet.rows == MAX_ROWS {
                truncated = true;
                break;
            }
            sheet.push(row).map_err(internal)?;
        }
        match page.next {
            Some(next) if !truncated => filter.before = Some(next),
            _ => break,
        }
    }
    let rows = sheet.rows;
    let bytes = tokio::task::spawn_blocking(move || sheet.finish())
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(internal)?;

    let mut used = serde_json::Map::new();
    for (key, value) in [
        ("from", day(&query.from).map(|d| d.to_string())),
        ("until", day(&query.until).map(|d| d.to_string())),
        ("actor", filter.actor.clone()),
        ("action", filter.action.map(|a| a.code().to_owned())),
        ("outcome", filter.outcome.map(|o| o.code().to_owned())),
    ] {
        if let Some(value) = value {
            used.insert(key.into(), value.into());
        }
    }
    let event = Event::new(AuditAction::AuditExport, Outcome::Success)
        .detail(serde_json::json!({ "filter": used, "rows": rows, "truncated": truncated }));
    let tx = Tx::begin(db, actor, Mode::Write).await?;
    record(&tx, &Who::actor(actor, &actor.ip), event).await?;
    tx.commit().await?;

    let today = OffsetDateTime::now_utc().to_offset(CHINA).date();
    Ok(Export {
        bytes,
        rows,
        filename: format!(
            "audit-{:04}{:02}{:02}.xlsx",
            today.year(),
            u8::from(today.month()),
            today.day()
        ),
    })
}

fn internal(e: XlsxError) -> AppError {
    AppError::Internal(format!("audit export: {e}"))
}

/// The workbook being filled, one entry per row under a header row.
struct Sheet {
    workbook: Workbook,
    t: Texts,
    rows: usize,
}

impl Sheet {
    fn new(t: Texts) -> Result<Sheet, XlsxError> {
        let header = Format::new()
            .set_bold()
            .set_background_color(0xDDEBF7)
            .set_border_bottom(FormatBorder::Thin);
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name(t.audit_sheet())?;
        let columns = [
            (t.audit_col_seq(), 8.0),
            (t.audit_col_time(), 18.0),
            (t.audit_col_actor(), 14.0),
            (t.audit_col_role(), 14.0),
            (t.audit_col_action(), 18.0),
            (t.audit_col_target_kind(), 10.0),
            (t.audit_col_target(), 24.0),
            (t.audit_col_outcome(), 8.0),
            (t.audit_col_ip(), 16.0),
            (t.audit_col_detail(), 40.0),
            (t.audit_col_hash(), 20.0),
        ];
        for (c, (title, width)) in (0u16..).zip(columns) {
            sheet.set_column_width(c, width)?;
            sheet.write_string_with_format(0, c, title, &header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Sheet {
            workbook,
            t,
            rows: 0,
        })
    }

    fn worksheet(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.workbook.worksheet_from_index(0)
    }

    fn push(&mut self, row: &entity::Model) -> Result<(), XlsxError> {
        let t = self.t;
        let r = u32::try_from(self.rows + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        let role = row
            .actor_role
            .as_deref()
            .map(|code| Role::from_code(code).map_or(code, |role| role.label(t)))
            .unwrap_or_default();
        let action =
            AuditAction::from_code(&row.action).map_or(row.action.as_str(), |a| a.label(t));
        let outcome = Outcome::from_code(&row.outcome).map_or(row.outcome.as_str(), |o| o.label(t));
        let at = row.at.to_offset(CHINA);
        let time = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        );
        let sheet = self.worksheet()?;
        // Strings stay strings: a value that looks like a formula is never evaluated.
        sheet.write_number(r, 0, row.seq as f64)?;
        let cells = [
            time.as_str(),
            &row.actor_name,
            role,
            action,
            row.target_kind.as_deref().unwrap_or_default(),
            &row.target_label,
            outcome,
            &row.ip,
            &row.detail,
            &row.hash,
        ];
        for (c, value) in (1u16..).zip(cells) {
            if !value.is_empty() {
                sheet.write_string(r, c, value)?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        if self.rows > 0 {
            let last = u32::try_from(self.rows).map_err(|_| XlsxError::RowColumnLimitError)?;
            self.worksheet()?.autofilter(0, 0, last, 10)?;
        }
        self.workbook.save_to_buffer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_whole_china_days() {
        let query = AuditQuery {
            from: "2026-03-01".into(),
            until: "2026-03-01".into(),
            ..AuditQuery::default()
        };
        let filter = query.filter(10);
        let from = filter.from.expect("from");
        let until = filter.until.expect("until");
        assert_eq!(from, time::macros::datetime!(2026-02-28 16:00 UTC));
        assert_eq!(until, time::macros::datetime!(2026-03-01 16:00 UTC));
    }

    #[test]
    fn what_does_not_parse_filters_nothing() {
        let query = AuditQuery {
            from: "yesterday".into(),
            until: "2026-02-30".into(),
            actor: "  ".into(),
            action: "drop_table".into(),
            outcome: "maybe".into(),
            before: "x".into(),
        };
        let filter = query.filter(10);
        assert!(filter.from.is_none() && filter.until.is_none());
        assert!(filter.actor.is_none() && filter.action.is_none());
        assert!(filter.outcome.is_none() && filter.before.is_none());
    }

    #[test]
    fn the_sheet_is_an_xlsx_with_chinese_headers() {
        let mut sheet = Sheet::new(Locale::ZhCn.texts()).expect("sheet");
        let row = entity::Model {
            county_id: None,
            id: uuid::Uuid::nil(),
            seq: 7,
            at: time::macros::datetime!(2026-03-01 16:30 UTC),
            actor_id: None,
            actor_name: "admin".into(),
            actor_role: Some("county_admin".into()),
            action: "user_create".into(),
            target_kind: Some("user".into()),
            target_id: None,
            target_label: "=HYPERLINK(\"x\")".into(),
            outcome: "success".into(),
            ip: "127.0.0.1".into(),
            detail: "{}".into(),
            prev_hash: String::new(),
            hash: "abc".into(),
        };
        sheet.push(&row).expect("row");
        let bytes = sheet.finish().expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
        let table = crate::sheet::read("audit.xlsx", &bytes, 10).expect("readable");
        assert_eq!(table.headers[1], "时间");
        let cells = &table.rows[0].cells;
        assert_eq!(cells[1], "2026-03-02 00:30:00");
        assert_eq!(cells[3], "县级管理员");
        assert_eq!(cells[4], "新建用户");
        assert!(table.rows[0].formulas.is_empty(), "no formula was written");
    }
}
