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

## A code's status, and the status filter
status-active = Active
status-expiring-soon = Expiring soon
status-expired = Expired
status-removed = Removed
filter-any = All statuses
filter-valid = Valid
filter-expiring-soon = Expiring soon
filter-expired = Expired

## The journal: kinds of entries, who, results, its columns (the History view, CSV exports, the command line)
journal-kind-sign-in = Signed in
journal-kind-sign-out = Signed out
journal-kind-session-ended = Session ended by the server
journal-kind-code-created = Code created
journal-kind-code-revoked = Code revoked
journal-kind-code-removed = Code removed after expiry
journal-kind-door-opened = Door opened
journal-kind-intercom-offline = Intercom offline
journal-kind-intercom-online = Intercom online
journal-kind-intercom-removed = Intercom removed
journal-kind-live-gap = Live updates interrupted
journal-origin-desk = This desk
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

## A code's story (from a row of the History view)
story-heading = The code's story
story-close = Close
story-door = Opens: { $intercom }
story-valid-until = Valid until { $time } ({ $relative })
story-listed-until = Expired; listed by the server until { $time }
story-nothing = Nothing recorded about this code yet.
story-unknown-user = an unknown user
story-made-here = Made at this desk by { $user }
story-made-elsewhere-push = Made at another desk (seen live)
story-made-elsewhere-listing = Made at another desk (found in the list)
story-revoked-here = Revoked at this desk by { $user }
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
export-csv-excel-hint = With a byte-order mark, so that Excel reads the letters right
export-json = JSON
export-dialog-title = Save the export
export-filter-csv = CSV table
export-filter-json = JSON
export-no-dialog-linux = No save dialog can be opened here: it needs the desktop's file-chooser portal (xdg-desktop-portal) or zenity.
export-saved-without-dialog = { $reason } The file was saved in { $folder } instead.
export-saved = { $count ->
    [one] Saved { $count } row to { $path }
   *[other] Saved { $count } rows to { $path }
}
export-failed = The export failed: { $reason }
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
