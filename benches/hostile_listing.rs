//! What a hostile listing costs `visitor-desk codes list`: a server in this process answers 150 pages of about
//! 3.5 MB each (100 codes a page, each with a 35 KB title), and the built binary lists them for one run
//! (`--server/--login`). Prints the binary's peak resident memory (GNU time's maximum RSS), how long it took and
//! how it ended. `cargo bench --bench hostile_listing` for the figures (`VISITOR_DESK_BIN=path` measures another
//! build, e.g. an older one); under `cargo test` a short run of 3 small pages checks that the benchmark works.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// The listing's shape: how many pages, codes a page, and each code's title length.
#[derive(Clone, Copy)]
struct Shape {
    pages: u64,
    per_page: u64,
    title: usize,
}

const FULL: Shape = Shape {
    pages: 150,
    per_page: 100,
    title: 35_000,
};

const SHORT: Shape = Shape {
    pages: 3,
    per_page: 10,
    title: 1_000,
};

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    if !cfg!(target_os = "linux") || !std::path::Path::new("/usr/bin/time").exists() {
        println!("hostile_listing: needs Linux and GNU time (/usr/bin/time); skipped");
        return;
    }
    let shape = if full { FULL } else { SHORT };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("a port");
    let server = format!("http://{}", listener.local_addr().expect("address"));
    runtime.spawn(serve(listener, shape));

    let binary = std::env::var("VISITOR_DESK_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_visitor-desk").to_owned());
    let home = tempfile::tempdir().expect("a home");
    let measured = home.path().join("time.txt");
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&measured)
        .args(["-f", "%M"])
        .arg(&binary)
        .args(["codes", "list", "--format", "json"])
        .args(["--server", &server, "--login", "bench"])
        .env("VISITOR_DESK_PASSWORD", "bench")
        .env("VISITOR_DESK_CONFIG_DIR", home.path().join("config"))
        .env("VISITOR_DESK_DATA_DIR", home.path().join("data"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    let took = started.elapsed();
    let kib: u64 = std::fs::read_to_string(&measured)
        .expect("GNU time's figure")
        .lines()
        .last()
        .and_then(|line| line.trim().parse().ok())
        .expect("a number of KiB");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let said = stderr.lines().next().unwrap_or_default();
    println!(
        "codes list against {} pages of {:.1} MB: peak RSS {:.0} MiB, {:.1} s, exit {:?}: {said}",
        shape.pages,
        page_bytes(shape) as f64 / 1e6,
        kib as f64 / 1024.0,
        took.as_secs_f64(),
        output.status.code(),
    );
    if !full {
        assert_eq!(
            output.status.code(),
            Some(0),
            "a small listing is listed: {stderr}"
        );
    }
}

/// About how long one page is.
fn page_bytes(shape: Shape) -> usize {
    (shape.title + 300) * shape.per_page as usize
}

async fn serve(listener: TcpListener, shape: Shape) {
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            return;
        };
        tokio::spawn(answer(socket, shape));
    }
}

/// Answers one request on the connection, then closes it.
async fn answer(mut socket: TcpStream, shape: Shape) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match tokio::time::timeout(Duration::from_secs(30), socket.read(&mut byte)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return,
            Ok(Ok(read)) => head.extend_from_slice(&byte[..read]),
        }
    }
    let text = String::from_utf8_lossy(&head);
    let line = text.lines().next().unwrap_or_default().to_owned();
    let body = if line.starts_with("POST /api/v1/token") {
        r#"{"user":{"id":1,"login":"bench","name":"bench","access_token_id":"bench-session"},"access_token":"Bearer bench-token"}"#.to_owned()
    } else if line.starts_with("GET /api/v1/intercom/codes") {
        codes_page(shape, page_of(&line))
    } else if line.starts_with("GET /api/v1/intercom") {
        r#"{"data":[{"id":1,"title":"Gate","is_online":true,"status":"confirmed"}],"meta":{"current_page":1,"last_page":1,"per_page":100,"total":1}}"#.to_owned()
    } else if line.starts_with("POST /api/v1/logout") {
        r#"{"status":"ok"}"#.to_owned()
    } else {
        let _ = socket
            .write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            )
            .await;
        return;
    };
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = socket.write_all(reply.as_bytes()).await;
    let _ = socket.write_all(body.as_bytes()).await;
}

fn page_of(line: &str) -> u64 {
    line.split(['?', '&', ' '])
        .find_map(|part| part.strip_prefix("page="))
        .and_then(|page| page.parse().ok())
        .unwrap_or(1)
}

/// Page `page` of the listing: `per_page` codes whose titles are `title` characters long.
fn codes_page(shape: Shape, page: u64) -> String {
    let title = "x".repeat(shape.title);
    let first = (page - 1) * shape.per_page + 1;
    let codes: Vec<String> = (first..first + shape.per_page)
        .map(|id| {
            format!(
                r#"{{"id":{id},"title":"{title}","code":"{:05}","expired_at":"2099-01-01T00:00:00.000000Z","is_expired":false,"will_deleted_at":"2099-01-02T00:00:00.000000Z","created_at":"2098-12-31T00:00:00.000000Z","intercom":{{"id":1,"title":"Gate","is_online":true}}}}"#,
                id % 100_000
            )
        })
        .collect();
    format!(
        r#"{{"data":[{}],"meta":{{"current_page":{page},"last_page":{},"per_page":{},"total":{}}}}}"#,
        codes.join(","),
        shape.pages,
        shape.per_page,
        shape.pages * shape.per_page
    )
}
