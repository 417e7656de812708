//! `partner-map token create|list|revoke`: API tokens for automation, made
//! by the operator (recorded as the command line in the audit log). Output is
//! English, for logs and scripts; `create` prints the secret alone on its
//! last line, so `| tail -1` takes it.

use super::args::TokenCommand;
use super::open;
use crate::error::AppError;
use crate::model::api_token::read_stored_scopes;
use crate::model::Locale;
use crate::server::config::Config;
use crate::server::rest::tokens::{self, Maker, TokenRequest};
use crate::server::store::api_tokens::Listed;
use crate::server::store::partners;
use chrono::Utc;

pub(super) async fn run(config: &Config, command: TokenCommand) -> Result<(), String> {
    let db = open(config).await?;
    let said = |e: AppError| e.message(Locale::En);
    match command {
        TokenCommand::Create {
            partner,
            all_partners: _,
            name,
            scopes,
            expires_days,
        } => {
            if let Some(id) = partner {
                if !partners::exists(&db, id).await.map_err(|e| e.to_string())? {
                    return Err(format!("no partner has id {id}"));
                }
            }
            if crate::model::api_token::Lifetime::parse(&expires_days).is_none() {
                return Err(format!(
                    "--expires-days is 30, 90, 365 or never, not {expires_days}"
                ));
            }
            let request = TokenRequest {
                partner,
                name,
                scopes: scopes.split(',').map(str::to_string).collect(),
                lifetime: expires_days,
            };
            let made = tokens::create(&db, Maker::CommandLine, &request, Utc::now())
                .await
                .map_err(said)?;
            println!("{}", made.id);
            println!("{}", made.secret);
            Ok(())
        }
        TokenCommand::List { partner } => {
            let listed = partner.map_or(Listed::All, Listed::Partner);
            let rows = tokens::list(&db, listed).await.map_err(said)?;
            println!("id\tpartner\tname\tscopes\tcreated by\tlast used\texpires");
            for t in rows {
                let when = |at: Option<chrono::DateTime<Utc>>| {
                    at.map_or("-".to_string(), |at| {
                        at.format("%Y-%m-%d %H:%M").to_string()
                    })
                };
                let scopes = read_stored_scopes(&t.scopes)
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(",");
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}{}\t{}",
                    t.id,
                    t.partner_id.map_or("all".to_string(), |p| p.to_string()),
                    t.name,
                    scopes,
                    t.creator.as_deref().unwrap_or("command line"),
                    when(t.last_used_at),
                    t.last_used_addr
                        .map(|a| format!(" from {a}"))
                        .unwrap_or_default(),
                    t.expires_at
                        .map_or("never".to_string(), |at| at.date_naive().to_string()),
                );
            }
            Ok(())
        }
        TokenCommand::Revoke { id } => {
            tokens::revoke(&db, Maker::CommandLine, id, None, Utc::now())
                .await
                .map_err(|e| match e {
                    AppError::NotFound => format!("no active token has id {id}"),
                    other => said(other),
                })?;
            println!("token {id} revoked");
            Ok(())
        }
    }
}
