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
    /// Fields a newer version wrote, kept as they are.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

impl Profile {
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
                *existing = profile;
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
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn pinned_profile() -> Profile {
        Profile {
            name: "Head office".to_owned(),
            server: "https://vms.example".to_owned(),
            login: "desk".to_owned(),
            auth_path: Some("/api/v1/broadcasting/auth".to_owned()),
            tls: TrustChoice::Pinned {
                sha256: "ab".repeat(32),
                subject: "CN=vms.example".to_owned(),
            },
            ..Profile::default()
        }
    }

    /// The files in `dir` but the lock.
    fn names_in(dir: &Path) -> io::Result<Vec<String>> {
        let mut names = fs::read_dir(dir)?
            .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<io::Result<Vec<_>>>()?;
        names.retain(|name| name != LOCK_NAME);
        names.sort();
        Ok(names)
    }

    #[test]
    fn first_start_makes_a_device_id_and_writes_the_file() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (settings, warning) = load_or_create(dir.path());
        assert_eq!(warning, None);
        let id = uuid::Uuid::parse_str(&settings.device_id)?;
        assert_eq!(id.get_version_num(), 4);
        assert!(settings.profiles.is_empty());
        let on_disk: Settings = serde_json::from_slice(&fs::read(file_path(dir.path()))?)?;
        assert_eq!(on_disk, settings);
        Ok(())
    }

    #[test]
    fn a_new_sign_in_keeps_the_door_instructions_and_they_survive_a_reload() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut settings, _) = load_or_create(dir.path());
        let profile = Profile {
            name: "demo@vms.local".into(),
            server: "https://vms.local/".into(),
            login: "demo".into(),
            ..Profile::default()
        };
        settings.upsert_profile(profile.clone());
        settings.profiles[0]
            .instructions
            .insert(180, "Press # then the code".into());
        settings.handover.template = Some("Code {code}".into());
        // Signing in again replaces the sign-in details, not what the user set.
        settings.upsert_profile(Profile {
            tls: TrustChoice::CaFile {
                path: "/etc/ca.pem".into(),
            },
            ..profile
        });
        assert_eq!(
            settings.profiles[0].instructions[&180],
            "Press # then the code"
        );
        save(dir.path(), &settings)?;
        let (reloaded, _) = load_or_create(dir.path());
        assert_eq!(reloaded, settings);
        Ok(())
    }

    #[test]
    fn creates_a_missing_directory() -> TestResult {
        let dir = tempfile::tempdir()?;
        let nested = dir.path().join("a").join("b");
        let (_, warning) = load_or_create(&nested);
        assert_eq!(warning, None);
        assert!(file_path(&nested).is_file());
        Ok(())
    }

    #[test]
    fn reload_gives_the_same_device_id_and_profiles() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut settings, _) = load_or_create(dir.path());
        settings.upsert_profile(pinned_profile());
        settings.upsert_profile(Profile {
            name: "Lab".to_owned(),
            server: "https://lab.example".to_owned(),
            login: "manager".to_owned(),
            auth_path: None,
            tls: TrustChoice::CaFile {
                path: PathBuf::from("/etc/ssl/lab-ca.pem"),
            },
            instructions: [(7, "Ring 12 first".to_owned())].into(),
            ..Profile::default()
        });
        settings.last_profile = Some("Lab".to_owned());
        settings.last_intercom = Some(42);
        save(dir.path(), &settings)?;

        let (reloaded, warning) = load_or_create(dir.path());
        assert_eq!(warning, None);
        assert_eq!(reloaded, settings);
        assert_eq!(
            reloaded.last_used_profile().map(|p| p.login.as_str()),
            Some("manager")
        );
        Ok(())
    }

    #[test]
    fn an_older_file_with_fields_missing_still_loads() -> TestResult {
        let dir = tempfile::tempdir()?;
        let id = "0b7c6c1e-5a43-4a57-9d0e-3f1c2b8a9d10";
        let old = format!(
            r#"{{"device_id":"{id}","profiles":[{{"name":"Old","server":"https://old.example","login":"desk"}}],
               "some_future_field":true}}"#
        );
        fs::write(file_path(dir.path()), old)?;
        let (settings, warning) = load_or_create(dir.path());
        assert_eq!(warning, None);
        assert_eq!(settings.device_id, id);
        let profile = settings.profile("Old").ok_or("profile lost")?;
        assert_eq!(profile.tls, TrustChoice::System);
        assert_eq!(profile.auth_path, None);
        Ok(())
    }

    #[test]
    fn a_file_without_a_device_id_gets_one_and_keeps_the_rest() -> TestResult {
        let dir = tempfile::tempdir()?;
        fs::write(file_path(dir.path()), r#"{"last_intercom": 7}"#)?;
        let (settings, warning) = load_or_create(dir.path());
        assert_eq!(warning, None);
        uuid::Uuid::parse_str(&settings.device_id)?;
        assert_eq!(settings.last_intercom, Some(7));
        let (again, _) = load_or_create(dir.path());
        assert_eq!(again.device_id, settings.device_id);
        Ok(())
    }

    #[test]
    fn a_broken_file_is_set_aside_with_a_warning_and_replaced() -> TestResult {
        let id = "0b7c6c1e-5a43-4a57-9d0e-3f1c2b8a9d10";
        let cases = [
            ("garbage", "\u{0}\u{1}not json at all".to_owned()),
            (
                "wrong types",
                format!(r#"{{"device_id":"{id}","profiles":"none","last_intercom":"x"}}"#),
            ),
            (
                "truncated",
                format!(r#"{{"device_id":"{id}","profiles":[{{"name":"A""#),
            ),
            ("not an object", r#"["settings"]"#.to_owned()),
        ];
        for (what, content) in cases {
            let dir = tempfile::tempdir()?;
            let path = file_path(dir.path());
            fs::write(&path, &content)?;

            let (settings, warning) = load_or_create(dir.path());
            let warning = warning.ok_or_else(|| format!("{what}: no warning"))?;
            assert!(warning.contains("could not be read"), "{what}: {warning}");
            assert!(warning.contains("set aside as"), "{what}: {warning}");
            uuid::Uuid::parse_str(&settings.device_id)?;
            assert!(settings.profiles.is_empty(), "{what}");

            let names = names_in(dir.path())?;
            assert_eq!(names.len(), 2, "{what}: {names:?}");
            assert_eq!(names[0], FILE_NAME, "{what}");
            assert!(
                names[1].starts_with("settings.json.broken-"),
                "{what}: {names:?}"
            );
            assert!(warning.contains(&names[1]), "{what}: {warning}");
            assert_eq!(
                fs::read_to_string(dir.path().join(&names[1]))?,
                content,
                "{what}"
            );

            let replaced: Settings = serde_json::from_slice(&fs::read(&path)?)?;
            assert_eq!(replaced, settings, "{what}");
            let (again, warning) = load_or_create(dir.path());
            assert_eq!(warning, None, "{what}");
            assert_eq!(again.device_id, settings.device_id, "{what}");
        }
        Ok(())
    }

    #[test]
    fn one_bad_value_loses_only_itself_and_the_file_as_it_was_is_set_aside() -> TestResult {
        let dir = tempfile::tempdir()?;
        let id = "0b7c6c1e-5a43-4a57-9d0e-3f1c2b8a9d10";
        let sha = "ab".repeat(32);
        let content = format!(
            r#"{{"device_id":"{id}","last_intercom":"x","theme":"dark","last_profile":"Office",
              "profiles":[
                {{"name":"Office","server":"https://vms.example/","login":"desk",
                  "tls":{{"kind":"pinned","sha256":"{sha}","subject":"CN=vms.example"}},
                  "instructions":{{"180":"Press # then the code","x":"bad key","181":7}}}},
                {{"name":"Lab","server":"https://lab.example/","login":"manager","tls":{{"kind":"off"}}}},
                "not a profile"
              ],
              "handover":{{"template":"Code {{code}}","slip_size":4}}}}"#
        );
        fs::write(file_path(dir.path()), &content)?;
        let (settings, warning) = load_or_create(dir.path());
        let warning = warning.ok_or("no warning")?;
        for named in [
            "last_intercom",
            "profiles[0].instructions.x",
            "profiles[0].instructions.181",
            "profiles[1].tls",
            "profiles[2]",
            "handover.slip_size",
        ] {
            assert!(warning.contains(named), "{named}: {warning}");
        }
        assert!(warning.contains("everything else was kept"), "{warning}");
        assert_eq!(settings.device_id, id);
        assert_eq!(settings.theme, ThemeChoice::Dark);
        assert_eq!(settings.last_intercom, None);
        assert_eq!(
            settings.last_used_profile().map(|p| p.login.as_str()),
            Some("desk")
        );
        let office = settings.profile("Office").ok_or("the pinned profile")?;
        assert_eq!(
            office.tls,
            TrustChoice::Pinned {
                sha256: sha,
                subject: "CN=vms.example".into()
            }
        );
        assert_eq!(
            office.instructions,
            BTreeMap::from([(180, "Press # then the code".to_owned())])
        );
        // A profile whose trust cannot be read falls back to the system's authorities: stricter, never looser.
        assert_eq!(
            settings.profile("Lab").map(|p| &p.tls),
            Some(&TrustChoice::System)
        );
        assert_eq!(settings.handover.template.as_deref(), Some("Code {code}"));

        let names = names_in(dir.path())?;
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(fs::read_to_string(dir.path().join(&names[1]))?, content);
        let (again, warning) = load_or_create(dir.path());
        assert_eq!(warning, None);
        assert_eq!(again, settings);
        Ok(())
    }

    #[test]
    fn fields_a_newer_version_wrote_are_kept_when_the_file_is_written_again() -> TestResult {
        let dir = tempfile::tempdir()?;
        let id = "0b7c6c1e-5a43-4a57-9d0e-3f1c2b8a9d10";
        fs::write(
            file_path(dir.path()),
            format!(
                r#"{{"device_id":"{id}","future_panel":{{"open":true}},
                  "profiles":[{{"name":"A","server":"https://a.example/","login":"a","colour":"teal"}}],
                  "handover":{{"template":"T","qr_size":3}}}}"#
            ),
        )?;
        update(dir.path(), |settings| settings.theme = ThemeChoice::Light).written()?;
        let written: Value = serde_json::from_slice(&fs::read(file_path(dir.path()))?)?;
        assert_eq!(written["future_panel"], serde_json::json!({"open": true}));
        assert_eq!(written["profiles"][0]["colour"], "teal");
        assert_eq!(written["handover"]["qr_size"], 3);
        assert_eq!(written["theme"], "light");
        Ok(())
    }

    #[test]
    fn an_update_starts_from_the_file_not_from_an_old_copy() -> TestResult {
        let dir = tempfile::tempdir()?;
        // Two windows load the same file.
        let (first, _) = load_or_create(dir.path());
        let (second, _) = load_or_create(dir.path());
        assert_eq!(first, second);
        let profile = Profile {
            name: "demo@vms".into(),
            server: "https://vms/".into(),
            login: "demo".into(),
            ..Profile::default()
        };
        update(dir.path(), |settings| {
            settings.upsert_profile(profile.clone());
            settings.profiles[0]
                .instructions
                .insert(180, "Press # then the code".into());
        })
        .written()?;
        // The second window changes the theme; its copy knows nothing of the instructions.
        let written =
            update(dir.path(), |settings| settings.theme = ThemeChoice::Dark).written()?;
        assert_eq!(written.theme, ThemeChoice::Dark);
        assert_eq!(
            written.profiles[0].instructions[&180],
            "Press # then the code"
        );
        assert_eq!(peek(dir.path()), Some(written));
        Ok(())
    }

    #[test]
    fn a_readable_device_id_survives_a_broken_file() -> TestResult {
        let dir = tempfile::tempdir()?;
        let id = "0b7c6c1e-5a43-4a57-9d0e-3f1c2b8a9d10";
        fs::write(
            file_path(dir.path()),
            format!(r#"{{"device_id":"{id}","profiles":"none"}}"#),
        )?;
        let (settings, warning) = load_or_create(dir.path());
        assert!(warning.is_some());
        assert_eq!(settings.device_id, id);
        Ok(())
    }

    #[test]
    fn an_unreadable_file_is_set_aside_too() -> TestResult {
        // A directory where the file should be: reading fails even as root, unlike permission bits.
        let dir = tempfile::tempdir()?;
        fs::create_dir(file_path(dir.path()))?;
        let (settings, warning) = load_or_create(dir.path());
        let warning = warning.ok_or("no warning")?;
        assert!(warning.contains("set aside as"), "{warning}");
        uuid::Uuid::parse_str(&settings.device_id)?;
        assert!(file_path(dir.path()).is_file());
        Ok(())
    }

    #[test]
    fn save_replaces_the_file_by_rename_and_leaves_no_temporary_files() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (mut settings, _) = load_or_create(dir.path());
        let path = file_path(dir.path());
        let before = fs::metadata(&path)?;

        settings.upsert_profile(pinned_profile());
        save(dir.path(), &settings)?;

        // A new inode means the old file was never truncated and rewritten in place: a crash mid-write would have
        // left it untouched.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            assert_ne!(fs::metadata(&path)?.ino(), before.ino());
        }
        #[cfg(not(unix))]
        let _ = before;
        assert_eq!(names_in(dir.path())?, [FILE_NAME]);
        let on_disk: Settings = serde_json::from_slice(&fs::read(&path)?)?;
        assert_eq!(on_disk, settings);
        Ok(())
    }

    #[test]
    fn a_failed_save_leaves_no_temporary_file() -> TestResult {
        let dir = tempfile::tempdir()?;
        // The rename cannot replace a non-empty directory, so the save fails at its last step.
        fs::create_dir(file_path(dir.path()))?;
        fs::write(file_path(dir.path()).join("keep"), "x")?;
        let err = save(dir.path(), &Settings::new())
            .err()
            .ok_or("save succeeded")?;
        assert!(matches!(err, SettingsError::Write { .. }), "{err:?}");
        assert!(
            err.text().starts_with("Could not save the settings in"),
            "{err}"
        );
        assert_eq!(names_in(dir.path())?, [FILE_NAME]);
        Ok(())
    }

    #[test]
    fn no_password_or_token_is_ever_written() -> TestResult {
        fn keys(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, inner) in map {
                        out.push(key.to_lowercase());
                        keys(inner, out);
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|item| keys(item, out)),
                _ => {}
            }
        }

        let dir = tempfile::tempdir()?;
        let mut settings = Settings::new();
        settings.upsert_profile(pinned_profile());
        settings.last_profile = Some("Head office".to_owned());
        settings.last_intercom = Some(1);
        save(dir.path(), &settings)?;

        let written: serde_json::Value = serde_json::from_slice(&fs::read(file_path(dir.path()))?)?;
        let mut found = Vec::new();
        keys(&written, &mut found);
        assert!(found.contains(&"sha256".to_owned()), "{found:?}");
        for key in &found {
            for banned in ["password", "token", "secret"] {
                assert!(!key.contains(banned), "field {key:?} in the settings file");
            }
        }
        Ok(())
    }

    #[test]
    fn tls_choice_is_tagged_by_kind() -> TestResult {
        let json = serde_json::to_value(TrustChoice::CaFile {
            path: PathBuf::from("/ca.pem"),
        })?;
        assert_eq!(
            json,
            serde_json::json!({"kind": "ca_file", "path": "/ca.pem"})
        );
        assert_eq!(
            serde_json::to_value(TrustChoice::System)?,
            serde_json::json!({"kind": "system"})
        );
        Ok(())
    }

    #[test]
    fn profiles_are_upserted_in_place_and_removed() {
        let mut settings = Settings::new();
        let profile = |name: &str, login: &str| Profile {
            name: name.to_owned(),
            server: "https://vms.example".to_owned(),
            login: login.to_owned(),
            ..Profile::default()
        };
        settings.upsert_profile(profile("A", "one"));
        settings.upsert_profile(profile("B", "two"));
        settings.upsert_profile(profile("A", "three"));
        let names: Vec<_> = settings
            .profiles
            .iter()
            .map(|p| (p.name.as_str(), p.login.as_str()))
            .collect();
        assert_eq!(names, [("A", "three"), ("B", "two")]);
        assert_eq!(
            settings.profile("B").map(|p| p.token_key()),
            Some(TokenKey::new("https://vms.example/", "two"))
        );

        settings.last_profile = Some("A".to_owned());
        assert_eq!(
            settings.remove_profile("A").map(|p| p.login),
            Some("three".to_owned())
        );
        assert_eq!(settings.last_profile, None);
        assert_eq!(settings.remove_profile("A"), None);
        assert_eq!(settings.profile("A"), None);
        assert!(settings.profile("B").is_some());
    }

    /// Found by the `settings_file` fuzz target (`fuzz/`), which writes what it read as the desk saves it and reads
    /// it again: a number a newer version wrote, kept as it is, came back another number (serde_json reads floats
    /// only nearly exactly unless asked); and a window corner past `f32`'s range was read as infinity and written
    /// as `null`, which the next start refused.
    #[test]
    fn what_is_written_reads_back_the_same() -> TestResult {
        for found in [
            r#"{"device_ie":"x","profileAs":[{"serv\r":6000000000000000000123814538}],"unknown":true}"#,
            r#"{"later": 6e27, "profiles": [{"name": "A", "later": 0.1e-300}]}"#,
            r#"{"window": {"x": 1e39, "y": 0, "width": 800, "height": 600}}"#,
        ] {
            let (first, _) = read(found.as_bytes())?;
            let written = serde_json::to_vec_pretty(&first)?;
            let (again, problems) = read(&written)?;
            assert!(
                problems.is_empty(),
                "{found}: written, then not read: {problems:?}"
            );
            assert_eq!(
                again, first,
                "{found}: written, then read as something else"
            );
        }
        let (settings, problems) =
            read(br#"{"window": {"x": 1e39, "y": 0, "width": 800, "height": 600}}"#)?;
        assert_eq!(settings.window, None);
        assert_eq!(problems, ["window"]);
        Ok(())
    }

    #[test]
    fn the_directory_can_be_overridden() {
        assert_eq!(
            dir_from(Some(OsString::from("/portable/config"))),
            Some(PathBuf::from("/portable/config"))
        );
        // Unset or empty means the platform's own directory.
        assert_eq!(dir_from(Some(OsString::new())), dir_from(None));
    }
}
