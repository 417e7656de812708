//! The `partner-map` binary: the command line, which by default serves the app.

/// See Cargo.toml: pages allocate heavily, and mimalloc keeps freed memory at hand.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Rendering a page nests deeply; 8 MiB per worker leaves room to spare.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(partner_map::server::cli::run()),
        Err(err) => {
            eprintln!("partner-map: cannot start: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
