//! Reading an uploaded spreadsheet (xlsx or csv) into rows of trimmed strings, numbered as the
//! user sees them in Excel, with formula cells flagged so callers can refuse them per cell.
//!
//! The type is sniffed from the bytes, not trusted from the file name: clerks rename files,
//! and other systems export HTML or old `.xls` under any name.

use crate::i18n::Locale;
use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx, XlsxError};
use encoding_rs::{Encoding, GB18030};
use std::borrow::Cow;
use std::io::Cursor;

/// Refuse an xlsx whose parts declare more than this when unpacked (zip bombs). The zip reader
/// calamine uses stops at each part's declared size, so the declaration can be trusted. A
/// 50,000-row sheet unpacks to ~10 MB.
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;
/// Cells right of this column are ignored, so a stray cell at XFD1 cannot blow up every row.
const MAX_COLUMNS: usize = 256;

/// The first worksheet (or the CSV), from the header row down.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Header texts, trimmed. Trailing columns without a header are dropped, data included.
    pub headers: Vec<String>,
    /// The header's row number: the first non-empty row, normally 1.
    pub header_row: usize,
    /// Header columns (indexes into `headers`) that hold a formula.
    pub header_formulas: Vec<usize>,
    /// Non-empty data rows, in file order.
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The row number a user sees in Excel (the header is normally row 1). Empty rows are
    /// skipped but still counted, so numbers stay true to the file.
    pub number: usize,
    /// Trimmed cell texts, exactly one per header.
    pub cells: Vec<String>,
    /// Columns holding a formula (xlsx) or formula-like text (csv injection), ascending.
    pub formulas: Vec<usize>,
}

impl Row {
    /// The cell under `column`, or "" when there is none.
    pub fn get(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }

