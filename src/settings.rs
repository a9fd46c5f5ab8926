//! The settings file: the device id, the server profiles, and what was used last.
//!
//! One JSON file, `settings.json`, in the platform's config directory. It is written atomically (a temporary file
//! in the same directory, flushed to disk, then renamed over the old one), so a crash mid-write leaves the old file
//! or the new one, never half of one. A file that cannot be read is set aside and reported, never a crash; one
//! with a value that cannot be read keeps every other value (each profile, pin and door instruction on its own).
//! Fields this version does not know are kept when it writes the file again.
//!
//! Several windows (and commands) share the file: each change is read, made and written under a lock
//! ([`update`]), on the file as it is on disk then, so that no window writes back an old copy over another's
//! change; a change touches only its own keys.
//!
//! Passwords and tokens never go in here: the token lives in [`crate::secrets`].

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::desktop::alerts::AlertChoices;
use crate::files;
use crate::secrets::TokenKey;
use crate::t;

mod change;
mod mail;
pub use change::SettingsChange;
pub use mail::{MailSecurity, MailSettings};

/// The file's name inside the settings directory.
pub const FILE_NAME: &str = "settings.json";

/// The lock every reader-modifier-writer of the file holds, beside it (the file itself is replaced by rename, so
/// it cannot carry the lock).
pub const LOCK_NAME: &str = ".settings.lock";

/// Overrides the settings directory (tests, portable installs).
pub const DIR_ENV: &str = "VISITOR_DESK_CONFIG_DIR";

/// Everything remembered between runs. Every field has a default so that files from older versions still load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// A UUID v4 made on first start and sent as `X-UUID` ever after.
    pub device_id: String,
    pub profiles: Vec<Profile>,
    /// The [`Profile::name`] used last.
    pub last_profile: Option<String>,
    /// The accounts signed in together in the window when it last changed ([`Profile::name`]s): the next start
    /// resumes each whose sign-in is kept.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open_accounts: Vec<String>,
    /// The id of the intercom looked at last.
    pub last_intercom: Option<u64>,
    /// The language chosen in the app (a tag such as `ru`); `None` follows the operating system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The light or dark look chosen in the app; by default the operating system's.
    #[serde(skip_serializing_if = "ThemeChoice::is_system")]
    pub theme: ThemeChoice,
    /// A code valid for longer than this many days asks for a confirmation first (default
    /// [`DEFAULT_MAX_EXPIRY_DAYS`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_expiry_days: Option<u32>,
    /// How many days the journal keeps its entries; `None`: [`crate::journal::DEFAULT_KEEP_DAYS`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal_keep_days: Option<u32>,
    /// How codes are handed over to visitors.
    pub handover: HandoverSettings,
    /// Where the window was and how big, when it last settled: the next start opens it there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowPlace>,
    /// Which kinds of desktop notification the user wants.
    #[serde(skip_serializing_if = "AlertChoices::is_default")]
    pub notifications: AlertChoices,
    /// Fields a newer version wrote, kept as they are.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// The window's place on the screen, in logical points: its outer top-left corner, its inner size, and whether it
/// was maximized.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowPlace {
    #[serde(deserialize_with = "finite")]
    pub x: f32,
    #[serde(deserialize_with = "finite")]
    pub y: f32,
    #[serde(deserialize_with = "finite")]
    pub width: f32,
    #[serde(deserialize_with = "finite")]
    pub height: f32,
    #[serde(default)]
    pub maximized: bool,
}

/// A number of the window's place, when it is one a window can have: a number past `f32`'s range (`1e39`) reads
/// as infinity, which would be written back as `null` and refused at the next start.
fn finite<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
    let value = f32::deserialize(deserializer)?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(serde::de::Error::custom("not a finite number"))
    }
}

// Whole points only ever go in (see `ui::window_place`), so comparing them exactly is sound.
impl Eq for WindowPlace {}

/// How long a code may be valid before the form asks "are you sure?".
pub const DEFAULT_MAX_EXPIRY_DAYS: u32 = 30;

/// The light or dark look of the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    /// Whatever the operating system uses.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    fn is_system(&self) -> bool {
        *self == ThemeChoice::System
    }
}

/// The choices of the settings menu and the form's limits, as the screens need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// `None`: the operating system's language.
    pub language: Option<String>,
    pub theme: ThemeChoice,
    pub max_expiry_days: u32,
    /// Which kinds of desktop notification the user wants.
    pub notifications: AlertChoices,
}

