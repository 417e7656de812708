#!/usr/bin/env bash
# The deals figures of `make bench`: the server-side harness in benches/deals.rs
# on SQLite and on a throwaway PostgreSQL, then `demo generate` writing a
# million deals into a fresh SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
echo
cargo bench --quiet --features ssr --bench deals
echo
scripts/with-postgres.sh cargo bench --quiet --features ssr --bench deals
echo
DIR=$(mktemp -d /tmp/partner-map-generate.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
echo "demo generate, 10 partners x 100,000 deals, SQLite:"
DATABASE_URL="sqlite://$DIR/generated.db" RUST_LOG=error target/release/partner-map demo generate \
  --partners 10 --deals-per-partner 100000 | sed 's/; every generated.*//'
