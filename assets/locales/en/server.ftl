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
