//! A certificate's SHA-256 fingerprint: taken from its DER encoding, written for people, read back from what
//! they type or paste.

use sha2::{Digest as _, Sha256};

/// The SHA-256 of a certificate's DER encoding, as lowercase hex without separators (the form
/// [`TlsTrust::Pinned`] stores).
pub fn fingerprint(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

/// A fingerprint for people: lowercase byte pairs joined by colons (`ab:cd:…`).
pub fn format_fingerprint(sha256: &str) -> String {
    let chars: Vec<char> = sha256.chars().collect();
    chars
        .chunks(2)
        .map(|pair| pair.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(":")
}

/// Reads a typed or pasted SHA-256 fingerprint (any case, with or without colons or spaces) into the
/// stored form; `None` unless it is exactly 32 bytes of hex.
pub fn normalize_fingerprint(text: &str) -> Option<String> {
    let bare: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (bare.len() == 64 && bare.bytes().all(|b| b.is_ascii_hexdigit())).then_some(bare)
}
