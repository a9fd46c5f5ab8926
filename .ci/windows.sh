#!/usr/bin/env bash
# The Windows build, run under Wine: the cross-built release (target/x86_64-pc-windows-gnu/release) and its
# installer (target/windows/*-setup.exe, from assets/windows/make-installer.sh), against the simulator running
# natively (target/release/visitor-desk sim). In a fresh Wine prefix whose Windows user is "Анна Петрова" (a
# space and Cyrillic in the profile's path): --version; the command line (sign in, intercoms, create, list,
# revoke, journal) with the sign-in kept in Wine's Credential Manager and the files under %LOCALAPPDATA%; `watch`
# receiving a push; the window under Xvfb at 1280×800, signed in, its screenshot read back by OCR; a second launch
# handing over to it through the named pipe; a code made elsewhere told in the window (Wine has no toasts); the
# installer installed silently, the installed program run, and
# uninstalled with nothing left. Leaves what it saw in target/windows-wine/ (the screenshot: window.png).
set -euo pipefail
cd "$(dirname "$0")/.."

release=target/x86_64-pc-windows-gnu/release
native=${NATIVE_BIN:-target/release/visitor-desk}
out=$PWD/target/windows-wine
rm -rf "$out" && mkdir -p "$out"
setup=$(ls target/windows/visitor-desk-*-x86_64-setup.exe)

