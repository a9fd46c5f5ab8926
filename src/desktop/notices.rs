//! What each kind of notification says and offers, in the user's language: a call at the door, codes made or
//! revoked at another desk, the two reminders, the live channel lost, and a window already open. Each is a
//! [`Notification`] with [`NoticeAction`]s, for [`Notifier`](super::notify::Notifier) or, where there is no
//! notification service, for the window to show as text.
//!
//! The texts come from `assets/locales/*/desktop.ftl` through the catalog given, so that tests can read both
//! languages side by side.

use chrono::{DateTime, Utc};

use aipix_client::api::{Code, Intercom};

use super::notify::{Expiry, Notification, Urgency, safe_text};
use super::storm::StormKind;
use crate::i18n::Catalog;

/// The longest server text (a title, an intercom, an address, an account's name) a notification quotes, in
/// characters.
pub const FIELD_MAX: usize = 80;

/// A text from the server as a notification quotes it: one line, nothing that commands the bus or turns the text
/// around, at most [`FIELD_MAX`] characters.
fn field(text: &str) -> String {
    safe_text(text, FIELD_MAX, false)
}

/// What a notification's buttons ask the window to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeAction {
    /// Bring the window to the front (the notification itself clicked).
    ShowWindow,
    /// The new-code form for this intercom, the title prefilled.
    MakeCode { intercom: u64, title: String },
    /// Open this intercom's door, for this call.
    OpenDoor { intercom: u64, call: u64 },
    /// The Extend dialog of this code.
    Extend { code: u64 },
    /// Revoke this (expired) code, to make room.
    Revoke { code: u64 },
}

/// The notifications, worded by one catalog.
#[derive(Clone, Copy)]
pub struct Notices<'a> {
    catalog: &'a Catalog,
}

