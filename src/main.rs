//! The `partner-map` binary: the command line, which by default serves the app.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    partner_map::server::cli::run().await
}
