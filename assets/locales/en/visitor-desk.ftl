# Visitor Desk in English.
# Each message id is the same in every language; a message's { $arguments } are the same too.
# Plural forms follow CLDR: English has [one] and [other].

## The language itself (the language switch shows it)
language-name = English

## Dates (chrono's strftime patterns in the local time zone; names come from the locale data)
format-date-time = %a %d %b %H:%M
format-date-time-year = %a %d %b %Y %H:%M
format-time = %H:%M
format-time-seconds = %H:%M:%S

## Distances in time
time-in = in { $span }
time-ago = { $span } ago
time-in-under-a-minute = in less than a minute
time-just-now = just now
span-minutes = { $first } min
span-hours = { $first } h
span-hours-minutes = { $first } h { $second } min
span-days = { $first } d
span-days-hours = { $first } d { $second } h

## Counts
codes-count = { $count ->
    [one] { $count } code
   *[other] { $count } codes
}
codes-of-limit = { $held } of { $limit } codes
codes-shown = { $count ->
    [one] Showing { $shown } of { $count } code
   *[other] Showing { $shown } of { $count } codes
}

## A code's status, and the status filter
status-active = Active
status-expiring-soon = Expiring soon
status-expired = Expired
status-removed = Removed
filter-any = All statuses
filter-valid = Valid
filter-expiring-soon = Expiring soon
filter-expired = Expired

## Words every screen uses
app-name = Visitor Desk
cancel = Cancel
close = Close
details = Details
dismiss = Dismiss
copy = Copy
copied = Copied
copy-this = Copy { $code }
# The date on the new-code form's calendar button (chrono's strftime).
format-date = %a %d %b

## The settings menu
menu-settings = Settings
menu-theme = Look
theme-system = Like the system
theme-light = Light
theme-dark = Dark
menu-language = Language
language-system = Like the system

## The sign-in screen
sign-in-subtitle = Sign in to your AIPIX server
sign-in-server = Server
sign-in-login = Login
sign-in-password = Password
sign-in = Sign in
sign-in-enter-server = Enter the server's address.
sign-in-enter-login = Enter your login.
sign-in-enter-password = Enter your password.
sign-in-enter-captcha = Type the characters of the picture.
sign-in-use-http = Use { $address }
signing-in-as = Signing in to { $server } as { $login }…
captcha = Captcha
captcha-loading = Loading the captcha…
captcha-new = New captcha
advanced = Advanced
ca-file = CA certificate file
auth-path = Live auth path
certificate-trusted = Trusted certificate: { $subject }, { $fingerprint }
certificate-stop-trusting = Stop trusting this certificate
certificate-untrusted = The server's certificate is not trusted: it may be self-signed, or not made for this address.
certificate-changed = The server's certificate has changed since you trusted it: it could be a new certificate, or someone in between.
certificate-subject = Certificate: { $subject }
certificate-untrusted-advice = Trust it only if this fingerprint is the one your administrator gave you.
certificate-changed-advice = Trust the new certificate only if the server's administrator told you it changed.
certificate-trust = Trust this certificate
certificate-trust-new = Trust the new certificate
sessions-end-oldest = End the oldest session and sign in
try-again = Try again
profiles-saved = Saved
profiles-choose = Choose a saved server…
profiles-forget = Forget
profiles-forget-hint = Remove this server and its kept sign-in
keyring-missing = This computer has no keyring to keep your sign-in safe: you will be asked for your password each time Visitor Desk starts.
keyring-short = Sign-in not remembered

