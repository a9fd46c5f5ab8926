//! Text from the server or the journal on its way to a terminal: one sanitiser for every table and message the
//! command line prints. A visitor's title is typed by people and a server's message by anyone, and a terminal
//! obeys what it is sent: ESC starts commands (move the cursor, retitle the window, rewrite what is shown), BEL
//! rings, NUL and backspace hide what follows, and the bidirectional overrides turn text around. Each of those
//! is shown as a space instead; line breaks too, in a table's cell (see [`cell`]).

use std::borrow::Cow;

/// `text` with every control character but line breaks and tabs, and every bidirectional embedding, override
/// and isolate, replaced by a space (for messages of several lines).
pub fn message(text: &str) -> Cow<'_, str> {
    replace(text, |c| {
        (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
    })
}

/// `text` for one cell of a table: every control character (line breaks included) and bidirectional control
/// replaced by a space.
pub fn cell(text: &str) -> Cow<'_, str> {
    replace(text, |c| c.is_control() || is_bidi_control(c))
}

fn replace(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if text.chars().any(&unsafe_char) {
        Cow::Owned(
            text.chars()
                .map(|c| if unsafe_char(c) { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// The characters that reorder how a line is shown ("Trojan source", CVE-2021-42574): LRE, RLE, PDF, LRO, RLO,
/// LRI, RLI, FSI, PDI.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_would_command_the_terminal_is_shown_as_spaces() {
        let title = "Ann\u{1b}]0;pwned\u{7}\u{1b}[2J\u{0}\u{8}\u{9b}31m\u{202e}olleh";
        assert_eq!(cell(title), "Ann ]0;pwned  [2J   31m olleh");
        assert_eq!(cell("two\nlines\r"), "two lines ");
        assert_eq!(message("two\nlines\tand\u{1b}[31m"), "two\nlines\tand [31m");
        assert!(matches!(cell("Анна, flat 12"), Cow::Borrowed(_)));
    }
}
