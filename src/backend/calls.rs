//! The calls at the doors, listed after each listing of the codes (the window only). A server without the calls'
//! route, or one that fails it, costs the codes nothing: the calls panel keeps what it had.

use aipix_client::api::Client;

use super::worker::Outbox;
use crate::messages::Event;

pub(super) async fn list(api: &Client, outbox: &Outbox, generation: u64) {
    match api.calls().await {
        Ok(calls) => outbox.send_for(generation, Event::CallsListed { calls }),
        Err(error) => tracing::info!(%error, "the calls could not be listed"),
    }
}
