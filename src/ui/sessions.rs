//! The account's sessions, as the vendor's apps show them (`VMSSession`: the device, its client, its address,
//! when it was last used, whether it is online, which is this one): the choice of which to end when a sign-in is
//! refused for too many sessions (419), and the Sessions view, which lists them (`GET /api/v1/sessions`) and ends
//! any other (`POST /api/v1/sessions/{id}`).

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use super::action::{Action, Modal, Show};
use super::theme::{self, space};
use super::widgets::{Tone, displayable, message_box, primary_button, status_dot};
use crate::accounts::{AccountId, Accounts};
use crate::i18n;
use crate::messages::Command;
use crate::state::TooManySessions;
use crate::t;
use aipix_client::api::SessionInfo;

/// One session's line: its device and client, its address, when it was last used and whether it is online.
fn session_line(ui: &mut Ui, session: &SessionInfo, now: DateTime<Utc>) {
    let palette = theme::palette(ui);
    ui.vertical(|ui| {
        let device = session
            .user_agent
            .as_deref()
            .filter(|agent| !agent.trim().is_empty())
            .map_or_else(|| t!("session-device-unknown").to_owned(), str::to_owned);
        let mut title = RichText::new(displayable(ui, &device).into_owned()).strong();
        if session.is_current {
            title = title.color(palette.ok);
        }
        ui.add(egui::Label::new(title).truncate());
        let mut facts = Vec::new();
        if let Some(client) = session.client.as_deref().filter(|c| !c.trim().is_empty()) {
            facts.push(displayable(ui, client).into_owned());
        }
        if let Some(ip) = session.ip.as_deref().filter(|ip| !ip.trim().is_empty()) {
            facts.push(displayable(ui, ip).into_owned());
        }
        facts.push(match session.last_used() {
            Some(at) => t!("session-last-used", when = i18n::date_time(at, now)),
            None => t!("session-last-unknown").to_owned(),
        });
        ui.horizontal_wrapped(|ui| {
            match session.online {
                Some(true) => {
                    status_dot(ui, palette.ok, true);
                    ui.label(
                        RichText::new(t!("session-online"))
                            .small()
                            .color(palette.ok),
                    );
                }
                Some(false) => {
                    status_dot(ui, palette.muted, false);
                    ui.label(
                        RichText::new(t!("session-offline"))
                            .small()
                            .color(palette.muted),
                    );
                }
                None => {}
            }
            if session.is_current {
                ui.label(
                    RichText::new(t!("session-this-one"))
                        .small()
                        .color(palette.ok),
                );
            }
            ui.label(
                RichText::new(facts.join(" · "))
                    .small()
                    .color(palette.muted),
            );
        });
    });
}

/// The sessions of an account that has too many: one chosen to end (the one used longest ago at first). Answers
/// the session to end when "End it and sign in" is clicked, and whether "Try again" was.
pub fn session_picker(
    ui: &mut Ui,
    too_many: &TooManySessions,
    chosen: &mut Option<String>,
    busy: bool,
    now: DateTime<Utc>,
) -> (Option<String>, bool) {
    let text = match too_many.limit {
        Some(limit) => t!("sessions-too-many-limit", limit = limit),
        None => t!("failure-too-many-sessions").to_owned(),
    };
    message_box(ui, Tone::Warning, |ui, color| {
        ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
        if !too_many.message.trim().is_empty() {
            ui.add(egui::Label::new(RichText::new(&too_many.message).small().color(color)).wrap());
        }
    });
    if chosen
        .as_ref()
        .is_none_or(|id| too_many.sessions.iter().all(|session| &session.id != id))
    {
        *chosen = too_many.oldest().map(|session| session.id.clone());
    }
    if !too_many.sessions.is_empty() {
        ui.label(t!("sessions-choose"));
        egui::ScrollArea::vertical()
            .max_height(ui.ctx().content_rect().height() * 0.4)
            .id_salt("sessions-to-end")
            .show(ui, |ui| {
                for session in &too_many.sessions {
                    ui.horizontal(|ui| {
                        let selected = chosen.as_deref() == Some(session.id.as_str());
                        let label = choice_label(session);
                        let radio = ui.radio(selected, "").on_hover_text(&label);
                        radio.widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::Role::RadioButton,
                                true,
                                selected,
                                &label,
                            )
                        });
                        if radio.clicked() {
                            *chosen = Some(session.id.clone());
                        }
                        session_line(ui, session, now);
                    });
                    ui.add_space(space::XS);
                }
            });
    }
    let mut end = None;
    let mut again = false;
    ui.horizontal_wrapped(|ui| {
        if let Some(id) = chosen.clone()
            && primary_button(ui, !busy, t!("sessions-end-and-sign-in")).clicked()
        {
            end = Some(id);
        }
        again = ui
            .add_enabled(!busy, egui::Button::new(t!("try-again")))
            .clicked();
        if busy {
            ui.spinner();
        }
    });
    (end, again)
}

