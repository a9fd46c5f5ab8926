//! The History screen of the real `App` (egui_kittest), against the simulator: reached from the main screen,
//! filled from the journal by the backend, filtered by typing, a code's story from its row, an export of what it
//! shows, and back; and a extended code's story, which names the code it replaced (and the old one's, its
//! successor).

mod common;

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{TimeDelta, Utc};
use common::desk::{Desk, WIDE};
use common::fakes::ChosenPath;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use visitor_desk::backend::{BackendConfig, DialogAnswer, FileKind, NativeSaveDialog, SaveDialog};
use visitor_desk::journal::{ExportFormat, JournalSetup, Request};
use visitor_desk::messages::Command;

/// A desk signed in to the demo account with its journal on; its save dialog answers `export`.
struct HistoryDesk {
    desk: Desk,
    export: PathBuf,
    _data: tempfile::TempDir,
}

impl HistoryDesk {
    fn signed_in() -> Self {
        let data = tempfile::tempdir().expect("data");
        let export = data.path().join("history.csv");
        Self::with_dialog(data, export.clone(), Arc::new(ChosenPath::new(export)))
    }

    fn with_dialog(data: tempfile::TempDir, export: PathBuf, dialog: Arc<dyn SaveDialog>) -> Self {
        Self::sized(data, export, dialog, WIDE)
    }

    fn sized(
        data: tempfile::TempDir,
        export: PathBuf,
        dialog: Arc<dyn SaveDialog>,
        size: [f32; 2],
    ) -> Self {
        let config = BackendConfig {
            journal: Some(JournalSetup::new(
                data.path().join("journal"),
                "ui-desk",
                400,
            )),
            save_dialog: dialog,
            ..BackendConfig::new("ui-desk")
        };
        let desk = Desk::signed_in_with(size, config);
        Self {
            desk,
            export,
            _data: data,
        }
    }
}

impl std::ops::Deref for HistoryDesk {
    type Target = Desk;
    fn deref(&self) -> &Desk {
        &self.desk
    }
}

impl std::ops::DerefMut for HistoryDesk {
    fn deref_mut(&mut self) -> &mut Desk {
        &mut self.desk
    }
}

#[test]
fn the_history_shows_filters_tells_a_codes_story_and_exports_what_it_shows() {
    let mut desk = HistoryDesk::signed_in();
    let intercom = desk.sim.intercom_ids("demo")[0];
    desk.sim
        .create_code(
            "demo",
            intercom,
            "Plumber Petrov",
            Utc::now() + TimeDelta::hours(2),
        )
        .expect("another desk makes a code");
    desk.step_until("the other desk's code", |h| {
        h.state().state().code_count() == 4
    });

    desk.harness.get_by_label("History").click();
    desk.step_until("the journal on screen", |h| {
        h.state().history().total().is_some_and(|total| total >= 2)
            && h.query_all_by_label("Plumber Petrov").next().is_some()
    });
    assert!(desk.harness.state().history_is_open());
    assert!(desk.has_label("Signed in"));
    assert!(desk.has_label("Another desk (live)"));
    assert!(
        !desk.has_label("Create code"),
        "the main screen is not drawn behind"
    );
    desk.sent();

    // Typing filters; the backend is asked, the frame does not read the file.
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .click();
    desk.harness.step();
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("plumb");
    desk.step_until("the filtered view", |h| {
        h.state().history().total() == Some(1)
    });
    desk.harness.step();
    assert!(!desk.has_label("Signed in"));
    let asked: Vec<String> = desk
        .sent()
        .into_iter()
        .filter_map(|command| match command {
            Command::Journal(Request::Page { filter, .. }) => Some(filter.search),
            _ => None,
        })
        .collect();
    assert_eq!(asked.last().map(String::as_str), Some("plumb"), "{asked:?}");

    // From the code's row, its story.
    desk.harness.get_by_label("Plumber Petrov").click();
    desk.step_until("the story", |h| {
        h.query_all_by_label("Made at another desk (seen live)")
            .next()
            .is_some()
    });
    assert!(desk.has_label("The code's story"));

    // The export is of what the view shows: one entry.
    desk.harness.get_by_label("Export").click();
    desk.step_until("the export menu", |h| {
        h.query_all_by_label("CSV").next().is_some()
    });
    desk.harness.get_by_label("CSV").click();
    let export = desk.export.clone();
    desk.step_until("the file", |_| export.exists());
    let mut reader = csv::Reader::from_path(&desk.export).expect("csv");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].iter().any(|cell| cell == "Plumber Petrov"));

    // Esc closes the story, then the screen; the codes are back.
    desk.harness.key_press(egui::Key::Escape);
    desk.harness.step();
    desk.harness.get_by_label("⏴ Codes").click();
    desk.step_until("the codes again", |h| !h.state().history_is_open());
    desk.harness.step();
    assert!(desk.has_label("Create code"));
}

