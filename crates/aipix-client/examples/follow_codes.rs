//! Signs in, prints every visitor code of the account, then follows the live channel until Ctrl-C:
//! `cargo run -p aipix-client --example follow_codes -- https://vms.example.org login password`.

// An example talks to its terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use aipix_client::api::{Client, ClientConfig, LoginRequest};
use aipix_client::live::{self, LiveConfig, LiveEvent, Push};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(server), Some(login), Some(password)) = (args.next(), args.next(), args.next())
    else {
        eprintln!("usage: follow_codes SERVER LOGIN PASSWORD");
        return Ok(());
    };
    let client = Client::new(ClientConfig::new(&server, "follow-codes-example")?)?;
    client.login(&LoginRequest::new(login, password)).await?;
    for code in client.codes().await?.items {
        let value = code.code_value().unwrap_or("(no code)");
        println!("{value} {:<20} until {}", code.title, code.expired_at);
    }
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let _live = live::spawn(client.clone(), LiveConfig::default(), events);
    while let Some(event) = received.recv().await {
        match event {
            LiveEvent::Push(Push::CodeCreated { code }) => {
                println!(
                    "new: {} {}",
                    code.code_value().unwrap_or("(no code)"),
                    code.title
                )
            }
            LiveEvent::Push(Push::CodesDeleted { ids }) => println!("revoked: {ids:?}"),
            LiveEvent::Push(Push::Logout { .. }) => {
                println!("this session was ended elsewhere");
                break;
            }
            LiveEvent::ResyncNeeded => println!("missed pushes while away: list the codes again"),
            other => eprintln!("{other:?}"),
        }
    }
    Ok(())
}
