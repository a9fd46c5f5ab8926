# Expected visitors: who is coming, kept on this computer until they arrive (the window's Today, the command line's
# `visitor-desk expected`).

## A visitor
expected-code-title = { $name }, flat { $flat }
expected-window-from = { $day } from { $from }
expected-window-until = { $day } until { $to }
expected-timing-now = expected now
expected-timing-later = later
expected-timing-arrived = arrived
expected-timing-gone = did not come
expected-field-name = Name
expected-field-flat = Flat
expected-field-company = Company
expected-field-host = Visiting
expected-field-intercom = Intercom
expected-field-day = Day
expected-field-from = From
expected-field-to = Until
expected-field-window = Time
expected-field-note = Note

## Why a visitor is not taken
expected-invalid-no-name = no name
expected-invalid-too-long = { $field } is longer than { $most } characters
expected-invalid-window = the time ends ({ $to }) before it begins ({ $from })
expected-invalid-day = “{ $text }” is not a date (2026-12-07 or 07.12.2026)
expected-invalid-time = “{ $text }” is not a time (14:00)
expected-invalid-intercom = there is no intercom “{ $text }”
expected-invalid-past = { $day } has passed

## Importing a file
expected-import-format-csv = CSV, { $encoding }, separated by “{ $separator }”
expected-import-too-large = The file is larger than { $most } MB: it is not a visitor list.
expected-import-too-many-rows = The file has more than { $most } rows: import it in parts.
expected-import-empty = The file has no rows.
expected-import-unreadable = The file could not be read: { $reason }
expected-import-no-name-column = No column holds the visitors' names. Name one column Name (or Имя, ФИО, Visitor, Guest). The file's headers: { $headers }
expected-import-read-as = Read as { $format }.
expected-import-column = Column “{ $header }” → { $field }
expected-import-column-unused = Column “{ $header }” is not used
expected-import-skipped = Line { $line } ({ $first }) skipped: { $reason }
expected-import-summary = { $added ->
    [one] One visitor
   *[other] { $added } visitors
} to add, { $skipped ->
    [0] none skipped.
    [one] one row skipped.
   *[other] { $skipped } rows skipped.
}
expected-import-done = { $added ->
    [one] One visitor added.
   *[other] { $added } visitors added.
}
expected-import-unknown-field = “{ $word }” in --columns is not a field: name, flat, company, host, intercom, day, from, to, window, note, or - for a column left out.
expected-import-dry-run = Nothing was added (--dry-run).
expected-import-nothing = No visitor was added: every row was skipped (each is said above).
expected-header-status = Status
expected-header-code = Code

## The command line
expected-added = Added { $name }, expected { $window } (id { $id }).
expected-unknown = There is no expected visitor with id { $id }.
expected-already-arrived = { $name } was given code { $code } at { $at }.
expected-needs-intercom = { $name } has no intercom: give --intercom ID.
expected-arrived = { $name } arrived: code { $code } until { $until }.
expected-no-journal = There is no journal to keep expected visitors in (no data folder).
expected-no-account = Which account's visitors? Sign in once (`visitor-desk login`), or give --account, or --server and --login.
expected-file-unreadable = { $path } could not be read: { $reason }
expected-none = No visitors are expected.

## The window's Today
today-open = Today
today-open-hint = Today's expected visitors: find one by three letters, Enter makes their code
today-title = Expected today
today-hint = { $day }. Type three letters of a name, flat or company; Enter makes the first one found their code, copies it and marks them arrived.
today-search = Find a visitor
today-search-hint = three letters, then Enter
today-none = No visitors are expected today. Add one below, or import a list (Import…)
today-none-found = No expected visitor matches.
today-make-code = Make code
today-make-code-for = Make the code of { $name }
today-copy-code = Copy the code
today-add-heading = Add a visitor expected today
today-add-from = From (14:00)
today-add-to = Until (16:00)
today-add = Add
today-from = from { $from }
today-until = until { $to }
today-all-day = all day
today-account = Add and import for
today-import = Import…
today-import-hint = Read a list of expected visitors from a CSV or XLSX file: a preview shows what will be added and skipped before anything is kept
today-imported = { $count ->
    [one] { $count } visitor was added from the list.
   *[other] { $count } visitors were added from the list.
}
import-dialog-title = Import expected visitors
import-filter = Visitor lists (CSV, XLSX)
import-no-dialog = No file dialog can be opened here: it needs the desktop's file-chooser portal (xdg-desktop-portal) or zenity. On the command line: visitor-desk expected import FILE.
import-dialog-failed = The file dialog failed: { $reason }
import-heading = Import { $file }
import-hint = Read as { $format }. Choose what each column fills; below are the file's first rows, then what will be skipped and why.
import-line = Line
import-fills = Fills
import-column-none = — (not used)
import-confirm = { $count ->
    [one] Import { $count } visitor
   *[other] Import { $count } visitors
}
import-more-skipped = …and { $count } more rows skipped.

## The journal
journal-kind-visitor-arrived = Expected visitor arrived
expected-journal-detail = Expected { $window }, added by { $added_by } on { $added_at }