## The main window
sign-out = Sign out
refresh = Refresh
refresh-hint = Read the codes again from the server
intercoms-heading = Intercoms
intercoms-all = All intercoms
intercom-entrance = entrance { $number }
intercom-online = online
intercom-offline = offline
intercom-unknown = online status unknown
# An intercom the server sent without a name: named by its number.
intercom-untitled = Intercom { $id }
intercom-unknown-hint = Whether an intercom is online shows again once live updates are back.
intercom-not-confirmed = not confirmed
intercom-active-codes = { $count } active
open-door = Open door
open-door-hint = Opens the door for a few seconds, after a confirmation
open-door-not-from-app = The server does not let this app open this door
open-door-of = Open the door of { $intercom }
search = Search
search-hint = title, code or intercom
show = Show
revoke-selected = Revoke selected ({ $count })
codes-loading = Loading the codes…
codes-none = No codes yet. Make one with the form at the right (Ctrl+N).
codes-no-match = No code matches.
column-title = Title
column-code = Code
column-intercom = Intercom
column-valid-until = Valid until
column-status = Status
column-created = Created
sort-hint = Sort by this column; click again to reverse
select-all = Select all shown
select-code = Select { $title }
codes-table-row = { $title }, code { $code }, { $intercom }, valid until { $until }, { $status }
code-will-be-removed = will be removed { $when }
code-removed = removed { $when }
live-connecting = Connecting to live updates…
live-on = Live
live-on-hint = Changes made at other desks appear here at once.
live-reconnecting = Live updates lost: reconnecting in { $seconds } s
live-reconnecting-now = Live updates lost: reconnecting…
live-stopped = Live updates stopped: press Refresh to see the latest
live-unencrypted = Live updates off: this server offers them only without encryption
live-unencrypted-hint = The server's address is https, but it offers live updates only unencrypted ({ $address }), where anyone on the network could read the door codes in them. The desk does not follow them; press Refresh to see the latest. Its administrator can turn on encryption (wss) for live updates.
syncing = Syncing…
sync-failed = Listing failed: { $reason }
synced-at = Synced { $time }
synced-hint = When the list was last read from the server, a change last arrived live, or the server last answered a change made here.

## The new-code form
form-heading = New code
form-unsent = Not made when the session ended: a code for “{ $title }” at { $intercom }.
form-unsent-anywhere = Not made when the session ended: a code for “{ $title }”.
form-unsent-restore = Restore it
form-unsent-discard = Discard
form-intercom = Intercom
form-choose = Choose…
form-intercom-not-confirmed = { $intercom } is not confirmed: a code for it may not open its door.
form-intercom-offline = { $intercom } is offline: it may not learn of a new code until it is back.
form-intercom-takes-no-codes = { $intercom } takes no visitor codes (they are turned off for this door on the server): choose another intercom.
intercom-takes-no-codes = Visitor codes are turned off for this door on the server
form-title = Title
form-title-hint = Visitor's name
form-valid-until = Valid until
form-quick-shortcut = Alt+{ $key }
form-hour = Hour
form-minute = Minute
form-create = Create code
form-create-hint = Enter in the title does the same
form-choose-intercom = Choose the intercom the code opens.
form-enter-title = Enter a title: who is the code for?
form-title-too-long = The title can have at most { $limit } characters.
form-no-such-time = That date and time do not exist here.
form-expiry-past = The expiry must be in the future.
form-full = The account holds { $held } of { $limit } codes: revoke one to make a new one.
form-full-expired = The account holds { $held } of { $limit } codes. { $expired ->
    [one] { $expired } of them has expired but still counts until the server removes it.
   *[other] { $expired } of them have expired but still count until the server removes them.
}
form-revoke-expired = { $count ->
    [one] Revoke the expired code
   *[other] Revoke the { $count } expired codes
}
quick-one-hour = +1 h
quick-four-hours = +4 h
quick-end-of-today = End of today
quick-tomorrow-noon = Tomorrow 12:00
quick-one-day = +1 day
quick-one-week = +1 week
calendar-open = Choose the day
calendar-previous-month = Previous month
calendar-next-month = Next month

## The code just made
created-heading = Just made
created-valid-until = valid until { $when }
created-copied = Copied to the clipboard
copy-code = Copy code
copy-message = Copy as message
show-qr = Show as QR code
qr-code = QR code of the message for the visitor
qr-code-void = QR code of a code that no longer works
qr-too-long = Too long for a QR code
created-expired = Expired at { $time } — do not hand out
created-revoked = Revoked at { $time } — do not hand out
created-revoked-elsewhere = Revoked at another desk at { $time } — do not hand out
created-removed = Removed by the server at { $time } — do not hand out
created-gone = No longer on the server — do not hand out

