#!/usr/bin/env bash
# The tasks figures of `make bench`: benches/tasks.rs (saves under 32
# concurrent writers, and a save's delay until its event reaches another open
# page) on SQLite and on a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
echo
cargo bench --quiet --features ssr --bench tasks
echo
scripts/with-postgres.sh cargo bench --quiet --features ssr --bench tasks
