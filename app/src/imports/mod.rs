//! Bulk imports from spreadsheets: `sheet` turns an upload into a [`sheet::Table`] of trimmed
//! strings; the `*_import` modules validate a table against the county's current data and
//! return either a complete plan or every problem, row by row; `template` writes the blank
//! sheets users download. All pure: no I/O, no database.

pub mod department_import;
pub mod org_import;
pub mod problem;
pub mod sheet;
pub mod template;
pub mod user_import;
