//! What the process does so that its memory does not outlive it: the token and the password are in it while it
//! runs, and a core dump (a crash, `kill -QUIT`, `gcore`) would write them to a file that stays.

/// Marks the process not dumpable (Linux's `prctl(PR_SET_DUMPABLE, 0)`): no core dump is written, and other
/// processes of the same user cannot attach to it or read its memory. Elsewhere nothing happens.
pub fn forbid_core_dumps() -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
            .map_err(std::io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        Ok(())
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use rustix::process::{DumpableBehavior, dumpable_behavior, set_dumpable_behavior};

    #[test]
    fn the_process_is_marked_not_dumpable() {
        assert_eq!(dumpable_behavior().ok(), Some(DumpableBehavior::Dumpable));
        super::forbid_core_dumps().expect("prctl");
        assert_eq!(
            dumpable_behavior().ok(),
            Some(DumpableBehavior::NotDumpable)
        );
        // The other tests in this process go on as they were.
        set_dumpable_behavior(DumpableBehavior::Dumpable).expect("prctl");
    }
}
