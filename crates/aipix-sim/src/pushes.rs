//! What the live channel carries: the shapes it speaks ([`PushShapes`]) and one push for a user's channel
//! ([`Push`]), made by the state's changes and delivered by the live sockets.

/// Which shapes the live channel speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PushShapes {
    /// As an AIPIX server behind push1st speaks, read from the vendor's own code: codes and intercoms as
    /// `BroadcastNotificationCreated` with a flat payload, `TokenPush` and `UserPush` nested
    /// (`aipix-dev/vms-mobile-sdk-android` `socket/VMSPusherApi.kt`, `socket/VMSSocketEvents.kt`); push1st's
    /// keep-alive, greeting and refusals (`navek-soft/push1st` `application/push1st/proto/cpushersession.cpp`); the
    /// Pusher endpoint at `/pusher/app/{key}` while `wsurl` names `/ws`, push1st's raw protocol, as deployed
    /// (`aipix-dev/aipix-deploy` `push1st/server.yml.sample`).
    #[default]
    Real,
    /// What this project guessed before it read those sources: every push an `App\Events\UserPush` with the
    /// envelope `{type, status, data, subject, message}` (`intercom_code_created`, …), the server pinging a silent
    /// client and closing with 4201, `pusher:subscription_error` for a refused channel, the endpoint at `/ws`.
    Legacy,
}

/// One push for a live channel of user `user_id` (`private-user.{id}`, or one of its sessions'
/// `private-token.{access_token_id}`); the websocket endpoint delivers it to every socket subscribed
/// to `channel` except `except_socket` (the request's `X-Socket-ID`).
#[derive(Clone, Debug)]
pub struct Push {
    pub user_id: u64,
    pub channel: String,
    pub except_socket: Option<String>,
    /// The event name: `Illuminate\Notifications\Events\BroadcastNotificationCreated`, `App\Events\TokenPush`
    /// or (legacy) `App\Events\UserPush`.
    pub event: String,
    /// The payload, as the event's shape has it.
    pub data: serde_json::Value,
}
