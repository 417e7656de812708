//! Server-only code: configuration, database, authentication, authorization,
//! form posts, background jobs and the HTTP assembly. Compiled with `ssr` only.

pub mod admin;
pub mod attempts;
pub mod auth;
pub mod authz;
pub mod cli;
pub mod config;
pub mod cookies;
pub mod db;
pub mod deal_files;
pub mod deals;
pub mod deals_cli;
pub mod demo;
pub mod demo_data;
pub mod edge;
pub mod errors;
pub mod forms;
pub mod goals;
pub mod http;
pub mod import;
pub mod island_scripts;
pub mod jobs;
pub mod login;
pub mod notifications;
pub mod password;
pub mod portfolio;
pub mod passwords;
pub mod progress;
pub mod reminders;
pub mod security;
pub mod serve;
pub mod session;
pub mod state;
pub mod static_files;
pub mod store;
pub mod views;
