//! `visitor-desk sim`: the simulator on its own (or several, `--servers N`), until Ctrl-C.

use std::time::Duration;

use aipix_sim::{PushShapes, SessionsShape, SimConfig};

use super::args::SimArgs;
use super::failure::CliError;
use super::{stdout, text};

impl SimArgs {
    fn config(&self) -> SimConfig {
        let defaults = SimConfig::default();
        let mut users = if self.users.is_empty() {
            defaults.users.clone()
        } else {
            self.users.clone()
        };
        users.extend(numbered_accounts(self.accounts));
        SimConfig {
            users,
            code_limit: self.code_limit,
            demo_data: !self.no_demo_data,
            extra_codes: self.codes_per_account,
            request_delay: Duration::from_millis(self.delay_ms),
            captcha: self.captcha,
            max_sessions: self.max_sessions,
            // Visitors ring now and then at the demo's doors (there are none without demo data).
            demo_calls: (!self.no_demo_data).then(aipix_sim::DemoCalls::default),
            pushes: if self.legacy_pushes {
                PushShapes::Legacy
            } else {
                PushShapes::Real
            },
            sparse: self.sparse,
            require_version: self.require_version.clone(),
            per_page_max: self.per_page_max,
            sessions_shape: if self.sessions_as_array {
                SessionsShape::BareArray
            } else {
                SessionsShape::Object
            },
            ..defaults
        }
    }
}

/// `--accounts N`: user1 … userN, each with its login as password.
fn numbered_accounts(count: usize) -> impl Iterator<Item = (String, String)> {
    (1..=count).map(|n| (format!("user{n}"), format!("user{n}")))
}

pub async fn run(args: SimArgs) -> Result<(), CliError> {
    let config = args.config();
    let named_users = config.users[..config.users.len() - args.accounts].to_vec();
    let sims = aipix_sim::start_many(&config, usize::from(args.servers), args.listen)
        .await
        .map_err(|error| CliError::usage(error.to_string()))?;
    let servers: Vec<(String, String)> = sims
        .iter()
        .enumerate()
        .map(|(site, sim)| (sim.base_url(), aipix_sim::site_name(site)))
        .collect();
    stdout::to_stdout(|out| {
        writeln!(
            out,
            "{}",
            text::sim_listening(&servers, &named_users, args.accounts)
        )
    })?;
    // Every interface, or another computer's address: say where it really listens, and what that exposes.
    if !args.listen.ip().is_loopback() {
        for sim in &sims {
            text::say(&text::sim_exposed(&sim.addr().to_string()));
        }
    }
    // Ctrl-C ends every server; one that stops by itself ends the others too.
    let result = tokio::select! {
        signal = tokio::signal::ctrl_c() => signal
            .map_err(|error| CliError::usage(aipix_sim::SimError::Signal(error).to_string())),
        () = any_stopped(&sims) => Ok(()),
    };
    for sim in &sims {
        sim.shutdown();
    }
    for sim in &sims {
        sim.stopped().await;
    }
    result
}

async fn any_stopped(sims: &[aipix_sim::SimHandle]) {
    let (stopped, mut first) = tokio::sync::mpsc::channel::<()>(1);
    for sim in sims {
        let (sim, stopped) = (sim.clone(), stopped.clone());
        tokio::spawn(async move {
            sim.stopped().await;
            let _ = stopped.send(()).await;
        });
    }
    first.recv().await;
}
