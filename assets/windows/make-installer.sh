#!/usr/bin/env bash
# Builds the Windows installer (NSIS) from the Windows release build, on Linux or Windows:
#   cargo build --locked --release --target x86_64-pc-windows-gnu
#   bash assets/windows/make-installer.sh      # target/windows/visitor-desk-<version>-x86_64-setup.exe
# Needs makensis (Debian: nsis). The version and commit are the ones build.rs gives `--version`: the package's
# version, and VISITOR_DESK_COMMIT or the checked-out commit.
set -euo pipefail
cd "$(dirname "$0")/../.."

release=$(realpath -m "${RELEASE_DIR:-target/x86_64-pc-windows-gnu/release}")
for exe in visitor-desk.exe visitor-desk-window.exe; do
  [ -f "$release/$exe" ] || { echo "no $release/$exe: build the Windows release first" >&2; exit 1; }
done
version=$(sed -n 's/^version = "\([0-9.]*\)"$/\1/p' Cargo.toml | head -1)
commit=${VISITOR_DESK_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}
out=target/windows
mkdir -p "$out"
setup="$PWD/$out/visitor-desk-$version-x86_64-setup.exe"
# makensis reads the script's own folder for the icon; the programs come from the release folder.
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DVERSION_NUMBER="$version" -DCOMMIT="$commit" \
  -DRELEASE="$release" -DOUT="$setup" \
  assets/windows/visitor-desk.nsi
echo "$setup"
