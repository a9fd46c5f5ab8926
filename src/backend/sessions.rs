//! What the backend asks a server about sessions and about itself: the account's sessions (the Sessions view,
//! `GET /api/v1/sessions`, ending one with `POST /api/v1/sessions/{id}`), and what a server says of itself before
//! a sign-in (`GET /api/v1/static/basic`), as the vendor's SDKs ask (`aipix-dev/vms-mobile-sdk-android`
//! `network/ApiPaths.kt`; `aipix-dev/vms-mobile-sdk-ios` `Network/Api/SessionsApi.swift`, `StaticsApi.swift`).

use aipix_client::api::Client;

use crate::messages::{Event, Failure};

/// Lists the account's sessions.
pub(super) async fn list(api: &Client, send: impl Fn(Event)) {
    send(match api.sessions().await {
        Ok(sessions) => Event::SessionsListed { sessions },
        Err(error) => Event::SessionsFailed {
            id: None,
            failure: Failure::from_api(&error),
        },
    });
}

/// Ends session `id` (never this one: the view offers only the others), then lists them again.
pub(super) async fn end(api: &Client, id: String, send: impl Fn(Event)) {
    match api.end_session(&id).await {
        Ok(()) => {
            send(Event::SessionEnded { id });
            list(api, send).await;
        }
        Err(error) => send(Event::SessionsFailed {
            id: Some(id),
            failure: Failure::from_api(&error),
        }),
    }
}

/// What `server` says of itself; `server` is the address as typed, which the answer names.
pub(super) async fn facts(api: &Client, server: String, send: impl Fn(Event)) {
    let facts = api
        .server_facts()
        .await
        .map_err(|error| Failure::from_api(&error));
    send(Event::ServerFacts { server, facts });
}
