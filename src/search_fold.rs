//! How a search compares text: case aside, and е and ё alike (Russian writes "Федор" and "Фёдор" for the same
//! name, and a front desk types whichever its keyboard gives). The codes table and the journal's history both
//! fold what they search and what is typed with [`fold`], so a name is found the same way in either.

/// `text` as a search compares it: lowercased, ё read as е.
pub fn fold(text: &str) -> String {
    text.to_lowercase().replace('ё', "е")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn case_and_yo_compare_alike() {
        assert_eq!(fold("Фёдор"), fold("федор"));
        assert_eq!(fold("ФЁДОР"), "федор");
        assert_eq!(fold("Ёлка"), fold("елка"));
        assert_eq!(fold("Anna ÉCOLE"), "anna école");
    }
}
