#!/usr/bin/env bash
# Sourced by the size and bench scripts: starts the release build with the
# browser tests' accounts on a free port, stops it on exit, and signs in.
#   BASE     http://127.0.0.1:PORT
#   COOKIE   the member's "pm_session=..." pair
#   PARTNER  the member's partner page path
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
FIXTURE_DIR=$(mktemp -d /tmp/partner-map-fixture.XXXXXX)
PORT=$PORT DIR=$FIXTURE_DIR RUST_LOG=error end2end/start-server.sh > "$FIXTURE_DIR/server.log" 2>&1 &
FIXTURE_PID=$!
trap 'kill $FIXTURE_PID 2>/dev/null; wait $FIXTURE_PID 2>/dev/null; rm -rf "$FIXTURE_DIR"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  curl -sf "$BASE/healthz" > /dev/null && break
  sleep 0.1
done
curl -sf "$BASE/healthz" > /dev/null || { cat "$FIXTURE_DIR/server.log"; exit 1; }
COOKIE=$(curl -s -o /dev/null -D - -H 'Accept: application/json' -H 'Sec-Fetch-Site: same-origin' \
  --data-urlencode 'email=member@acme.test' --data-urlencode 'password=e2e passphrase 1' "$BASE/api/login" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(pm_session=[^;]*\).*/\1/p')
[ -n "$COOKIE" ] || { echo "fixture: login failed" >&2; exit 1; }
PARTNER=$(curl -s -H "Cookie: $COOKIE" "$BASE/" | grep -o 'href="/p/[0-9]*/goals"' | head -1 | sed 's/href="\(.*\)"/\1/')
[ -n "$PARTNER" ] || { echo "fixture: no partner page" >&2; exit 1; }
