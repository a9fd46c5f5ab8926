#!/usr/bin/env bash
# The fuzz targets that read what a server sends (fuzz/: `live_frame`, `rest_models`), built with cargo-fuzz and
# each run by libFuzzer for FUZZ_SECONDS (60) from the seed corpus (only read: what they add goes to a scratch
# folder), the two at once (one core each).
# A crash, an input that takes over 10 s or one that needs over 2 GB fails the step: its input is printed in
# base64, with the commands that replay it. The fuzz crate has its own target dir (fuzz/target): nothing of the
# workspace's build is touched. Bounded: the build by 900 s (~3 min on 2 idle cores), each run by its time and 60 s more. FUZZ_ARGS: more
# libFuzzer options, after these (the last of one name wins).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=(live_frame rest_models)
out=fuzz/target/ci
bin=fuzz/target/x86_64-unknown-linux-gnu/release

# cargo-fuzz is made for nightly; with `-s none` (no sanitizer: safe Rust) it gives rustc only stable flags.
export RUSTC_BOOTSTRAP=1
# `cargo fuzz` has no --locked: the lock file is checked first, so that the build uses exactly what it names.
cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null
started=$SECONDS
timeout 900 cargo fuzz build -s none || {
  echo "the fuzz targets did not build (exit $?; 124: not within 900 s)"
  exit 1
}
echo "fuzz targets built in $((SECONDS - started)) s"

rm -rf "$out"
pids=()
for target in "${targets[@]}"; do
  mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
  # New inputs go to the first folder (scratch); the seed corpus is only read. FUZZ_ARGS is split into
  # options on purpose.
  # shellcheck disable=SC2086
  timeout $((seconds + 60)) "$bin/$target" "$out/corpus/$target" "fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$target/" ${FUZZ_ARGS:-} >"$out/$target.log" 2>&1 &
  pids+=($!)
done

failed=0
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  status=0
  wait "${pids[$i]}" || status=$?
  runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$out/$target.log" | awk '{print $2}' || true)
  cover=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$out/$target.log" | tail -1 || true)
  if [ "$status" -eq 0 ]; then
    echo "$target: ${runs:-?} inputs in ${seconds} s, no crash ($cover)"
    continue
  fi
  failed=1
  if [ "$status" -eq 124 ]; then
    echo "$target: still running $((seconds + 60)) s after it was started; stopped"
  else
    echo "$target: FAILED (exit $status) after ${runs:-?} inputs"
  fi
  echo "--- the end of its log:"
  tail -n 60 "$out/$target.log"
  for input in "$out/artifacts/$target"/*; do
    [ -f "$input" ] || continue
    name=$(basename "$input")
    echo "--- $name ($(stat -c %s "$input") bytes), in base64:"
    base64 -w 0 "$input"
    echo
    echo "--- to replay it: save the line above as $name.b64, then"
    echo "    base64 -d $name.b64 >$name && RUSTC_BOOTSTRAP=1 cargo fuzz run -s none $target $name"
  done
done
exit "$failed"
