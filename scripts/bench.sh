#!/usr/bin/env bash
# The benchmark harness: one run, every figure beside the others, ratios to
# /healthz (machines here are shared and noisy; compare within a run).
# Each later feature adds its URLs to TARGETS.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${BENCH_SECONDS:-10}"
CONNECTIONS=32

source scripts/fixture-server.sh
CSS=$(curl -s "$BASE/login" | grep -o '/pkg/[^"]*\.css' | head -1)

# name | path | needs the session cookie | every view rendered (no view
# answered from the page cache: scripts/bench-rendered.lua)
TARGETS=(
  "health check|/healthz||"
  "static file (CSS)|$CSS||"
  "login page|/login||"
  "partner page (signed in)|$PARTNER|yes|"
  "  each view rendered|$PARTNER|yes|rendered"
  "settings page (signed in)|/settings|yes|"
  "  each view rendered|/settings|yes|rendered"
)

printf 'wrk, %d connections, 2 threads, %ds each, against %s\n' "$CONNECTIONS" "$DURATION" "$BASE"
printf '%-28s %12s %10s %10s\n' "target" "requests/s" "p99 ms" "of health"
health_rps=""
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name path cookie rendered <<< "$target"
  args=(-t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Accept-Encoding: br, gzip')
  [ -n "$cookie" ] && args+=(-H "Cookie: $COOKIE")
  [ -n "$rendered" ] && args+=(-s scripts/bench-rendered.lua)
  # Steady state: the first view of a page keeps it.
  curl -s -o /dev/null ${cookie:+-H "Cookie: $COOKIE"} "$BASE$path"
  out=$(wrk "${args[@]}" "$BASE$path")
  rps=$(echo "$out" | awk '/^Requests\/sec/ { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v = v * 1000 }; print v }')
  errors=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
  [ -z "$health_rps" ] && health_rps=$rps
  ratio=$(awk -v a="$rps" -v b="$health_rps" 'BEGIN { printf "%.0f %%", 100 * a / b }')
  printf '%-28s %12.0f %10.2f %10s%s\n' "$name" "$rps" "$p99" "$ratio" "${errors:+  ($errors non-2xx)}"
done
