//! The command line of the `partner-map` binary. Every command honours
//! `DATABASE_URL`; `serve` (the default, in `server::app::serve`) listens on `LEPTOS_SITE_ADDR`.

mod args;
pub mod deals;
mod tokens;

use crate::model::{DealKind, Locale, Role};
use crate::server::admin::{self, Actor, UserInput};
use crate::server::app::{self, serve};
use crate::server::config::Config;
use crate::server::db::Db;
use crate::server::demo;
use args::*;
use clap::Parser;
use std::io::Read;
use std::process::ExitCode;

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(message) => return fail(&message),
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::serve(config).await,
        Command::Migrate => open(&config)
            .await
            .map(|_| println!("database is up to date")),
        Command::Partner {
            command:
                PartnerCommand::Add {
                    name,
                    currency,
                    time_zone,
                },
        } => {
            async {
                let db = open(&config).await?;
                let id = admin::add_partner(&db, &name, &currency, &time_zone)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("{id}");
                Ok(())
            }
            .await
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    name,
                    role,
                    partner,
                    password_stdin: _,
                    locale,
                    time_zone,
                },
        } => {
            async {
                let mut password = String::new();
                std::io::stdin()
                    .read_to_string(&mut password)
                    .map_err(|e| format!("cannot read the password: {e}"))?;
                let password = password.trim_end_matches(['\r', '\n']);
                let db = open(&config).await?;
                let role = match role {
                    RoleArg::Member => Role::Member,
                    RoleArg::Pdm => Role::Pdm,
                    RoleArg::Admin => Role::Admin,
                };
                let locale = match locale {
                    LocaleArg::En => Locale::En,
                    LocaleArg::ZhTw => Locale::ZhTw,
                };
                let input = UserInput {
                    email: &email,
                    name: &name,
                    role,
                    partner_id: partner,
                    password,
                    locale,
                    time_zone: &time_zone,
                };
                let id = admin::add_user(&db, input)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("{id}");
                Ok(())
            }
            .await
        }
        Command::Partner {
            command: PartnerCommand::Archive { partner },
        } => {
            async {
                let db = open(&config).await?;
                admin::set_partner_archived(&db, &Actor::CommandLine, partner, true)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("partner {partner} is archived");
                Ok(())
            }
            .await
        }
        Command::Partner {
            command: PartnerCommand::Restore { partner },
        } => {
            async {
                let db = open(&config).await?;
                admin::set_partner_archived(&db, &Actor::CommandLine, partner, false)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("partner {partner} is restored");
                Ok(())
            }
            .await
        }
        Command::User {
            command: UserCommand::Deactivate { email },
        } => user_active(&config, &email, false).await,
        Command::User {
            command: UserCommand::Reactivate { email },
        } => user_active(&config, &email, true).await,
        Command::User {
            command:
                UserCommand::ResetPassword {
                    email,
                    password_stdin,
                },
        } => {
            async {
                let typed = if password_stdin {
                    let mut password = String::new();
                    std::io::stdin()
                        .read_to_string(&mut password)
                        .map_err(|e| format!("cannot read the password: {e}"))?;
                    Some(password.trim_end_matches(['\r', '\n']).to_string())
                } else {
                    None
                };
                let db = open(&config).await?;
                let id = admin::user_id_by_email(&db, &email)
                    .await
                    .map_err(|e| e.to_string())?;
                let password =
                    admin::reset_password(&db, &Actor::CommandLine, id, typed.as_deref())
                        .await
                        .map_err(|e| e.to_string())?;
                if typed.is_none() {
                    println!("{password}");
                }
                eprintln!("{email} must choose a new password at their next login; every session of theirs has ended");
                Ok(())
            }
            .await
        }
        Command::Pdm {
            command: PdmCommand::Assign { pdm, partner },
        } => {
            async {
                let db = open(&config).await?;
                admin::assign_pdm(&db, &pdm, partner)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("{pdm} now manages partner {partner}");
                Ok(())
            }
            .await
        }
        Command::Deals { command } => deals_command(&config, command).await,
        Command::Token { command } => tokens::run(&config, command).await,
        Command::Mail {
            command: MailCommand::Digest { now, user },
        } => {
            async {
                if !now {
                    return Err("mail digest queues at once: say so with --now".to_string());
                }
                let db = open(&config).await?;
                let user = match user {
                    Some(email) => Some(
                        admin::user_id_by_email(&db, &email)
                            .await
                            .map_err(|e| e.to_string())?,
                    ),
                    None => None,
                };
                let queued = crate::server::mail::digest::queue_now(&db, user, chrono::Utc::now())
                    .await
                    .map_err(|e| format!("cannot queue the digest: {e}"))?;
                println!("queued {queued} digests; the running server sends them within 10 s");
                Ok(())
            }
            .await
        }
        Command::Mail {
            command: MailCommand::Test { to, locale },
        } => {
            async {
                let mailer = crate::server::mail::Mailer::new(&config)?;
                let locale = match locale {
                    LocaleArg::En => Locale::En,
                    LocaleArg::ZhTw => Locale::ZhTw,
                };
                eprintln!("sending a test message to {to} through {}", mailer.transport.describe());
                let answer = mailer
                    .send_test(&to, locale)
                    .await
                    .map_err(|failure| format!("not sent: {}", failure.reason()))?;
                println!("{answer}");
                Ok(())
            }
            .await
        }
        Command::Demo {
            command:
                DemoCommand::Generate {
                    partners,
                    deals_per_partner,
                    seed,
                },
        } => {
            async {
                let db = open(&config).await?;
                let started = std::time::Instant::now();
                let made = demo::data::generate(&db, partners, deals_per_partner, seed).await?;
                println!(
                    "generated {} partners and {} deals in {:.1} s; every generated member's password: {}",
                    made.partners,
                    made.deals,
                    started.elapsed().as_secs_f64(),
                    made.password
                );
                Ok(())
            }
            .await
        }
        Command::Demo {
            command:
                DemoCommand::Seed {
                    if_empty,
                    save_logins,
                },
        } => seed_demo(&config, if_empty, save_logins.as_deref()).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

