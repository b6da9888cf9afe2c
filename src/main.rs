//! The `escala` binary: parse the command line, start logging, hand over to
//! the command runners in `cli/`, and turn errors into a message and an
//! exit code.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tokio_util::sync::CancellationToken;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("ESCALA_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in a log file.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            cli::out::warn(format_args!("escala: cannot start the async runtime: {error}"));
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(async {
        let shutdown = CancellationToken::new();
        let on_signal = shutdown.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_signal.cancel();
            }
        });
        match cli::run(cli, shutdown).await {
            Ok(code) => code,
            Err(error) => {
                cli::out::warn(format_args!("escala: {}", cli::out::error_line(&error)));
                ExitCode::FAILURE
            }
        }
    });
    // A read of the terminal may still be blocked in its thread (Ctrl-C at
    // the chat prompt): do not wait for it to end.
    runtime.shutdown_timeout(Duration::from_millis(200));
    code
}
