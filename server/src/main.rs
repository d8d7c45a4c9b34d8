//! `minqing`: the one binary. `serve` (default), `migrate`, `seed --demo`, `generate`.

use clap::{Parser, Subcommand};
use server::{config::Config, db, jobs, seed, startup, state, telemetry};

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
        /// A demo province: counties, townships, villages, departments and demo accounts.
        #[arg(long, required = true)]
        demo: bool,
    },
    /// Add a generated county's worth of data to an existing county, for benchmarks: townships,
    /// villages, cadres (password as in the demo), households with members, a county-wide
    /// campaign and its visits, with tasks and coverage as recording them would have left them.
    Generate {
        /// The county's six-digit division code (`seed --demo` makes 130123).
        #[arg(long, default_value = "130123")]
        county: String,
        #[arg(long, default_value_t = 300_000)]
        households: usize,
        #[arg(long, default_value_t = 1_000_000)]
        visits: usize,
        #[arg(long, default_value_t = 30)]
        villages_per_township: usize,
        #[arg(long, default_value_t = 500)]
        households_per_village: usize,
        /// The same seed generates the same county.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Add a year of generated grievances to an existing county, for benchmarks: cases at every
    /// stage with their handling units, timelines and the statistics rollup.
    GenerateGrievances {
        #[arg(long, default_value = "130123")]
        county: String,
        #[arg(long, default_value_t = 1_000_000)]
        grievances: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Run the grievance deadline job once (serving runs it every five minutes) and print
    /// what it found and how long it took.
    Deadlines,
    /// Create a platform operator account. The password comes from MINQING_ADMIN_PASSWORD or
    /// the first line of standard input.
    CreatePlatformAdmin {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "平台运营")]
        display_name: String,
        /// Create a province viewer (aggregates only) instead of an operator.
        #[arg(long)]
        province_viewer: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load()?;
    telemetry::init(&config);

    // Migrations and seeding run as the owner of the tables; serving runs as the app role.
    let owner = db::connect(config.owner_url(), 2).await?;
    db::migrate(&owner).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => tracing::info!("migrations applied"),
        Command::Seed { demo: _ } => {
            let report = seed::demo(&owner).await?;
            tracing::info!(
                counties_added = report.counties_added,
                org_units_added = report.org_units_added,
                accounts_added = report.accounts_added,
                households_added = report.households_added,
                grievances_added = report.grievances_added,
                "demo data seeded"
            );
        }
        Command::Generate {
            county,
            households,
            visits,
            villages_per_township,
            households_per_village,
            seed,
        } => {
            let scale = seed::Scale {
                county,
                households,
                visits,
                villages_per_township,
                households_per_village,
                seed,
            };
            // One connection, so the generator's per-connection settings hold for all of it.
            let conn = db::connect(config.owner_url(), 1).await?;
            seed::generate(&conn, &scale).await?.print();
        }
        Command::GenerateGrievances {
            county,
            grievances,
            seed,
        } => {
            let conn = db::connect(config.owner_url(), 1).await?;
            seed::generate_grievances::generate(&conn, &county, grievances, seed)
                .await?
                .print();
        }
        Command::Deadlines => {
            owner.close().await.ok();
            let database = db::connect(&config.database_url, 2).await?;
            let started = std::time::Instant::now();
            let report =
                app::grievances::deadline_job::run(&database, time::OffsetDateTime::now_utc())
                    .await?;
            println!(
                "deadline job: {} counties, {} newly due soon, {} newly overdue, took {:.2} s",
                report.counties,
                report.due_soon,
                report.overdue,
                started.elapsed().as_secs_f64()
            );
        }
        Command::CreatePlatformAdmin {
            username,
            display_name,
            province_viewer,
        } => {
            let password = match std::env::var("MINQING_ADMIN_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let username = app::users::username(&username)
                .map_err(|_| anyhow::anyhow!("usernames are 3–32 of a-z 0-9 . _ -"))?;
            if app::auth::password::check_strength("password", &password, &username).is_err() {
                anyhow::bail!("the password needs 8–64 characters with letters and digits");
            }
            let role = if province_viewer {
                app::access::Role::ProvinceViewer
            } else {
                app::access::Role::PlatformAdmin
            };
            let hash = app::auth::password::hash(password).await?;
            if seed::platform_account(&owner, &username, &display_name, role, &hash).await? {
                println!("created {} {username}", role.code());
            } else {
                anyhow::bail!("an account named {username} already exists");
            }
        }
        Command::Serve => {
            owner.close().await.ok();
            let database = db::connect(&config.database_url, config.db_max_connections).await?;
            let listener = tokio::net::TcpListener::bind(config.bind).await?;
            let url = format!("http://{}", listener.local_addr()?);
            tracing::info!(%url, database = %db::redact(&config.database_url), "Minqing is serving");
            println!("民情 Minqing: open {url}");
            jobs::spawn_deadlines(database.clone());
            startup::run(
                listener,
                state::AppState::new(config, database)?,
                startup::shutdown_signal(),
            )
            .await?;
        }
    }
    Ok(())
}
