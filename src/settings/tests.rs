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
    let written = update(dir.path(), |settings| settings.theme = ThemeChoice::Dark).written()?;
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

#[test]
fn the_directory_can_be_overridden() {
    assert_eq!(
        dir_from(Some(OsString::from("/portable/config"))),
        Some(PathBuf::from("/portable/config"))
    );
    // Unset or empty means the platform's own directory.
    assert_eq!(dir_from(Some(OsString::new())), dir_from(None));
}

#[test]
fn an_account_is_named_by_its_own_name_or_by_its_groups_in_the_window() {
    let settings = Settings {
        profiles: vec![
            Profile {
                name: "demo@harbour:8080".into(),
                group: Some("Harbour Street".into()),
                ..Profile::default()
            },
            Profile {
                name: "demo@mill:8080".into(),
                ..Profile::default()
            },
        ],
        ..Settings::default()
    };
    let named = |name: &str| settings.named_profile(name).map(|p| p.name.as_str());
    assert_eq!(named("Harbour Street"), Some("demo@harbour:8080"));
    assert_eq!(named(" demo@harbour:8080 "), Some("demo@harbour:8080"));
    assert_eq!(named("demo@mill:8080"), Some("demo@mill:8080"));
    assert_eq!(named("Mill Lane"), None);
    assert_eq!(settings.profiles[0].display_name(), "Harbour Street");
    assert_eq!(settings.profiles[1].display_name(), "demo@mill:8080");
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