    pub fn has_formula(&self, column: usize) -> bool {
        self.formulas.contains(&column)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetError {
    #[error("unsupported file type")]
    UnsupportedType,
    /// Old binary `.xls`/WPS `.et`, a password-protected workbook (also an OLE file), or an
    /// HTML/XML "xls" export: all fixed by "save as .xlsx".
    #[error("legacy or encrypted Excel file")]
    LegacyXls,
    #[error("text encoding not recognised")]
    Encoding,
    #[error("xlsx unpacks to more than the limit")]
    TooLarge,
    /// A damaged file; the detail is for logs, not for the user.
    #[error("unreadable file: {0}")]
    Unreadable(String),
    #[error("workbook has no worksheet")]
    NoWorksheet,
    /// Nothing at all, or a header with no data rows under it.
    #[error("no data rows")]
    Empty,
    #[error("more than {limit} data rows")]
    TooManyRows { limit: usize },
}

impl SheetError {
    /// A message for the person who uploaded the file.
    pub fn describe(&self, locale: Locale) -> String {
        let zh = matches!(locale, Locale::ZhCn);
        match self {
            Self::UnsupportedType if zh => {
                "不支持此文件类型，请上传 Excel 工作簿（.xlsx）或 CSV 文件。".into()
            }
            Self::UnsupportedType => {
                "This file type is not supported. Please upload an Excel workbook (.xlsx) or a CSV file.".into()
            }
            Self::LegacyXls if zh => "这是旧版 Excel（.xls）、加密的或其他系统导出的表格，无法直接读取。\
                请用 Excel 或 WPS 打开，取消密码后“另存为”Excel 工作簿（.xlsx），再上传。"
                .into(),
            Self::LegacyXls => "This is an old-format (.xls), password-protected or exported spreadsheet. \
                Open it in Excel or WPS, remove any password, save it as an Excel workbook (.xlsx) and upload that."
                .into(),
            Self::Encoding if zh => "无法识别文件的文字编码。请在 Excel 中“另存为”Excel 工作簿（.xlsx）\
                或“CSV UTF-8（逗号分隔）”后再上传。"
                .into(),
            Self::Encoding => "The file's text encoding could not be recognised. Save it as an Excel \
                workbook (.xlsx) or as \"CSV UTF-8\" and upload again."
                .into(),
            Self::TooLarge if zh => "文件内容过大，请拆分成几个较小的文件分别导入。".into(),
            Self::TooLarge => "The file is too large. Please split it into smaller files.".into(),
            Self::Unreadable(_) if zh => {
                "文件已损坏或无法读取，请用 Excel 打开检查后重新保存再上传。".into()
            }
            Self::Unreadable(_) => {
                "The file is damaged or cannot be read. Open it in Excel, save it again and retry.".into()
            }
            Self::NoWorksheet if zh => "工作簿中没有工作表。".into(),
            Self::NoWorksheet => "The workbook contains no worksheet.".into(),
            Self::Empty if zh => {
                "文件中没有可导入的数据：第一行应为表头，数据从第二行开始填写。".into()
            }
            Self::Empty => {
                "The file has no data to import: the first row is the header, data starts on row 2.".into()
            }
            Self::TooManyRows { limit } if zh => {
                format!("数据超过 {limit} 行，请拆分成几个文件分别导入。")
            }
            Self::TooManyRows { limit } => {
                format!("More than {limit} data rows. Please split the file and import the parts separately.")
            }
        }
    }
}

/// Reads the first visible worksheet of an xlsx, or a CSV (UTF-8, UTF-8 with BOM, UTF-16
/// with BOM, or GB18030/GBK as saved by Excel in China; comma, tab or semicolon separated).
/// `filename` only refines the message for markup files posing as `.xls`.
pub fn read(filename: &str, bytes: &[u8], max_rows: usize) -> Result<Table, SheetError> {
    read_limited(filename, bytes, max_rows, MAX_XLSX_UNPACKED_BYTES)
}

/// `read`, with the limit on how far an xlsx may unpack set by the caller (sheets allowed
/// more rows need more room).
pub fn read_limited(
    filename: &str,
    bytes: &[u8],
    max_rows: usize,
    max_unpacked: u64,
) -> Result<Table, SheetError> {
    let mut table = Collector::new(max_rows);
    match sniff(filename, bytes)? {
        Kind::Xlsx => read_xlsx(bytes, max_unpacked, &mut table)?,
        Kind::Csv => read_csv(bytes, &mut table)?,
    }
    table.finish()
}

/// The index of the first header matching any of `names`, tried in order of preference.
/// Matching ignores case, all whitespace, `*` required-markers and one trailing note in
/// parentheses, so "类型（可选）", "Type (optional)" and "*区划代码" all match.
pub fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    let headers: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    names.iter().find_map(|name| {
        let name = normalize_header(name);
        headers.iter().position(|h| *h == name)
    })
}

fn normalize_header(header: &str) -> String {
    let s: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .flat_map(char::to_lowercase)
        .collect();
    if s.ends_with([')', '）'])
        && let Some(open) = s.rfind(['(', '（'])
        && open > 0
    {
        return s[..open].to_owned();
    }
    s
}

/// Trims what spreadsheets and copy-paste leave around values: whitespace including
/// full-width and no-break spaces, zero-width spaces and stray BOMs.
fn clean(cell: &str) -> &str {
    cell.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'))
}

enum Kind {
    Xlsx,
    Csv,
}

fn sniff(filename: &str, bytes: &[u8]) -> Result<Kind, SheetError> {
    const BINARY: [&[u8]; 10] = [
        b"%PDF",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"Rar!",
        b"\x1F\x8B",
        b"7z\xBC\xAF",
        b"RIFF",
        b"{\\rtf",
        b"PK\x05\x06", // an empty zip
    ];
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Kind::Xlsx);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(SheetError::LegacyXls);
    }
    if BINARY.iter().any(|magic| bytes.starts_with(magic)) {
        return Err(SheetError::UnsupportedType);
    }
    if Encoding::for_bom(bytes).is_none() && bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(SheetError::UnsupportedType);
    }
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if start.trim_ascii_start().starts_with(b"<") {
        // HTML tables and SpreadsheetML saved as ".xls" are common exports.
        let ext = filename
            .rsplit('.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        return Err(if matches!(ext.as_str(), "xls" | "xml" | "htm" | "html") {
            SheetError::LegacyXls
        } else {
            SheetError::UnsupportedType
        });
    }
    Ok(Kind::Csv)
}

/// Collects rows from either reader: finds the header, skips empty rows, enforces `max_rows`.
struct Collector {
    max_rows: usize,
    table: Table,
    header_seen: bool,
}