fail() {
  echo "windows under wine failed: $*"
  for log in "$out"/*.log; do echo "--- $log"; tail -30 "$log"; done
  exit 1
}
say() { printf '  %s\n' "$*"; }

# A prefix of its own, removed at the end (wineserver first: it holds files in it).
export WINEPREFIX="$out/prefix with space"
export WINEDEBUG=-all WINEARCH=win64
# No Mono or Gecko installers, no menu entries on this machine for what the installer puts in the Start menu.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
export USER="Анна Петрова"
export LANG=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY
cleanup() {
  wineserver -k 2>/dev/null || true
  [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null || true
  rm -rf "$WINEPREFIX"
}
trap cleanup EXIT
wineboot -i >"$out/wineboot.log" 2>&1
wineserver -w
profile="$WINEPREFIX/drive_c/users/$USER"
[ -d "$profile" ] || fail "no profile folder for $USER"
system32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -e "$system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$system32/bcryptprimitives.dll" \
    .ci/wine/processprng.c .ci/wine/bcryptprimitives.def -ladvapi32
  say "this Wine has no ProcessPrng: the test shim is in the prefix's system32"
fi
w() { wine "$@"; }

# Two programs: the console one for terminals, the Start menu's for Windows' GUI subsystem (no console window).
subsystem() { x86_64-w64-mingw32-objdump -p "$1" | sed -n 's/^Subsystem.*(\(.*\))$/\1/p'; }
[ "$(subsystem "$release/visitor-desk.exe")" = "Windows CUI" ] || fail "visitor-desk.exe is not a console program"
[ "$(subsystem "$release/visitor-desk-window.exe")" = "Windows GUI" ] ||
  fail "visitor-desk-window.exe is not a GUI-subsystem program"

# --version: the line build.rs makes, as on Linux.
version=$(w "$release/visitor-desk.exe" --version | tr -d '\r')
echo "$version" | grep -qE '^visitor-desk [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{12}\)$' || fail "--version said: $version"
say "$version"

# The simulator, natively on this machine's loopback.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server="http://127.0.0.1:$port"
"$native" sim --listen "127.0.0.1:$port" >"$out/sim.log" 2>&1 &
sim=$!
for _ in $(seq 1 50); do grep -q "listening" "$out/sim.log" && break; sleep 0.2; done
grep -q "listening" "$out/sim.log" || fail "the simulator did not start"

# The command line: sign in (kept in the Credential Manager), then the commands use the kept sign-in.
export VISITOR_DESK_PASSWORD=demo
cmd() { w "$release/visitor-desk.exe" "$@" 2>>"$out/cli.log" | tr -d '\r'; }
cmd login --server "$server" --login demo >/dev/null || fail "login"
unset VISITOR_DESK_PASSWORD
intercoms=$(cmd intercoms --format json) || fail "intercoms"
intercom=$(echo "$intercoms" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
code=$(cmd codes create --intercom "$intercom" --title "Гость из Windows" --for 2h) || fail "codes create"
echo "$code" | grep -qE '^[0-9]{4,}$' || fail "codes create printed: $code"
listed=$(cmd codes list --format csv) || fail "codes list"
echo "$listed" | grep -q "Гость из Windows" || fail "the new code is not listed: $listed"
id=$(cmd codes list --format json | python3 -c '
import json, sys
print(next(c["id"] for c in json.load(sys.stdin) if c["title"] == "Гость из Windows"))')
cmd codes revoke "$id" --yes >/dev/null || fail "codes revoke"
if cmd codes list --format csv | grep -q "Гость из Windows"; then fail "the revoked code is still listed"; fi
journal=$(cmd journal) || fail "journal"
echo "$journal" | grep -q "Гость из Windows" || fail "the journal does not name the code: $journal"
set +e; cmd codes revoke 999999999 --yes >/dev/null; status=$?; set -e
[ "$status" = 1 ] || fail "an unknown id exited $status, not 1"
local_data="$profile/AppData/Local/VisitorDesk/visitor-desk"
[ -s "$local_data/config/settings.json" ] || fail "no settings.json under %LOCALAPPDATA%: $(find "$profile" -name settings.json)"
ls "$local_data/data/journal/"*.sqlite3 >/dev/null 2>&1 || fail "no journal under %LOCALAPPDATA%"
say "command line: signed in (kept in the Credential Manager), intercoms, create, list, revoke, journal, exit codes"

# watch: a push from another desk (the native client) reaches it.
VISITOR_DESK_PASSWORD=demo w "$release/visitor-desk.exe" watch --server "$server" --login demo \
  >"$out/watch.out" 2>"$out/watch.log" &
watcher=$!
for _ in $(seq 1 60); do grep -q '"Subscribed"\|subscribed' "$out/watch.out" 2>/dev/null && break; sleep 0.5; done
VISITOR_DESK_PASSWORD=demo "$native" codes create --server "$server" --login demo --intercom "$intercom" \
  --title "Pushed to Wine" --for 1h >/dev/null 2>>"$out/native.log"
for _ in $(seq 1 40); do grep -q "Pushed to Wine" "$out/watch.out" && break; sleep 0.5; done
kill "$watcher" 2>/dev/null || true
grep -q "Pushed to Wine" "$out/watch.out" || fail "watch did not receive the push"
say "watch: a code made at another desk arrived as a push"

# The window, at 1280×800, signed in by --server/--login with VISITOR_DESK_PASSWORD (the command line's kept sign-in
# is its own, and the window never takes it); a second launch (the Start menu's program) hands over to it. Wine's
# session (its desktop and graphics driver) is made by the first program started: end the one the commands
# started without a display, so that the window's starts on Xvfb.
wineserver -k 2>/dev/null || true
wineserver -w
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  out=$1; release=$2; native=$3; server=$4; intercom=$5
  openbox >/dev/null 2>&1 &
  sleep 1
  RUST_LOG=info VISITOR_DESK_PASSWORD=demo wine "$release/visitor-desk.exe" --server "$server" --login demo >"$out/window.out" 2>"$out/window.log" &
  app=$!
  for _ in $(seq 1 120); do
    grep -q "signed in\|resumed" "$out/window.log" && xdotool search --name "^Visitor Desk$" >/dev/null 2>&1 && break
    kill -0 "$app" 2>/dev/null || break
    sleep 1
  done
  sleep 5
  window=$(xdotool search --name "^Visitor Desk$" 2>/dev/null | head -1)
  if [ -n "$window" ]; then
    xdotool mousemove 1270 790
    sleep 1
    import -window root "$out/window.png"
    start=$(date +%s%N)
    timeout 30 wine "$release/visitor-desk-window.exe" >"$out/second.out" 2>"$out/second.log"
    echo "$? $(( ($(date +%s%N) - start) / 1000000 ))" >"$out/second.status"
    # A code made at another desk: Wine shows no toasts, so the window says it itself.
    VISITOR_DESK_PASSWORD=demo "$native" codes create --server "$server" --login demo --intercom "$intercom" \
      --title "Made elsewhere" --for 1h >/dev/null 2>>"$out/native.log"
    for _ in $(seq 1 20); do grep -q "said in the window" "$out/window.log" && break; sleep 0.5; done
  fi
  wine "$release/visitor-desk.exe" --version >/dev/null 2>&1
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
' window "$out" "$release" "$native" "$server" "$intercom"
[ -s "$out/window.png" ] || fail "no window named Visitor Desk"
grep -q "the window's renderer" "$out/window.log" || fail "the window did not say its renderer"
say "renderer: $(sed 's/\x1b\[[0-9;]*m//g' "$out/window.log" | grep -o 'plan=.*' | head -1)"
colors=$(convert "$out/window.png" -format %k info:)
[ "$colors" -gt 50 ] || fail "the window's screenshot has only $colors colours: it is blank"
convert "$out/window.png" -colorspace Gray -negate -resize 200% "$out/ocr.png"
tesseract "$out/ocr.png" "$out/ocr" >/dev/null 2>&1 || fail "tesseract"
for words in "Intercoms" "Main entrance" "New code"; do
  grep -qi "$words" "$out/ocr.txt" || fail "the screenshot does not read \"$words\": $(tr '\n' ' ' <"$out/ocr.txt")"
done
read -r second_status second_ms <"$out/second.status"
[ "$second_status" = 0 ] || fail "the second launch exited $second_status"
grep -q "a second launch handed over" "$out/window.log" || fail "the window did not hear the second launch"
grep -q "said in the window" "$out/window.log" || fail "a code made elsewhere was not told in the window"
say "window: signed in, $colors colours, OCR reads Intercoms, Main entrance, New code; a second launch handed over in ${second_ms} ms"

# The installer: silent, per user; the installed program runs; the uninstaller leaves nothing.
wineserver -k 2>/dev/null || true
wineserver -w
w "$setup" /S
wineserver -w
installed="$profile/AppData/Local/Programs/Visitor Desk"
shortcut="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Visitor Desk.lnk"
for file in visitor-desk.exe visitor-desk-window.exe uninstall.exe; do
  [ -f "$installed/$file" ] || fail "the installer did not install $file"
done
[ -f "$shortcut" ] || fail "no Start-menu entry"
installed_version=$(w "$installed/visitor-desk.exe" --version | tr -d '\r')
[ "$installed_version" = "$version" ] || fail "the installed program says $installed_version"
listed_version=$(w reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.visitordesk.VisitorDesk' \
  /v DisplayVersion | tr -d '\r' | sed -n 's/.*REG_SZ *//p')
[ "visitor-desk $listed_version" = "$version" ] || fail "Add or remove programs says $listed_version"
say "installer: installed for the user, Start-menu entry, $installed_version, listed as $listed_version"
w "$installed/uninstall.exe" /S
wineserver -w
sleep 1
wineserver -w
[ ! -e "$installed" ] || fail "the uninstaller left $(ls -A "$installed")"
[ ! -e "$shortcut" ] || fail "the uninstaller left the Start-menu entry"
if w reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.visitordesk.VisitorDesk' >/dev/null 2>&1; then
  fail "the uninstaller left its entry in Add or remove programs"
fi
say "uninstaller: nothing left in Programs, the Start menu or the registry"
echo "windows under wine passed"
