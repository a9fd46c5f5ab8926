#!/usr/bin/env bash
# The window as a screen reader reads it: the release binary with --demo under a virtual X server, in a D-Bus
# session with the accessibility bus (Debian's at-spi2-core) turned on as a screen reader turns it on, read by
# .ci/atspi_check.py (python3-pyatspi) in English and in Russian. In English a code is made from the keyboard and a
# call at the door is waited for (the demo rings every one to two minutes). Bounded: each language's run by
# `timeout`. Logs in target/atspi/. Usage: .ci/atspi.sh [BINARY] (the release build by default).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-target/release/visitor-desk}
out=target/atspi
rm -rf "$out" && mkdir -p "$out"
unset WAYLAND_DISPLAY

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  set -euo pipefail
  out=$1; bin=$2
  /usr/libexec/at-spi-bus-launcher --launch-immediately >"$out/bus-launcher.log" 2>&1 &
  for _ in $(seq 1 50); do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress >/dev/null 2>&1 && break
    sleep 0.2
  done
  # What Orca does when it starts: tells every application that a screen reader listens (AccessKit publishes its
  # tree only then).
  dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.freedesktop.DBus.Properties.Set \
    string:org.a11y.Status string:IsEnabled variant:boolean:true >/dev/null
  if command -v openbox >/dev/null 2>&1; then openbox >/dev/null 2>&1 & sleep 1; fi
  run() {
    local language=$1 locale=$2; shift 2
    local home="$out/$language"
    mkdir -p "$home/config" "$home/data" "$home/runtime" && chmod 700 "$home/runtime"
    XDG_RUNTIME_DIR="$PWD/$home/runtime" VISITOR_DESK_CONFIG_DIR="$PWD/$home/config" \
      VISITOR_DESK_DATA_DIR="$PWD/$home/data" LANG=$locale LC_ALL=$locale RUST_LOG=info \
      "$bin" --demo >"$home/stdout" 2>"$home/stderr" &
    local app=$!
    local status=0
    timeout 300 /usr/bin/python3 .ci/atspi_check.py "$language" "$@" || status=$?
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    if [ "$status" != 0 ]; then
      echo "--- the window'"'"'s log ($language)"; tail -30 "$home/stderr"
      return "$status"
    fi
  }
  # The order of Tab, as the window reads: the top bar from left to right, the intercoms, the search, the headings and
  # the codes table (its stop named as its first row reads), then the new-code form (intercom, title, a quick choice,
  # Create code).
  run en en_US.UTF-8 --tab-order "Settings|Sign out|All intercoms|Search|Status|*, code *|Intercom|Title|+1 h|Create code" \
    --make-code "Maria Lopez" --wait-call 150
  run ru ru_RU.UTF-8
' atspi "$out" "$bin"
