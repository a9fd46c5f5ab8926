//! The calls at the doors, listed beside each listing of the codes (the window only). A server without the
//! calls' route, or one that fails it, costs the codes nothing: the calls panel keeps what it had.

use aipix_client::api::{Client, IntercomCall};

/// The calls, when `wanted` and the server lists them.
pub(super) async fn list(api: &Client, wanted: bool) -> Option<Vec<IntercomCall>> {
    if !wanted {
        return None;
    }
    let listing = api
        .calls()
        .await
        .inspect_err(|error| tracing::info!(%error, "the calls could not be listed"))
        .ok()?;
    if !listing.unreadable.is_empty() {
        tracing::info!(
            count = listing.unreadable.len(),
            "calls that could not be read were left out"
        );
    }
    Some(listing.items)
}