## Confirmations
confirm-revoke-title = { $count ->
    [one] Revoke { $count } code?
   *[other] Revoke { $count } codes?
}
confirm-revoke-body = { $count ->
    [1] This code will stop opening the door at once:
   *[other] These codes will stop opening the door at once:
}
confirm-revoke-body-expired = { $count ->
    [1] This code has expired and opens no door already; revoking it removes it now, so that it stops counting against the account:
   *[other] These codes have expired and open no door already; revoking them removes them now, so that they stop counting against the account:
}
confirm-revoke-expired-line = { $code }: expired
confirm-revoke-more = and { $count } more
confirm-revoke-button = { $count ->
    [one] Revoke { $count } code
   *[other] Revoke { $count } codes
}
door-title = Open the door of { $intercom }?
door-how-long = The door opens for the time its administrator set.
door-open = Open the door
door-open-anyway = Open anyway
door-offline = { $intercom } is offline: the server may not reach it, and the door may stay shut.
door-unknown = Whether { $intercom } is online is unknown while live updates are down.
door-not-confirmed = { $intercom } is not confirmed yet: the server refuses to open its door.
door-gone = This intercom is no longer listed.
confirm-create-title = Create this code?
confirm-create-long = It will be valid for { $days } days, longer than the usual limit of { $limit } days.
confirm-create-not-confirmed = { $intercom } is not confirmed: the code may not open its door.
confirm-create-offline = { $intercom } is offline: it may not learn of the code until it is back.
confirm-create-button = Create anyway

## Notices
notice-revoked = { $count ->
    [one] { $count } code revoked
   *[other] { $count } codes revoked
}
notice-revoke-failed = { $count ->
    [one] Revoking { $count } code failed. { $reason }
   *[other] Revoking { $count } codes failed. { $reason }
}
notice-door-accepted = { $intercom }: the server accepted the request to open the door.
notice-door-refused = { $intercom }: the server refused to open the door (the intercom is not confirmed, or not yours).
notice-door-failed = { $intercom }: the door did not open. { $reason }
notice-made-elsewhere = New code at another desk: { $title } ({ $intercom })
notice-revoked-elsewhere = Revoked at another desk: { $title } ({ $intercom })
notice-revoked-elsewhere-many = { $count ->
    [one] { $count } code revoked at another desk
   *[other] { $count } codes revoked at another desk
}

