//! The window's side of one copy per account ([`visitor_desk::desktop::single_instance`] does the work): which
//! account a launch opens, handing over to the copy already open, and bringing this window to the front when a
//! later launch hands over to it (or, where the desktop will not let it come forward, a notification saying it
//! is open).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use visitor_desk::desktop::notices::{NoticeAction, Notices};
use visitor_desk::desktop::notify::{Bus, Delivery, Notifier, NotifyEvent};
use visitor_desk::desktop::single_instance::{
    self, Account, Claim, Handover, InstanceKey, Listener, SocketFile,
};
use visitor_desk::settings;

use super::args::AccountArgs;

/// How long the window may take to come to the front before the desktop is taken to have refused.
const COMING_FORWARD: Duration = Duration::from_secs(1);

/// What a launch of the window does.
pub enum Start {
    /// A copy on this account is open and has the arguments: end.
    HandedOver,
    /// Open the window; with a listener when it is the account's first copy.
    Window(Option<(Listener, String)>),
}

/// Hands over to the copy open on the account this launch would open (the one named on the command line, else
/// the last one used), or claims the account for this window. `--new-instance`: a window of its own.
pub fn claim(account: &AccountArgs, new_instance: bool) -> Start {
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
    match single_instance::claim(&dir, &key, &Handover::from_this_process()) {
        Claim::HandedOver => Start::HandedOver,
        Claim::First(listener) => {
            let label = match (login.is_empty(), server.is_empty()) {
                (_, true) => String::new(),
                (true, false) => server,
                (false, false) => format!("{login} @ {server}"),
            };
            Start::Window(Some((listener, label)))
        }
        Claim::Alone { .. } => Start::Window(None),
    }
}

/// Hears later launches while the window is open: each brings it to the front. Keep the answer while the
/// window is open (its socket goes with it).
pub fn serve(
    listener: Listener,
    account: String,
    runtime: &tokio::runtime::Handle,
    window: Arc<OnceLock<egui::Context>>,
) -> SocketFile {
    let wake = {
        let window = window.clone();
        move || {
            if let Some(ctx) = window.get() {
                ctx.request_repaint();
            }
        }
    };
    let (mut handovers, socket) = listener.serve(runtime, wake);
    runtime.spawn(async move {
        let (sender, mut clicks) = tokio::sync::mpsc::unbounded_channel();
        let notifier = Notifier::<NoticeAction>::new(Bus::Session, sender);
        loop {
            tokio::select! {
                handover = handovers.recv() => {
                    if handover.is_none() {
                        return;
                    }
                    to_front(&window, &notifier, &account).await;
                }
                Some(NotifyEvent::ActionInvoked { .. }) = clicks.recv() => {
                    // "Visitor Desk is already open" clicked: the desktop lets a clicked notification's app forward.
                    if let Some(ctx) = window.get() {
                        focus(ctx);
                    }
                }
            }
        }
    });
    socket
}

fn focus(ctx: &egui::Context) {
    ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
    ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
    ctx.request_repaint();
}

/// Asks for the front; when the window has not got the focus after [`COMING_FORWARD`] (focus-stealing
/// prevention), says outside it that it is open, or where nothing shows notifications, asks for attention (the
/// task bar marks it).
async fn to_front(
    window: &OnceLock<egui::Context>,
    notifier: &Notifier<NoticeAction>,
    account: &str,
) {
    // Not up yet: it opens at the front anyway.
    let Some(ctx) = window.get() else {
        return;
    };
    focus(ctx);
    let deadline = tokio::time::Instant::now() + COMING_FORWARD;
    while tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if ctx.input(|input| input.viewport().focused) == Some(true) {
            return;
        }
    }
    tracing::info!("the desktop did not bring the window forward");
    let notice = Notices::new(&visitor_desk::i18n::current()).already_open(account);
    if let Delivery::NoService { .. } = notifier.notify(&notice).await {
        ctx.send_viewport_cmd(egui::ViewportCommand::RequestUserAttention(
            egui::UserAttentionType::Informational,
        ));
    }
}
