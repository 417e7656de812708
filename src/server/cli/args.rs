//! The command line's words: every command, subcommand and flag as clap
//! reads them, with the help each one prints. `cli::run` acts on them.

use crate::model::PartnerId;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "partner-map",
    version,
    about = "Mutual Action Plans between solutions partners and their PDMs"
)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(super) command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// Serve the web app on LEPTOS_SITE_ADDR (default 127.0.0.1:3000). The default command.
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Manage partners.
    Partner {
        #[command(subcommand)]
        command: PartnerCommand,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Assign Partner Development Managers to partners.
    Pdm {
        #[command(subcommand)]
        command: PdmCommand,
    },
    /// A partner's deals: import a HubSpot export, export as CSV.
    Deals {
        #[command(subcommand)]
        command: DealsCommand,
    },
    /// The demo workspace.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Mail: check the settings (SMTP_URL, MAIL_FROM).
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// JSON API tokens, for automation (`/api/v1/`).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum TokenCommand {
    /// Make a token; prints its id, then the secret on the last line (shown
    /// this once: only its hash is kept).
    Create {
        /// The partner it is for.
        #[arg(
            long,
            required_unless_present = "all_partners",
            conflicts_with = "all_partners"
        )]
        partner: Option<PartnerId>,
        /// For every partner instead.
        #[arg(long)]
        all_partners: bool,
        /// What it is for, such as the system that will use it.
        #[arg(long)]
        name: String,
        /// Comma-separated: deals:read, deals:write, goals:read,
        /// progress:read, tasks:read, tasks:write.
        #[arg(long)]
        scopes: String,
        /// 30, 90 or 365 days, or `never`.
        #[arg(long, default_value = "90")]
        expires_days: String,
    },
    /// List the tokens not revoked (of one partner, or all).
    List {
        #[arg(long)]
        partner: Option<PartnerId>,
    },
    /// Revoke a token: it stops working at once.
    Revoke {
        #[arg(long)]
        id: crate::model::TokenId,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum MailCommand {
    /// Send one message to EMAIL through the configured transport, at once,
    /// and print the server's answer (exit 1 with its error otherwise).
    Test {
        #[arg(long)]
        to: String,
        /// The message's language.
        #[arg(long, value_enum, default_value = "en")]
        locale: LocaleArg,
    },
    /// Queue this week's digest at once, for everyone who receives digests
    /// (or one person), whatever their day; the running server sends it
    /// within 10 s.
    Digest {
        /// At once (the only way a digest is queued by hand).
        #[arg(long)]
        now: bool,
        #[arg(long)]
        user: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum PartnerCommand {
    /// Add a partner and print its id.
    Add {
        #[arg(long)]
        name: String,
        /// ISO 4217 code, such as USD or TWD.
        #[arg(long)]
        currency: String,
        /// IANA time zone, such as Asia/Taipei.
        #[arg(long)]
        time_zone: String,
    },
    /// Archive a partner: it leaves every switcher and portfolio and its
    /// members and PDMs can no longer open it; its data is kept.
    Archive {
        #[arg(long)]
        partner: PartnerId,
    },
    /// Restore an archived partner.
    Restore {
        #[arg(long)]
        partner: PartnerId,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum RoleArg {
    Member,
    Pdm,
    Admin,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum LocaleArg {
    En,
    #[value(name = "zh-TW")]
    ZhTw,
}

#[derive(Subcommand, Debug)]
pub(super) enum UserCommand {
    /// Add a user and print its id. The password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The partner a member belongs to (members only).
        #[arg(long)]
        partner: Option<PartnerId>,
        /// Read the password from standard input (required: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[arg(long, value_enum, default_value = "en")]
        locale: LocaleArg,
        #[arg(long, default_value = "UTC")]
        time_zone: String,
    },
    /// Deactivate a user: they cannot log in and every session of theirs ends.
    Deactivate {
        #[arg(long)]
        email: String,
    },
    /// Let a deactivated user log in again.
    Reactivate {
        #[arg(long)]
        email: String,
    },
    /// Give a user a new one-time password (printed, or read from standard
    /// input with --password-stdin) and end every session of theirs; they
    /// choose their own at their next login.
    ResetPassword {
        #[arg(long)]
        email: String,
        /// Read the one-time password from standard input instead of making one up.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum PdmCommand {
    /// Let a PDM see and edit a partner.
    Assign {
        /// The PDM's email.
        #[arg(long)]
        pdm: String,
        /// The partner's id.
        #[arg(long)]
        partner: PartnerId,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum KindArg {
    Sourced,
    Assisted,
}

/// What an import does with a deal changed in the app after the file's copy.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(super) enum NewerAppEdit {
    /// Keep the app's version (counted as kept).
    #[default]
    Keep,
    /// Take the file's version.
    Take,
}

#[derive(Subcommand, Debug)]
pub(super) enum DealsCommand {
    /// Import a HubSpot deals export (CSV). Prints `created N, updated N,
    /// unchanged N, kept N, rejected N`, then `line L: reason` per rejected row.
    Import {
        #[arg(long)]
        partner: PartnerId,
        file: std::path::PathBuf,
        /// Show what would happen; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The column that holds the MRR (its header).
        #[arg(long)]
        mrr_column: Option<String>,
        /// Every deal in the file is of this kind.
        #[arg(long, value_enum, conflicts_with = "kind_column")]
        kind: Option<KindArg>,
        /// The column whose values say Sourced or Assisted (its header).
        #[arg(long)]
        kind_column: Option<String>,
        /// The deal stage that means closed won (default "Closed Won").
        #[arg(long)]
        won: Option<String>,
        /// The deal stage that means closed lost (default "Closed Lost").
        #[arg(long)]
        lost: Option<String>,
        /// A deal changed in the app after the file's copy of it (after the
        /// file's Last Modified Date, or after its last import): keep the
        /// app's version, or take the file's.
        #[arg(long, value_enum, default_value = "keep")]
        on_newer_app_edit: NewerAppEdit,
    },
    /// Write the partner's deals to standard output as CSV (it imports back unchanged).
    Export {
        #[arg(long)]
        partner: PartnerId,
    },
}

#[derive(Subcommand, Debug)]
pub(super) enum DemoCommand {
    /// Fill the database with generated partners (one member each) and deals.
    Generate {
        #[arg(long)]
        partners: usize,
        #[arg(long)]
        deals_per_partner: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Create the demo workspace and print its logins (passwords are shown only now).
    Seed {
        /// Do nothing when the database already has partners or users.
        #[arg(long)]
        if_empty: bool,
        /// Also write the logins to this file (readable by its owner only), for `make run` to show again.
        #[arg(long)]
        save_logins: Option<std::path::PathBuf>,
    },
}