impl Collector {
    fn new(max_rows: usize) -> Self {
        Self {
            max_rows,
            table: Table::default(),
            header_seen: false,
        }
    }

    /// Columns that matter: all of them until the header is known, then the header's width.
    fn width(&self) -> usize {
        if self.header_seen {
            self.table.headers.len()
        } else {
            MAX_COLUMNS
        }
    }

    fn push(
        &mut self,
        number: usize,
        mut cells: Vec<String>,
        mut formulas: Vec<usize>,
    ) -> Result<(), SheetError> {
        let width = self.width();
        if self.header_seen {
            cells.resize(width, String::new());
        } else {
            cells.truncate(width);
        }
        formulas.retain(|&c| c < width);
        formulas.sort_unstable();
        formulas.dedup();
        if formulas.is_empty() && cells.iter().all(String::is_empty) {
            return Ok(());
        }
        if !self.header_seen {
            let used = cells
                .iter()
                .rposition(|c| !c.is_empty())
                .map_or(0, |i| i + 1);
            let used = used.max(formulas.last().map_or(0, |&c| c + 1));
            cells.truncate(used);
            self.table.headers = cells;
            self.table.header_row = number;
            self.table.header_formulas = formulas;
            self.header_seen = true;
            return Ok(());
        }
        if self.table.rows.len() >= self.max_rows {
            return Err(SheetError::TooManyRows {
                limit: self.max_rows,
            });
        }
        self.table.rows.push(Row {
            number,
            cells,
            formulas,
        });
        Ok(())
    }

    fn finish(self) -> Result<Table, SheetError> {
        if self.table.rows.is_empty() {
            return Err(SheetError::Empty);
        }
        Ok(self.table)
    }
}

// ---------------------------------------------------------------------------------- CSV --

fn read_csv(bytes: &[u8], table: &mut Collector) -> Result<(), SheetError> {
    let text = decode(bytes)?;
    if text.contains('\0') {
        return Err(SheetError::UnsupportedType);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    // The csv crate skips blank lines and its line count lags behind CR LF, so rows are
    // numbered by counting line breaks up to each record's first byte. A quoted cell that
    // spans lines is still one Excel row: breaks inside earlier records are subtracted.
    let bytes = text.as_bytes();
    let (mut counted_to, mut breaks, mut breaks_inside) = (0, 0, 0);
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Unreadable(e.to_string()))?;
        let from = record.position().map_or(0, |p| p.byte() as usize);
        let start = from
            + bytes[from..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        breaks += count_breaks(&bytes[counted_to..start]);
        counted_to = start;
        let number = 1 + breaks.saturating_sub(breaks_inside);
        breaks_inside += record
            .iter()
            .map(|f| count_breaks(f.as_bytes()))
            .sum::<usize>();
        let mut cells = Vec::with_capacity(record.len());
        let mut formulas = Vec::new();
        for (column, field) in record.iter().take(table.width()).enumerate() {
            let field = clean(field);
            if looks_like_formula(field) {
                formulas.push(column);
            }
            cells.push(field.to_owned());
        }
        table.push(number, cells, formulas)?;
    }
    Ok(())
}

/// Line breaks as Excel counts rows: CR LF, CR (classic Mac) and LF each end one.
fn count_breaks(bytes: &[u8]) -> usize {
    let lone_lf = |i: usize| bytes[i] == b'\n' && (i == 0 || bytes[i - 1] != b'\r');
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'\r' || lone_lf(i))
        .count()
}

/// UTF-8 unless a BOM says otherwise; invalid UTF-8 is taken for GB18030, a superset of the
/// GBK that Excel on Chinese Windows writes for "CSV (逗号分隔)".
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    let (text, had_errors) = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        encoding.decode_without_bom_handling(&bytes[bom..])
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), false)
    } else {
        GB18030.decode_without_bom_handling(bytes)
    };
    if had_errors {
        return Err(SheetError::Encoding);
    }
    Ok(text)
}

/// Tab when the first line has more tabs than commas (Excel's "Unicode text", copy-paste),
/// semicolon when it has only those (European Excel), comma otherwise.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c| first.matches(c).count();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// What Excel would evaluate when the CSV is opened (CSV injection): `=` followed by
/// anything, or `+ - @` followed by a letter or a parenthesis. "-", "-5" and "+86…" pass.
fn looks_like_formula(cell: &str) -> bool {
    let mut chars = cell.chars();
    match (chars.next(), chars.next()) {
        (Some('='), Some(_)) => true,
        (Some('+' | '-' | '@'), Some(next)) => next.is_alphabetic() || next == '(',
        _ => false,
    }
}

