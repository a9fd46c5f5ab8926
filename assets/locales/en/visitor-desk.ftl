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

## Handing a code over: the share message and the visitor slip
# The default share message is a template: {"{name}"} writes a placeholder the app fills in.
share-template-default = Your visitor code for {"{intercom}"} is {"{code}"}. It is valid until {"{valid_until}"}.
    {"{instructions}"}
slip-heading = Visitor code
slip-entrance = entrance { $entrance }
slip-for = For { $title }
slip-valid = Valid from { $from } until { $until }
slip-footer = Please do not pass this code on to anyone else.
slip-pdf-title = Visitor code { $code } for { $title }
slip-size-a6 = A6 postcard
slip-size-receipt = 80 mm receipt
slip-size-a4 = A4 sheet
reissue-done = New code { $code } for { $title }; the old code { $old } is revoked.
reissue-both-live = The new code { $code } works, but the old code { $old } could not be revoked ({ $reason }). Both open the door until you revoke the old one.
reissue-failed = No new code was made ({ $reason }). The old code { $old } still works.
reissue-failed-after-revoke = The old code { $old } was revoked, but no new code was made ({ $reason }). The visitor has no code now: make one.
slip-failed = The slip could not be made: { $reason }
slip-not-written = The slip could not be written to { $path }: { $reason }
slip-not-opened = The slip was made but could not be opened: { $reason }
slip-no-printer = There is no printer command (lp) on this computer: open the slip and print it from the viewer.
slip-not-printed = The printer refused the slip: { $reason }
slip-opened = The slip is open in your PDF viewer ({ $path }).
slip-printed = The slip went to the printer.
slip-saved = The slip is saved: { $path }