impl Default for Preferences {
    fn default() -> Self {
        Settings::default().preferences()
    }
}

/// How codes are handed over: the share message's template and the slip's paper.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HandoverSettings {
    /// The share message with `{placeholders}`; `None` uses the language's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// `a6`, `receipt` or `a4`; `None` is A6.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slip_size: Option<String>,
    /// Fields a newer version wrote, kept as they are.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// The name a sign-in gives its profile: "login@host:port".
pub fn profile_name(login: &str, base_url: &str) -> String {
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .trim_end_matches('/');
    format!("{login}@{host}")
}

/// One server account the sign-in screen offers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// What the user calls it; unique among the profiles.
    pub name: String,
    /// The server's base URL, as typed.
    pub server: String,
    pub login: String,
    /// The live channel's auth route, when the server does not use the default one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_path: Option<String>,
    pub tls: TrustChoice,
    /// What a visitor does at each intercom's door ("press # then the code"), by intercom id: it goes into the
    /// share message and on the slip.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub instructions: BTreeMap<u64, String>,
    /// The user agreed to sign in to this plain-http server on another computer, unencrypted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_insecure_http: bool,
    /// What the window calls this account's group of intercoms ("Harbour Street"); `None`: "login @ server".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The account's mail server, for sending codes by e-mail; `None` until one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail: Option<MailSettings>,
    /// Fields a newer version wrote, kept as they are.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

impl Profile {
    /// What the window and the command line call it: its group's name, once one is given, else its own.
    pub fn display_name(&self) -> &str {
        self.group.as_deref().unwrap_or(&self.name)
    }

    /// The key of this account's token in the token store.
    pub fn token_key(&self) -> TokenKey {
        TokenKey::new(&self.server, &self.login)
    }
}

/// Which server certificates a profile accepts. Checking is never turned off: a self-signed server is trusted only
/// through its CA file or one pinned certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrustChoice {
    /// The operating system's root certificates.
    #[default]
    System,
    /// Certificates issued by the CA certificate(s) in this PEM file.
    CaFile { path: PathBuf },
    /// Exactly this server certificate.
    Pinned {
        /// SHA-256 of the certificate's DER, lowercase hex.
        sha256: String,
        /// The certificate's subject, to show the user what was trusted.
        subject: String,
    },
}

impl From<&TrustChoice> for aipix_client::api::TlsTrust {
    fn from(choice: &TrustChoice) -> Self {
        match choice {
            TrustChoice::System => Self::System,
            TrustChoice::CaFile { path } => Self::CaFile(path.clone()),
            TrustChoice::Pinned { sha256, .. } => Self::Pinned {
                sha256: sha256.clone(),
            },
        }
    }
}

