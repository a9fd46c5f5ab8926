//! The main screen's top bar: the app's name, who is signed in, "Not encrypted" while a session is plain http to
//! another computer, and the buttons (settings, refresh, Today, History and exports, Add account…, Sign out; the
//! less used of them under More when large text leaves no room for all).

use egui::{RichText, Ui};

use crate::accounts::{self, Accounts};
use crate::t;
use crate::ui::action::{Action, Show};
use crate::ui::settings_menu::settings_menu;
use crate::ui::theme::{self, space};

/// The bar's buttons, in reading order.
#[derive(Clone, Copy, PartialEq)]
enum Button {
    Settings,
    Refresh,
    Today,
    HistoryAndExport,
    AddAccount,
    SignOut,
}

impl Button {
    const ALL: [Button; 6] = [
        Button::Settings,
        Button::Refresh,
        Button::Today,
        Button::HistoryAndExport,
        Button::AddAccount,
        Button::SignOut,
    ];

    /// The ones that go under More when the bar is too narrow for all (large text in a small window).
    const LESS_USED: [Button; 3] = [Button::Today, Button::HistoryAndExport, Button::AddAccount];

    /// The texts it shows (History and its exports are two buttons).
    fn labels(self) -> &'static [&'static str] {
        match self {
            Button::Settings => &["menu-settings"],
            Button::Refresh => &["refresh"],
            Button::Today => &["today-open"],
            Button::HistoryAndExport => &["history-open", "export-codes-menu"],
            Button::AddAccount => &["add-account"],
            Button::SignOut => &["sign-out"],
        }
    }
}

pub(super) fn show(
    ui: &mut Ui,
    accounts: &Accounts,
    now: chrono::DateTime<chrono::Utc>,
    actions: &mut Vec<Action>,
) {
    let all_fit = buttons_width(ui, accounts, &Button::ALL) + space::M <= ui.available_width();
    ui.horizontal(|ui| {
        // The buttons first, from the right edge, so that a narrow window cuts the account's name, then leaves out
        // the app's name (the window's title bar says it), rather than draw them over each other.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for button in Button::ALL.into_iter().rev() {
                if all_fit || !Button::LESS_USED.contains(&button) {
                    add_button(ui, button, accounts, now, actions);
                } else if button == Button::Today {
                    // Where the first of them would be: More, with them in its menu.
                    ui.menu_button(t!("top-bar-more"), |ui| {
                        for button in Button::LESS_USED {
                            add_button(ui, button, accounts, now, actions);
                        }
                    });
                }
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                who(ui, accounts, actions);
            });
        });
    });
}

/// How wide `buttons` are side by side, those of them shown.
fn buttons_width(ui: &Ui, accounts: &Accounts, buttons: &[Button]) -> f32 {
    let spacing = ui.spacing();
    let (padding, gap) = (spacing.button_padding.x, spacing.item_spacing.x);
    buttons
        .iter()
        .filter(|button| shown(**button, accounts))
        .flat_map(|button| button.labels())
        .map(|key| {
            let label = crate::i18n::text(key);
            crate::ui::widgets::text_width(ui, label, egui::TextStyle::Button) + 2.0 * padding + gap
        })
        .sum()
}

fn shown(button: Button, accounts: &Accounts) -> bool {
    match button {
        Button::Today | Button::HistoryAndExport => accounts.open().next().is_some(),
        Button::AddAccount => accounts.can_add(),
        Button::Settings | Button::Refresh | Button::SignOut => true,
    }
}

