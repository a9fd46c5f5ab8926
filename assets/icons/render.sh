#!/usr/bin/env bash
# Renders the icon's PNG sizes for the desktop (the hicolor theme) from the SVG beside this script. Run it after
# changing the SVG and commit the result: the PNGs are committed so that a build needs no SVG renderer.
# Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
id=org.visitordesk.VisitorDesk
for size in 32 48 64 128 256 512; do
  mkdir -p "hicolor/${size}x${size}/apps"
  rsvg-convert --width "$size" --height "$size" "$id.svg" --output "hicolor/${size}x${size}/apps/$id.png"
done
