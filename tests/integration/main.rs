//! Every integration test, in one binary: each links the whole app, so one
//! binary instead of one per file saves a link (and well over a gigabyte of
//! disk) per file. Each module is one area, tested over HTTP against the
//! Router that `partner-map serve` runs, on SQLite and, when
//! PARTNER_MAP_TEST_POSTGRES names a server (scripts/with-postgres.sh), on
//! PostgreSQL.

mod support;

mod access;
mod admin;
mod api;
mod calendar;
mod cli;
mod crash;
mod db;
mod deadlock;
mod deals;
mod forecast;
mod forms;
mod fuzz;
mod goals;
mod guard;
mod http;
mod import;
mod load;
mod mail;
mod page_cache;
mod progress;
mod reimport;
mod reminders;
mod reviews;
mod schema;
mod security;
mod shutdown;
mod slow_clients;
mod streams;
mod tasks;