/// A session's choice as read out (and as tests find it): its device and the start of its id, which tells two
/// sessions of one device apart.
fn choice_label(session: &SessionInfo) -> String {
    let id: String = session.id.chars().take(12).collect();
    t!(
        "sessions-choose-this",
        device = device_name(session),
        id = id
    )
}

/// What a session is called in a sentence: its device, or its client, or "a session".
fn device_name(session: &SessionInfo) -> String {
    [session.user_agent.as_deref(), session.client.as_deref()]
        .into_iter()
        .flatten()
        .find(|name| !name.trim().is_empty())
        .map_or_else(|| t!("session-device-unknown").to_owned(), str::to_owned)
}

/// An "End" button's name as read out: which session it ends.
fn end_label(session: &SessionInfo) -> String {
    let id: String = session.id.chars().take(12).collect();
    t!("sessions-end-this", device = device_name(session), id = id)
}

/// The account's name as a menu (the top bar of a single account): answers whether "Sessions" was chosen.
pub fn account_menu(ui: &mut Ui, name: &str) -> bool {
    let muted = theme::palette(ui).muted;
    let button = egui::Button::new(RichText::new(name).color(muted))
        .frame_when_inactive(false)
        .truncate();
    let mut chosen = false;
    egui::containers::menu::MenuButton::from_button(button).ui(ui, |ui| {
        chosen = ui.button(t!("sessions-open")).clicked();
    });
    chosen
}

/// The Sessions view of one account: its sessions, each but this one with a button that ends it.
#[derive(Debug)]
pub struct SessionsDialog {
    pub account: AccountId,
}

impl Modal for SessionsDialog {
    fn show(
        &mut self,
        ctx: &egui::Context,
        accounts: &Accounts,
        now: DateTime<Utc>,
    ) -> Vec<Action> {
        let close = Action::Show(Show::Close);
        // The account has gone (signed out, or its server ended the session): so has its view.
        let Some(state) = accounts.open_state(self.account) else {
            return vec![close];
        };
        let sessions = &state.sessions;
        let mut actions = Vec::new();
        let modal = egui::Modal::new(egui::Id::unique("visitor-desk-sessions")).show(ctx, |ui| {
            ui.set_width((ctx.content_rect().width() * 0.8).clamp(280.0, 560.0));
            super::a11y::dialog_heading(
                ui,
                t!("sessions-title", account = accounts.name(self.account)),
            );
            ui.label(
                RichText::new(t!("sessions-hint"))
                    .small()
                    .color(theme::palette(ui).muted),
            );
            ui.add_space(space::S);
            if let Some(failure) = &sessions.failure {
                message_box(ui, Tone::Error, |ui, color| {
                    ui.add(egui::Label::new(RichText::new(failure.sentence()).color(color)).wrap())
                });
            }
            if sessions.loading && sessions.list.is_empty() {
                ui.spinner();
            }
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() * 0.55)
                .show(ui, |ui| {
                    for session in &sessions.list {
                        ui.horizontal(|ui| {
                            session_line(ui, session, now);
                            if session.is_current {
                                return;
                            }
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    let ending =
                                        sessions.ending.as_deref() == Some(session.id.as_str());
                                    let label = end_label(session);
                                    let button = ui
                                        .add_enabled(
                                            sessions.ending.is_none(),
                                            egui::Button::new(t!("sessions-end")),
                                        )
                                        .on_hover_text(&label);
                                    button.widget_info(|| {
                                        egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                                    });
                                    if ending {
                                        ui.spinner();
                                    }
                                    if button.clicked() {
                                        actions.push(Action::send(
                                            self.account,
                                            Command::EndSession {
                                                id: session.id.clone(),
                                            },
                                        ));
                                    }
                                },
                            );
                        });
                        ui.separator();
                    }
                });
            ui.add_space(space::S);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!sessions.loading, egui::Button::new(t!("refresh")))
                    .clicked()
                {
                    actions.push(Action::send(self.account, Command::ListSessions));
                }
                if ui.button(t!("close")).clicked() {
                    actions.push(close.clone());
                }
            });
        });
        if modal.should_close() && !actions.contains(&close) {
            actions.push(close);
        }
        actions
    }
}
