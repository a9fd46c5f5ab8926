//! Bringing the window to the front when a later launch hands over to it: asked of the window system at once;
//! when the window still has not got the focus a second later (a desktop that prevents focus stealing), a
//! notification says that it is open, for the user to click. What the launch asked (another server or login) fills
//! the sign-in form while nobody is signed in, when the user has typed nothing into it (else the form asks).

use chrono::{DateTime, TimeDelta, Utc};

use crate::desktop::alerts::Alert;
use crate::messages::Command;

/// How long the window may take to come to the front before the desktop is taken to have refused.
pub const COMING_FORWARD: TimeDelta = TimeDelta::seconds(1);

/// A request for the front under way.
#[derive(Debug, Default)]
pub struct Raise {
    since: Option<DateTime<Utc>>,
}

impl Raise {
    /// Asks for the front.
    pub fn start(&mut self, ctx: &egui::Context, now: DateTime<Utc>) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
        ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        self.since = Some(now);
    }

    /// Once the window has the focus, done; a second without it: the notification, for `account`.
    pub fn follow(
        &mut self,
        ctx: &egui::Context,
        now: DateTime<Utc>,
        account: &str,
    ) -> Option<Command> {
        let since = self.since?;
        if ctx.input(|input| input.viewport().focused) == Some(true) {
            self.since = None;
            return None;
        }
        if now - since < COMING_FORWARD {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return None;
        }
        self.since = None;
        tracing::info!("the desktop did not bring the window forward");
        Some(Command::Notify(Box::new(Alert::AlreadyOpen {
            account: account.to_owned(),
        })))
    }
}

/// The server and login a launch named (`--server URL`, `--login NAME`, or with `=`).
pub fn account_in(args: &[String]) -> (Option<String>, Option<String>) {
    let mut found = (None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let slot = match name {
            "--server" => &mut found.0,
            "--login" => &mut found.1,
            _ => continue,
        };
        *slot = inline.or_else(|| args.next().cloned());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launchs_account_is_read_either_way() {
        let args = |list: &[&str]| list.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            account_in(&args(&[
                "--server",
                "https://vms",
                "--login=anna",
                "--lang",
                "ru"
            ])),
            (Some("https://vms".into()), Some("anna".into()))
        );
        assert_eq!(account_in(&args(&["--new-instance"])), (None, None));
    }
}