## What went wrong, in one sentence and what to do next
failure-bad-address = This is not a server address. Type it like vms.example.org or https://vms.example.org.
failure-unreachable = Could not reach the server. Check the address and the network connection, then try again.
failure-plain-http = This server speaks http, not https.
failure-not-aipix = No AIPIX server at this address. Check the address with your administrator.
failure-session-ended = Your session has ended. Please sign in again.
failure-session-ended-elsewhere = This session was ended from another device or by an administrator. Sign in again to go on.
failure-session-ended-command-line = Signed out from this computer's command line at { $time } (--end-session). Sign in again to go on.
failure-session-ended-window = Signed out at { $time } by Visitor Desk on this computer (its Sessions list, or a sign-in that ended this session to make room). Sign in again to go on.
failure-forbidden = The server does not allow this for your account.
failure-not-found = The server no longer has it: it was removed, or it is not yours.
failure-busy = The server limits how often it is asked. Try again in a moment.
failure-busy-for = The server limits how often it is asked. Try again in { $seconds } s.
failure-server-fault = The server ran into a problem (error { $status }). Try again later; if it goes on, tell your administrator.
failure-bad-answer = The server's answer could not be read. Try again; if it goes on, tell your administrator.
failure-list-changing = The list kept changing while it was read; it will be read again.
failure-trust-settings = The certificate settings for this server cannot be used: check the CA file or the fingerprint chosen for it (in the window: the sign-in screen's Advanced section; for commands: --ca-file, --pin-sha256).
failure-certificate = The server's certificate is not trusted. Sign out and in again to review it.
failure-refused = The server refused the request.
failure-too-many-sessions = Too many sessions are open for this account.
failure-captcha = The captcha could not be loaded. Press New captcha to try again.

## The journal: kinds of entries, who, results, its columns (the History view, CSV exports, the command line)
journal-kind-sign-in = Signed in
journal-kind-sign-out = Signed out
journal-kind-session-ended = Session ended by the server
journal-kind-code-created = Code created
journal-kind-code-revoked = Code revoked
journal-kind-code-removed = Code removed after expiry
journal-kind-door-opened = Door opened
journal-door-for-call = For a call at the door
journal-kind-intercom-offline = Intercom offline
journal-kind-intercom-online = Intercom online
journal-kind-intercom-removed = Intercom removed
journal-kind-live-gap = Live updates interrupted
journal-kind-live-notice = Live notice
journal-call-stored = Intercom call { $id }: { $status }
journal-calls-deleted = Calls removed from the history: { $ids }
journal-call-cancelled = Call { $id } answered elsewhere
journal-call-answered-elsewhere = answered at another device
journal-permissions-updated = The account's permissions changed; the list was read again.
journal-push-unreadable = { $kind } could not be read ({ $reason }); the list was read again.
journal-push-unknown = { $kind } (not used by this desk)
journal-origin-desk = This desk
journal-origin-command-line = This desk (command line)
journal-origin-push = Another desk (live)
journal-origin-listing = Another desk (list)
journal-outcome-ok = OK
journal-outcome-failed = Failed
journal-who-anyone = Everyone
journal-who-this-desk = This desk
journal-who-others = Other desks
journal-column-time = Time
journal-column-event = Event
journal-column-who = Who
journal-column-result = Result
journal-column-intercom = Intercom
journal-column-code = Code
journal-column-title = Title
journal-column-valid-until = Valid until
journal-column-until = Until
journal-column-details = Details
journal-column-login = Login
journal-column-device = Device
journal-column-os-user = Computer user

## The journal's troubles
journal-error-folder = The journal folder { $path } could not be made: { $reason }
journal-error-missing = There is no journal at { $path } yet: it is made when this desk signs in to that server.
journal-error-newer = The journal was written by a newer version of Visitor Desk; this version leaves it alone.
journal-error-schema = The journal could not be prepared: { $reason }
journal-error-not-open = The journal is not open yet.
journal-error-database = The journal's database answered: { $reason }
journal-off = No journal is kept in this window.
journal-health-ok = The journal is being written again.
journal-health-busy = Another copy of Visitor Desk is writing the journal: new entries wait and are written as soon as it is free.
journal-health-unavailable = The journal cannot be written ({ $reason }). New entries wait in memory.

## The History view
history-open = History
history-open-hint = Who did what, and when: the journal of this desk
history-title = History
history-back = ⏴ Codes
history-back-hint = Back to the codes (Esc)
history-search = Search
history-search-hint = title or code
history-intercom = Intercom
history-all-intercoms = All intercoms
history-event = Event
history-all-events = All events
history-who = Who
history-from = From
history-to = To
history-from-button = Date from…
history-from-hint = Show only what happened on this day or later
history-to-button = Date to…
history-to-hint = Show only what happened on this day or earlier
history-clear-date = Clear this date
history-clear = Clear filters
history-count = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
history-loading = Loading…
history-empty = No entries match.
history-new-entries = { $count ->
    [one] { $count } new entry: show
   *[other] { $count } new entries: show
}
history-event-failed = { $event }: failed
history-written-by = Written by { $user } on device { $device }
history-until = until { $time }
history-valid-until = valid until { $time }
history-was-valid-until = was valid until { $time }
history-login = login { $login }

## A code's story (from a row of the History view)
story-heading = The code's story
story-close = Close
story-door = Opens: { $intercom }
story-valid-until = Valid until { $time } ({ $relative })
story-listed-until = Expired; listed by the server until { $time }
story-nothing = Nothing recorded about this code yet.
story-unknown-user = an unknown user
story-made-here = Made at this desk by { $user }
story-made-here-command-line = Made at this desk from the command line by { $user }
story-made-elsewhere-push = Made at another desk (seen live)
story-made-elsewhere-listing = Made at another desk (found in the list)
story-revoked-here = Revoked at this desk by { $user }
story-revoked-here-command-line = Revoked at this desk from the command line by { $user }
story-revoke-failed = { $user } tried to revoke it here; the server refused: { $reason }
story-revoked-elsewhere-push = Revoked at another desk (seen live)
story-revoked-elsewhere-listing = Revoked elsewhere (gone from the list before its expiry)
story-removed = Removed by the server after its expiry
story-expired = Expired

## Exports (CSV for spreadsheets, JSON for programs)
export-codes-menu = Export codes
export-journal-menu = Export
export-journal-as-shown = The entries as filtered
export-csv = CSV
export-csv-excel = CSV for Excel
export-csv-excel-hint = With a byte-order mark and the separator Excel uses in English (a comma), so that Excel reads the letters and the columns right
# The list separator Excel uses in this language: a comma, or a semicolon where the decimal separator is a comma.
export-excel-separator = ,
export-json = JSON
export-dialog-title = Save the export
export-filter-csv = CSV table
export-filter-json = JSON
export-no-dialog-linux = No save dialog can be opened here: it needs the desktop's file-chooser portal (xdg-desktop-portal) or zenity.
export-dialog-failed = The save dialog failed: { $reason }
export-saved-without-dialog = { $reason } The file was saved in { $folder } instead.
export-saved = { $count ->
    [one] Saved { $count } row to { $path }
   *[other] Saved { $count } rows to { $path }
}
export-failed = The export failed: { $reason }
export-code-column-account = Account
export-code-column-code = Code
export-code-column-title = Title
export-code-column-intercom = Intercom
export-code-column-address = Address
export-code-column-status = Status
export-code-column-valid-until = Valid until
export-code-column-removed-at = Removed by the server at
export-code-column-created = Created

## `visitor-desk journal` on the terminal
journal-cli-bad-date = “{ $text }” is not a date: use 2025-01-31, 2025-01-31 14:05 or 2025-01-31T14:05:00+03:00.
journal-cli-no-such-date = “{ $text }” is no such date: that day (or time) is not in the calendar.
journal-cli-no-folder = No folder for journals was found on this computer; set VISITOR_DESK_DATA_DIR.
journal-cli-no-profile = No server was used on this computer yet: give --server and --login.
journal-cli-need-login = No login is saved for { $server }: give --login too.
journal-cli-which-login = Several logins are saved for { $server }: give --login too.
journal-cli-empty = No entries.
journal-cli-until = until { $until }
journal-cli-count = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}

