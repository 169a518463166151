#!/usr/bin/env bash
# Installs what the tests need on a fresh machine (Debian Chromium, Firefox ESR, coturn, redis-server, CJK fonts, iproute2, iptables, unzip, zbar-tools), builds the UI,
# then runs every test: unit and integration tests with `bun test`, end-to-end tests with Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# Chinese screenshots and layout checks need real CJK glyphs, not boxes of the fallback font.
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)  # the folder test unzips what "Save all" saved
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)  # the QR test decodes its codes with a real reader
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} from Debian"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bun install --frozen-lockfile
bunx tsc --noEmit -p .
bun run build:ui
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
bun test 2>&1 | tee "$log/unit"
bunx playwright test 2>&1 | tee "$log/e2e"

# One closing line for both runners (both have exited 0 here, so nothing failed).
count() { grep -Eo "$1" "$2" | grep -Eo '[0-9]+' | tail -1 || true; }  # a runner may print no such line
unit=$(count '^ *[0-9]+ pass$' "$log/unit")
e2e=$(count '^ *[0-9]+ passed' "$log/e2e")
skipped=$(count '^ *[0-9]+ skipped' "$log/e2e")
echo "$(( ${unit:-0} + ${e2e:-0} )) passed, 0 failed, ${skipped:-0} skipped"
