# What the client refuses to protect the password, the token and the user's files, and what it says instead.

## Answers the client does not take
failure-redirected = The server redirected to { $location }. Nothing was sent there; if that is the right server, use its address.
failure-answer-too-large = The server's answer was too large and was not read. Try again; if it goes on, tell your administrator.
failure-credentials-in-address = The address contains a user name or password. Type only the server's address here, and the login and password in their own fields.
server-busy-waiting = The server limits how often it is asked: asking again in { $seconds } s.

## Plain http to another computer
failure-insecure-http = { $host } is reached over plain http: your password and everything after it would travel unencrypted, readable on the network.
insecure-http-advice = Sign in this way only on a network you trust. Ask your administrator for an https address.
insecure-http-confirm = Sign in without encryption
not-encrypted = Not encrypted
not-encrypted-hint = This server is reached over plain http: the sign-in and the codes travel unencrypted.

## The command line
cli-password-in-arguments = --password is not taken: every user of this computer can read a command's arguments. Set VISITOR_DESK_PASSWORD, or run this in a terminal to be asked for the password.
cli-insecure-http-refused = { $host } is reached over plain http: the password and the codes would travel unencrypted. Use its https address, or add --allow-insecure-http if you accept that.
cli-not-encrypted = Warning: { $host } is reached over plain http; the sign-in and the codes travel unencrypted.

## Files
output-exists = { $path } already exists. Add --force to replace it, or choose another file.
output-is-journal = { $path } is one of the journal's own files: writing there would destroy the journal. Choose another file.
output-not-written = { $path } was not written ({ $reason }); whatever was there is unchanged.
output-replace-question = { $path } already exists. Replace it? [y/N]
settings-partly-read = Some settings in { $path } could not be read ({ $what }); everything else was kept. The file as it was is set aside as { $aside }.

## The journal
journal-error-file = The journal file { $path } could not be opened: { $reason }
journal-recovered = The journal { $path } was damaged. It was set aside as { $aside }, and a new journal was started; entries from now on, and those that were waiting, are in the new one.