## Sending the code by e-mail
mail-subject = Your visitor code for { $intercom }
mail-place = Address: { $address }
mail-place-entrance = Address: { $address }, entrance { $entrance }
mail-qr-alt = QR code of the visitor code
mail-error-not-set = No mail server is set for this account. Set it with “Mail server…”.
mail-error-incomplete = The mail server's settings lack the { $what }. Complete them with “Mail server…”.
mail-error-no-password = No password is kept for the mail server's login. Type it with “Mail server…”.
mail-error-keyring = The mail server's password could not be read from the keyring: { $why }
mail-error-bad-address = “{ $address }” is not an e-mail address. Type it like guest@example.org.
mail-error-bad-sender = The sender's address “{ $address }” is not an e-mail address. Correct it with “Mail server…”.
mail-error-compose = The message could not be made ({ $why }). Nothing was sent.
mail-error-unreachable = The mail server { $server } cannot be reached: { $reason }. Check its name and port.
mail-error-no-starttls = The mail server { $server } does not offer encryption (STARTTLS). Nothing was sent: the password and the code would travel in clear. Choose TLS if the server takes it.
mail-error-certificate = The mail server's certificate was refused. { $reason }
mail-error-no-login = The mail server { $server } takes no login this desk can use (PLAIN or LOGIN).
mail-error-wrong-password = The mail server refused the login and password. Check them with “Mail server…”. The server said: { $answer }
mail-error-sender-refused = The mail server refused the sender's address. The server said: { $answer }
mail-error-recipient-refused = The mail server refused the address { $address }. Check it with the visitor. The server said: { $answer }
mail-error-message-refused = The mail server refused the message. The server said: { $answer }
mail-error-timed-out = The mail server did not answer within { $seconds } seconds. Nothing is known to have been sent.
mail-error-protocol = The mail server's answer could not be understood: { $why }
mail-sent = The code was sent to { $address }.
mail-send-button = Send by e-mail…
mail-send-hint = The message with the QR code, and the slip as a PDF
mail-dialog-title = Send code { $code } by e-mail
mail-to = Visitor's e-mail
mail-send = Send
mail-sending = Sending…
mail-from = From { $sender } through { $server }
mail-settings-menu = Mail server…
mail-settings-title = Mail server of { $account }
mail-server = Server
mail-port = Port
mail-security = Encryption
mail-security-starttls = STARTTLS (usually port 587)
mail-security-tls = TLS (usually port 465)
mail-login = Login
mail-password = Password
mail-password-kept = Leave the password empty to keep the one saved before, if any.
mail-sender-name = Sender's name
mail-sender-address = Sender's address
mail-save = Save
mail-trust = Certificate
mail-trust-system = Trusted by this computer
mail-trust-ca-file = Issued by the CA in this file
mail-trust-pinned = Exactly this certificate (SHA-256)
mail-settings-saved = The mail server's settings are saved.
mail-password-not-kept = The password could not be kept in the keyring: { $why }
mail-account-none = Choose the account first.
journal-kind-code-emailed = Code e-mailed
journal-emailed = to { $address }: { $answer }