impl Settings {
    /// Fresh settings with a new device id.
    pub fn new() -> Self {
        Self {
            device_id: new_device_id(),
            ..Self::default()
        }
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The saved profile `name` calls: its own name, or the name its group was given in the window ("Harbour
    /// Street").
    pub fn named_profile(&self, name: &str) -> Option<&Profile> {
        let name = name.trim();
        self.profile(name).or_else(|| {
            self.profiles
                .iter()
                .find(|profile| profile.group.as_deref().map(str::trim) == Some(name))
        })
    }

    /// The profile used last, if it still exists.
    pub fn last_used_profile(&self) -> Option<&Profile> {
        self.last_profile
            .as_deref()
            .and_then(|name| self.profile(name))
    }

    /// Replaces the sign-in details of the profile of the same name where it stands (what the user set for it,
    /// the door instructions, stays), or adds it at the end.
    pub fn upsert_profile(&mut self, profile: Profile) {
        match self.profiles.iter_mut().find(|p| p.name == profile.name) {
            Some(existing) => {
                let instructions = std::mem::take(&mut existing.instructions);
                let group = existing.group.take();
                let mail = existing.mail.take();
                *existing = profile;
                if existing.mail.is_none() {
                    existing.mail = mail;
                }
                if existing.instructions.is_empty() {
                    existing.instructions = instructions;
                }
                // A group named in the window keeps its name across sign-ins.
                if existing.group.is_none() {
                    existing.group = group;
                }
            }
            None => self.profiles.push(profile),
        }
    }

    pub fn preferences(&self) -> Preferences {
        Preferences {
            language: self.language.clone(),
            theme: self.theme,
            max_expiry_days: self
                .max_expiry_days
                .filter(|days| *days > 0)
                .unwrap_or(DEFAULT_MAX_EXPIRY_DAYS),
            notifications: self.notifications,
        }
    }

    /// Removes the profile of that name and forgets it as the last one used.
    pub fn remove_profile(&mut self, name: &str) -> Option<Profile> {
        let index = self.profiles.iter().position(|p| p.name == name)?;
        if self.last_profile.as_deref() == Some(name) {
            self.last_profile = None;
        }
        Some(self.profiles.remove(index))
    }
}

/// Why the settings could not be saved. `Display` for logs (English); [`SettingsError::text`] for people.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("the settings could not be saved to {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the settings could not be encoded: {0}")]
    Encode(#[from] serde_json::Error),
}

impl SettingsError {
    /// What went wrong, in the user's language.
    pub fn text(&self) -> String {
        match self {
            SettingsError::Write { path, source } => t!(
                "settings-not-saved",
                path = path.display().to_string(),
                reason = source.to_string()
            ),
            SettingsError::Encode(error) => t!("settings-not-encoded", reason = error.to_string()),
        }
    }
}

/// The settings directory: `$VISITOR_DESK_CONFIG_DIR` if set, else the platform's config directory
/// (e.g. `~/.config/visitor-desk` on Linux). `None` when the platform has no home directory. On Windows it is the
/// local one (`%LOCALAPPDATA%\VisitorDesk\visitor-desk\config`), not the roaming `%APPDATA%`: the device id kept
/// here is this computer's, and a roaming profile would give two front desks the same one (the server does not
/// push a desk's own changes back to its device id, so neither would see the other's codes appear).
pub fn default_dir() -> Option<PathBuf> {
    dir_from(std::env::var_os(DIR_ENV))
}

fn dir_from(overridden: Option<OsString>) -> Option<PathBuf> {
    match overridden {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("org", "VisitorDesk", "visitor-desk")
            .map(|dirs| dirs.config_local_dir().to_path_buf()),
    }
}

/// The settings file inside `dir`.
pub fn file_path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// The settings as they are on disk, if a readable file is there; never writes (for a look before the window
/// opens, such as the language to speak).
pub fn peek(dir: &Path) -> Option<Settings> {
    let bytes = fs::read(file_path(dir)).ok()?;
    read(&bytes).ok().map(|(settings, _)| settings)
}

/// Loads the settings from `dir`, or makes and saves fresh ones on first start. Never fails: what went wrong comes
/// back as a warning for the user, and the app goes on with usable settings. A file that cannot be read (or holds
/// a value that cannot) is renamed to `settings.json.broken-<unix time>`, so nothing the user had is destroyed,
/// and what could be read of it is written in its place.
pub fn load_or_create(dir: &Path) -> (Settings, Option<String>) {
    let mut warning = None;
    let Updated {
        settings,
        not_written,
    } = update_with(dir, |found, _| {
        warning = found.warning;
        found.changed
    });
    if let Some(error) = not_written {
        tracing::warn!(%error, "the settings could not be written");
        let note = t!("settings-changes-not-kept", reason = error.text());
        warning = Some(match warning.take() {
            Some(earlier) => format!("{earlier} {note}"),
            None => note,
        });
    }
    (settings, warning)
}

/// What [`update`] made: the settings as changed, and why they are not on disk when they could not be written.
#[derive(Debug)]
pub struct Updated {
    pub settings: Settings,
    pub not_written: Option<SettingsError>,
}

impl Updated {
    /// The settings written, or why they were not.
    pub fn written(self) -> Result<Settings, SettingsError> {
        match self.not_written {
            None => Ok(self.settings),
            Some(error) => Err(error),
        }
    }
}

/// Changes the settings in `dir` and writes them, under the lock: `change` is made to the file as it is now
/// (another window's changes included), so that it touches only what it changes.
pub fn update(dir: &Path, change: impl FnOnce(&mut Settings)) -> Updated {
    update_with(dir, |found, settings| {
        if let Some(warning) = &found.warning {
            tracing::warn!("{warning}");
        }
        change(settings);
        true
    })
}

/// What reading the file under the lock found, before a change.
struct Found {
    /// For the user: the file was set aside, or part of it could not be read.
    warning: Option<String>,
    /// The settings differ from the file (made fresh, repaired): they must be written even without a change.
    changed: bool,
}

/// Reads the file under the lock, lets `change` decide (answering whether to write), and writes.
fn update_with(dir: &Path, change: impl FnOnce(Found, &mut Settings) -> bool) -> Updated {
    let path = file_path(dir);
    let lock = match lock(dir) {
        Ok(lock) => Some(lock),
        Err(error) => {
            // A file system without locks still gets its settings read and written: one window at a time.
            tracing::warn!(%error, "settings: no lock in {}", dir.display());
            None
        }
    };
    let (mut settings, mut found) = match fs::read(&path) {
        Ok(bytes) => match read(&bytes) {
            Ok((settings, problems)) if problems.is_empty() => (
                settings,
                Found {
                    warning: None,
                    changed: false,
                },
            ),
            Ok((settings, problems)) => set_aside(&path, settings, &problems.join(", "), true),
            Err(err) => {
                let fresh = fresh_keeping_device_id(&bytes);
                set_aside(&path, fresh, &err.to_string(), false)
            }
        },
        Err(err) if err.kind() == io::ErrorKind::NotFound => (
            Settings::new(),
            Found {
                warning: None,
                changed: true,
            },
        ),
        Err(err) => set_aside(&path, Settings::new(), &err.to_string(), false),
    };
    if uuid::Uuid::parse_str(&settings.device_id).is_err() {
        tracing::warn!(found = %settings.device_id, "settings: no valid device id; made a new one");
        settings.device_id = new_device_id();
        found.changed = true;
    }
    let write = change(found, &mut settings);
    let result = if write {
        save_unlocked(dir, &settings)
    } else {
        Ok(())
    };
    drop(lock);
    Updated {
        settings,
        not_written: result.err(),
    }
}

/// Holds the settings' lock of `dir` until dropped, waiting while another window or command holds it.
fn lock(dir: &Path) -> io::Result<fs::File> {
    files::private_dir(dir)?;
    let file = files::private_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(LOCK_NAME))?;
    file.lock()?;
    Ok(file)
}

/// Reads a settings file, keeping whatever can be read: each top-level value, each profile, each of a profile's
/// values and door instructions on its own. Answers besides the settings what could not be read (by name); an
/// error only when the file is not a JSON object at all.
pub fn read(bytes: &[u8]) -> Result<(Settings, Vec<String>), serde_json::Error> {
    let mut object: Map<String, Value> = serde_json::from_slice(bytes)?;
    let mut problems = Vec::new();
    match object.remove("profiles") {
        Some(Value::Array(items)) => {
            let mut profiles = Vec::new();
            for (n, item) in items.into_iter().enumerate() {
                let label = format!("profiles[{n}]");
                match item {
                    Value::Object(profile) => profiles.push(Value::Object(readable_profile(
                        profile,
                        &label,
                        &mut problems,
                    ))),
                    _ => problems.push(label),
                }
            }
            object.insert("profiles".into(), Value::Array(profiles));
        }
        Some(Value::Null) | None => {}
        Some(_) => problems.push("profiles".into()),
    }
    match object.remove("handover") {
        Some(Value::Object(handover)) => {
            let handover = readable::<HandoverSettings>(handover, "handover.", &mut problems);
            object.insert("handover".into(), Value::Object(handover));
        }
        Some(Value::Null) | None => {}
        Some(_) => problems.push("handover".into()),
    }
    let object = readable::<Settings>(object, "", &mut problems);
    let settings = serde_json::from_value(Value::Object(object)).unwrap_or_default();
    Ok((settings, problems))
}

/// A profile's values that can be read, its door instructions one by one.
fn readable_profile(
    mut profile: Map<String, Value>,
    label: &str,
    problems: &mut Vec<String>,
) -> Map<String, Value> {
    match profile.remove("instructions") {
        Some(Value::Object(instructions)) => {
            let mut kept = Map::new();
            for (intercom, text) in instructions {
                if intercom.parse::<u64>().is_ok() && text.is_string() {
                    kept.insert(intercom, text);
                } else {
                    problems.push(format!("{label}.instructions.{intercom}"));
                }
            }
            profile.insert("instructions".into(), Value::Object(kept));
        }
        Some(Value::Null) | None => {}
        Some(_) => problems.push(format!("{label}.instructions")),
    }
    readable::<Profile>(profile, &format!("{label}."), problems)
}

/// The values of `object` that `T` can read, tried one at a time (every field of `T` has a default); the others
/// are named in `problems`.
fn readable<T: DeserializeOwned>(
    object: Map<String, Value>,
    prefix: &str,
    problems: &mut Vec<String>,
) -> Map<String, Value> {
    if serde_json::from_value::<T>(Value::Object(object.clone())).is_ok() {
        return object;
    }
    let mut kept = Map::new();
    for (key, value) in object {
        let alone = Map::from_iter([(key.clone(), value.clone())]);
        if serde_json::from_value::<T>(Value::Object(alone)).is_ok() {
            kept.insert(key, value);
        } else {
            problems.push(format!("{prefix}{key}"));
        }
    }
    kept
}

/// Fresh settings, with the device id of the unreadable `bytes` when it can still be found, so that the server
/// sees the same device.
fn fresh_keeping_device_id(bytes: &[u8]) -> Settings {
    let mut settings = Settings::new();
    if let Some(id) = salvage_device_id(bytes) {
        settings.device_id = id;
    }
    settings
}

/// Renames a file that could not be read (`part`: only in part) out of the way; answers `settings` with the
/// warning. They may be written over the old path only when the old file is safe.
fn set_aside(path: &Path, settings: Settings, why: &str, part: bool) -> (Settings, Found) {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".broken-{stamp}"));
    let aside = PathBuf::from(aside);
    let path_text = path.display().to_string();
    match fs::rename(path, &aside) {
        Ok(()) => {
            tracing::warn!(
                path = %path.display(),
                aside = %aside.display(),
                %why,
                partly = part,
                "the settings file could not be read whole: set aside"
            );
            let aside = aside.display().to_string();
            let warning = if part {
                t!(
                    "settings-partly-read",
                    path = path_text,
                    what = why,
                    aside = aside
                )
            } else {
                t!(
                    "settings-set-aside",
                    path = path_text,
                    why = why,
                    aside = aside
                )
            };
            (
                settings,
                Found {
                    warning: Some(warning),
                    changed: true,
                },
            )
        }
        // Do not write over a file we could not move away: it stays for the user to inspect.
        Err(err) => {
            tracing::warn!(
                path = %path.display(),
                %why,
                error = %err,
                "the settings file could not be read, nor set aside"
            );
            (
                settings,
                Found {
                    warning: Some(t!(
                        "settings-unreadable",
                        path = path_text,
                        why = why,
                        error = err.to_string()
                    )),
                    changed: false,
                },
            )
        }
    }
}

