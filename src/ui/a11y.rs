//! What the desk tells assistive technology (a screen reader such as Orca, through AccessKit and AT-SPI) beyond
//! what egui's widgets publish by themselves: the window's name, a table's rows and cells by name, and
//! announcements of what changed where the user may not be looking (a code made, a code revoked at another desk,
//! the live channel lost and back, a call at the door, a refusal from the server). A notice is its own live
//! region ([`live`]): the words on screen are the words said.
//!
//! egui 0.37 names and roles its widgets itself (a widget's [`egui::WidgetInfo`], a field's `labelled_by`), and
//! gives a container a role and a name through [`egui::UiBuilder::accessibility_role`] and
//! [`egui::UiBuilder::accessibility_label`]; it has no live regions. An announcement is therefore a node of its
//! own, made through [`egui::Context::accesskit_node_builder`] with AccessKit's `live` property set: AccessKit
//! raises AT-SPI's `Announcement` event when such a node appears, so each announcement is a new node (the same
//! words twice are said twice).
//!
//! A new screen names its parts with [`row`] and [`cell`] (a list read row by row), [`table`] (the rows'
//! container) and [`named`] (any group of widgets read as one), and says what changed through the app's
//! [`Announcer`].

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::{DateTime, TimeDelta, Utc};
use egui::accesskit::{Live, Role};
use egui::{Id, Ui, UiBuilder};

use crate::accounts::{AccountId, Accounts};
use crate::messages::{Event, Problem};
use crate::state::AppState;
use crate::t;
use aipix_client::api::{CallState, Code};
use aipix_client::live::{LiveEvent, Push};

/// How many announcements stay in the tree: the latest, and a few before it for a reader who missed them.
const KEPT: usize = 3;
/// How long codes that end are gathered before they are said: a storm (a manager revoking many, a batch running
/// out on the hour, pushes a moment apart) is one announcement, not one each.
const GATHER: TimeDelta = TimeDelta::milliseconds(700);

/// How urgently an announcement interrupts a screen reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Said when the reader is done with what it is saying (`Live::Polite`).
    Polite,
    /// Said at once (`Live::Assertive`): a call at the door, a refusal of what the user just asked.
    Assertive,
}

/// Something changed that a screen reader says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub text: String,
    pub urgency: Urgency,
}

/// What the window announces, and what it has seen of each account to tell a change from what was there.
#[derive(Debug, Default)]
pub struct Announcer {
    /// The latest announcements, oldest first, each with its serial number (its node's id).
    said: VecDeque<(u64, Announcement)>,
    next: u64,
    seen: BTreeMap<AccountId, Seen>,
    /// The codes that ended lately, not said yet: the first (said by name when it stays alone), how many of each
    /// end (a storm of any size holds two numbers), and since when they are gathered.
    first_ended: Option<Ended>,
    revoked: usize,
    expired: usize,
    gathering_since: Option<DateTime<Utc>>,
}

/// A code that stopped opening its door while the desk was open.
#[derive(Debug)]
struct Ended {
    title: String,
    digits: String,
    revoked: bool,
}

impl Ended {
    fn of(code: &Code, revoked: bool) -> Self {
        Self {
            title: code.title.trim().to_owned(),
            digits: code.code_value().map_or_else(String::new, spelled_out),
            revoked,
        }
    }
}

/// What was seen of an account's live channel in the last frame.
#[derive(Debug, Default)]
struct Seen {
    /// Whether it was up.
    live: bool,
    /// Whether it has been up since the account opened (a first connection is not news).
    was_live: bool,
    /// The codes' version these expiries were read at (`None`: not read yet).
    codes_version: Option<u64>,
    /// The codes still valid, by when they run out: the first is the next to expire by the clock.
    expiries: BTreeSet<(DateTime<Utc>, u64)>,
}