impl<'a> Notices<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        Self { catalog }
    }

    fn text(&self, id: &'static str) -> String {
        self.catalog.text(id).to_owned()
    }

    fn time(&self, at: DateTime<Utc>) -> String {
        self.catalog.format_moment(at, "format-time")
    }

    /// Someone rang at `intercom`, at `at`. "Make code" only where codes work (prefilled with `title`, e.g. the
    /// intercom and the time); "Open door" only where the app may open it and the server can (confirmed). Stays
    /// until dismissed: a desk away from its screen for a minute still sees who rang.
    pub fn call_at_door(
        &self,
        intercom: &Intercom,
        call: u64,
        at: DateTime<Utc>,
        title: &str,
    ) -> Notification<NoticeAction> {
        let time = self.time(at);
        let mut body = if intercom.address.trim().is_empty() {
            self.catalog
                .format("desktop-call-body", &[("time", time.into())])
        } else {
            self.catalog.format(
                "desktop-call-body-address",
                &[
                    ("time", time.into()),
                    ("address", field(&intercom.address).into()),
                ],
            )
        };
        let mut actions = Vec::new();
        if intercom.takes_codes() {
            actions.push((
                NoticeAction::MakeCode {
                    intercom: intercom.id,
                    title: title.to_owned(),
                },
                self.text("desktop-action-make-code"),
            ));
        } else {
            body.push_str(". ");
            body.push_str(self.catalog.text("desktop-call-no-codes"));
        }
        if intercom.opens_from_app() && intercom.is_confirmed() {
            actions.push((
                NoticeAction::OpenDoor {
                    intercom: intercom.id,
                    call,
                },
                self.text("desktop-action-open-door"),
            ));
        }
        Notification {
            actions,
            default_action: Some(NoticeAction::ShowWindow),
            urgency: Urgency::Critical,
            expires: Expiry::Never,
            ..Notification::new(
                self.catalog.format(
                    "desktop-call-summary",
                    &[("intercom", field(&intercom.title).into())],
                ),
                body,
            )
        }
    }

    /// A code made at another desk (or in the vendor's app).
    pub fn code_made_elsewhere(
        &self,
        code: &Code,
        now: DateTime<Utc>,
    ) -> Notification<NoticeAction> {
        Notification {
            default_action: Some(NoticeAction::ShowWindow),
            ..Notification::new(
                self.text("desktop-code-made-summary"),
                self.catalog.format(
                    "desktop-code-made-body",
                    &[
                        ("title", field(&code.title).into()),
                        (
                            "intercom",
                            field(&crate::domain::intercom_name(code)).into(),
                        ),
                        ("until", self.catalog.date_time(code.expired_at, now).into()),
                    ],
                ),
            )
        }
    }

    /// Codes revoked at another desk: their titles, as many as fit a line or two.
    pub fn codes_revoked_elsewhere(&self, titles: &[&str]) -> Notification<NoticeAction> {
        const SHOWN: usize = 5;
        let mut body = titles
            .iter()
            .take(SHOWN)
            .map(|title| field(title))
            .collect::<Vec<_>>()
            .join(", ");
        if titles.len() > SHOWN {
            body.push_str(", …");
        }
        Notification {
            default_action: Some(NoticeAction::ShowWindow),
            ..Notification::new(
                self.catalog.format(
                    "desktop-codes-revoked-summary",
                    &[("count", titles.len().into())],
                ),
                body,
            )
        }
    }

    /// The reminder 15 minutes before a code expires, with "Extend…".
    pub fn expires_soon(&self, code: &Code) -> Notification<NoticeAction> {
        Notification {
            actions: vec![(
                NoticeAction::Extend { code: code.id },
                self.text("desktop-action-extend"),
            )],
            default_action: Some(NoticeAction::ShowWindow),
            ..Notification::new(
                self.catalog.format(
                    "desktop-expires-soon-summary",
                    &[
                        ("title", field(&code.title).into()),
                        ("time", self.time(code.expired_at).into()),
                    ],
                ),
                self.catalog.format(
                    "desktop-expires-soon-body",
                    &[(
                        "intercom",
                        field(&crate::domain::intercom_name(code)).into(),
                    )],
                ),
            )
        }
    }

    /// The reminder that an expired code still holds a slot of the full account (of `limit` codes).
    pub fn expired_holding_slot(&self, code: &Code, limit: usize) -> Notification<NoticeAction> {
        Notification {
            actions: vec![(
                NoticeAction::Revoke { code: code.id },
                self.text("desktop-action-revoke"),
            )],
            default_action: Some(NoticeAction::ShowWindow),
            ..Notification::new(
                self.text("desktop-expired-holding-summary"),
                self.catalog.format(
                    "desktop-expired-holding-body",
                    &[
                        ("title", field(&code.title).into()),
                        (
                            "intercom",
                            field(&crate::domain::intercom_name(code)).into(),
                        ),
                        ("time", self.time(code.expired_at).into()),
                        ("limit", limit.into()),
                    ],
                ),
            )
        }
    }

    /// The live channel down since `since` (said once it has been down for more than a minute).
    pub fn live_lost(&self, since: DateTime<Utc>) -> Notification<NoticeAction> {
        Notification {
            default_action: Some(NoticeAction::ShowWindow),
            ..Notification::new(
                self.text("desktop-live-lost-summary"),
                self.catalog.format(
                    "desktop-live-lost-body",
                    &[("time", self.time(since).into())],
                ),
            )
        }
    }

    /// What a storm held back in its last minute: `count` more of `kind` at `account`. Clicking it shows the
    /// window, where all of them are.
    pub fn storm_summary(
        &self,
        kind: StormKind,
        count: u64,
        account: &str,
    ) -> Notification<NoticeAction> {
        let id = match kind {
            StormKind::Call => "desktop-storm-calls",
            StormKind::CodeMade => "desktop-storm-codes-made",
            StormKind::CodesRevoked => "desktop-storm-codes-revoked",
            StormKind::ExpiresSoon => "desktop-storm-expires-soon",
            StormKind::HoldingSlot => "desktop-storm-holding-slot",
            StormKind::LiveLost => "desktop-storm-live-lost",
        };
        Notification {
            default_action: Some(NoticeAction::ShowWindow),
            ..Notification::new(
                self.catalog.format(
                    id,
                    &[("count", count.into()), ("account", field(account).into())],
                ),
                self.text("desktop-storm-body"),
            )
        }
    }

    /// A second launch handed over to this window, which the desktop would not bring to the front: clicking
    /// the notification shows it.
    pub fn already_open(&self, account: &str) -> Notification<NoticeAction> {
        Notification {
            default_action: Some(NoticeAction::ShowWindow),
            ..Notification::new(
                self.text("desktop-already-open-summary"),
                self.catalog.format(
                    "desktop-already-open-body",
                    &[("account", field(account).into())],
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::catalog_for;

    fn intercom(takes_codes: Option<bool>, opens: Option<bool>, status: &str) -> Intercom {
        Intercom {
            id: 180,
            title: "Courtyard gate".into(),
            is_online: Some(true),
            is_enabled: Some(true),
            department: Some(2),
            address: "12 Harbour Street".into(),
            status: Some(status.into()),
            created_at: None,
            updated_at: None,
            is_open_door_app: opens,
            is_open_door_code: takes_codes,
        }
    }

    fn code() -> Code {
        serde_json::from_value(serde_json::json!({
            "id": 1388, "title": "Anna <Schmidt>", "code": "12345",
            "expired_at": "2026-12-01 14:05:00", "created_at": "2026-12-01 10:00:00",
            "intercom": {"id": 180, "title": "Courtyard gate"}
        }))
        .expect("a code")
    }

    fn labels(notification: &Notification<NoticeAction>) -> Vec<&str> {
        notification
            .actions
            .iter()
            .map(|(_, label)| label.as_str())
            .collect()
    }

    #[test]
    fn a_call_offers_only_what_the_intercom_allows() {
        let en = catalog_for("en").expect("English");
        let notices = Notices::new(&en);
        let at = Utc::now();
        let all = notices.call_at_door(&intercom(None, None, "confirmed"), 7, at, "Visitor 14:05");
        assert_eq!(all.summary, "Someone is at Courtyard gate");
        assert!(all.body.starts_with("Called at "), "{}", all.body);
        assert!(all.body.ends_with(" · 12 Harbour Street"), "{}", all.body);
        assert_eq!(labels(&all), ["Make code", "Open door"]);
        assert_eq!(
            all.actions[0].0,
            NoticeAction::MakeCode {
                intercom: 180,
                title: "Visitor 14:05".into()
            }
        );
        assert_eq!(
            all.actions[1].0,
            NoticeAction::OpenDoor {
                intercom: 180,
                call: 7
            }
        );
        assert_eq!(
            (all.urgency, all.expires),
            (Urgency::Critical, Expiry::Never)
        );
        assert_eq!(all.default_action, Some(NoticeAction::ShowWindow));

        let no_app =
            notices.call_at_door(&intercom(Some(true), Some(false), "confirmed"), 7, at, "x");
        assert_eq!(labels(&no_app), ["Make code"]);
        let unconfirmed = notices.call_at_door(&intercom(None, None, "pending"), 7, at, "x");
        assert_eq!(
            labels(&unconfirmed),
            ["Make code"],
            "the server would refuse the door"
        );
        let no_codes =
            notices.call_at_door(&intercom(Some(false), Some(true), "confirmed"), 7, at, "x");
        assert_eq!(labels(&no_codes), ["Open door"], "a code is never offered");
        assert!(
            no_codes.body.ends_with(". Codes do not work at this door."),
            "{}",
            no_codes.body
        );
        let neither =
            notices.call_at_door(&intercom(Some(false), Some(false), "confirmed"), 7, at, "x");
        assert!(neither.actions.is_empty());
    }

    #[test]
    fn every_notice_speaks_russian_too() {
        let ru = catalog_for("ru").expect("Russian");
        let notices = Notices::new(&ru);
        let code = code();
        let call = notices.call_at_door(
            &intercom(Some(false), None, "confirmed"),
            7,
            Utc::now(),
            "x",
        );
        assert_eq!(call.summary, "Звонят в «Courtyard gate»");
        assert!(call.body.starts_with("Вызов в "), "{}", call.body);
        assert!(call.body.ends_with("Коды у этой двери не действуют."));
        assert_eq!(labels(&call), ["Открыть дверь"]);
        let time = ru.format_moment(code.expired_at, "format-time");
        let soon = notices.expires_soon(&code);
        assert_eq!(
            soon.summary,
            format!("Код для «Anna <Schmidt>» перестанет действовать в {time}")
        );
        assert_eq!(labels(&soon), ["Продлить…"]);
        assert_eq!(soon.actions[0].0, NoticeAction::Extend { code: 1388 });
        let holding = notices.expired_holding_slot(&code, 5);
        assert_eq!(holding.summary, "Истёкший код всё ещё занимает место");
        assert!(holding.body.contains("(5)"), "{}", holding.body);
        assert_eq!(holding.actions[0].0, NoticeAction::Revoke { code: 1388 });
        assert_eq!(
            notices.codes_revoked_elsewhere(&["a", "b", "c"]).summary,
            "На другом рабочем месте отозвано 3 кода"
        );
        assert_eq!(
            notices.codes_revoked_elsewhere(&["a"]).summary,
            "На другом рабочем месте отозван 1 код"
        );
        assert_eq!(
            notices.live_lost(Utc::now()).summary,
            "Живые обновления прервались"
        );
        assert!(
            notices
                .already_open("demo @ 127.0.0.1")
                .body
                .contains("demo @ 127.0.0.1")
        );
    }

    #[test]
    fn the_english_texts_read_whole() {
        let en = catalog_for("en").expect("English");
        let notices = Notices::new(&en);
        let code = code();
        let time = en.format_moment(code.expired_at, "format-time");
        assert_eq!(
            notices.expires_soon(&code).summary,
            format!("The code for Anna <Schmidt> expires at {time}")
        );
        assert_eq!(
            notices.expires_soon(&code).body,
            "Courtyard gate. Extend it so that the visitor can still get in."
        );
        assert_eq!(
            notices.expired_holding_slot(&code, 5).body,
            format!(
                "Anna <Schmidt> (Courtyard gate) expired at {time} but counts toward the account's limit of 5 \
                 codes until the server removes it. Revoke it to make room."
            )
        );
        let made = notices.code_made_elsewhere(&code, Utc::now());
        assert_eq!(made.summary, "New code at another desk");
        assert!(
            made.body
                .starts_with("Anna <Schmidt> · Courtyard gate · valid until ")
        );
        let many: Vec<String> = (1..=7).map(|n| format!("Guest {n}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let revoked = notices.codes_revoked_elsewhere(&many);
        assert_eq!(revoked.summary, "7 codes revoked at another desk");
        assert_eq!(
            revoked.body,
            "Guest 1, Guest 2, Guest 3, Guest 4, Guest 5, …"
        );
        assert_eq!(
            notices.already_open("demo").summary,
            "Visitor Desk is already open"
        );
    }
}
