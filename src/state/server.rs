//! What the state keeps of the server's own conditions, beside the codes: items of the last listing it could not
//! read. (Pure data, applied from events like the rest of the state.)

/// How many items of the last listing could not be read (left out; each kept in the journal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unreadable {
    pub intercoms: usize,
    pub codes: usize,
}

impl Unreadable {
    pub fn of<T>(intercoms: &[T], codes: &[T]) -> Self {
        Self {
            intercoms: intercoms.len(),
            codes: codes.len(),
        }
    }

    pub fn any(self) -> bool {
        self.intercoms + self.codes > 0
    }

    /// What the window says of them, in the user's language ("1 code could not be read — see the journal").
    pub fn sentence(self) -> Option<String> {
        let mut parts = Vec::new();
        if self.codes > 0 {
            parts.push(crate::t!("listing-codes-unreadable", count = self.codes));
        }
        if self.intercoms > 0 {
            parts.push(crate::t!(
                "listing-intercoms-unreadable",
                count = self.intercoms
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}
