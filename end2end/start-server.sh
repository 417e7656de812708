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
add_user --email admin@vendor.test --name "Alex Admin" --role admin
$BIN pdm assign --pdm pdm@vendor.test --partner "$ACME" > /dev/null
$BIN pdm assign --pdm pdm@vendor.test --partner "$FORMOSA" > /dev/null

# A partner no PDM looks after: the portfolio test checks it is not listed.
$BIN partner add --name "Orphan Systems" --currency USD --time-zone UTC > /dev/null

# The goals tests: one partner per browser mode, each with last year's deals
# to grow from (2025, a HubSpot export as the deals tests use).
NORTH=$($BIN partner add --name "Northwind Traders" --currency USD --time-zone America/Chicago)
SOUTH=$($BIN partner add --name "Southwind Trading" --currency USD --time-zone America/Chicago)
add_user --email member@northwind.test --name "Riley North" --role member --partner "$NORTH"
add_user --email member@southwind.test --name "Sam South" --role member --partner "$SOUTH"
$BIN pdm assign --pdm pdm@vendor.test --partner "$NORTH" > /dev/null
$BIN pdm assign --pdm pdm@vendor.test --partner "$SOUTH" > /dev/null
cat > "$DIR/deals-2025.csv" <<'CSV'
"Record ID","Deal Name","Deal Stage","Create Date","Close Date","Monthly recurring revenue","Deal Type"
"G-1","Globex","Closed Won","2025-01-10","2025-01-20","1000.00","Sourced"
"G-2","Initech","Closed Won","2025-01-15","2025-03-05","1046.50","Sourced"
"G-3","Hooli","Closed Won","2025-03-01","2025-03-25","333.33","Sourced"
"G-4","Umbrella","Appointment Scheduled","2025-03-12","","","Sourced"
"G-5","Stark","Closed Lost","2025-06-01","2025-06-30","800","Sourced"
"G-6","Wayne","Closed Won","2025-02-01","2025-02-28","2500","Assisted"
"G-7","Wonka","Closed Won","2025-12-01","2025-12-15","99.99","Assisted"
CSV
for partner in "$NORTH" "$SOUTH" "$FORMOSA"; do
  $BIN deals import --partner "$partner" "$DIR/deals-2025.csv" > /dev/null
done
# And one deal this year (2026), for the progress tests.
cat > "$DIR/deals-2026.csv" <<'CSV'
"Record ID","Deal Name","Deal Stage","Create Date","Close Date","Monthly recurring revenue","Deal Type"
"G-8","Soylent","Closed Won","2026-03-10","2026-03-20","828.00","Sourced"
CSV
for partner in "$NORTH" "$SOUTH"; do
  $BIN deals import --partner "$partner" "$DIR/deals-2026.csv" > /dev/null
done

# The quarterly review tests: one partner per browser mode, so the two runs
# never see each other's review.
EAST=$($BIN partner add --name "Eastwind Review Co" --currency USD --time-zone America/Chicago)
WEST=$($BIN partner add --name "Westwind Review Co" --currency USD --time-zone America/Chicago)
add_user --email member@eastwind.test --name "Erin East" --role member --partner "$EAST"
add_user --email member@westwind.test --name "Wes West" --role member --partner "$WEST"
$BIN pdm assign --pdm pdm@vendor.test --partner "$EAST" > /dev/null
$BIN pdm assign --pdm pdm@vendor.test --partner "$WEST" > /dev/null

# The forecast tests: one partner per browser mode, each with an open deal
# in HubSpot's pipeline closing in the middle of this month.
UP=$($BIN partner add --name "Upwind Forecast Co" --currency USD --time-zone America/Chicago)
DOWN=$($BIN partner add --name "Downwind Forecast Co" --currency USD --time-zone America/Chicago)
add_user --email member@upwind.test --name "Uma Up" --role member --partner "$UP"
add_user --email member@downwind.test --name "Dan Down" --role member --partner "$DOWN"
$BIN pdm assign --pdm pdm@vendor.test --partner "$UP" > /dev/null
$BIN pdm assign --pdm pdm@vendor.test --partner "$DOWN" > /dev/null
MONTH=$(date -u +%Y-%m)
cat > "$DIR/deals-open.csv" <<CSV
"Record ID","Deal Name","Deal Stage","Create Date","Close Date","Monthly recurring revenue","Deal Type"
"F-1","Contoso rollout","Contract sent","$MONTH-01","$MONTH-15","2000.00","Sourced"
CSV
for partner in "$UP" "$DOWN"; do
  $BIN deals import --partner "$partner" "$DIR/deals-open.csv" > /dev/null
done

# No SMTP server: messages are files the mail tests read (end2end/.tmp/mail).
export MAIL_DIR="$DIR/mail"
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site RUST_LOG="${RUST_LOG:-warn}"
exec $BIN serve
