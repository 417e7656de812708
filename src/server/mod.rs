//! Server-only code: configuration, database, authentication, authorization and
//! the HTTP assembly. Compiled with the `ssr` feature only.

pub mod admin;
pub mod auth;
pub mod authz;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod edge;
pub mod errors;
pub mod http;
pub mod login;
pub mod security;
pub mod session;
pub mod state;
pub mod static_files;
pub mod store;
pub mod views;
