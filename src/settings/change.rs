//! One change of the settings, as data: what a screen asks to keep, what the window's state shows at once, and what
//! the backend writes down under the file's lock. Each change has one rule ([`SettingsChange::apply_to`]), which
//! both follow, so the window never shows one thing and the file keep another.

use super::{HandoverSettings, Settings, ThemeChoice, WindowPlace};
use crate::desktop::alerts::AlertKind;

#[derive(Debug, Clone, PartialEq)]
pub enum SettingsChange {
    /// The accounts the window has open together ([`Profile::name`](super::Profile::name)s): the next start
    /// resumes them.
    OpenAccounts(Vec<String>),
    /// What the window calls the group of the account of `profile` (empty: "login @ server" again).
    GroupName {
        profile: String,
        name: String,
    },
    /// The intercom looked at last: the next start opens on it.
    LastIntercom(Option<u64>),
    /// The language chosen in the app (`None`: the operating system's).
    Language(Option<String>),
    Theme(ThemeChoice),
    /// Where the window is and how big: the next start opens it there.
    Window(WindowPlace),
    /// The share template and the slip's paper (this computer's, every account's).
    Handover(HandoverSettings),
    /// What a visitor does at `intercom`'s door, for the account of `profile` (empty: nothing said).
    Instructions {
        profile: String,
        intercom: u64,
        text: String,
    },
    /// Whether one kind of desktop notification shows (only that kind: another window may have changed another
    /// meanwhile).
    Notification {
        kind: AlertKind,
        on: bool,
    },
    /// The mail server of the account of `profile` (`None`: none any more). Its password goes to the keyring,
    /// never here.
    Mail {
        profile: String,
        mail: Option<super::MailSettings>,
    },
    /// A saved server profile is forgotten (the backend forgets its kept sign-in too).
    Forget {
        profile: String,
    },
}

impl SettingsChange {
    /// The change's one rule: touches only its own keys, so that two windows' changes both stay.
    pub fn apply_to(&self, settings: &mut Settings) {
        match self {
            SettingsChange::OpenAccounts(profiles) => settings.open_accounts.clone_from(profiles),
            SettingsChange::GroupName { profile, name } => {
                if let Some(profile) = settings.profiles.iter_mut().find(|p| &p.name == profile) {
                    let name = name.trim();
                    profile.group = (!name.is_empty()).then(|| name.to_owned());
                }
            }
            SettingsChange::LastIntercom(intercom) => settings.last_intercom = *intercom,
            SettingsChange::Language(language) => settings.language.clone_from(language),
            SettingsChange::Theme(theme) => settings.theme = *theme,
            SettingsChange::Window(place) => settings.window = Some(*place),
            SettingsChange::Handover(handover) => settings.handover.clone_from(handover),
            SettingsChange::Instructions {
                profile,
                intercom,
                text,
            } => {
                if let Some(profile) = settings.profiles.iter_mut().find(|p| &p.name == profile) {
                    let text = text.trim();
                    if text.is_empty() {
                        profile.instructions.remove(intercom);
                    } else {
                        profile.instructions.insert(*intercom, text.to_owned());
                    }
                }
            }
            SettingsChange::Notification { kind, on } => settings.notifications.set(*kind, *on),
            SettingsChange::Mail { profile, mail } => {
                if let Some(profile) = settings.profiles.iter_mut().find(|p| &p.name == profile) {
                    profile.mail.clone_from(mail);
                }
            }
            SettingsChange::Forget { profile } => {
                settings.remove_profile(profile);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Profile;

    fn with_profiles() -> Settings {
        Settings {
            profiles: vec![
                Profile {
                    name: "a".into(),
                    ..Profile::default()
                },
                Profile {
                    name: "b".into(),
                    ..Profile::default()
                },
            ],
            ..Settings::default()
        }
    }

    #[test]
    fn a_group_name_and_instructions_touch_their_own_profile_alone() {
        let mut settings = with_profiles();
        SettingsChange::GroupName {
            profile: "b".into(),
            name: "  Harbour Street ".into(),
        }
        .apply_to(&mut settings);
        SettingsChange::Instructions {
            profile: "b".into(),
            intercom: 7,
            text: " Press # ".into(),
        }
        .apply_to(&mut settings);
        assert_eq!(settings.profiles[0], with_profiles().profiles[0]);
        assert_eq!(
            settings.profiles[1].group.as_deref(),
            Some("Harbour Street")
        );
        assert_eq!(settings.profiles[1].instructions[&7], "Press #");

        SettingsChange::GroupName {
            profile: "b".into(),
            name: " ".into(),
        }
        .apply_to(&mut settings);
        SettingsChange::Instructions {
            profile: "b".into(),
            intercom: 7,
            text: String::new(),
        }
        .apply_to(&mut settings);
        assert_eq!(settings.profiles[1], with_profiles().profiles[1]);
    }

    #[test]
    fn a_notification_choice_changes_only_its_kind() {
        let mut settings = Settings::default();
        settings.notifications.set(AlertKind::Calls, false);
        SettingsChange::Notification {
            kind: AlertKind::LiveLost,
            on: false,
        }
        .apply_to(&mut settings);
        assert!(!settings.notifications.wants(AlertKind::Calls));
        assert!(!settings.notifications.wants(AlertKind::LiveLost));
        assert!(settings.notifications.wants(AlertKind::ExpiresSoon));
    }
}
