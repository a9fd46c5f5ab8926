# What the desk says outside its window: desktop notifications (and the same words inside the window where the
# desktop has no notification service), and a second launch handing over to the window already open.

desktop-app-name = Visitor Desk

## A call at the door
desktop-call-summary = Someone is at { $intercom }
desktop-call-body = Called at { $time }
desktop-call-body-address = Called at { $time } · { $address }
desktop-call-no-codes = Codes do not work at this door.
desktop-action-show = Show
desktop-action-make-code = Make code
desktop-action-open-door = Open door

## Codes made and revoked at another desk
desktop-code-made-summary = New code at another desk
desktop-code-made-body = { $title } · { $intercom } · valid until { $until }
desktop-codes-revoked-summary = { $count ->
    [one] Code revoked at another desk
   *[other] { $count } codes revoked at another desk
}

## Reminders
desktop-expires-soon-summary = The code for { $title } expires at { $time }
desktop-expires-soon-body = { $intercom }. Extend it so that the visitor can still get in.
desktop-action-extend = Extend…
desktop-expired-holding-summary = An expired code still takes a place
desktop-expired-holding-body = { $title } ({ $intercom }) expired at { $time } but counts toward the account's limit of { $limit } codes until the server removes it. Revoke it to make room.
desktop-action-revoke = Revoke it

## The live channel
desktop-live-lost-summary = Live updates lost
desktop-live-lost-body = Since { $time }, codes made at other desks and calls at the door do not reach this desk. It keeps trying to reconnect.

## One copy per account
desktop-already-open-summary = Visitor Desk is already open
desktop-already-open-body = Its window for { $account } is open: click here to show it.

## A storm: after a few of one kind in a minute, the rest of that minute in one notification
desktop-storm-calls = { $count ->
    [one] 1 more call at the doors of { $account }
   *[other] { $count } more calls at the doors of { $account }
}
desktop-storm-codes-made = { $count ->
    [one] 1 more code made at another desk at { $account }
   *[other] { $count } more codes made at another desk at { $account }
}
desktop-storm-codes-revoked = { $count ->
    [one] 1 more code revoked at another desk at { $account }
   *[other] { $count } more codes revoked at another desk at { $account }
}
desktop-storm-expires-soon = { $count ->
    [one] 1 more code at { $account } expires within 15 minutes
   *[other] { $count } more codes at { $account } expire within 15 minutes
}
desktop-storm-holding-slot = { $count ->
    [one] 1 more expired code at { $account } still takes a place
   *[other] { $count } more expired codes at { $account } still take places
}
desktop-storm-live-lost = { $count ->
    [one] Live updates of { $account } were lost 1 more time
   *[other] Live updates of { $account } were lost { $count } more times
}
desktop-storm-body = So many in a minute are told together. The window shows them all.
