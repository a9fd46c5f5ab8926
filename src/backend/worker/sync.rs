//! The listing loop of a session.

use super::*;

/// Lists everything whenever asked; requests that arrive during a listing are folded into one more. A failed
/// listing is tried again after a pause when `retry` (the window), not when a command asked once.
pub(super) async fn sync_loop(
    api: Client,
    requested: Arc<Notify>,
    outbox: Outbox,
    internal: mpsc::UnboundedSender<Internal>,
    generation: u64,
    retry: bool,
) {
    loop {
        requested.notified().await;
        let started = outbox.clock.now();
        // The calls (the window's only) beside the codes: a listing is over when its answer comes.
        let (listing, calls) = tokio::join!(
            async { tokio::try_join!(api.intercoms(), api.codes()) },
            crate::backend::calls::list(&api, retry)
        );
        match listing {
            Ok((intercoms, codes)) => {
                let unreadable = (!intercoms.unreadable.is_empty() || !codes.unreadable.is_empty())
                    .then(|| Event::ItemsUnreadable {
                        intercoms: intercoms.unreadable,
                        codes: codes.unreadable,
                    });
                outbox.tell_for(
                    generation,
                    Event::Synced {
                        intercoms: intercoms.items,
                        codes: codes.items,
                        at: started,
                    },
                );
                // After the listing, which clears what the last one could not read.
                if let Some(event) = unreadable {
                    outbox.tell_for(generation, event);
                }
                if let Some(calls) = calls {
                    outbox.tell_for(generation, Event::CallsListed { calls });
                }
            }
            Err(error) => {
                if error.is_unauthorized() {
                    let _ = internal.send(Internal::Unauthorized { generation });
                    return;
                }
                outbox.tell_for(
                    generation,
                    Event::SyncFailed {
                        failure: Failure::from_api(&error),
                    },
                );
                if !retry {
                    continue;
                }
                // Try again by itself after a pause, unless something asks sooner.
                let again = requested.clone();
                crate::backend::spawn(async move {
                    tokio::time::sleep(Duration::from_secs(10)).await;
                    again.notify_one();
                });
            }
        }
    }
}