#[test]
fn the_codes_are_exported_as_the_main_screen_shows_them() {
    let mut desk = HistoryDesk::signed_in();
    // Enough codes that some start with a zero (one in ten), which a spreadsheet must not turn into numbers.
    let intercom = desk.sim.intercom_ids("demo")[0];
    desk.sim
        .insert_codes("demo", intercom, 100, Utc::now() + TimeDelta::hours(3));
    desk.harness.get_by_label("Refresh").click();
    desk.step_until("the codes listed again", |h| {
        h.state().state().code_count() > 100
    });
    let shown = desk.harness.state().state().code_count();
    desk.harness.get_by_label("Export codes").click();
    desk.step_until("the export menu", |h| {
        h.query_all_by_label("CSV for Excel").next().is_some()
    });
    desk.harness.get_by_label("CSV for Excel").click();
    let export = desk.export.clone();
    desk.step_until("the file", |_| export.exists());
    let bytes = std::fs::read(&desk.export).expect("file");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "Excel's byte-order mark"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(&reader.headers().expect("header")[0], "Code");
    assert_eq!(reader.records().count(), shown);
    // As a spreadsheet shows it: every door code as the server wrote it, leading zeros and all.
    let in_spreadsheet = |rows: Vec<Vec<String>>| {
        let mut codes: Vec<String> = rows[1..].iter().map(|row| row[0].clone()).collect();
        codes.sort();
        codes
    };
    let in_gnumeric = in_spreadsheet(common::spreadsheet::rows_in_gnumeric(&desk.export));
    let in_libreoffice =
        in_spreadsheet(common::spreadsheet::rows_in_libreoffice(&desk.export, b','));
    let state = desk.harness.state().state();
    let mut listed: Vec<String> = desk
        .sim
        .code_ids("demo")
        .into_iter()
        .filter_map(|id| state.code(id).and_then(|code| code.code.clone()))
        .collect();
    listed.sort();
    assert!(
        listed.iter().any(|code| code.starts_with('0')),
        "{listed:?}"
    );
    assert_eq!(in_gnumeric, listed);
    assert_eq!(in_libreoffice, listed);
    assert!(
        desk.sent().iter().any(|command| matches!(
            command,
            Command::Journal(Request::Export {
                format: ExportFormat::Csv { bom: true },
                ..
            })
        )),
        "one export asked of the backend"
    );
}

/// Shows the story of the code whose digits are `digits`: searched for, then its row clicked.
fn story_of(desk: &mut Desk, digits: &str, title: &str) {
    let search = desk
        .harness
        .get_by_role_and_label(Role::TextInput, "Search");
    search.click();
    desk.harness.step();
    desk.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    desk.harness.key_press(egui::Key::Delete);
    desk.harness.step();
    desk.harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text(digits);
    desk.step_until("the code's lines", |h| {
        h.state().history().total().is_some_and(|total| total >= 1)
            && h.state().history().row(0).is_some_and(|e| e.code == digits)
    });
    desk.harness.step();
    desk.harness
        .query_all_by_label(title)
        .last()
        .expect("the code's row")
        .click();
    desk.step_until("the story", |h| {
        h.query_all_by_label("The code's story").next().is_some()
    });
}