## Handing a code over: the share message and the visitor slip
# The default share message is a template: {"{name}"} writes a placeholder the app fills in.
share-template-default = Your visitor code for {"{intercom}"} ({"{place}"}) is {"{code}"}. It is valid until {"{valid_until}"}.
    {"{instructions}"}
share-template-default-no-place = Your visitor code for {"{intercom}"} is {"{code}"}. It is valid until {"{valid_until}"}.
    {"{instructions}"}
slip-heading = Visitor code
slip-entrance = entrance { $entrance }
slip-for = For { $title }
slip-valid = Valid from { $from } until { $until }
slip-footer = Please do not pass this code on to anyone else.
slip-void-expired = EXPIRED: DOES NOT OPEN THE DOOR
slip-void-revoked = REVOKED: DOES NOT OPEN THE DOOR
slip-pdf-title = Visitor code { $code } for { $title }
slip-size-a6 = A6 postcard
slip-size-receipt = 80 mm receipt
slip-size-a4 = A4 sheet
extend-done = New code { $code } for { $title }; the old code { $old } is revoked.
extend-both-work = The new code { $code } works, but the old code { $old } could not be revoked: { $reason } Both open the door until you revoke the old one.
extend-notice-failed = No new code was made: { $reason } The old code { $old } still works.
extend-failed-after-revoke = The old code { $old } was revoked, but no new code was made: { $reason } The visitor has no code now: make one.
slip-failed = The slip could not be made: { $reason }
slip-not-written = The slip could not be written to { $path }: { $reason }
slip-not-opened = The slip was made but could not be opened: { $reason }
slip-no-printer = There is no printer command (lp) on this computer: open the slip and print it from the viewer.
slip-not-printed = The printer refused the slip: { $reason }
slip-no-default-printer = No printer is chosen as the default. Printers on this computer: { $printers }. Choose one as the default in the system's printer settings (or in a terminal: lpoptions -d { $first }), or open the slip and print it from the viewer, choosing the printer there.
slip-no-printers = No printer is set up on this computer: add one in the system's printer settings, or open the slip and print it from the viewer.
slip-no-printing-service = The printing service of this computer does not answer ({ $reason }): start it or ask whoever looks after this computer; meanwhile open the slip and print it from the viewer.
slip-opened = The slip is open in your PDF viewer ({ $path }).
slip-printed = The slip went to the printer.
slip-saved = The slip is saved: { $path }
slip-dialog-title = Save the visitor slip
slip-filter-pdf = PDF document

