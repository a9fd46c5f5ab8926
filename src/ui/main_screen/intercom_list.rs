//! The intercom list at the left of the main screen: "All intercoms", then every open account's intercoms, in a
//! group per account when there are several (collapsible, nameable, with its live dot and its menu), and a group
//! whose session the server ended, which says so and offers to sign in again. An intercom scrolled out of sight
//! takes its room without being laid out.

use chrono::{DateTime, Utc};
use egui::{Key, RichText, Ui};

use super::MainScreen;
use super::status_bar::{account_hint, live_dot};
use crate::accounts::{self, Account, AccountId, Accounts};
use crate::settings::SettingsChange;
use crate::state::{AppState, Selection};
use crate::t;
use crate::ui::action::{Action, Question, Show};
use crate::ui::code_table;
use crate::ui::confirm::online_state;
use crate::ui::theme::{self, space};
use crate::ui::widgets::{displayable, status_dot};
use aipix_client::api::Intercom;

impl MainScreen {
    pub(super) fn intercom_list(
        &mut self,
        ui: &mut Ui,
        accounts: &Accounts,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        ui.add_space(space::S);
        ui.strong(t!("intercoms-heading"));
        ui.add_space(space::XS);
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.set_width(ui.available_width());
            let all =
                ui.selectable_label(self.query.selection == Selection::All, t!("intercoms-all"));
            if all.clicked() {
                self.select(Selection::All, actions);
            }
            // One account: its intercoms, as they always were. Several: a group each, named.
            let grouped = accounts.several() || accounts.iter().any(Account::is_ended);
            // An account still resuming, or being added, shows once it is signed in.
            let shown = |account: &&Account| account.is_open() || account.is_ended();
            for account in accounts.iter().filter(shown) {
                if !grouped {
                    for intercom in &account.state.intercoms {
                        ui.separator();
                        self.intercom_entry_if_seen(ui, account, intercom, now, actions);
                    }
                    continue;
                }
                if account.is_ended() {
                    // Ended by the server: say so, and offer to sign in again.
                    if signed_out_group(ui, account) {
                        actions.push(Action::Accounts(accounts::Action::Focus(account.id)));
                    }
                    continue;
                }
                self.group(ui, account, now, actions);
            }
        });
    }

    /// An open account's group: its name (the account on hover), its own row, its intercoms.
    fn group(
        &mut self,
        ui: &mut Ui,
        account: &Account,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        ui.add_space(space::XS);
        let header =
            egui::CollapsingHeader::new(RichText::new(displayable(ui, &account.name())).strong())
                .id_salt(("group", account.id.0))
                .default_open(true)
                .show(ui, |ui| {
                    self.group_row(ui, account, actions);
                    for intercom in &account.state.intercoms {
                        ui.separator();
                        self.intercom_entry_if_seen(ui, account, intercom, now, actions);
                    }
                });
        header
            .header_response
            .on_hover_text(account_hint(&account.state));
    }

    /// A group's own row: show all its codes, whether its account is live, and its menu (name it, sign out).
    fn group_row(&mut self, ui: &mut Ui, account: &Account, actions: &mut Vec<Action>) {
        let id = account.id;
        let name = account.name();
        // Wrapped: in a narrow list the menu goes under "All its codes" rather than out of sight.
        ui.horizontal_wrapped(|ui| {
            let selected = self.query.selection == Selection::Account(id);
            let all = ui
                .selectable_label(selected, t!("group-all"))
                .on_hover_text(t!("group-all-hint", group = name.as_str()));
            if all.clicked() {
                self.select(Selection::Account(id), actions);
            }
            live_dot(ui, &account.state);
            // "⋯", drawn as the rows' menus draw it (no font needs the glyph).
            let button = egui::Button::new("").min_size(code_table::menu_button_size(ui));
            let (response, _) =
                egui::containers::menu::MenuButton::from_button(button).ui(ui, |ui| {
                    if ui.button(t!("group-rename")).clicked() {
                        self.naming = Some((id, name.clone()));
                        self.naming_focus = true;
                    }
                    if ui.button(t!("sessions-open")).clicked() {
                        actions.extend(super::open_sessions(id));
                    }
                    if ui.button(t!("group-sign-out")).clicked() {
                        actions.push(Action::Accounts(accounts::Action::SignOut(id)));
                    }
                });
            code_table::paint_dots(ui, &response);
            let label = t!("group-menu-of", group = name.as_str());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        });
        if let Some((naming, text)) = &mut self.naming
            && *naming == id
        {
            let focus = std::mem::take(&mut self.naming_focus);
            match name_field(ui, text, focus) {
                Some(true) => {
                    // The group's name changes here and in the settings file; nothing else of the window moves.
                    if let Some(profile) = account.state.profile() {
                        actions.push(Action::remember(SettingsChange::GroupName {
                            profile: profile.name.clone(),
                            name: text.clone(),
                        }));
                    }
                    self.naming = None;
                }
                Some(false) => self.naming = None,
                None => {}
            }
        }
    }

    /// An intercom's entry where it can be seen; out of sight, only its room (as tall as when last drawn at
    /// this width).
    fn intercom_entry_if_seen(
        &mut self,
        ui: &mut Ui,
        account: &Account,
        intercom: &Intercom,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        let key = (account.id, intercom.id);
        let width = ui.available_width();
        let top = ui.cursor().top();
        let seen = ui.clip_rect();
        if let Some(&(drawn_width, height)) = self.entry_heights.get(&key)
            && drawn_width == width
            && (top > seen.bottom() || top + height < seen.top())
        {
            ui.allocate_space(egui::vec2(width, height));
            return;
        }
        let drawn = ui.scope(|ui| self.intercom_entry(ui, account, intercom, now, actions));
        self.entry_heights
            .insert(key, (width, drawn.response.rect.height()));
    }

    /// One intercom: its name (a click shows its codes), where it is, whether it is online, how many codes work,
    /// what a visitor does at its door, and its buttons.
    fn intercom_entry(
        &mut self,
        ui: &mut Ui,
        account: &Account,
        intercom: &Intercom,
        now: DateTime<Utc>,
        actions: &mut Vec<Action>,
    ) {
        let (id, state) = (account.id, &account.state);
        let palette = theme::palette(ui);
        let selected = self.query.selection == Selection::Intercom(id, intercom.id);
        let title = displayable(ui, &intercom.title).into_owned();
        if ui
            .add(
                egui::Button::selectable(selected, RichText::new(title.as_str()).strong())
                    .truncate(),
            )
            .clicked()
        {
            // Its codes, and new codes for it.
            self.select(Selection::Intercom(id, intercom.id), actions);
            self.form.open_on(id, intercom.id);
        }
        let mut place = displayable(ui, &intercom.address).into_owned();
        if let Some(entrance) = intercom.department {
            if !place.is_empty() {
                place.push_str(" · ");
            }
            // "entrance 4" stays on one line.
            place.push_str(&t!("intercom-entrance", number = entrance).replace(' ', "\u{a0}"));
        }
        if !place.is_empty() {
            ui.add(egui::Label::new(RichText::new(place).small().color(palette.muted)).wrap());
        }
        ui.horizontal_wrapped(|ui| {
            intercom_status(ui, state, intercom);
            let valid = state.valid_code_count(intercom.id, now);
            let active = t!("intercom-active-codes", count = valid).replace(' ', "\u{a0}");
            ui.label(RichText::new(active).small());
        });
        // What a visitor does at this door, as the share message and the slip say it.
        let instructions = state.instructions(intercom.id);
        if !instructions.is_empty() {
            ui.add(
                egui::Label::new(
                    RichText::new(displayable(ui, instructions))
                        .small()
                        .italics()
                        .color(palette.muted),
                )
                .wrap(),
            );
        }
        ui.horizontal_wrapped(|ui| door_buttons(ui, id, state, intercom, &title, actions));
    }
}