#[test]
fn an_extended_codes_story_names_the_code_it_replaced_and_the_old_one_names_its_successor() {
    let mut desk = HistoryDesk::signed_in();
    desk.harness.step();
    let now = Utc::now();
    let old = {
        let state = desk.harness.state().state();
        let mut codes: Vec<_> = desk
            .sim
            .code_ids("demo")
            .into_iter()
            .filter_map(|id| state.code(id).cloned())
            .filter(|code| code.expired_at > now + TimeDelta::hours(1))
            .collect();
        codes.sort_by_key(|code| code.id);
        codes.into_iter().next().expect("a working code")
    };

    // Extend it from its row: one confirmation, the new code made, the old one revoked.
    desk.harness
        .get_by_label(&format!(
            "Actions for {} ({})",
            old.title,
            old.code_value().expect("the code")
        ))
        .click();
    desk.harness.run_steps(2);
    desk.harness.get_by_label("Extend…").click();
    desk.harness.run_steps(2);
    desk.harness.get_by_label("Make the new code").click();
    desk.step_until("the new code", |h| {
        h.state().state().create.created.is_some() && h.state().state().code(old.id).is_none()
    });
    let new = desk.created().expect("made");

    desk.harness.run_steps(2);
    assert!(
        desk.harness
            .query_all_by_label("Make the new code")
            .next()
            .is_none(),
        "the dialog closed"
    );
    desk.harness.get_by_label("History").click();
    desk.step_until("the journal on screen", |h| {
        h.state().history().total().is_some_and(|total| total >= 3)
    });
    desk.harness.run_steps(2);

    // The new code's story starts with the code it replaced, and that code's revoke.
    story_of(&mut desk, new.code_value().expect("the code"), &new.title);
    let replaced = format!(
        "The code it replaces, {}, was revoked at this desk by ",
        old.code_value().expect("the code")
    );
    desk.step_until("the old code's revoke", |h| {
        h.query_all_by_label_contains(&replaced).next().is_some()
    });
    assert!(
        desk.harness
            .query_all_by_label_contains(&format!(
                "— Extension of code {}",
                old.code_value().expect("the code")
            ))
            .next()
            .is_some(),
        "its making names the code it replaces"
    );
    desk.harness.key_press(egui::Key::Escape);
    desk.harness.step();

    // The old code's story ends with its successor.
    story_of(&mut desk, old.code_value().expect("the code"), &old.title);
    desk.step_until("the extension", |h| {
        h.query_all_by_label_contains(&format!(
            "Extended as code {} at this desk by ",
            new.code_value().expect("the code")
        ))
        .next()
        .is_some()
    });
    assert!(
        desk.harness
            .query_all_by_label_contains(&format!(
                "— Replaced by code {}",
                new.code_value().expect("the code")
            ))
            .next()
            .is_some(),
        "its revoke names the code that replaces it"
    );
}

/// A session bus of its own with no desktop portal on it, as on a minimal desktop: the real `dbus-daemon`.
struct BusWithoutPortal {
    daemon: std::process::Child,
    address: String,
}

impl BusWithoutPortal {
    fn start() -> Self {
        use std::io::BufRead as _;
        let mut daemon = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("dbus-daemon runs (Debian package dbus)");
        let mut address = String::new();
        std::io::BufReader::new(daemon.stdout.take().expect("its stdout"))
            .read_line(&mut address)
            .expect("its address");
        Self {
            daemon,
            address: address.trim().to_owned(),
        }
    }
}

impl Drop for BusWithoutPortal {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The system's own save dialog, with its fallback folder (the downloads folder) in the test's folder.
struct DownloadsIn {
    dialog: NativeSaveDialog,
    folder: PathBuf,
}

impl SaveDialog for DownloadsIn {
    fn ask(
        &self,
        file_name: String,
        kind: FileKind,
    ) -> Pin<Box<dyn std::future::Future<Output = DialogAnswer> + Send>> {
        self.dialog.ask(file_name, kind)
    }

