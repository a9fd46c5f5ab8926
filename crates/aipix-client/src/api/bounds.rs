//! How much of what a server sends the client keeps: text cut to a length a person can read, and a listing's
//! total, so that a broken or hostile server cannot make a program hold gigabytes (a 15 MB title, 150 pages of
//! 3.5 MB).

/// The most characters kept of one server text (a title, a name, an address, a message). A real title is a few
/// words; the vendor's own server validates titles at 255.
pub const MAX_TEXT_CHARS: usize = 512;

/// The most characters kept of an unreadable item's JSON, for the administrator who looks into it.
pub const MAX_RAW_CHARS: usize = 2048;

/// The most items one listing takes by default (`ClientConfig::max_list_items`): ten times the largest account
/// the project has measured.
pub const MAX_LIST_ITEMS: u64 = 100_000;

/// The most bytes of answers one listing reads by default (`ClientConfig::max_list_bytes`): 100,000 codes as the
/// server writes them are about 35 MB.
pub const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;

/// What marks a text as cut.
pub const CUT_MARK: char = '…';

/// `text` as it is when it has at most `limit` characters, else its first `limit` characters and [`CUT_MARK`].
pub fn cut(text: String, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text,
        Some((end, _)) => {
            let mut kept = text;
            kept.truncate(end);
            kept.push(CUT_MARK);
            kept
        }
    }
}

/// [`cut`] to [`MAX_TEXT_CHARS`].
pub fn bounded(text: String) -> String {
    cut(text, MAX_TEXT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_on_a_character_and_marked() {
        assert_eq!(cut("abc".into(), 3), "abc");
        assert_eq!(cut("abcd".into(), 3), "abc…");
        assert_eq!(cut("Дверь".into(), 2), "Дв…");
        assert_eq!(cut(String::new(), 0), "");
        let long = "я".repeat(MAX_TEXT_CHARS * 10);
        let kept = bounded(long);
        assert_eq!(kept.chars().count(), MAX_TEXT_CHARS + 1);
        assert!(kept.ends_with(CUT_MARK));
    }
}