## Handing a code over in the window: a row's menu, the slip menu, the QR code, Extend, the editors
row-actions = Actions for { $title } ({ $code })
row-actions-hint = Copy the message, show the QR code, the visitor slip, extend or revoke
show-qr-menu = Show QR code…
handover-dead-code = This code no longer opens the door: extend it to hand out a new one.
revoke = Revoke…
qr-dialog-title = Code { $code } for { $title }
slip-menu = Visitor slip
slip-open = Open
slip-print = Print
slip-save-as = Save as…
slip-paper = Paper
extend = Extend…
extend-hint = A new code for the same visitor and intercom with a later expiry; the old code is revoked once the new one works
extend-title = Extend code { $code } ({ $title })
extend-title-gone = The code is gone
extend-gone = This code is no longer on the server: make a new one with the form.
extend-no-code-now = The old code was revoked, but no new code was made: { $reason } The visitor has no code now: make one with the form.
extend-body = A code cannot be changed once made. Extending makes a new code for the same visitor and intercom, valid until the time you choose, and revokes the old one as soon as the new one works.
extend-until = New expiry
extend-sooner = That is not later than the code's own expiry ({ $when }).
extend-or-at = Or until
extend-past = That moment has passed: choose a later one.
extend-make = Make the new code
extend-failed = No new code was made: { $reason } The old code { $old } still works.
extend-full = The account is full ({ $held } of { $limit } codes): the new code needs the room of the old one.
extend-revoke-first = The old code { $old } can be revoked first. The visitor is then without a code until the new one is made, and has none at all if that fails.
extend-agree = Revoke the old code first
extend-expired-count = { $count ->
    [one] One of them has expired but still counts: revoking it makes room, and the visitor keeps the old code meanwhile.
   *[other] { $count } of them have expired but still count: revoking them makes room, and the visitor keeps the old code meanwhile.
}
extend-tick-first = Tick the box above first (or revoke the expired codes) to make the new code.
extend-revoke-and-make = Revoke the old code and make the new one
created-old-still-works = The old code { $old } could not be revoked and still opens the door too.
created-revoke-old = Revoke the old code…
menu-share-message = Share message…
template-title = Share message
template-intro = What "Copy as message" copies and the QR codes and slips hold. Words in braces are filled in for each code; a line whose values are all empty is left out.
template-label = Message template
template-insert = Insert at the cursor:
template-save = Save
template-reset = Reset to the default
template-fix-first = Fix the marked placeholders first
template-unknown = { $name } is not a placeholder (line { $line }, column { $column }).
template-did-you-mean = Did you mean { $name }?
template-unclosed = The brace at line { $line }, column { $column } is not closed: close it with {"}"}, or write {"{{"} for a brace in the text.
template-preview-code = Preview with code { $code }
template-preview-sample = Preview with a sample code
template-preview-blocked = The preview shows once the template has no errors.
template-preview-empty = (the message is empty)
template-no-code = The message does not contain {"{code}"}: the visitor will not see the code.
template-sample-title = Maria Lopez
template-sample-intercom = Front door
template-sample-address = 12 Garden Street
template-sample-instructions = Press # then the code.
placeholder-code = The code's digits
placeholder-title = Who the code is for (its title)
placeholder-intercom = The intercom's name
placeholder-place = The address and the entrance together, whichever the server gives
placeholder-address = The intercom's address
placeholder-entrance = The entrance number, when the server gives one
placeholder-valid-until = When the code stops working, in local time
placeholder-valid-for = How long the code still works
placeholder-instructions = What the visitor does at this door (set per intercom)
door-instructions = Door instructions
door-instructions-hint = What a visitor does at this door: it goes into the message and onto the slip
door-instructions-of = Door instructions for { $intercom }
instructions-title = Door instructions: { $intercom }
instructions-intro = What a visitor does at this door. It fills {"{instructions}"} in the share message and is printed on the slip. Kept on this computer for this account.
instructions-label = Instructions
instructions-hint = Press # then the code
instructions-save = Save

## The journal of an extension: the link between the old code and the new one
journal-extends = Extension of code { $code }
journal-replaced-by = Replaced by code { $code }
journal-revoked-for-extend = Revoked first to make room for its extension
story-extended-as = Extended as code { $code } at this desk by { $user }
story-extend-failed = { $user } tried to extend it here; no new code was made: { $reason }
story-replaced-revoked = The code it replaces, { $code }, was revoked at this desk by { $user }
story-replaced-not-revoked = The code it replaces, { $code }, could not be revoked: { $reason }

## What the app keeps: the keyring and the settings file (technical reasons, shown behind "Details")
keyring-unreachable = the keyring service could not be reached: { $why }
keyring-refused = the keyring is locked or refused access: { $why }
keyring-not-started = the keyring could not be started
keyring-no-entry = there is no saved sign-in
keyring-damaged = the saved sign-in is damaged
keyring-ambiguous = { $count ->
    [one] { $count } saved sign-in matches this server and login
   *[other] { $count } saved sign-ins match this server and login
}
keyring-check-not-started = the keyring check could not start ({ $why })
keyring-no-answer = the keyring did not answer within { $seconds } seconds
keyring-check-failed = the keyring check failed unexpectedly
keyring-session-not-encoded = the session could not be encoded: { $why }
keyring-call-stopped = the keyring call stopped: { $why }
settings-not-saved = Could not save the settings in { $path }: { $reason }
settings-not-encoded = Could not encode the settings: { $reason }
settings-changes-not-kept = { $reason }. Changes will not be remembered.
settings-set-aside = The settings file { $path } could not be read ({ $why }). It was set aside as { $aside } and new settings were made.
settings-unreadable = The settings file { $path } could not be read ({ $why }) nor set aside ({ $error }). New settings are used for this run only.

