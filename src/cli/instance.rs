//! The launch's side of one copy per account ([`visitor_desk::desktop::single_instance`] does the work): which
//! account a launch opens, and handing over to the copy already open. The window's backend serves the socket
//! claimed here, and claims the account's again at each sign-in; the window comes to the front (or says so in a
//! notification) when a later launch hands over to it.

use visitor_desk::backend::InstanceClaim;
use visitor_desk::desktop::single_instance::{self, Account, Claim, Handover, InstanceKey};
use visitor_desk::settings;

use super::args::AccountArgs;

/// What a launch of the window does.
pub enum Start {
    /// A copy on this account is open and has the arguments: end.
    HandedOver,
    /// Open the window; with the account's socket when it is its first copy (`None`: `--new-instance`, or
    /// nowhere to keep sockets).
    Window(Option<InstanceClaim>),
}

/// Hands over to the copy open on the account this launch would open (the one named on the command line, else
/// the last one used), or claims the account for this window. `--new-instance`: a window of its own. The
/// account's pipe (Windows) is made on `runtime`, which serves it.
pub fn claim(
    runtime: &tokio::runtime::Runtime,
    account: &AccountArgs,
    new_instance: bool,
) -> Start {
    if new_instance {
        return Start::Window(None);
    }
    let Some(dir) = single_instance::default_dir() else {
        return Start::Window(None);
    };
    let config_dir = settings::default_dir();
    let (server, login) = match &account.server {
        Some(server) => (server.clone(), account.login.clone().unwrap_or_default()),
        None => config_dir
            .as_deref()
            .and_then(settings::peek)
            .and_then(|kept| {
                let name = kept.last_profile.clone()?;
                kept.profiles
                    .into_iter()
                    .find(|profile| profile.name == name)
            })
            .map(|profile| (profile.server, profile.login))
            .unwrap_or_default(),
    };
    let key = InstanceKey::new(&Account {
        config_dir: config_dir.as_deref(),
        server: &server,
        login: &login,
    });
    let claim = |listener| {
        Start::Window(Some(InstanceClaim {
            dir: dir.clone(),
            config_dir: config_dir.clone(),
            listener,
        }))
    };
    let _entered = runtime.enter();
    match single_instance::claim(&dir, &key, &Handover::from_this_process()) {
        Claim::HandedOver => Start::HandedOver,
        Claim::First(listener) => claim(Some((listener, key))),
        // No socket now; a sign-in may claim one.
        Claim::Alone { .. } => claim(None),
    }
}