/// Whether the intercom is confirmed, and online as far as the live channel tells (each status on one line:
/// "online status unknown" never splits over two).
fn intercom_status(ui: &mut Ui, state: &AppState, intercom: &Intercom) {
    let palette = theme::palette(ui);
    let status = |ui: &mut Ui, text: &str, color: egui::Color32| {
        ui.add(egui::Label::new(RichText::new(text).small().color(color)).extend())
    };
    match (!intercom.is_unconfirmed(), online_state(state, intercom)) {
        (false, _) => {
            status_dot(ui, palette.warning, false);
            status(ui, t!("intercom-not-confirmed"), palette.warning);
        }
        (true, Some(true)) => {
            status_dot(ui, palette.ok, true);
            status(ui, t!("intercom-online"), palette.ok);
        }
        (true, Some(false)) => {
            status_dot(ui, palette.muted, false);
            status(ui, t!("intercom-offline"), palette.muted);
        }
        (true, None) => {
            status_dot(ui, palette.muted, false);
            // Unknown while the live channel is down, or because the server does not say.
            let hint = if state.live.is_connected() {
                t!("intercom-online-not-reported")
            } else {
                t!("intercom-unknown-hint")
            };
            status(ui, t!("intercom-unknown"), palette.muted).on_hover_text(hint);
        }
    }
}

