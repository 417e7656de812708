#!/usr/bin/env bash
# What a visitor downloads. Prints the hydrate WASM's size (raw, gzip, brotli)
# and the first-load bytes of the login page, a partner page and the settings
# page (the one with islands) as served
# (HTML, CSS, JS and WASM, each compressed as the server sends it).
# With --check, fails when the WASM is over the gzip budget.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_KB=100
wasm=$(ls target/site/pkg/*.wasm | grep -v '\.wasm\.' | head -1)
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=$(stat -c %s "$wasm.br" 2>/dev/null || echo 0)
printf 'WASM %s: %d KB raw, %d KB gzip, %d KB brotli (budget %d KB gzip)\n' \
  "$(basename "$wasm")" $((raw / 1024)) $((gz / 1024)) $((br / 1024)) "$BUDGET_KB"
if [ "${1:-}" = "--check" ]; then
  if [ "$gz" -gt $((BUDGET_KB * 1024)) ]; then
    echo "FAIL: the gzip WASM is over ${BUDGET_KB} KB" >&2
    exit 1
  fi
  exit 0
fi

source scripts/fixture-server.sh
# Bytes on the wire for one URL, asking for brotli or gzip as browsers do.
wire() { curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br, gzip' -H "Cookie: ${2:-}" "$BASE$1"; }
first_load() {
  local path=$1 cookie=${2:-} html total=0 name bytes
  html=$(curl -s -H "Cookie: $cookie" "$BASE$path")
  bytes=$(wire "$path" "$cookie"); total=$bytes
  printf '  %-40s %7d bytes\n' "$path (HTML)" "$bytes"
  for asset in $(echo "$html" | grep -o '/pkg/[^"]*\.\(css\|js\|wasm\)' | sort -u); do
    bytes=$(wire "$asset"); total=$((total + bytes))
    printf '  %-40s %7d bytes\n' "$asset" "$bytes"
  done
  printf '  %-40s %7d bytes (%d KB)\n' "first load of $path" "$total" $((total / 1024))
}
echo "First load, as served (brotli where the browser takes it):"
first_load /login
first_load "$PARTNER" "$COOKIE"
first_load /settings "$COOKIE"