impl Seen {
    /// The codes of `state` that ran out by `now` since the last look (one revoked or extended meanwhile did not),
    /// and the expiries read again when the codes changed.
    fn expired(&mut self, state: &AppState, now: DateTime<Utc>) -> Vec<Ended> {
        let mut ended = Vec::new();
        while let Some(&(at, id)) = self.expiries.first()
            && at <= now
        {
            self.expiries.pop_first();
            if let Some(code) = state.code(id).filter(|code| code.expired_at == at) {
                ended.push(Ended::of(code, false));
            }
        }
        let version = state.codes_version();
        if self.codes_version != Some(version) {
            self.codes_version = Some(version);
            self.expiries = (state.all_codes())
                .filter(|code| code.expired_at > now)
                .map(|code| (code.expired_at, code.id))
                .collect();
        }
        ended
    }
}

impl Announcer {
    /// Announces `text`.
    pub fn say(&mut self, text: impl Into<String>, urgency: Urgency) {
        self.next += 1;
        let announcement = Announcement {
            text: text.into(),
            urgency,
        };
        self.said.push_back((self.next, announcement));
        while self.said.len() > KEPT {
            self.said.pop_front();
        }
    }

    /// A form's request the server refused (its reasons are under the form's fields, where the keyboard goes):
    /// every reason, at once.
    pub fn refused(&mut self, problem: &Problem) {
        let reasons = problem.general(&[]);
        if !reasons.is_empty() {
            let text = t!("a11y-refused", reasons = reasons.join(" "));
            self.say(text, Urgency::Assertive);
        }
    }

    /// The code just made for the form of `state`'s account: its digits (one by one, as they are read out to a
    /// visitor) and its title.
    pub fn code_made(&mut self, state: &AppState) {
        let Some(code) = &state.create.created else {
            return;
        };
        let Some(value) = code.code_value() else {
            return;
        };
        let text = t!(
            "a11y-code-made",
            code = spelled_out(value),
            title = code.title.trim()
        );
        self.say(text, Urgency::Polite);
    }

    /// Codes known here revoked at another desk: said with the others that end about now (see [`GATHER`]).
    pub fn revoked_elsewhere(&mut self, codes: &[Code], now: DateTime<Utc>) {
        let ended = codes.iter().map(|code| Ended::of(code, true)).collect();
        self.gather(ended, now);
    }

    fn gather(&mut self, ended: Vec<Ended>, now: DateTime<Utc>) {
        for code in ended {
            self.gathering_since.get_or_insert(now);
            if code.revoked {
                self.revoked += 1;
            } else {
                self.expired += 1;
            }
            self.first_ended.get_or_insert(code);
        }
    }

    /// The codes gathered, said once they have been for [`GATHER`]: one by its title and digits, several in a
    /// summary.
    fn say_ended(&mut self, now: DateTime<Utc>) {
        if self
            .gathering_since
            .is_none_or(|since| now - since < GATHER)
        {
            return;
        }
        self.gathering_since = None;
        let (revoked, expired) = (
            std::mem::take(&mut self.revoked),
            std::mem::take(&mut self.expired),
        );
        let Some(first) = self.first_ended.take() else {
            return;
        };
        let (code, title) = (first.digits.as_str(), first.title.as_str());
        let text = match (revoked, expired) {
            (1, 0) => t!("a11y-code-revoked", code = code, title = title),
            (0, 1) => t!("a11y-code-expired", code = code, title = title),
            _ => {
                let mut said = Vec::new();
                if revoked > 0 {
                    said.push(t!("a11y-codes-revoked", count = revoked));
                }
                if expired > 0 {
                    said.push(t!("a11y-codes-expired", count = expired));
                }
                said.join(" ")
            }
        };
        self.say(text, Urgency::Polite);
    }

    /// When the announcer next has something to say by the clock: codes gathered, or the next code to run out.
    pub fn next_change(&self) -> Option<DateTime<Utc>> {
        let said = self.gathering_since.map(|since| since + GATHER);
        let expiry =
            (self.seen.values()).filter_map(|seen| seen.expiries.first().map(|(at, _)| *at));
        said.into_iter().chain(expiry).min()
    }

