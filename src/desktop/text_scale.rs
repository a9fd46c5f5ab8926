//! The desktop's text scale: how much larger than usual the user asked text to be. GNOME keeps it in
//! `org.gnome.desktop.interface text-scaling-factor` and passes it to applications neither on X11 (beyond a rounded
//! `Xft.dpi`) nor on Wayland; the XDG desktop portal publishes it (`org.freedesktop.portal.Settings.Read`), which is
//! read here over D-Bus, without GNOME's libraries. `VISITOR_DESK_TEXT_SCALE` sets it instead (tests, a desktop
//! without the portal).
//!
//! Read once at start, off the window's thread and bounded in time: a session without the portal (or without a
//! bus) gives no scale, and never delays the first frame.

use std::time::Duration;

/// Names the scale in place of the desktop (`1.5`: text half as large again).
pub const ENV: &str = "VISITOR_DESK_TEXT_SCALE";

/// The longest the portal is waited for: a bus that starts the portal on demand may take a moment, one that cannot
/// start it may not answer at all.
pub const PATIENCE: Duration = Duration::from_secs(3);

/// The smallest and largest scale taken (GNOME's own settings offer 0.5 to 3); anything else is not a scale.
const TAKEN: std::ops::RangeInclusive<f64> = 0.5..=3.0;

/// The setting's name in GNOME's namespace.
const KEY: &str = "text-scaling-factor";

/// Why no scale was read.
#[derive(Debug, thiserror::Error)]
pub enum TextScaleError {
    #[error("{ENV} is not a text scale from 0.5 to 3: {0:?}")]
    BadOverride(String),
    #[cfg(target_os = "linux")]
    #[error("the desktop portal's settings could not be read: {0}")]
    Portal(#[from] zbus::Error),
    #[error("the desktop portal did not answer within {} s", PATIENCE.as_secs())]
    TimedOut,
    #[error("the desktop portal's {KEY} is not a scale from 0.5 to 3: {0}")]
    NotAScale(String),
    #[error("no desktop portal on this system")]
    NoPortal,
}

/// A scale written by a person (`1.5`, ` 2 `): taken when from 0.5 to 3.
pub fn parse(text: &str) -> Result<f32, TextScaleError> {
    let scale: f64 =
        (text.trim().parse()).map_err(|_| TextScaleError::BadOverride(text.to_owned()))?;
    if TAKEN.contains(&scale) {
        Ok(scale as f32)
    } else {
        Err(TextScaleError::BadOverride(text.to_owned()))
    }
}

/// The scale `VISITOR_DESK_TEXT_SCALE` names, when it is set.
pub fn from_env() -> Option<Result<f32, TextScaleError>> {
    let text = std::env::var(ENV).ok()?;
    Some(parse(&text))
}

/// The scale the window starts drawing at, as it comes: `VISITOR_DESK_TEXT_SCALE`'s, else the portal's, read on
/// `runtime` (never on the window's thread); `wake` tells the window it came. Nothing comes when there is none,
/// and why is logged.
pub fn follow(
    runtime: &tokio::runtime::Handle,
    wake: crate::backend::Waker,
) -> std::sync::mpsc::Receiver<f32> {
    let (send, coming) = std::sync::mpsc::channel();
    runtime.spawn(async move {
        let scale = match from_env() {
            Some(scale) => scale,
            None => read(None).await,
        };
        match scale {
            Ok(scale) => {
                if send.send(scale).is_ok() {
                    wake();
                }
            }
            Err(error) => tracing::info!(%error, "no text scale from the desktop"),
        }
    });
    coming
}

/// The desktop's text scale, read from the portal on the session bus (`address`: another bus, for tests), within
/// [`PATIENCE`].
pub async fn read(address: Option<&str>) -> Result<f32, TextScaleError> {
    #[cfg(target_os = "linux")]
    {
        match tokio::time::timeout(PATIENCE, linux::read(address)).await {
            Ok(read) => read,
            Err(_) => Err(TextScaleError::TimedOut),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = address;
        Err(TextScaleError::NoPortal)
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use zbus::zvariant::{OwnedValue, Value};

    use super::{KEY, TAKEN, TextScaleError};

    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
    const SETTINGS: &str = "org.freedesktop.portal.Settings";
    const NAMESPACE: &str = "org.gnome.desktop.interface";

    pub(super) async fn read(address: Option<&str>) -> Result<f32, TextScaleError> {
        let connection = match address {
            Some(address) => zbus::connection::Builder::address(address)?.build().await?,
            None => zbus::Connection::session().await?,
        };
        let proxy = zbus::Proxy::new(&connection, PORTAL, PORTAL_PATH, SETTINGS).await?;
        // `Read` is in every version of the portal (`ReadOne`, from version 2, answers the same without the
        // variant around it); it answers the value in a variant, which older portals wrap once more.
        let answer: OwnedValue = proxy.call("Read", &(NAMESPACE, KEY)).await?;
        scale_of(&answer)
    }

    /// The scale in the portal's answer: a double, inside one or two variants.
    fn scale_of(value: &Value<'_>) -> Result<f32, TextScaleError> {
        match value {
            Value::Value(inner) => scale_of(inner),
            Value::F64(scale) if TAKEN.contains(scale) => Ok(*scale as f32),
            other => Err(TextScaleError::NotAScale(format!("{other:?}"))),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_double_in_one_or_two_variants_is_the_scale() {
            let once = Value::Value(Box::new(Value::F64(1.25)));
            let twice = Value::Value(Box::new(once.try_clone().unwrap()));
            assert_eq!(scale_of(&once).unwrap(), 1.25);
            assert_eq!(scale_of(&twice).unwrap(), 1.25);
            assert!(scale_of(&Value::F64(40.0)).is_err());
            assert!(scale_of(&Value::from("1.5")).is_err());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_is_a_scale_from_half_to_three() {
        assert_eq!(parse(" 1.5 ").unwrap(), 1.5);
        assert_eq!(parse("2").unwrap(), 2.0);
        for bad in ["", "big", "0", "-1", "3.5", "NaN"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
