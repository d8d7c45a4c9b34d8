//! `minqing`: the one binary. `serve` (default), `migrate`, `seed --demo`.

use clap::{Parser, Subcommand};
use server::{config::Config, db, http, seed, telemetry};

#[derive(Parser)]
#[command(
    name = "minqing",
    version,
    about = "民情 Minqing: county mass work and public satisfaction"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations, then serve HTTP until Ctrl-C or SIGTERM (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database.
    Seed {
        /// A demo province: counties, townships, villages and departments.
        #[arg(long, required = true)]
        demo: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load()?;
    telemetry::init(&config);

    let database = db::connect(&config.database_url, config.db_max_connections).await?;
    db::migrate(&database).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => tracing::info!("migrations applied"),
        Command::Seed { demo: _ } => {
            let report = seed::demo(&database).await?;
            tracing::info!(
                counties_added = report.counties_added,
                org_units_added = report.org_units_added,
                "demo data seeded"
            );
        }
        Command::Serve => {
            let listener = tokio::net::TcpListener::bind(config.bind).await?;
            let url = format!("http://{}", listener.local_addr()?);
            tracing::info!(%url, database = %db::redact(&config.database_url), "Minqing is serving");
            println!("民情 Minqing: open {url}");
            http::run(
                listener,
                http::AppState::new(config, database),
                http::shutdown_signal(),
            )
            .await?;
        }
    }
    Ok(())
}