// --------------------------------------------------------------------------------- XLSX --

fn read_xlsx(bytes: &[u8], max_unpacked: u64, table: &mut Collector) -> Result<(), SheetError> {
    check_zip(bytes, max_unpacked)?;
    let unreadable = |e: XlsxError| SheetError::Unreadable(e.to_string());
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => SheetError::LegacyXls,
        e => unreadable(e),
    })?;
    let sheets = workbook.sheets_metadata();
    let is_worksheet = |s: &&calamine::Sheet| s.typ == SheetType::WorkSheet;
    let sheet = sheets
        .iter()
        .filter(is_worksheet)
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| sheets.iter().find(is_worksheet))
        .ok_or(SheetError::NoWorksheet)?
        .name
        .clone();
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(unreadable)?;
    // Cells stream row by row; gather one row at a time so `max_rows` stops the read early.
    let mut row: Option<(u32, Vec<String>, Vec<usize>)> = None;
    while let Some(cell) = cells
        .next_cell_with_formula_metadata()
        .map_err(unreadable)?
    {
        let (r, c) = (cell.pos.0, cell.pos.1 as usize);
        if row.as_ref().is_some_and(|(current, ..)| *current != r)
            && let Some((current, texts, formulas)) = row.take()
        {
            table.push(current as usize + 1, texts, formulas)?;
        }
        if c >= table.width() {
            continue;
        }
        let (_, texts, formulas) = row.get_or_insert_with(|| (r, Vec::new(), Vec::new()));
        if texts.len() <= c {
            texts.resize(c + 1, String::new());
        }
        texts[c] = clean(&cell_text(cell.value)).to_owned();
        if cell.formula.is_some() {
            formulas.push(c);
        }
    }
    if let Some((current, texts, formulas)) = row {
        table.push(current as usize + 1, texts, formulas)?;
    }
    Ok(())
}

/// Refuses zips that are not xlsx (docx, ods, xlsb…) and zip bombs, from the central
/// directory alone, before calamine inflates anything.
fn check_zip(bytes: &[u8], max_unpacked: u64) -> Result<(), SheetError> {
    let unreadable = |e: zip::result::ZipError| SheetError::Unreadable(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let is_xlsx = zip.index_for_name("xl/workbook.bin").is_none()
        && zip
            .file_names()
            .any(|n| n.is_ok_and(|n| n.starts_with("xl/")));
    if !is_xlsx {
        return Err(SheetError::UnsupportedType);
    }
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        unpacked = unpacked.saturating_add(zip.by_index_raw(i).map_err(unreadable)?.size());
    }
    if unpacked > max_unpacked {
        return Err(SheetError::TooLarge);
    }
    Ok(())
}

