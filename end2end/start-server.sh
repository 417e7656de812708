#!/usr/bin/env bash
# Starts the release build on a fresh SQLite database with known accounts, made
# through the command line as an administrator would. Playwright runs this, and
# so do `make size` and `make bench` (with PORT and DIR set).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-3100}"
DIR="${DIR:-$PWD/end2end/.tmp}"
rm -rf "$DIR" && mkdir -p "$DIR"
export DATABASE_URL="sqlite://$DIR/e2e.db"
BIN=target/release/partner-map
PASSWORD="e2e passphrase 1"

$BIN migrate > /dev/null
ACME=$($BIN partner add --name "Acme Cloud" --currency USD --time-zone America/Los_Angeles)
FORMOSA=$($BIN partner add --name "福爾摩沙雲端 Formosa" --currency TWD --time-zone Asia/Taipei)
add_user() { echo "$PASSWORD" | $BIN user add --password-stdin "$@" > /dev/null; }
add_user --email member@acme.test --name "Morgan Lee" --role member --partner "$ACME"
add_user --email member@formosa.test --name "林怡君" --role member --partner "$FORMOSA" --locale zh-TW --time-zone Asia/Taipei
add_user --email changer@acme.test --name "Casey Wu" --role member --partner "$ACME"
add_user --email pdm@vendor.test --name "Pat Chen" --role pdm
$BIN pdm assign --pdm pdm@vendor.test --partner "$ACME" > /dev/null
$BIN pdm assign --pdm pdm@vendor.test --partner "$FORMOSA" > /dev/null

export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site RUST_LOG="${RUST_LOG:-warn}"
exec $BIN serve
