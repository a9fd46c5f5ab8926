//! `--demo`: the embedded simulator, and a second desk on it that makes and revokes codes now and then so the
//! live list can be seen working. The desk is a real client with a session of its own. Visitors ring at the doors
//! now and then too (the simulator's own demo calls).

use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::time::Duration;

use chrono::{TimeDelta, Utc};

use aipix_client::api::{ApiError, Client, ClientConfig, LoginRequest};
use aipix_sim::{DemoCalls, SimConfig, SimError, SimHandle};

pub const DEMO_LOGIN: &str = "demo";
pub const DEMO_PASSWORD: &str = "demo";

const VISITORS: [&str; 12] = [
    "Courier",
    "Plumber",
    "Cleaner",
    "Grandma Rose",
    "Electrician",
    "Piano teacher",
    "Dog walker",
    "Florist",
    "Guest of flat 12",
    "Window fitter",
    "Nurse visit",
    "Book club",
];

/// Starts the simulator with the demo account on a free loopback port; its visitors ring now and then.
pub async fn start_server() -> Result<SimHandle, SimError> {
    aipix_sim::start(demo_config(), SocketAddr::from(([127, 0, 0, 1], 0))).await
}

/// Starts `count` demo servers, each on a free loopback port and at a street of its own, each with the demo
/// account; `sparse`: they leave out what the vendor's apps take as optional (`SimConfig::sparse`).
pub async fn start_servers(count: usize, sparse: Option<u64>) -> Result<Vec<SimHandle>, SimError> {
    let config = SimConfig {
        sparse,
        ..demo_config()
    };
    aipix_sim::start_many(&config, count, SocketAddr::from(([127, 0, 0, 1], 0))).await
}

fn demo_config() -> SimConfig {
    SimConfig {
        users: vec![(DEMO_LOGIN.to_owned(), DEMO_PASSWORD.to_owned())],
        demo_calls: Some(DemoCalls::default()),
        ..SimConfig::default()
    }
}

/// Runs the second desk until the task is dropped: every `every` (a random point in the range), revoke the
/// oldest code when the account is full, then make a new one; otherwise revoke an old one after making one.
pub async fn second_desk(base_url: String, every: RangeInclusive<Duration>) {
    let config = match ClientConfig::new(&base_url, format!("demo-desk-{}", uuid::Uuid::new_v4())) {
        Ok(config) => config,
        Err(error) => {
            tracing::warn!(%error, "the demo desk cannot start");
            return;
        }
    };
    let Ok(desk) = Client::new(config) else {
        return;
    };
    if let Err(error) = desk
        .login(&LoginRequest::new(DEMO_LOGIN, DEMO_PASSWORD))
        .await
    {
        tracing::warn!(%error, "the demo desk cannot sign in");
        return;
    }
    loop {
        let wait = rand::random_range(every.clone());
        tokio::time::sleep(wait).await;
        if let Err(error) = one_round(&desk).await {
            tracing::info!(%error, "the demo desk's round failed");
        }
    }
}

async fn one_round(desk: &Client) -> Result<(), ApiError> {
    let intercoms: Vec<_> = desk
        .intercoms()
        .await?
        .items
        .into_iter()
        .filter(|i| i.is_confirmed() && i.takes_codes())
        .collect();
    if intercoms.is_empty() {
        return Ok(());
    }
    let intercom = &intercoms[rand::random_range(0..intercoms.len())];
    let visitor = VISITORS[rand::random_range(0..VISITORS.len())];
    let expiry = Utc::now() + TimeDelta::minutes(rand::random_range(30..=48 * 60));
    let mut codes = desk.codes().await?.items;
    codes.sort_by_key(|code| code.created_at);
    match desk.create_code(intercom.id, visitor, expiry).await {
        Ok(_) => {
            if let Some(oldest) = codes.first() {
                desk.delete_codes(&[oldest.id]).await?;
            }
        }
        // Full: make room, then make the code.
        Err(error) if error.code_limit().is_some() => {
            if let Some(oldest) = codes.first() {
                desk.delete_codes(&[oldest.id]).await?;
            }
            desk.create_code(intercom.id, visitor, expiry).await?;
        }
        Err(error) => return Err(error),
    }
    Ok(())
}

/// The beginning of the demo's temporary folders' names, followed by its process id: a folder whose process is
/// gone was left by a demo that could not clean up (killed, or its display connection cut), and the next demo
/// removes it.
const FOLDER_PREFIX: &str = "visitor-desk-demo-";

/// A temporary folder of this demo (the user's alone), removed when dropped.
pub fn temporary_folder() -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("{FOLDER_PREFIX}{}-", std::process::id()))
        .tempdir()
}

/// Removes the temporary folders of this user's earlier demos whose process is gone.
pub fn remove_stale_folders() {
    remove_stale_folders_in(&std::env::temp_dir());
}

#[cfg(target_os = "linux")]
fn remove_stale_folders_in(dir: &std::path::Path) {
    use std::os::unix::fs::MetadataExt as _;
    let Ok(me) = std::fs::metadata("/proc/self").map(|meta| meta.uid()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(FOLDER_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists();
        let mine = entry
            .metadata()
            .is_ok_and(|meta| meta.is_dir() && meta.uid() == me);
        if mine && !alive && pid != std::process::id() {
            match std::fs::remove_dir_all(entry.path()) {
                Ok(()) => {
                    tracing::info!(folder = %entry.path().display(), "removed an earlier demo's folder")
                }
                Err(error) => tracing::debug!(%error, "an earlier demo's folder stays"),
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn remove_stale_folders_in(_dir: &std::path::Path) {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn only_folders_of_demos_that_are_gone_are_removed() {
        let dir = tempfile::tempdir().expect("dir");
        // No process has this id (the kernel's limit is lower).
        let gone = dir.path().join(format!("{FOLDER_PREFIX}4294967294-abc"));
        let running = dir
            .path()
            .join(format!("{FOLDER_PREFIX}{}-def", std::process::id()));
        let other = dir.path().join("visitor-desk-demo-notes");
        for folder in [&gone, &running, &other] {
            std::fs::create_dir(folder).expect("folder");
            std::fs::write(folder.join("settings.json"), "{}").expect("file");
        }
        remove_stale_folders_in(dir.path());
        assert!(!gone.exists());
        assert!(running.exists() && other.exists());
    }
}
