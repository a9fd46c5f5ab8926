#!/usr/bin/env bash
# Smoke test of the release binary: `--demo` under a virtual X server signs in and shows a main window that is
# not blank; then a code is made from the keyboard (Ctrl+N, a name, Enter) as at a front desk. Leaves the
# screenshots at target/smoke/: shot.png (the screen), main-window.png (the window) and new-code.png (the new-code
# panel with the code just made). With UPDATE_SCREENSHOTS=1 the last two also replace the README's, in
# docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/visitor-desk
out=target/smoke
rm -rf "$out" && mkdir -p "$out/xdg" && chmod 700 "$out/xdg"
export XDG_RUNTIME_DIR="$PWD/$out/xdg" RUST_LOG=info
unset WAYLAND_DISPLAY

xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
  out=$1; bin=$2
  # A window manager gives the window the keyboard, as on a desk.
  if command -v openbox >/dev/null 2>&1; then openbox >/dev/null 2>&1 & sleep 1; fi
  "$bin" --demo >"$out/stdout" 2>"$out/stderr" &
  app=$!
  for _ in $(seq 1 90); do
    grep -q "signed in" "$out/stderr" && xdotool search --name "^Visitor Desk$" >/dev/null 2>&1 && break
    kill -0 "$app" 2>/dev/null || break
    sleep 1
  done
  sleep 3   # the first listing and a few frames
  xdotool search --name "^Visitor Desk$" >"$out/windows" 2>/dev/null || true
  import -window root "$out/shot.png"
  window=$(head -1 "$out/windows")
  if [ -n "$window" ]; then
    xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus --sync "$window" 2>/dev/null || true
    # The mouse away from every button, so that no tooltip is in the pictures.
    xdotool mousemove --window "$window" 640 740
    sleep 1
    import -window "$window" "$out/main-window.png"
    xdotool key --clearmodifiers ctrl+n
    sleep 0.5
    xdotool type --delay 60 "Maria Lopez"
    xdotool key --clearmodifiers Return
    sleep 3
    import -window "$window" "$out/after-create.png"
  fi
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
' smoke "$out" "$bin"

fail() { echo "smoke test failed: $*"; echo "--- stdout"; cat "$out/stdout"; echo "--- stderr"; tail -40 "$out/stderr"; exit 1; }
grep -q "Demo server: http://127.0.0.1:" "$out/stdout" || fail "the demo server's address was not printed"
grep -q "signed in" "$out/stderr" || fail "the app did not sign in"
[ -s "$out/windows" ] || fail "no window named Visitor Desk"
colors=$(convert "$out/shot.png" -format %k info:)
[ "$colors" -gt 50 ] || fail "the screenshot has only $colors colours: the window is blank"
[ -s "$out/after-create.png" ] || fail "no screenshot after making a code"
# The new-code panel is the window's right-hand side (a quarter of its width, 240 to 340 points), between the top
# bar and the status bar.
width=$(identify -format %w "$out/after-create.png")
height=$(identify -format %h "$out/after-create.png")
panel=$(( width * 25 / 100 )); [ "$panel" -ge 240 ] || panel=240; [ "$panel" -le 340 ] || panel=340
convert "$out/after-create.png" -crop "${panel}x$((height - 72))+$((width - panel))+40" +repage "$out/new-code.png"
changed=$(compare -metric AE "$out/main-window.png" "$out/after-create.png" null: 2>&1 || true)
[ "${changed%% *}" -gt 1000 ] 2>/dev/null || fail "making a code from the keyboard changed nothing on screen ($changed pixels)"
if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then
  mkdir -p docs/screenshots
  cp "$out/main-window.png" "$out/new-code.png" docs/screenshots/
fi
echo "smoke test passed: signed in, window shown, a code made from the keyboard; screenshots in $out"
