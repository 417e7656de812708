#!/usr/bin/env bash
# Prints the hydrate WASM bundle's size, raw and gzip; with --check, fails above the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_KB=300
wasm=$(ls target/site/pkg/*.wasm | head -1)
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
printf 'WASM bundle %s: %d KB raw, %d KB gzip (budget %d KB gzip)\n' "$(basename "$wasm")" $((raw / 1024)) $((gz / 1024)) "$BUDGET_KB"
if [ "${1:-}" = "--check" ] && [ "$gz" -gt $((BUDGET_KB * 1024)) ]; then
  echo "FAIL: the gzip WASM bundle exceeds ${BUDGET_KB} KB" >&2
  exit 1
fi