async fn deals_command(config: &Config, command: DealsCommand) -> Result<(), String> {
    let db = open(config).await?;
    match command {
        DealsCommand::Import {
            partner,
            file,
            dry_run,
            mrr_column,
            kind,
            kind_column,
            won,
            lost,
            on_newer_app_edit,
        } => {
            let flags = deals::MappingFlags {
                mrr_column,
                kind: kind.map(|k| match k {
                    KindArg::Sourced => DealKind::Sourced,
                    KindArg::Assisted => DealKind::Assisted,
                }),
                kind_column,
                won,
                lost,
            };
            let take = matches!(on_newer_app_edit, NewerAppEdit::Take);
            deals::import(&db, partner, &file, dry_run, flags, take).await
        }
        DealsCommand::Export { partner } => deals::export(&db, partner).await,
    }
}

async fn user_active(config: &Config, email: &str, active: bool) -> Result<(), String> {
    let db = open(config).await?;
    let id = admin::user_id_by_email(&db, email)
        .await
        .map_err(|e| e.to_string())?;
    admin::set_user_active(&db, &Actor::CommandLine, id, active)
        .await
        .map_err(|e| e.to_string())?;
    if active {
        println!("{email} is reactivated");
    } else {
        println!("{email} is deactivated; every session of theirs has ended");
    }
    Ok(())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("partner-map: {message}");
    ExitCode::FAILURE
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|f| f == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn open(config: &Config) -> Result<Db, String> {
    Ok(app::connect(config.clone()).await?.db)
}

async fn seed_demo(
    config: &Config,
    if_empty: bool,
    save_logins: Option<&std::path::Path>,
) -> Result<(), String> {
    let db = open(config).await?;
    if !demo::is_empty(&db).await.map_err(|e| e.to_string())? {
        if if_empty {
            println!("The database already has data; the demo workspace was not created again.");
            return Ok(());
        }
        return Err(
            "the database already has partners or users; demo seed needs an empty database".into(),
        );
    }
    let logins = demo::seed(&db).await.map_err(|e| e.to_string())?;
    let mut text = String::from("Demo logins (email, password, role):\n");
    for login in &logins {
        let partner = login
            .partner
            .map(|p| format!(" of {p}"))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {:<40} {}   ({}{partner})\n",
            login.email,
            login.password,
            login.role.as_str()
        ));
    }
    print!("Demo workspace created. {text}");
    if let Some(path) = save_logins {
        write_private(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Writes a file only its owner can read: it holds passwords.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}
