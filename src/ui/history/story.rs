//! A code's whole story: who made it and when, for which door, and how it ended (revoked, by whom, or expired);
//! and, for an extension, the other code: the one it replaced, or the one made in its place.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use crate::i18n;
use crate::i18n::Relative;
use crate::journal::{Entry, Kind, Origin, Outcome, Story};
use crate::t;
use crate::ui::theme;

/// One line of the story, in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub at: DateTime<Utc>,
    pub text: String,
    pub failed: bool,
}

/// The story's lines: what the journal has about the code, and its expiry where that came first.
pub fn lines(story: &Story, now: DateTime<Utc>) -> Vec<Line> {
    let mut lines: Vec<Line> = story
        .entries
        .iter()
        .filter_map(|entry| {
            Some(Line {
                at: entry.at,
                text: sentence(entry, story.code_id)?,
                failed: entry.outcome == Outcome::Failed,
            })
        })
        .collect();
    let own = |entry: &&Entry| entry.code_id == Some(story.code_id);
    let expires = story
        .last_seen
        .as_ref()
        .map(|seen| seen.expires_at)
        .or_else(|| {
            story
                .entries
                .iter()
                .filter(own)
                .find_map(|entry| entry.expires_at)
        });
    let ended_before = |at: DateTime<Utc>| {
        story.entries.iter().filter(own).any(|entry| {
            entry.at <= at
                && entry.outcome == Outcome::Ok
                && matches!(entry.kind, Kind::CodeRevoked | Kind::CodeRemoved)
        })
    };
    if let Some(expires) = expires
        && expires <= now
        && !ended_before(expires)
    {
        lines.push(Line {
            at: expires,
            text: t!("story-expired").to_owned(),
            failed: false,
        });
    }
    lines.sort_by_key(|line| line.at);
    lines
}

fn sentence(entry: &Entry, code_id: u64) -> Option<String> {
    let user = if entry.os_user.is_empty() {
        t!("story-unknown-user").to_owned()
    } else {
        entry.os_user.clone()
    };
    if entry.code_id != Some(code_id) {
        // A line of the other code of an extension.
        let code = if entry.code.is_empty() {
            entry.code_id.map(|id| format!("#{id}")).unwrap_or_default()
        } else {
            entry.code.clone()
        };
        return Some(match (entry.kind, entry.outcome) {
            (Kind::CodeCreated, Outcome::Ok) => t!("story-extended-as", code = code, user = user),
            (Kind::CodeCreated, Outcome::Failed) => t!(
                "story-extend-failed",
                user = user,
                reason = entry.detail.clone()
            ),
            (Kind::CodeRevoked, Outcome::Ok) => {
                t!("story-replaced-revoked", code = code, user = user)
            }
            (Kind::CodeRevoked, Outcome::Failed) => t!(
                "story-replaced-not-revoked",
                code = code,
                reason = entry.detail.clone()
            ),
            _ => return None,
        });
    }
    let sentence = own_sentence(entry, user)?;
    // An extension's own lines say which code they replace or were replaced by.
    Some(match (&entry.related_code_id, entry.outcome) {
        (Some(_), Outcome::Ok) if !entry.detail.is_empty() => {
            format!("{sentence} — {}", entry.detail)
        }
        _ => sentence,
    })
}

fn own_sentence(entry: &Entry, user: String) -> Option<String> {
    Some(match (entry.kind, entry.origin, entry.outcome) {
        (Kind::CodeCreated, Origin::Desk, Outcome::Ok) => t!("story-made-here", user = user),
        (Kind::CodeCreated, Origin::CommandLine, Outcome::Ok) => {
            t!("story-made-here-command-line", user = user)
        }
        (Kind::CodeCreated, Origin::Push, _) => t!("story-made-elsewhere-push").to_owned(),
        (Kind::CodeCreated, Origin::Listing, _) => t!("story-made-elsewhere-listing").to_owned(),
        (Kind::CodeRevoked, Origin::Desk, Outcome::Ok) => t!("story-revoked-here", user = user),
        (Kind::CodeRevoked, Origin::CommandLine, Outcome::Ok) => {
            t!("story-revoked-here-command-line", user = user)
        }
        (Kind::CodeRevoked, Origin::Desk | Origin::CommandLine, Outcome::Failed) => {
            t!(
                "story-revoke-failed",
                user = user,
                reason = entry.detail.clone()
            )
        }
        (Kind::CodeRevoked, Origin::Push, _) => t!("story-revoked-elsewhere-push").to_owned(),
        (Kind::CodeRevoked, Origin::Listing, _) => t!("story-revoked-elsewhere-listing").to_owned(),
        (Kind::CodeRemoved, ..) => t!("story-removed").to_owned(),
        _ => return None,
    })
}

/// Draws the story panel; answers whether the user closed it.
pub(super) fn show(ui: &mut Ui, code_id: u64, story: Option<&Story>, now: DateTime<Utc>) -> bool {
    let mut close = false;
    ui.horizontal(|ui| {
        ui.heading(t!("story-heading"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(t!("story-close")).clicked() {
                close = true;
            }
        });
    });
    ui.separator();
    let Some(story) = story else {
        ui.label(RichText::new(t!("history-loading")).color(theme::palette(ui).muted));
        return close;
    };
    let named = story
        .entries
        .iter()
        .rev()
        .find(|entry| entry.code_id == Some(code_id) && !entry.code.is_empty());
    let (code, title, intercom) = match (&story.last_seen, named) {
        (Some(seen), _) => (seen.code.clone(), seen.title.clone(), seen.intercom.clone()),
        (None, Some(entry)) => (
            entry.code.clone(),
            entry.title.clone(),
            entry.intercom.clone(),
        ),
        (None, None) => (format!("#{code_id}"), String::new(), String::new()),
    };
    ui.label(RichText::new(&code).monospace().size(22.0).strong());
    if !title.is_empty() {
        ui.label(RichText::new(&title).strong());
    }
    if !intercom.is_empty() {
        ui.label(t!("story-door", intercom = intercom));
    }
    if let Some(seen) = &story.last_seen {
        let (when, _) = Relative::between(seen.expires_at, now);
        let text = if seen.expires_at > now {
            t!(
                "story-valid-until",
                time = i18n::date_time(seen.expires_at, now),
                relative = i18n::relative(&when)
            )
        } else {
            t!(
                "story-listed-until",
                time = i18n::date_time(seen.removed_at, now)
            )
        };
        ui.label(RichText::new(text).color(theme::palette(ui).muted));
    }
    ui.add_space(8.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        let lines = lines(story, now);
        if lines.is_empty() {
            ui.label(RichText::new(t!("story-nothing")).color(theme::palette(ui).muted));
        }
        egui::Grid::new("story-lines")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for line in lines {
                    ui.label(
                        RichText::new(i18n::date_time(line.at, now))
                            .color(theme::palette(ui).muted),
                    );
                    let text = RichText::new(line.text);
                    ui.label(if line.failed {
                        text.color(theme::palette(ui).error)
                    } else {
                        text
                    });
                    ui.end_row();
                }
            });
    });
    close
}
