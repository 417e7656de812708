#!/usr/bin/env bash
# The mail figures of `make bench`: benches/mail.rs (a weekly digest queued,
# rendered and delivered for 1,000 partners and 3,000 people) on SQLite and on
# a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
echo
cargo bench --quiet --features ssr --bench mail
echo
scripts/with-postgres.sh cargo bench --quiet --features ssr --bench mail
