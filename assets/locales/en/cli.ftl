# The command line's messages to people (stderr, and tables). JSON, CSV and the printed code are not translated.

## Failures
cli-failed = visitor-desk: { $message }
cli-no-runtime = cannot start the async runtime: { $error }
cli-backend-stopped = The backend stopped unexpectedly.
cli-output-failed = The output could not be written: { $error }

## Signing in and out
cli-not-signed-in = Not signed in. Sign in with `visitor-desk login --server URL --login LOGIN`, or give --server and --login (with VISITOR_DESK_PASSWORD) to sign in for one run.
cli-sign-in-ended = The session has ended. Sign in again with `visitor-desk login --server URL --login LOGIN`.
cli-kept-sign-in-refused = The server no longer accepts the kept sign-in; it was forgotten. Sign in again with `visitor-desk login --server URL --login LOGIN`.
cli-login-cannot-be-kept = There is no system keyring here to keep the sign-in ({ $warning }): `login` keeps nothing, so nothing was signed in: give --server and --login (with VISITOR_DESK_PASSWORD) to each command instead.
cli-keyring-check-stopped = The keyring check stopped: { $error }
cli-need-server-and-login = Give both --server and --login (or neither, to use the kept sign-in).
cli-login-needs-account = `login` needs --server URL and --login LOGIN.
cli-unknown-account = There is no saved account named “{ $name }”. The saved accounts: { $names }.
cli-no-saved-accounts = There is no saved account named “{ $name }”: no account is saved yet. Sign in with `visitor-desk login --server URL --login LOGIN` first.
cli-account-not-signed-in = Not signed in to the account “{ $name }”. Sign in with `visitor-desk login --account "{ $name }"`.
cli-no-account-signed-in = No saved account is signed in. Sign in with `visitor-desk login --server URL --login LOGIN` (once per account).
cli-keyring-unreachable = The system keyring cannot be reached, so the kept sign-in cannot be read ({ $reason }). Run the command in the desktop session that holds the keyring (from cron, give it that session's DBUS_SESSION_BUS_ADDRESS), or sign in for one run with --server, --login and VISITOR_DESK_PASSWORD.
cli-account-not-read = { $name }: not read. { $reason }
cli-not-every-account-read = { $failed } of { $total } accounts could not be read (named above); the others were listed.
cli-no-account-read = { $total ->
    [one] The account could not be read (named above).
   *[other] None of the { $total } accounts could be read (named above).
}
cli-account-stopped = { $name }: no longer followed. { $reason }
cli-no-password = No password: set VISITOR_DESK_PASSWORD, or run this in a terminal to be asked for it.
cli-password-prompt = Password for { $login } at { $server }:
cli-unreadable-password = The password could not be read: { $error }
cli-signed-in = Signed in to { $server } as { $login }. The command line's sign-in is kept in the system keyring, apart from the window's: `visitor-desk logout` ends it and leaves the window signed in.
cli-signed-out = Signed out of { $server } ({ $login }): the command line's own sign-in is ended on the server and forgotten here. The window's sign-in, if any, is not touched.
cli-logout-window-only = The command line keeps no sign-in of its own for { $login } on { $server }: the commands used the window's, and logout leaves it as it is. To end that session, sign out in the window.
cli-captcha-required = The server asks for a captcha ({ $reason }). Sign in once from the window (`visitor-desk`), then try again.
cli-too-many-sessions = Too many sessions are open for this account. Sign out on another device, or sign in from the window, which can end one.
cli-untrusted-certificate = { $message }
    If this is your server's certificate, trust it with --pin-sha256 { $sha256 } (or give its CA with --ca-file).
cli-bad-pin = “{ $given }” is not a SHA-256 fingerprint: 64 hexadecimal digits, in pairs separated by colons or not.
cli-trust-options-for-commands = --ca-file and --pin-sha256 are for commands; for the window, use the sign-in screen's Advanced section.
cli-watch-sign-in-failed = sign-in failed: { $error }
cli-live-channel-stopped = the live channel stopped
cli-live-session-ended = the session was ended elsewhere (from another device or by an administrator)

## Codes
cli-bad-until = --until “{ $given }”: give the local date and time as "YYYY-MM-DD HH:MM".
cli-nonexistent-local-time = --until “{ $given }”: that time does not exist here (the clocks change then).
cli-bad-duration = --for “{ $given }” is not a length of time: give it like 30m, 4h, 2h30m or 1d.
cli-language-not-available = The language “{ $asked }” is not available; going on in { $speaking }. Available: { $available }.
cli-until-in-the-past = --until “{ $given }” is in the past: a code must be valid until a later time.
cli-no-such-until = --until “{ $given }”: there is no such date or time (that day or hour is not in the calendar).
cli-long-code-needs-yes = The code would be valid for longer than usual. Without a terminal to ask, give --yes to make it anyway.
cli-duration-not-fixed = --for “{ $given }”: give weeks, days, hours or minutes (months and years have no fixed length).
cli-duration-not-positive = --for “{ $given }”: the code must be valid for some time from now.
cli-created = Code { $code } for “{ $title }” at { $intercom }, valid until { $until }.
cli-slip-written = The slip of code { $code } is written to { $path }.
cli-unknown-intercom = This account has no intercom with id { $id }.
cli-unknown-slip-code = This account has no code with id { $id }: there is no slip to make.
cli-slip-expired = Code { $code } (id { $id }) expired at { $at }: it no longer opens the door, so no slip is made. --force prints it marked EXPIRED.
cli-slip-revoked = Code { $code } (id { $id }) was revoked at { $at }: it no longer opens the door, so no slip is made. --force prints it marked REVOKED.
cli-slip-void-written = The slip of code { $code } is written to { $path }, marked: { $mark }.
cli-create-anyway = Create it anyway? [y/N]
cli-nothing-made = Nothing was made.
cli-full-expired = { $count ->
    [one] { $count } of the account's codes has expired but still counts until the server removes it: `visitor-desk codes revoke { $ids } --yes` makes room.
   *[other] { $count } of the account's codes have expired but still count until the server removes them: `visitor-desk codes revoke { $ids } --yes` makes room.
}
cli-full-none-expired = Revoke a code that is no longer needed (`visitor-desk codes list`, then `visitor-desk codes revoke ID`) to make room.
cli-unknown-codes = { $count ->
    [one] This account has no code with id { $ids }. Nothing was revoked.
   *[other] This account has no codes with ids { $ids }. Nothing was revoked.
}
cli-revoke-needs-yes = Revoking asks first, and no terminal is attached: add --yes. Nothing was revoked.
cli-revoke-question = { $count ->
    [one] Revoke { $count } code? It stops opening the door at once. [y/N]
   *[other] Revoke { $count } codes? They stop opening the door at once. [y/N]
}
# The answers to a yes/no question that mean yes, separated by commas.
cli-answers-yes = y, yes
cli-nothing-revoked = Nothing was revoked.
cli-revoked = { $count ->
    [one] Revoked { $count } code.
   *[other] Revoked { $count } codes.
}
cli-no-codes = No codes.
cli-no-intercoms = No intercoms.

## Table headers and cells
cli-header-id = ID
cli-header-code = CODE
cli-header-title = TITLE
cli-header-intercom = INTERCOM
cli-header-status = STATUS
cli-header-valid-until = VALID UNTIL
cli-header-address = ADDRESS
cli-header-entrance = ENTRANCE
cli-header-online = ONLINE
cli-header-account = ACCOUNT
cli-yes = yes
cli-no = no
cli-intercom-confirmed = confirmed
cli-intercom-not-confirmed = not confirmed
cli-intercom-disabled = disabled

## The window, the demo and the simulator
cli-no-settings-folder = No settings folder was found: profiles will not be kept.
cli-window-failed = the window could not be shown: { $error }
cli-window-tried = Tried: { $tried }
cli-window-advice = Update the graphics driver, or start with --renderer glow (or set VISITOR_DESK_RENDERER=glow); in a remote or virtual session, try it on the computer itself. The commands (visitor-desk codes list, codes create, …) work without a window.
cli-demo-server = Demo server: { $url }
    {"  "}login: { $login }  password: { $password }
    Another window can join it: visitor-desk --server { $url } --login { $login }
cli-sim-listening = AIPIX simulator listening on { $url }
cli-sim-listening-site = AIPIX simulator listening on { $url } ({ $site })
cli-sim-user = {"  "}login: { $login }  password: { $password }
cli-sim-accounts = {"  "}and { $count ->
    [one] the account user1
   *[other] the accounts user1 … user{ $count }
}, each with its login as password
cli-sim-stop = Press Ctrl-C to stop.
cli-sim-exposed = Warning: listening on { $addr }, which other computers can reach. The simulator is for demos and tests only: its accounts (demo/demo unless --user says otherwise) sign in over plain http, unencrypted.
cli-no-data-folder = No data folder was found: the journal will not be kept.

## visitor-desk mail
mail-test-subject = Visitor Desk: a test message
mail-test-body = This is a test message from Visitor Desk. The mail server { $server } took it from the login { $login }: codes sent by e-mail will come from here.
mail-cli-no-account = Whose mail server? Sign in once (`visitor-desk login`, or in the window), or name the account with --account (or --server and --login).
mail-cli-not-set = No mail server is set for { $account }. Set it with visitor-desk mail set (or “Mail server…” in the window).
mail-cli-no-settings = There is no folder for the settings file (set VISITOR_DESK_CONFIG_DIR).
mail-cli-set = The mail server of { $account } is { $server }.
mail-cli-password-kept = Its password is kept in the keyring.
mail-cli-no-keyring = The password could not be kept: no keyring answered ({ $why }). The settings were kept; give the password for each run with VISITOR_DESK_SMTP_PASSWORD.
mail-cli-password-unreadable = The password could not be read (it must be UTF-8 text).
mail-cli-password-empty = The first line of stdin is empty: no password was given.
mail-cli-test-sent = The test message was sent to { $address }. The server said: { $answer }
mail-cli-field-account = Account
mail-cli-field-server = Server
mail-cli-field-login = Login
mail-cli-field-sender = Sender
mail-cli-field-certificate = Certificate
mail-cli-field-password = Password
mail-cli-trust-system = the system's authorities
mail-cli-trust-ca-file = issued by the CA in { $path }
mail-cli-trust-pinned = only the one with SHA-256 { $sha256 }
mail-cli-password-in-keyring = kept in the keyring
mail-cli-password-none = none kept (visitor-desk mail set with VISITOR_DESK_SMTP_PASSWORD, or Mail server… in the window)
mail-cli-password-no-keyring = unknown: no keyring answered