/// The field a group's name is typed in: `Some(true)` to keep it (Enter, Save), `Some(false)` to leave it as it
/// was (Esc in it, Cancel). A click elsewhere leaves it open, as typed. `focus`: it was just opened, and takes
/// the keyboard.
fn name_field(ui: &mut Ui, text: &mut String, focus: bool) -> Option<bool> {
    let label = ui.label(t!("group-name"));
    let field = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text(t!("group-name-hint"))
                .desired_width(ui.available_width()),
        )
        .labelled_by(label.id);
    if focus {
        field.request_focus();
    }
    let entered = field.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
    let escaped = field.lost_focus() && ui.input(|input| input.key_pressed(Key::Escape));
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui.button(t!("group-save")).clicked() || entered {
            answer = Some(true);
        } else if ui.button(t!("cancel")).clicked() || escaped {
            answer = Some(false);
        }
    });
    ui.add_space(space::XS);
    answer
}

/// A group whose account is not signed in (the server ended its session): why, and a button to sign in again;
/// answers whether it was clicked.
fn signed_out_group(ui: &mut Ui, account: &Account) -> bool {
    let palette = theme::palette(ui);
    ui.add_space(space::XS);
    ui.strong(displayable(ui, &account.name()));
    let reason = account.state.sign_in.notice.map_or_else(
        || t!("group-signed-out").to_owned(),
        |notice| notice.sentence(),
    );
    ui.add(egui::Label::new(RichText::new(reason).small().color(palette.warning)).wrap());
    ui.button(t!("group-sign-in-again")).clicked()
}

/// Open the door (asked first), and the door's instructions; each button names its intercom for screen
/// readers (and tests).
fn door_buttons(
    ui: &mut Ui,
    account: AccountId,
    state: &AppState,
    intercom: &Intercom,
    title: &str,
    actions: &mut Vec<Action>,
) {
    let opening = state.opening_doors.contains(&intercom.id);
    // A door the server does not let the app open (`is_open_door_app`) keeps its button, greyed, with why.
    let enabled = !opening && intercom.opens_from_app();
    let button = egui::Button::new(RichText::new(t!("open-door")).small());
    let door = ui
        .add_enabled(enabled, button)
        .on_hover_text(t!("open-door-hint"))
        .on_disabled_hover_text(if intercom.opens_from_app() {
            t!("open-door-hint")
        } else {
            t!("open-door-not-from-app")
        });
    let name = t!("open-door-of", intercom = title);
    door.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &name));
    if door.clicked() {
        actions.push(Action::Show(Show::Question(Question::OpenDoor {
            account,
            intercom: intercom.id,
            call: None,
        })));
    }
    let edit = ui
        .button(RichText::new(t!("door-instructions")).small())
        .on_hover_text(t!("door-instructions-hint"));
    let name = t!("door-instructions-of", intercom = title);
    edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    if edit.clicked() {
        actions.push(Action::Show(Show::Instructions {
            account,
            intercom: intercom.id,
        }));
    }
}
