//! Stand-ins for the parts of a desktop a test machine lacks: the save dialog (no portal, no one to click).

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use parking_lot::Mutex;
use visitor_desk::backend::{DialogAnswer, FileKind, SaveDialog};
use visitor_desk::files::DialogError;

/// Answers every save dialog with one path, as a user choosing it would, and remembers what it was asked.
#[derive(Clone, Default)]
pub struct ChosenPath {
    pub path: PathBuf,
    pub asked: Arc<Mutex<Vec<(String, FileKind)>>>,
}

impl ChosenPath {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            asked: Arc::default(),
        }
    }
}

impl SaveDialog for ChosenPath {
    fn ask(
        &self,
        file_name: String,
        kind: FileKind,
    ) -> Pin<Box<dyn std::future::Future<Output = DialogAnswer> + Send>> {
        self.asked.lock().push((file_name, kind));
        let path = self.path.clone();
        Box::pin(async move { Ok(Some(path)) })
    }
}

/// A save dialog that cannot be shown, as on a desktop without a portal or zenity.
pub struct NoDialog;

impl SaveDialog for NoDialog {
    fn ask(
        &self,
        _file_name: String,
        _kind: FileKind,
    ) -> Pin<Box<dyn std::future::Future<Output = DialogAnswer> + Send>> {
        Box::pin(async { Err(DialogError::Failed("no save dialog here".to_owned())) })
    }
}
