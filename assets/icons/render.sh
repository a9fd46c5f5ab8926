#!/usr/bin/env bash
# Renders the icon's PNG sizes for the desktop (the hicolor theme) and the Windows icon (the .exe's, the Start
# menu's and the installer's) from the SVG beside this script. Run it after changing the SVG and commit the
# result: the PNGs and the .ico are committed so that a build needs no SVG renderer.
# Needs rsvg-convert (Debian: librsvg2-bin) and ImageMagick's convert (imagemagick).
set -euo pipefail
cd "$(dirname "$0")"
id=org.visitordesk.VisitorDesk
for size in 32 48 64 128 256 512; do
  mkdir -p "hicolor/${size}x${size}/apps"
  rsvg-convert --width "$size" --height "$size" "$id.svg" --output "hicolor/${size}x${size}/apps/$id.png"
done
# The sizes Windows asks an .ico for (Explorer, the taskbar, the Start menu, high DPI).
sizes=(16 24 32 48 64 256)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in "${sizes[@]}"; do
  rsvg-convert --width "$size" --height "$size" "$id.svg" --output "$work/$size.png"
done
mkdir -p ../windows
convert $(printf "$work/%s.png " "${sizes[@]}") ../windows/visitor-desk.ico
