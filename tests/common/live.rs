//! A live client under test: started on a signed-in API client, with helpers that wait for its events.

use std::time::Duration;

use aipix_client::api::Client;
use aipix_client::live::{self, LiveConfig, LiveEvent, LiveHandle, Push};
use tokio::sync::mpsc::UnboundedReceiver;

/// Long enough for any step on a loaded machine; tests wait for events, never for time to pass.
pub const PATIENCE: Duration = Duration::from_secs(10);

pub fn quick_config() -> LiveConfig {
    LiveConfig {
        backoff_floor: Duration::from_millis(200),
        backoff_max: Duration::from_secs(2),
        handshake_timeout: Duration::from_secs(5),
        ..LiveConfig::default()
    }
}

pub struct Listener {
    pub client: Client,
    pub events: UnboundedReceiver<LiveEvent>,
    pub handle: LiveHandle,
}

impl Listener {
    pub fn start(client: &Client, config: LiveConfig) -> Self {
        let (sender, events) = tokio::sync::mpsc::unbounded_channel();
        let handle = live::spawn(client.clone(), config, sender);
        Self {
            client: client.clone(),
            events,
            handle,
        }
    }

    /// Skips events until one matches; panics with everything seen when none comes in time.
    pub async fn wait_for(
        &mut self,
        what: &str,
        matches: impl Fn(&LiveEvent) -> bool,
    ) -> LiveEvent {
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(event)) if matches(&event) => return event,
                Ok(Some(event)) => seen.push(event),
                Ok(None) => panic!("the live client ended while waiting for {what}; saw {seen:#?}"),
                Err(_) => panic!("no {what} in time; saw {seen:#?}"),
            }
        }
    }

    /// The next event, whatever it is.
    pub async fn next(&mut self) -> LiveEvent {
        tokio::time::timeout(PATIENCE, self.events.recv())
            .await
            .expect("an event in time")
            .expect("the live client is running")
    }

    pub async fn connected(&mut self) -> String {
        let LiveEvent::Connected { socket_id } = self
            .wait_for("connected", |e| matches!(e, LiveEvent::Connected { .. }))
            .await
        else {
            unreachable!()
        };
        self.wait_for("resync needed", |e| matches!(e, LiveEvent::ResyncNeeded))
            .await;
        socket_id
    }

    /// The next push; anything else on the way is an error (no reconnects, no stray pushes expected).
    pub async fn next_push(&mut self) -> Push {
        match self.next().await {
            LiveEvent::Push(push) => push,
            other => panic!("expected a push, got {other:?}"),
        }
    }

    /// Waits for the client to give up, and answers why.
    pub async fn stopped(&mut self) -> String {
        match self
            .wait_for("stopped", |e| matches!(e, LiveEvent::Stopped { .. }))
            .await
        {
            LiveEvent::Stopped { reason } => reason,
            _ => unreachable!(),
        }
    }
}