    fn fallback_folder(&self) -> Option<PathBuf> {
        Some(self.folder.clone())
    }
}

#[test]
fn an_export_whose_save_dialog_cannot_open_goes_to_the_downloads_folder_and_says_where() {
    // As on a minimal desktop: a session bus, but no portal on it and no zenity.
    let bus = BusWithoutPortal::start();
    let no_zenity = tempfile::tempdir().expect("an empty folder of programs");
    let data = tempfile::tempdir().expect("data");
    let downloads = data.path().join("Downloads");
    std::fs::create_dir(&downloads).expect("downloads");
    let dialog = DownloadsIn {
        dialog: NativeSaveDialog::on(Some(bus.address.clone()), no_zenity.path().into()),
        folder: downloads.clone(),
    };
    let mut desk = HistoryDesk::with_dialog(data, downloads.join("unused"), Arc::new(dialog));
    desk.harness.get_by_label("Export codes").click();
    desk.step_until("the export menu", |h| {
        h.query_all_by_label("CSV").next().is_some()
    });
    desk.harness.get_by_label("CSV").click();
    // The export, once written whole (it is written beside under a temporary name, then renamed).
    let exported = |folder: &std::path::Path| {
        std::fs::read_dir(folder).ok().and_then(|files| {
            files.flatten().map(|file| file.path()).find(|path| {
                path.file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with("visitor-desk-codes-"))
            })
        })
    };
    let folder = downloads.clone();
    desk.step_until("the file in the downloads folder", |_| {
        exported(&folder).is_some()
    });
    let file = exported(&downloads).expect("the export");
    let named = file.display().to_string();
    desk.step_until("the message naming the file", |h| {
        h.query_all_by_label_contains(&named).next().is_some()
    });
    assert!(
        desk.has_label_containing("No save dialog can be opened here"),
        "and why it went there"
    );
}

/// The History screen's column headers, left to right, in the header row.
const HEADERS: [&str; 7] = [
    "Time", "Event", "Who", "Intercom", "Code", "Title", "Details",
];

fn header_rects(desk: &Desk) -> Vec<egui::Rect> {
    let time = desk.rect_of("Time");
    HEADERS
        .iter()
        .map(|title| {
            desk.harness
                .query_all_by_label(title)
                .map(|node| node.rect())
                .find(|rect| (rect.center().y - time.center().y).abs() < 2.0)
                .unwrap_or_else(|| panic!("the {title} header"))
        })
        .collect()
}

#[test]
fn the_history_columns_hold_their_texts_and_details_are_within_reach() {
    for size in [[1920.0, 1080.0], [800.0, 600.0]] {
        let data = tempfile::tempdir().expect("data");
        let export = data.path().join("unused.csv");
        let mut desk = HistoryDesk::sized(
            data,
            export.clone(),
            Arc::new(ChosenPath::new(export)),
            size,
        );
        let intercom = desk.sim.intercom_ids("demo")[0];
        desk.sim
            .create_code(
                "demo",
                intercom,
                "Plumber Petrov",
                Utc::now() + TimeDelta::hours(2),
            )
            .expect("another desk makes a code");
        desk.step_until("the other desk's code", |h| {
            h.state().state().code_count() == 4
        });
        desk.harness.get_by_label("History").click();
        // The title is also the main screen's (its row, its notice): the journal's rows are History's own.
        desk.step_until("the journal on screen", |h| {
            h.state().history_rows_laid_out() > 0
                && h.query_all_by_label("Plumber Petrov").next().is_some()
        });
        // The notice of the other desk's code gone, so that only the table's texts are measured.
        desk.advance_clock(TimeDelta::minutes(1));
        desk.frames(3);
        let headers = header_rects(&desk);
        // Every text in a column ends before the next column begins: nothing is cut.
        let body_top = headers[0].bottom();
        for text in desk.painted() {
            if text.rect.top() <= body_top || text.rect.top() > size[1] - 40.0 {
                continue;
            }
            let Some(column) = headers
                .iter()
                .rposition(|h| h.left() <= text.rect.left() + 1.0)
            else {
                continue;
            };
            if let Some(next) = headers.get(column + 1) {
                assert!(
                    text.rect.right() <= next.left() + 1.0,
                    "{size:?}: “{}” in the {} column runs into {}",
                    text.text,
                    HEADERS[column],
                    HEADERS[column + 1]
                );
            }
        }
        let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0], size[1]));
        if !window.contains_rect(headers[5]) {
            // Within reach: the table scrolls sideways.
            desk.harness
                .hover_at(headers[0].center() + egui::vec2(0.0, 60.0));
            desk.harness.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(-3000.0, 0.0),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            });
            desk.frames(3);
        }
        let details = header_rects(&desk)[5];
        assert!(
            window.contains_rect(details),
            "{size:?}: Details at {details:?}"
        );
    }
}
