//! The small settings menu (top bar and sign-in screen): the light or dark look, the language, and which desktop
//! notifications show. Each choice takes effect at once and is remembered for the next start. The main screen adds
//! its own entries above them (the share message).

use egui::Ui;

use super::action::Action;
use crate::desktop::alerts::AlertKind;
use crate::i18n;
use crate::settings::{Preferences, SettingsChange, ThemeChoice};
use crate::t;

/// The menu button; answers the choice made. `more` draws entries of the caller's own at the top.
pub fn settings_menu(
    ui: &mut Ui,
    preferences: &Preferences,
    more: impl FnOnce(&mut Ui),
) -> Option<Action> {
    let mut command = None;
    ui.menu_button(t!("menu-settings"), |ui| {
        more(ui);
        ui.label(egui::RichText::new(t!("menu-theme")).strong());
        let mut theme = preferences.theme;
        for (choice, label) in [
            (ThemeChoice::System, t!("theme-system")),
            (ThemeChoice::Light, t!("theme-light")),
            (ThemeChoice::Dark, t!("theme-dark")),
        ] {
            ui.radio_value(&mut theme, choice, label);
        }
        if theme != preferences.theme {
            command = Some(Action::remember(SettingsChange::Theme(theme)));
        }
        ui.separator();
        ui.label(egui::RichText::new(t!("menu-language")).strong());
        let mut language = preferences.language.clone();
        ui.radio_value(&mut language, None, t!("language-system"));
        for available in i18n::available() {
            ui.radio_value(&mut language, Some(available.tag.clone()), &available.name);
        }
        if language != preferences.language {
            command = Some(Action::SetLanguage(language));
        }
        ui.separator();
        if let Some(asked) = notification_choices(ui, preferences) {
            command = Some(asked);
        }
    });
    command
}

/// Each kind of desktop notification, on or off.
fn notification_choices(ui: &mut Ui, preferences: &Preferences) -> Option<Action> {
    ui.label(egui::RichText::new(t!("settings-notifications")).strong());
    let mut asked = None;
    for kind in AlertKind::ALL {
        let label = match kind {
            AlertKind::Calls => t!("settings-notify-calls"),
            AlertKind::CodesElsewhere => t!("settings-notify-codes-elsewhere"),
            AlertKind::ExpiresSoon => t!("settings-notify-expires-soon"),
            AlertKind::ExpiredHoldingSlot => t!("settings-notify-holding-slot"),
            AlertKind::LiveLost => t!("settings-notify-live-lost"),
        };
        let mut on = preferences.notifications.wants(kind);
        if ui.checkbox(&mut on, label).changed() {
            asked = Some(Action::remember(SettingsChange::Notification { kind, on }));
        }
    }
    asked
}

/// The egui preference for a theme choice.
pub fn theme_preference(choice: ThemeChoice) -> egui::ThemePreference {
    match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    }
}