/// Cell values as a user would type them: integral numbers without ".0" (codes typed into
/// a General cell arrive as floats), dates as ISO text, booleans as Excel shows them.
fn cell_text(value: DataRef<'_>) -> Cow<'_, str> {
    match value {
        DataRef::Empty => Cow::Borrowed(""),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cow::Owned(s),
        DataRef::SharedString(s) => Cow::Borrowed(s),
        DataRef::Int(i) => Cow::Owned(i.to_string()),
        // f64's Display never uses exponents or ".0"; only "-0" needs help.
        DataRef::Float(0.0) => Cow::Borrowed("0"),
        DataRef::Float(f) => Cow::Owned(f.to_string()),
        DataRef::Bool(b) => Cow::Borrowed(if b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            let time = format!("{h:02}:{mi:02}:{s:02}");
            Cow::Owned(if dt.is_duration() || dt.as_f64() < 1.0 {
                time
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {time}")
            })
        }
        DataRef::Error(e) => Cow::Owned(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, Formula, Workbook};

    fn csv(text: &str) -> Result<Table, SheetError> {
        read("data.csv", text.as_bytes(), 100)
    }

    fn texts(table: &Table) -> Vec<(usize, Vec<&str>)> {
        table
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    fn xlsx(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut workbook = Workbook::new();
        build(workbook.add_worksheet());
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn csv_rows_are_trimmed_and_numbered_like_excel() {
        let table = csv(" 区划代码 ,名称\r\n130123100000, 正定镇\u{3000}\r\n\r\n,,\r\n130123100201,\"顺城关\n村\"\r\n130123100202,东关村\r\n").unwrap();
        assert_eq!(table.headers, ["区划代码", "名称"]);
        assert_eq!(table.header_row, 1);
        assert_eq!(
            texts(&table),
            [
                (2, vec!["130123100000", "正定镇"]),
                (5, vec!["130123100201", "顺城关\n村"]),
                (6, vec!["130123100202", "东关村"]),
            ]
        );
    }

    #[test]
    fn rows_are_padded_and_cut_to_the_header() {
        let table = csv("a,b,,\n1\n1,2,3,4\n,,9\n").unwrap();
        assert_eq!(table.headers, ["a", "b"]);
        assert_eq!(texts(&table), [(2, vec!["1", ""]), (3, vec!["1", "2"])]);
    }

    #[test]
    fn header_is_the_first_non_empty_row() {
        let table = csv("\n,\n代码,名称\n1,x\n").unwrap();
        assert_eq!(table.header_row, 3);
        assert_eq!(table.rows[0].number, 4);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let table = read("a.csv", "\u{feff}区划代码,名称\n1,正定镇\n".as_bytes(), 10).unwrap();
        assert_eq!(table.headers[0], "区划代码");
    }

    #[test]
    fn gbk_csv_from_chinese_excel_is_decoded() {
        let (bytes, _, _) = GB18030.encode("区划代码,名称\r\n130123100000,正定镇\r\n");
        assert!(std::str::from_utf8(&bytes).is_err());
        let table = read("乡镇.csv", &bytes, 10).unwrap();
        assert_eq!(table.headers, ["区划代码", "名称"]);
        assert_eq!(table.rows[0].cells, ["130123100000", "正定镇"]);
    }

    #[test]
    fn utf16_unicode_text_with_tabs_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "代码\t名称\r\n130123100000\t正定镇\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let table = read("a.txt", &bytes, 10).unwrap();
        assert_eq!(table.rows[0].cells, ["130123100000", "正定镇"]);
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(csv("a\tb\n1,5\t2\n").unwrap().rows[0].cells, ["1,5", "2"]);
        assert_eq!(csv("a;b\n1;2\n").unwrap().rows[0].cells, ["1", "2"]);
        assert_eq!(csv("a,b\n1;2,3\n").unwrap().rows[0].cells, ["1;2", "3"]);
    }

    #[test]
    fn classic_mac_line_ends_keep_row_numbers() {
        let table = csv("a,b\r1,2\r\r3,4\r").unwrap();
        assert_eq!(texts(&table), [(2, vec!["1", "2"]), (4, vec!["3", "4"])]);
    }

    #[test]
    fn csv_injection_counts_as_formula() {
        let table =
            csv("a,b\n=1+2,x\n+SUM(A1),-\n-5,@foo\n=HYPERLINK(\"x\"),+86 138\n-(1),=\n").unwrap();
        let formulas: Vec<_> = table.rows.iter().map(|r| r.formulas.clone()).collect();
        assert_eq!(formulas, [vec![0], vec![0], vec![1], vec![0], vec![0]]);
        assert!(table.rows[0].has_formula(0) && !table.rows[0].has_formula(1));
    }

    #[test]
    fn empty_and_header_only_files_are_empty() {
        for text in [
            "",
            "  \r\n",
            "\u{feff}",
            "区划代码,名称\n",
            "区划代码,名称\n,\n\n",
        ] {
            assert_eq!(csv(text), Err(SheetError::Empty), "{text:?}");
        }
        let header_only = xlsx(|ws| {
            ws.write(0, 0, "区划代码").unwrap();
        });
        assert_eq!(read("a.xlsx", &header_only, 10), Err(SheetError::Empty));
        assert_eq!(read("a.xlsx", &xlsx(|_| {}), 10), Err(SheetError::Empty));
    }

    #[test]
    fn too_many_rows_are_refused() {
        assert_eq!(
            read("a.csv", b"a\n1\n2\n3\n", 2),
            Err(SheetError::TooManyRows { limit: 2 })
        );
        assert_eq!(read("a.csv", b"a\n1\n\n\n2\n", 2).unwrap().rows.len(), 2);
        let big = xlsx(|ws| {
            for r in 0..=5u32 {
                ws.write(r, 0, r).unwrap();
            }
        });
        assert_eq!(
            read("a.xlsx", &big, 4),
            Err(SheetError::TooManyRows { limit: 4 })
        );
        assert_eq!(read("a.xlsx", &big, 5).unwrap().rows.len(), 5);
    }

    #[test]
    fn other_file_types_are_refused_by_content() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj";
        let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF";
        let binary = b"MZ\x90\0\x03\0\0\0";
        for bytes in [&png[..], pdf, jpeg, binary] {
            assert_eq!(
                read("data.csv", bytes, 10),
                Err(SheetError::UnsupportedType)
            );
        }
        let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";
        assert_eq!(read("data.xlsx", ole, 10), Err(SheetError::LegacyXls));
        let html = b"<html><table><tr><td>a</td></tr></table></html>";
        assert_eq!(read("export.xls", html, 10), Err(SheetError::LegacyXls));
        assert_eq!(read("page.csv", html, 10), Err(SheetError::UnsupportedType));
    }

    #[test]
    fn zips_that_are_not_xlsx_are_refused() {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut zip, b"<w:document/>").unwrap();
        zip.finish().unwrap();
        assert_eq!(
            read("a.docx", buf.get_ref(), 10),
            Err(SheetError::UnsupportedType)
        );
        assert!(matches!(
            read("a.xlsx", b"PK\x03\x04garbage", 10),
            Err(SheetError::Unreadable(_))
        ));
    }

    #[test]
    fn zip_bombs_are_refused_from_declared_sizes() {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        // Scaled down: a 2 MiB part against a 1 MiB limit (inflating 100 MiB in a debug
        // test would be slow); `read` passes MAX_XLSX_UNPACKED_BYTES.
        std::io::Write::write_all(&mut zip, &vec![b' '; 2 << 20]).unwrap();
        zip.finish().unwrap();
        assert!(buf.get_ref().len() < 64 << 10, "compresses well");
        assert_eq!(check_zip(buf.get_ref(), 1 << 20), Err(SheetError::TooLarge));
        assert_eq!(check_zip(buf.get_ref(), 4 << 20), Ok(()));
    }

    #[test]
    fn xlsx_numbers_strings_dates_and_bools_come_out_as_text() {
        let bytes = xlsx(|ws| {
            let date = Format::new().set_num_format("yyyy-mm-dd");
            ws.write(0, 0, "区划代码").unwrap();
            ws.write(0, 1, "名称").unwrap();
            ws.write(0, 2, "其他").unwrap();
            ws.write(1, 0, 130123001001.0).unwrap();
            ws.write(1, 1, "  正定镇 ").unwrap();
            ws.write(1, 2, 1.5).unwrap();
            ws.write(3, 0, "130123100201").unwrap();
            ws.write(3, 1, true).unwrap();
            ws.write_number_with_format(3, 2, 45658.0, &date).unwrap();
            ws.write(4, 0, -0.0).unwrap();
            ws.write(4, 5, "beyond the header").unwrap();
        });
        let table = read("a.xlsx", &bytes, 10).unwrap();
        assert_eq!(table.headers, ["区划代码", "名称", "其他"]);
        assert_eq!(
            texts(&table),
            [
                (2, vec!["130123001001", "正定镇", "1.5"]),
                (4, vec!["130123100201", "TRUE", "2025-01-01"]),
                (5, vec!["0", "", ""]),
            ]
        );
        assert!(table.rows.iter().all(|r| r.formulas.is_empty()));
    }

    #[test]
    fn xlsx_formulas_are_reported_per_cell() {
        let bytes = xlsx(|ws| {
            ws.write(0, 0, "区划代码").unwrap();
            ws.write(0, 1, "名称").unwrap();
            ws.write_formula(
                1,
                0,
                Formula::new("=130123100000+1").set_result("130123100001"),
            )
            .unwrap();
            ws.write(1, 1, "正定镇").unwrap();
            ws.write(2, 0, "130123100201").unwrap();
            ws.write_formula(2, 1, "=\"顺城关\"&\"村\"").unwrap();
            // A formula with an empty result still makes the row count.
            ws.write_formula(3, 1, Formula::new("=\"\"").set_result(""))
                .unwrap();
        });
        let table = read("a.xlsx", &bytes, 10).unwrap();
        let found: Vec<_> = table
            .rows
            .iter()
            .map(|r| (r.number, r.formulas.clone()))
            .collect();
        assert_eq!(found, [(2, vec![0]), (3, vec![1]), (4, vec![1])]);
        assert_eq!(table.rows[0].cells[0], "130123100001");
    }

    #[test]
    fn shared_formulas_from_fill_down_are_reported_on_every_cell() {
        // Excel stores a dragged-down formula once, on the first cell; rust_xlsxwriter never
        // writes that form, so rewrite its sheet XML into it.
        let bytes = xlsx(|ws| {
            ws.write(0, 0, "代码").unwrap();
            ws.write_formula(1, 0, "=1+1").unwrap();
            ws.write(2, 0, 5).unwrap();
        });
        let mut source = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..source.len() {
            let mut file = source.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                text = text
                    .replace("<f>1+1</f>", r#"<f t="shared" ref="A2:A3" si="0">1+1</f>"#)
                    .replace(
                        r#"<c r="A3"><v>5</v>"#,
                        r#"<c r="A3"><f t="shared" si="0"/><v>2</v>"#,
                    );
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut out, text.as_bytes()).unwrap();
        }
        let bytes = out.finish().unwrap().into_inner();
        let table = read("a.xlsx", &bytes, 10).unwrap();
        let found: Vec<_> = table
            .rows
            .iter()
            .map(|r| (r.number, r.formulas.clone()))
            .collect();
        assert_eq!(found, [(2, vec![0]), (3, vec![0])]);
    }

    #[test]
    fn the_first_visible_worksheet_is_read() {
        let mut workbook = Workbook::new();
        workbook
            .add_worksheet()
            .set_hidden(true)
            .write(0, 0, "hidden")
            .unwrap();
        let ws = workbook.add_worksheet().set_active(true);
        ws.write(0, 0, "代码").unwrap();
        ws.write(1, 0, "visible").unwrap();
        workbook.add_worksheet().write(0, 0, "third").unwrap();
        let table = read("a.xlsx", &workbook.save_to_buffer().unwrap(), 10).unwrap();
        assert_eq!(table.rows[0].cells, ["visible"]);
    }

    #[test]
    fn headers_match_aliases_loosely() {
        let headers: Vec<String> = ["*区划代码", "名 称", "类型（可选）", "Unit Code (optional)"]
            .map(String::from)
            .into();
        assert_eq!(column(&headers, &["区划代码", "code"]), Some(0));
        assert_eq!(column(&headers, &["名称"]), Some(1));
        assert_eq!(column(&headers, &["类型", "type"]), Some(2));
        assert_eq!(column(&headers, &["单位代码", "unit code"]), Some(3));
        assert_eq!(column(&headers, &["用户名"]), None);
        // Earlier names win over earlier columns.
        let headers: Vec<String> = ["代码", "区划代码"].map(String::from).into();
        assert_eq!(column(&headers, &["区划代码", "代码"]), Some(1));
        // A header that is only a note is not emptied.
        assert_eq!(column(&["(x)".to_owned()], &["(x)"]), Some(0));
    }

    #[test]
    fn every_error_is_described_in_both_languages() {
        let all = [
            SheetError::UnsupportedType,
            SheetError::LegacyXls,
            SheetError::Encoding,
            SheetError::TooLarge,
            SheetError::Unreadable("x".into()),
            SheetError::NoWorksheet,
            SheetError::Empty,
            SheetError::TooManyRows { limit: 5000 },
        ];
        for e in all {
            let (zh, en) = (e.describe(Locale::ZhCn), e.describe(Locale::En));
            assert!(zh.chars().any(|c| c > '\u{4e00}'), "{zh}");
            assert!(en.is_ascii(), "{en}");
        }
        assert!(
            SheetError::TooManyRows { limit: 5000 }
                .describe(Locale::ZhCn)
                .contains("5000")
        );
    }
}
