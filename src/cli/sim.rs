//! `visitor-desk sim`: the simulator on its own, until Ctrl-C.

use std::time::Duration;

use aipix_sim::{PushShapes, SimConfig};

use super::args::SimArgs;
use super::failure::CliError;
use super::{output, text};

impl SimArgs {
    fn config(self) -> SimConfig {
        let defaults = SimConfig::default();
        SimConfig {
            users: if self.users.is_empty() {
                defaults.users.clone()
            } else {
                self.users
            },
            code_limit: self.code_limit,
            demo_data: !self.no_demo_data,
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
            ..defaults
        }
    }
}

pub async fn run(args: SimArgs) -> Result<(), CliError> {
    let listen = args.listen;
    let config = args.config();
    let users = config.users.clone();
    let sim = aipix_sim::start(config, listen)
        .await
        .map_err(|error| CliError::usage(error.to_string()))?;
    output::to_stdout(|out| writeln!(out, "{}", text::sim_listening(&sim.base_url(), &users)))?;
    sim.serve_until_interrupted()
        .await
        .map_err(|error| CliError::usage(error.to_string()))
}
