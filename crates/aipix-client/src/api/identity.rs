//! How the client introduces itself to a server: what kind of client it is, the AIPIX version it speaks, the
//! language it asks for when nobody said.

/// Who we are to the server.
pub const CLIENT_KIND: &str = "thick-legal";
/// The AIPIX version this client speaks, sent as `X-Version` on every request, as both SDKs send theirs
/// (`VERSION_SDK` = `23.12.1.0` in `aipix-dev/vms-mobile-sdk-android` `network/VMSClientApi.kt`,
/// `BackendVersion` = `24.03.0.0` in `aipix-dev/vms-mobile-sdk-ios` `Network/Builders/HeadersBuilder.swift`). A
/// server that needs a newer client answers 409. This is the newer SDK's: the contract this client follows is
/// the one those SDKs read.
pub const AIPIX_VERSION: &str = "24.03.0.0";
/// The language asked for when nobody said (`hl`; both SDKs default to English).
pub const DEFAULT_LANGUAGE: &str = "en";
