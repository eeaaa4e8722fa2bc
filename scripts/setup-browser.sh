#!/usr/bin/env bash
# Installs what the browser gates (tests/browser) need on a fresh Debian machine:
# Chromium from Debian, Java for the Nu HTML checker, Liberation Sans (the font vl-convert lays
# chart text out with; without it Chromium draws the wider DejaVu Sans and the legibility gate
# measures text no reader with Arial sees), and the pinned npm tools.
# Safe to run again: it does nothing when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
java -version >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
fc-list 2>/dev/null | grep -q 'Liberation Sans' || missing+=(fonts-liberation)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-browser: missing ${missing[*]}; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
java -version >/dev/null 2>&1 || { echo "setup-browser: java -version fails after install" >&2; exit 1; }
fc-list | grep -q 'Liberation Sans' || { echo "setup-browser: Liberation Sans is missing after install" >&2; exit 1; }

# npm ci empties node_modules first, so run it only when the lockfile changed since
# the last install or a tool went missing. --ignore-scripts: vnu-jar's postinstall
# would try to download a Java of its own, and Debian's Java is used instead.
stamp=node_modules/.setup-browser.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] \
  || [ ! -f node_modules/axe-core/axe.min.js ] \
  || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