fn salvage_device_id(bytes: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let id = value.get("device_id")?.as_str()?;
    uuid::Uuid::parse_str(id).ok()?;
    Some(id.to_owned())
}

fn new_device_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Saves the settings into `dir` (created if missing) as they are, replacing whatever the file holds, under the
/// lock. Windows change the settings with [`update`] instead, which keeps what others changed meanwhile.
pub fn save(dir: &Path, settings: &Settings) -> Result<(), SettingsError> {
    let lock = lock(dir).map_err(|source| SettingsError::Write {
        path: file_path(dir),
        source,
    })?;
    let result = save_unlocked(dir, settings);
    drop(lock);
    result
}

/// Writes the file atomically: a temporary file next to the old one (0600), flushed to disk, then renamed over it.
fn save_unlocked(dir: &Path, settings: &Settings) -> Result<(), SettingsError> {
    let mut json = serde_json::to_vec_pretty(settings)?;
    json.push(b'\n');
    let path = file_path(dir);
    let write_err = |source| SettingsError::Write {
        path: path.clone(),
        source,
    };

    files::private_dir(dir).map_err(write_err)?;
    // Same directory, so the rename cannot cross file systems; the temporary file is removed if anything fails.
    let mut temp = tempfile::Builder::new()
        .prefix(".settings.json.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(write_err)?;
    temp.write_all(&json).map_err(write_err)?;
    temp.as_file().sync_all().map_err(write_err)?;
    temp.persist(&path).map_err(|err| write_err(err.error))?;
    sync_dir(dir);
    Ok(())
}

/// Makes the rename itself durable. Best effort: the new file is already in place, and not every platform can
/// open a directory for this.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Err(err) = fs::File::open(dir).and_then(|d| d.sync_all()) {
        tracing::debug!(%err, "settings: could not flush the directory");
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests;
