//! Build script: the version line (with the git commit), and, from the same clap definition the binary parses
//! with, the man pages and the bash, zsh and fish completions.
//!
//! They are written to `OUT_DIR`, and copied to `target/<profile>/share/` (the layout of `/usr/share`) where the
//! Debian package's assets (see `[package.metadata.deb]`) pick them up: `OUT_DIR`'s hashed path cannot be named
//! in `Cargo.toml`.

// A build script talks to cargo on stdout; the clap definition is included whole, and not all of it is used here.
#![allow(clippy::print_stdout, dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::{env, fs, io};

use clap::CommandFactory as _;
use clap_complete::Shell;

#[path = "src/cli/args.rs"]
mod args;
#[path = "src/cli/manual.rs"]
mod manual;
use args::Cli;
use manual::{ENVIRONMENT, EXAMPLES, EXIT_CODES, FILES};

const BIN: &str = "visitor-desk";

fn main() -> io::Result<()> {
    println!("cargo::rerun-if-changed=src/cli/args.rs");
    println!("cargo::rerun-if-changed=src/cli/manual.rs");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=VISITOR_DESK_COMMIT");

    let version = version_line();
    println!("cargo::rustc-env=VISITOR_DESK_VERSION={version}");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        windows_resources(&version)?;
    }

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").ok_or(io::ErrorKind::NotFound)?);
    let share = out_dir.join("share");
    // Leaked: clap keeps a `&'static str`, and this process ends in a moment.
    let command = Cli::command().version(&*version.leak());
    write_man_pages(command.clone(), &share.join("man/man1"))?;
    for (shell, dir) in [
        (Shell::Bash, "bash-completion/completions"),
        (Shell::Zsh, "zsh/vendor-completions"),
        (Shell::Fish, "fish/vendor_completions.d"),
    ] {
        let dir = share.join(dir);
        fs::create_dir_all(&dir)?;
        clap_complete::generate_to(shell, &mut command.clone(), BIN, &dir)?;
    }
    if let Some(profile_dir) = profile_dir(&out_dir) {
        copy_tree(&share, &profile_dir.join("share"))?;
    } else {
        println!(
            "cargo::warning=the man pages and completions stay in {}",
            share.display()
        );
    }
    Ok(())
}

/// "0.1.0 (commit 0123456789ab)": the package version and the commit it was built from. A build outside a git
/// checkout (from a source tarball) says so, unless `VISITOR_DESK_COMMIT` names the commit.
fn version_line() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let given = env::var("VISITOR_DESK_COMMIT")
        .ok()
        .filter(|commit| !commit.trim().is_empty());
    match given.or_else(git_commit) {
        Some(commit) => format!("{version} (commit {})", commit.trim()),
        None => format!("{version} (built outside git: commit unknown)"),
    }
}

/// The checked-out commit, when this package is the top of a git checkout (a tarball unpacked inside some other
/// repository must not report that repository's commit). Also asks cargo to run this again when it changes.
fn git_commit() -> Option<String> {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR")?);
    let git = |args: &[&str]| -> Option<String> {
        let output = Process::new("git")
            .args(args)
            .current_dir(&manifest_dir)
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    if fs::canonicalize(top).ok()? != fs::canonicalize(&manifest_dir).ok()? {
        return None;
    }
    // HEAD, the branch it points to, and packed refs: a commit or a checkout changes one of them.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.extend(git(&["rev-parse", "--git-path", &branch]));
    }
    watched.extend(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched {
        let path = manifest_dir.join(path);
        // Cargo runs the script every time for a path that does not exist: name only those that do.
        if path.exists() {
            println!("cargo::rerun-if-changed={}", path.display());
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"])
}

/// The Windows programs' icon (Explorer, the taskbar, the Start-menu entry, the uninstall entry) and version
/// information (the file's Properties), compiled by the resource compiler of the toolchain (MinGW's `windres`
/// when cross-building from Linux).
fn windows_resources(version: &str) -> io::Result<()> {
    println!("cargo::rerun-if-changed=assets/windows/visitor-desk.ico");
    let mut resources = winresource::WindowsResource::new();
    resources
        .set_icon("assets/windows/visitor-desk.ico")
        .set("ProductName", "Visitor Desk")
        .set("FileDescription", "Visitor Desk")
        .set("ProductVersion", version)
        .set("LegalCopyright", "2026, Visitor Desk developers");
    resources.compile()
}

/// One page for the command and one for each subcommand (`visitor-desk-codes-list.1.gz`, ...), each with the
/// exit status and environment sections that clap has no place for.
fn write_man_pages(mut command: clap::Command, dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    command = command.disable_help_subcommand(true);
    command.build();
    write_man_page(&command, dir)
}

fn write_man_page(command: &clap::Command, dir: &Path) -> io::Result<()> {
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        write_man_page(sub, dir)?;
    }
    let man = clap_mangen::Man::new(command.clone()).manual("Visitor Desk Manual");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if command.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    writeln!(page, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in EXIT_CODES {
        writeln!(page, ".TP\n.B {code}\n{}", roff_text(meaning))?;
    }
    writeln!(page, ".SH ENVIRONMENT")?;
    for (name, meaning) in ENVIRONMENT {
        writeln!(page, ".TP\n.B {name}\n{}", roff_text(meaning))?;
    }
    writeln!(page, ".SH FILES")?;
    for (path, meaning) in FILES {
        writeln!(page, ".TP\n.I {}\n{}", roff_text(path), roff_text(meaning))?;
    }
    // The program's page shows every example; a command's, its own and its subcommands'.
    let path = command_path(command);
    let examples: Vec<_> = EXAMPLES
        .iter()
        .filter(|(of, _, _)| {
            path.is_empty()
                || *of == path
                || of
                    .strip_prefix(path.as_str())
                    .is_some_and(|rest| rest.starts_with(' '))
        })
        .collect();
    if !examples.is_empty() {
        writeln!(page, ".SH EXAMPLES")?;
        for (_, line, what) in examples {
            writeln!(page, ".TP\n.B {}\n{}", roff_text(line), roff_text(what))?;
        }
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    // Compressed, as Debian policy wants man pages (cargo-deb compresses only files from the source tree). No
    // time stamp inside: the same sources make the same bytes.
    let file = fs::File::create(dir.join(format!("{}.gz", man.get_filename())))?;
    let mut gzip = flate2::GzBuilder::new()
        .mtime(0)
        .write(file, flate2::Compression::best());
    gzip.write_all(&page)?;
    gzip.finish()?.sync_all()
}

/// The command's words after the program's name (`codes list`), from its man page's name
/// (`visitor-desk-codes-list`); empty for the program itself.
fn command_path(command: &clap::Command) -> String {
    let name = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name());
    name.strip_prefix("visitor-desk")
        .unwrap_or(name)
        .trim_start_matches('-')
        .replace('-', " ")
}

/// Plain text as a roff line: backslashes doubled, and a leading dot or quote that roff would take as a request
/// escaped.
fn roff_text(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

/// `target/<profile>` from `target/<profile>/build/<package>-<hash>/out`; `None` for any other layout.
fn profile_dir(out_dir: &Path) -> Option<PathBuf> {
    let build = out_dir.parent()?.parent()?;
    (build.file_name()? == "build").then(|| build.parent().map(Path::to_path_buf))?
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
