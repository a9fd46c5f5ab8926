//! The private-channel signature: what an application server (here, the simulator) computes with the app
//! secret. A client never holds the secret; it asks the application's auth route for the signature.

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;

/// The lowercase hex HMAC-SHA256 of `"<socket_id>:<channel>"` keyed with the app secret.
pub fn auth_signature(secret: &str, socket_id: &str, channel: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{socket_id}:{channel}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The `auth` value of a private-channel subscription: `APP_KEY:SIGNATURE`.
pub fn channel_auth(key: &str, secret: &str, socket_id: &str, channel: &str) -> String {
    format!("{key}:{}", auth_signature(secret, socket_id, channel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_pushers_test_vector() {
        assert_eq!(
            auth_signature("7ad3773142a6692b25b8", "1234.1234", "private-foobar"),
            "58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"
        );
        assert_eq!(
            channel_auth(
                "278d425bdf160c739803",
                "7ad3773142a6692b25b8",
                "1234.1234",
                "private-foobar"
            ),
            "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"
        );
    }
}
