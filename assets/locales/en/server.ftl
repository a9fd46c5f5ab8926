# What the server sends as the vendor's own apps read it: what it may leave out, refuse, or ask for.

## What the server did not say
intercom-name-unknown = Unknown intercom
intercom-online-not-reported = The server does not say whether this intercom is online.
code-value-missing = No code: ask the server
listing-codes-unreadable = { $count ->
    [one] 1 code could not be read — see the journal.
   *[other] { $count } codes could not be read — see the journal.
}
listing-intercoms-unreadable = { $count ->
    [one] 1 intercom could not be read — see the journal.
   *[other] { $count } intercoms could not be read — see the journal.
}
journal-kind-unreadable-item = Unreadable item
journal-unreadable-code = A code the server listed could not be read
journal-unreadable-intercom = An intercom the server listed could not be read

## Refusals
failure-list-too-large = The server's list is larger than Visitor Desk reads (more than { $items } items or { $mib } MiB), so it was not read. Tell your administrator.
failure-needs-newer-client = This server needs a newer Visitor Desk (this one speaks AIPIX { $version }). Ask your administrator for an update.

## The command line
cli-unknown = unknown
cli-intercom-status-not-reported = status not reported
cli-created-without-value = The code was made (id { $id }), but the server sent no code to hand out: ask the server.
cli-slip-without-value = The server sent no code for id { $id }: there is nothing to print. Ask the server.
cli-too-many-sessions-limit = Too many sessions are open for this account (it may have { $limit }). End one and sign in:
cli-end-session-hint = Run the command again with --end-session ID (the start of the ID is enough) to end that session and sign in.
cli-session-column-id = ID
cli-session-column-device = DEVICE
cli-session-column-ip = ADDRESS
cli-session-column-last = LAST USED
cli-session-column-online = ONLINE
cli-unknown-session = No session of this account starts with { $id }: nothing was ended. See the table of sessions the server gave.

## Sessions
sessions-open = Sessions
sessions-title = Sessions of { $account }
sessions-hint = Every device signed in to this account. Ending one signs that device out.
sessions-too-many-limit = Too many sessions are open for this account (it may have { $limit }). Choose one to end, then sign in.
sessions-choose = Which session should end?
sessions-choose-this = End { $device } ({ $id })
sessions-end-and-sign-in = End it and sign in
sessions-end = End
sessions-end-this = End the session of { $device } ({ $id })
sessions-ended = The session was ended; that device is signed out.
session-device-unknown = Unknown device
session-last-used = last used { $when }
session-last-unknown = last use not reported
session-online = online
session-offline = offline
session-this-one = this device
journal-other-session-ended = Another session of this account was ended here ({ $id }).

## What the server says of itself
server-facts-version = AIPIX { $version }
server-facts-captcha = may ask for a captcha
server-facts-languages = messages in { $languages }
sign-in-rate-limited = The server limits how often it is asked: signing in again in { $seconds } s.
sign-out-kept = Signed out here, but the server may keep this session open ({ $reason }) — end it from Sessions on another device, or ask your administrator.
