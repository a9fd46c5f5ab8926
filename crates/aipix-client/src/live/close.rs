//! What a close code asks of the client, and what it means to a person (the table in the protocol notes).

/// What a close code asks of the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseClass {
    /// 4000–4099: do not reconnect unchanged.
    Stop,
    /// 4100–4199, other codes, or a connection that just died: reconnect after a back-off.
    BackOff,
    /// 4200–4299: reconnect at once.
    Now,
}

pub fn close_class(code: Option<u16>) -> CloseClass {
    match code {
        Some(4000..=4099) => CloseClass::Stop,
        Some(4200..=4299) => CloseClass::Now,
        _ => CloseClass::BackOff,
    }
}

/// A human reading of the protocol's close and error codes.
pub fn describe_code(code: u16) -> &'static str {
    match code {
        4001 => "the server does not know this application",
        4003 => "the application is disabled on the server",
        4004 => "the application is over its connection quota",
        4005 => "the live path was not found",
        4006 => "the connection was refused",
        4007 => "the server does not support this protocol version",
        4008 => "no protocol version was given",
        4009 => "the connection is not authorised",
        4100 => "the server is over capacity",
        4200 => "the server asked for a reconnect",
        4201 => "no answer to a ping",
        4202 => "closed for inactivity",
        1000 => "closed normally",
        1001 => "the server is going away",
        _ => match close_class(Some(code)) {
            CloseClass::Stop => "the server refused the connection",
            CloseClass::Now => "the server asked for a reconnect",
            CloseClass::BackOff if (4100..=4199).contains(&code) => "the server is busy",
            CloseClass::BackOff => "the connection closed",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_codes_fall_into_their_classes() {
        assert_eq!(close_class(Some(4001)), CloseClass::Stop);
        assert_eq!(close_class(Some(4099)), CloseClass::Stop);
        assert_eq!(close_class(Some(4100)), CloseClass::BackOff);
        assert_eq!(close_class(Some(4199)), CloseClass::BackOff);
        assert_eq!(close_class(Some(4200)), CloseClass::Now);
        assert_eq!(close_class(Some(4299)), CloseClass::Now);
        assert_eq!(close_class(Some(1006)), CloseClass::BackOff);
        assert_eq!(close_class(None), CloseClass::BackOff);
    }
}