journal-kind-reminder-expires-soon = Reminder: expires soon
journal-kind-reminder-holding-slot = Reminder: takes a place
journal-kind-notification-action = Notification clicked
journal-action-show = Show the window
journal-action-make-code = Make code
journal-action-open-door = Open door
journal-action-extend = Extend…
journal-action-revoke = Revoke it
calls-title = Calls at the door
calls-ringing = { $count ->
    [one] { $count } ringing
   *[other] { $count } ringing
}
calls-none = No calls yet. When someone rings, the call shows here.
call-ringing = Ringing
call-answered = Answered
call-ended = Ended
call-missed = Missed
call-unknown = Unknown
call-door-unknown = Unknown door
call-make-code = Make code
call-make-code-hint = A code for this door, its title filled in
call-open-door = Open door…
call-open-door-hint = Opens this door after you confirm
call-code-title = Visitor { $time }
settings-notifications = Desktop notifications
settings-notify-calls = Calls at the door
settings-notify-codes-elsewhere = Codes made or revoked at another desk
settings-notify-expires-soon = A code expires in 15 minutes
settings-notify-holding-slot = An expired code still takes a place
settings-notify-live-lost = Live updates lost for more than a minute
door-forbidden = The server does not allow opening { $intercom } from this app.

## Several accounts in one window
top-bar-more = More
add-account = Add account…
add-account-hint = Sign in to another account or server as well; the accounts signed in stay signed in
accounts-signed-in = { $count } accounts signed in
account-already-open = That account is already signed in in this window
sign-in-another-subtitle = Another account, beside those signed in
back-to-accounts = Back to the accounts
back-to-accounts-hint = Do not add an account after all
sign-out-of = Sign out of { $account }
group-all = All its codes
group-all-hint = Show the codes of every intercom of { $group }
group-menu-of = Menu of { $group }
group-rename = Name this group…
group-name = Group name
group-name-hint = e.g. Harbour Street
group-save = Save
group-sign-out = Sign out of this account
group-signed-out = Signed out
group-sign-in-again = Sign in again…
account-not-live = not live
account-not-live-hint = This account's live channel is down: its codes are as of its last listing, and may have changed since
form-account = Counts against { $account }
form-use-account = Make it with { $account }
form-use-account-hint = The same door is reachable through this account, which has a free slot
column-account = Account
confirm-account = Account: { $account }
account-codes-not-listed = codes not listed yet
account-signed-out = signed out
sign-in-again-subtitle = Sign in again to { $account }
history-account = Account

## A later launch named another account while the sign-in form held what the user typed
sign-in-offered = Visitor Desk was started again for { $account }.
sign-in-offered-take = Fill in that account
sign-in-offered-keep = Keep what I typed

## What a screen reader is told (announcements) and the names of what has none on screen
a11y-code-made = Code { $code } made for { $title }.
a11y-live-lost = Live updates lost: codes changed at other desks do not reach this desk until they are back.
a11y-live-back = Live updates are back.
a11y-refused = Not accepted: { $reasons }
a11y-call = Someone is at { $intercom }.
a11y-code-revoked = Code { $code } for { $title } was revoked at another desk.
a11y-code-expired = Code { $code } for { $title } has expired.
a11y-codes-revoked = { $count ->
    [one] { $count } code was revoked at another desk.
   *[other] { $count } codes were revoked at another desk.
}
a11y-codes-expired = { $count ->
    [one] { $count } code has expired.
   *[other] { $count } codes have expired.
}
a11y-codes-table = Codes
a11y-code-row = { $title }, code { $code }, { $intercom }, valid until { $until }
a11y-calls-list = Calls at the door