fn add_button(
    ui: &mut Ui,
    button: Button,
    accounts: &Accounts,
    now: chrono::DateTime<chrono::Utc>,
    actions: &mut Vec<Action>,
) {
    if !shown(button, accounts) {
        return;
    }
    match button {
        Button::SignOut => actions.extend(sign_out_button(ui, accounts)),
        Button::AddAccount => {
            if ui
                .button(t!("add-account"))
                .on_hover_text(t!("add-account-hint"))
                .clicked()
            {
                actions.push(Action::Accounts(accounts::Action::AddAccount {
                    sign_in: None,
                }));
            }
        }
        Button::HistoryAndExport => {
            if let Some(first) = accounts.open().next() {
                actions.extend(crate::ui::history::top_bar_buttons(ui, first.id));
            }
        }
        Button::Today => {
            if let Some(first) = accounts.open().next()
                && ui
                    .button(t!("today-open"))
                    .on_hover_text(t!("today-open-hint"))
                    .clicked()
            {
                actions.extend(crate::ui::today::open(accounts, first.id, now));
            }
        }
        Button::Refresh => {
            let syncing = accounts.open().any(|account| account.state.syncing);
            if ui
                .add_enabled(!syncing, egui::Button::new(t!("refresh")))
                .on_hover_text(t!("refresh-hint"))
                .clicked()
            {
                actions.push(Action::Accounts(accounts::Action::RefreshAll));
            }
        }
        Button::Settings => actions.extend(settings(ui, accounts)),
    }
}

/// The settings menu, with the share message's and the mail server's entries.
fn settings(ui: &mut Ui, accounts: &Accounts) -> Vec<Action> {
    let mut actions = Vec::new();
    let preferences = accounts.focused().state.preferences();
    let mut template = false;
    let mut mail = false;
    actions.extend(settings_menu(ui, preferences, |ui| {
        template = ui.button(t!("menu-share-message")).clicked();
        mail = ui.button(t!("mail-settings-menu")).clicked();
        ui.separator();
    }));
    if template {
        actions.push(Action::Show(Show::Template));
    }
    // The first open account's; every account's own is also offered in its send dialog.
    if mail && let Some(account) = accounts.open().next().map(|account| account.id) {
        actions.push(Action::Show(Show::MailSettings(account)));
    }
    actions
}

/// The app's name where it fits, "Not encrypted" markers, and who is signed in (one account's name is its menu).
fn who(ui: &mut Ui, accounts: &Accounts, actions: &mut Vec<Action>) {
    let palette = theme::palette(ui);
    let name_width = crate::ui::widgets::text_width(ui, t!("app-name"), egui::TextStyle::Heading);
    if ui.available_width() >= name_width + space::M {
        ui.heading(t!("app-name"));
    }
    ui.add_space(space::S);
    for account in accounts.open() {
        if let Some(session) = &account.state.session {
            not_encrypted_marker(ui, &session.server);
        }
    }
    let who = if accounts.several() {
        t!("accounts-signed-in", count = accounts.open().count())
    } else if let Some(session) = accounts
        .open()
        .next()
        .and_then(|a| a.state.session.as_ref())
    {
        format!("{} · {}", session.user.login, session.server)
    } else {
        String::new()
    };
    if accounts.several() {
        ui.add(egui::Label::new(RichText::new(who).color(palette.muted)).truncate());
    } else if let Some(only) = accounts.open().next()
        && crate::ui::sessions::account_menu(ui, &who)
    {
        // One account: its name is its menu (with several, each group's "⋯" is).
        actions.extend(super::open_sessions(only.id));
    }
}

/// Sign out: of the one account, or, with several, of the one chosen from a menu.
fn sign_out_button(ui: &mut Ui, accounts: &Accounts) -> Option<Action> {
    let sign_out = |id| Action::Accounts(accounts::Action::SignOut(id));
    if !accounts.several() {
        let only = accounts.open().next()?.id;
        return ui.button(t!("sign-out")).clicked().then(|| sign_out(only));
    }
    let mut chosen = None;
    ui.menu_button(t!("sign-out"), |ui| {
        for account in accounts.open() {
            let name = account.name();
            if ui
                .button(t!("sign-out-of", account = name.as_str()))
                .on_hover_text(super::status_bar::account_hint(&account.state))
                .clicked()
            {
                chosen = Some(sign_out(account.id));
            }
        }
    });
    chosen
}

/// "Not encrypted", for as long as the session's server is plain http on another computer.
fn not_encrypted_marker(ui: &mut Ui, server: &str) {
    let unencrypted = aipix_client::api::parse_base_url(server)
        .is_ok_and(|url| aipix_client::api::is_unencrypted(&url));
    if unencrypted {
        ui.label(
            RichText::new(format!("⚠ {}", t!("not-encrypted")))
                .strong()
                .color(theme::palette(ui).warning),
        )
        .on_hover_text(t!("not-encrypted-hint"));
    }
}