    /// A live channel lost or back since the last frame (it has no notice of its own; a first connection is not
    /// news), and codes that ran out by the clock.
    pub fn follow(&mut self, accounts: &Accounts, now: DateTime<Utc>) {
        let open: BTreeSet<AccountId> = accounts.open().map(|account| account.id).collect();
        self.seen.retain(|id, _| open.contains(id));
        for account in accounts.open() {
            let seen = self.seen.entry(account.id).or_default();
            let expired = seen.expired(&account.state, now);
            let live = account.state.live.is_connected();
            let change = match (seen.live, live) {
                (true, false) => Some(t!("a11y-live-lost")),
                (false, true) if seen.was_live => Some(t!("a11y-live-back")),
                _ => None,
            };
            seen.live = live;
            seen.was_live |= live;
            if let Some(text) = change {
                self.say(text, Urgency::Polite);
            }
            self.gather(expired, now);
        }
        self.say_ended(now);
    }

    /// A call that rings at `state`'s door `call` (pushed, and new: see [`rings`]), at once.
    pub fn call(&mut self, state: &AppState, call: u64) {
        let Some(row) = state.calls.get(call) else {
            return;
        };
        let door = state
            .call_intercom(row)
            .map_or_else(String::new, |intercom| intercom.title.clone());
        self.say(t!("a11y-call", intercom = door), Urgency::Assertive);
    }

    /// The announcements that stay in the tree, oldest first.
    #[cfg(test)]
    pub fn said(&self) -> impl Iterator<Item = &Announcement> {
        self.said.iter().map(|(_, announcement)| announcement)
    }

    /// Publishes the window's name and the announcements as live nodes of the accessibility tree (nothing is drawn).
    pub fn publish(&self, ctx: &egui::Context) {
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label(t!("app-name"));
        });
        for (serial, announcement) in &self.said {
            let id = Id::unique(("visitor-desk-announcement", *serial));
            ctx.accesskit_node_builder(id, |node| {
                let (role, live) = match announcement.urgency {
                    Urgency::Polite => (Role::Status, Live::Polite),
                    Urgency::Assertive => (Role::Alert, Live::Assertive),
                };
                node.set_role(role);
                node.set_live(live);
                node.set_label(announcement.text.as_str());
            });
        }
    }
}

/// The call `event` pushes when it is one that rings and `state` does not know yet: a call at the door now (a
/// listing's calls are not: they may have rung long ago).
pub fn rings(state: &AppState, event: &Event) -> Option<u64> {
    let Event::Live(LiveEvent::Push(Push::CallStored { call })) = event else {
        return None;
    };
    (call.state() == CallState::Ringing && state.calls.get(call.id).is_none()).then_some(call.id)
}

/// A code's digits one by one ("4 8 1 5"), so that a screen reader reads them as a visitor keys them in rather
/// than as a number.
pub fn spelled_out(value: &str) -> String {
    let mut spelled = String::with_capacity(value.len() * 2);
    for (index, digit) in value.chars().filter(|c| !c.is_whitespace()).enumerate() {
        if index > 0 {
            spelled.push(' ');
        }
        spelled.push(digit);
    }
    spelled
}

/// Makes the node of `id` (a widget just drawn: a notice) a live region, announced with `urgency` when it appears:
/// what is on screen is announced as it is, with no copy of it in the tree.
pub fn live(ctx: &egui::Context, id: Id, urgency: Urgency) {
    ctx.accesskit_node_builder(id, |node| {
        node.set_live(match urgency {
            Urgency::Polite => Live::Polite,
            Urgency::Assertive => Live::Assertive,
        });
    });
}

/// Names the dialog `ui` is drawn in (egui gives a modal the dialog role, not a name) by what `name` says: its
/// question or title, which a screen reader says when the dialog opens.
pub fn name_dialog(ui: &Ui, name: &str) {
    let dialog = ui
        .stack()
        .iter()
        .find(|frame| frame.kind() == Some(egui::UiKind::Modal))
        .map(|frame| frame.unique_id);
    if let Some(id) = dialog {
        ui.ctx()
            .accesskit_node_builder(id, |node| node.set_label(name));
    }
}

