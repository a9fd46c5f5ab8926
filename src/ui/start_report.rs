//! How long the window took to show itself and its codes, in the log: the moment the first frame was on screen,
//! and the moment the codes of the account listed at start were, each counted from the process's start. A frame
//! is on screen once the next one begins (eframe presents a frame before it starts another), so each moment is
//! logged at the start of the frame after, which is asked for once.

use std::time::Instant;

/// Called once the first frame is on screen (the window keeps the renderer that drew it).
pub type OnFirstFrame = Box<dyn FnOnce() + Send>;

/// What is still to be said.
#[derive(Default)]
pub struct StartReport {
    /// When the process started; `None` says nothing (tests and benchmarks drive the app without a process of
    /// its own).
    started: Option<Instant>,
    first_frame: Moment,
    codes: Moment,
    on_first_frame: Option<OnFirstFrame>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Moment {
    #[default]
    Waiting,
    /// Drawn in the frame under way (with so many codes): on screen when the next begins.
    Drawn(usize),
    Said,
}

impl StartReport {
    pub fn new(started: Option<Instant>, on_first_frame: OnFirstFrame) -> Self {
        Self {
            started,
            on_first_frame: Some(on_first_frame),
            ..Self::default()
        }
    }

    /// At the start of a frame: what the frame before drew is on screen.
    pub fn frame_begins(&mut self) {
        let Some(started) = self.started else {
            return;
        };
        let ms = started.elapsed().as_millis();
        if self.first_frame == Moment::Drawn(0) {
            self.first_frame = Moment::Said;
            tracing::info!(ms, "the window's first frame is on screen");
            if let Some(on_first_frame) = self.on_first_frame.take() {
                on_first_frame();
            }
        }
        if let Moment::Drawn(codes) = self.codes {
            self.codes = Moment::Said;
            tracing::info!(codes, ms, "the codes listed are on screen");
        }
    }

    /// A frame was drawn; `listed` is how many codes it showed from a listing (`None` while none is done).
    pub fn drew(&mut self, ctx: &egui::Context, listed: Option<usize>) {
        if self.started.is_none() {
            return;
        }
        let mut next_frame = false;
        if self.first_frame == Moment::Waiting {
            self.first_frame = Moment::Drawn(0);
            next_frame = true;
        }
        if self.codes == Moment::Waiting
            && let Some(codes) = listed
        {
            self.codes = Moment::Drawn(codes);
            next_frame = true;
        }
        if next_frame {
            ctx.request_repaint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_moment_is_said_once_at_the_frame_after_the_one_that_drew_it() {
        let ctx = egui::Context::default();
        let shown = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = shown.clone();
        let mut report = StartReport::new(
            Some(Instant::now()),
            Box::new(move || {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }),
        );
        report.frame_begins();
        assert_eq!(report.first_frame, Moment::Waiting, "nothing drawn yet");
        report.drew(&ctx, None);
        assert_eq!(report.first_frame, Moment::Drawn(0));
        assert_eq!(
            shown.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "drawn, not yet on screen"
        );
        report.frame_begins();
        assert_eq!(report.first_frame, Moment::Said);
        assert_eq!(shown.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(report.codes, Moment::Waiting, "no listing yet");
        report.drew(&ctx, Some(10_000));
        assert_eq!(report.codes, Moment::Drawn(10_000));
        report.frame_begins();
        report.drew(&ctx, Some(10_001));
        report.frame_begins();
        assert_eq!(report.codes, Moment::Said, "once");
        assert_eq!(shown.load(std::sync::atomic::Ordering::SeqCst), 1, "once");
    }

    #[test]
    fn without_a_process_start_nothing_is_kept_or_asked() {
        let ctx = egui::Context::default();
        let mut report = StartReport::new(None, Box::new(|| panic!("not called")));
        report.drew(&ctx, Some(3));
        report.frame_begins();
        assert_eq!(report.first_frame, Moment::Waiting);
        assert_eq!(report.codes, Moment::Waiting);
    }
}
