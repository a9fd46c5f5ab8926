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