/// A dialog's heading, which names the dialog too (see [`name_dialog`]).
pub fn dialog_heading(ui: &mut Ui, text: impl Into<String>) -> egui::Response {
    let text = text.into();
    name_dialog(ui, &text);
    ui.heading(text)
}

/// Draws `add` as one node of `role` named `name`: what a screen reader reads as one thing (a row of a list, a
/// group of fields under one heading).
pub fn named<R>(
    ui: &mut Ui,
    role: Role,
    name: impl Into<String>,
    add: impl FnOnce(&mut Ui) -> R,
) -> R {
    ui.scope_builder(
        UiBuilder::new()
            .accessibility_role(role)
            .accessibility_label(name),
        add,
    )
    .inner
}

/// Draws `add` as a table named `name` (its rows are [`row`]s).
pub fn table<R>(ui: &mut Ui, name: impl Into<String>, add: impl FnOnce(&mut Ui) -> R) -> R {
    named(ui, Role::Table, name, add)
}

/// A row named `name` (what its cells say together), for a table whose cells egui lays out apart (egui_extras):
/// made inside the row's first cell, it is the parent of the cells drawn through [`cell`] with the id it answers.
pub fn row(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    name: impl Into<String>,
) -> Id {
    let rect = egui::Rect::from_min_size(ui.cursor().min, egui::Vec2::ZERO);
    let row = ui.new_child(
        UiBuilder::new()
            .id_salt(("a11y-row", salt))
            .max_rect(rect)
            .accessibility_role(Role::Row)
            .accessibility_label(name),
    );
    row.unique_id()
}

/// Draws `add` as a cell of the row `row` (made by [`row`]); a header cell with `Role::ColumnHeader`.
pub fn cell<R>(ui: &mut Ui, row: Id, role: Role, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.scope_builder(
        UiBuilder::new()
            .accessibility_parent(row)
            .accessibility_role(role),
        add,
    )
    .inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_spelled_one_by_one() {
        assert_eq!(spelled_out("48151"), "4 8 1 5 1");
        assert_eq!(spelled_out("12 34"), "1 2 3 4");
        assert_eq!(spelled_out(""), "");
    }

    #[test]
    fn codes_ending_together_are_one_summary_said_once_they_stop_coming() {
        let code = |title: &str| -> Code {
            serde_json::from_value(serde_json::json!({
                "id": 1, "title": title, "code": "4815",
                "expired_at": "2030-01-01T00:00:00Z"
            }))
            .unwrap()
        };
        let start = DateTime::<Utc>::from_timestamp(1_900_000_000, 0).unwrap();
        let mut announcer = Announcer::default();
        announcer.revoked_elsewhere(&[code("Plumber")], start);
        let later = start + TimeDelta::milliseconds(300);
        announcer.gather(
            vec![Ended::of(&code("A"), false), Ended::of(&code("B"), false)],
            later,
        );
        announcer.say_ended(start + TimeDelta::milliseconds(600));
        assert_eq!(announcer.said().count(), 0, "still gathering");
        announcer.say_ended(start + GATHER);
        let said: Vec<&str> = announcer.said().map(|a| a.text.as_str()).collect();
        assert_eq!(
            said,
            ["1 code was revoked at another desk. 2 codes have expired."]
        );
        announcer.say_ended(start + GATHER * 3);
        assert_eq!(announcer.said().count(), 1, "said once");
    }

    #[test]
    fn only_the_latest_announcements_stay() {
        let mut announcer = Announcer::default();
        for n in 0..5 {
            announcer.say(format!("{n}"), Urgency::Polite);
        }
        let said: Vec<&str> = announcer.said().map(|a| a.text.as_str()).collect();
        assert_eq!(said, ["2", "3", "4"]);
    }
}
