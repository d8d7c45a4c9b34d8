//! HTTP integration tests: one binary, each test against a real server on port 0 with a fresh
//! database (SQLite by default; PostgreSQL when `TEST_DATABASE_URL` names a server).

mod access;
mod account_pages;
mod audit_pages;
mod backup;
mod console_pages;
mod counties;
mod crash;
mod denials;
mod detail_pages;
mod field_pages;
mod grievance_pages;
mod grievances;
mod health;
mod helpers;
mod household_import;
mod imports;
mod limits;
mod middleware;
mod pages;
mod public_grievances;
mod registry_pages;
mod rejections;
mod second_factor;
mod seed;
mod sign_in_storm;
mod tenancy;
mod tiers;
mod users_pages;
mod visits;
