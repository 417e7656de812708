#!/usr/bin/env bash
# Installs what building partner-map needs and is missing; quick when all is there.
#   scripts/install-tools.sh          build tools (wasm32 target, cargo-leptos, wasm-bindgen-cli, npm tools)
#   scripts/install-tools.sh --test   also what the tests need (Debian's chromium and postgresql,
#                                     and Python's icalendar, aiosmtpd and openapi-spec-validator in .venv-test)
#   scripts/install-tools.sh --bench  also what the benchmarks need (Debian's wrk and postgresql)
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.7
# The real iCalendar parser that tests/integration/calendar.rs reads the calendar feed with.
ICALENDAR_VERSION=7.3.0
# The SMTP server the mail tests deliver to (scripts/smtp-sink.py).
AIOSMTPD_VERSION=1.4.6
# The JSON API's OpenAPI document is checked by a validator from PyPI (tests/integration/api.rs).
OPENAPI_VALIDATOR_VERSION=0.9.0
# wasm-bindgen-cli must equal the wasm-bindgen that Cargo.lock resolved.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

step() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The two Rust tools build side by side: each spends part of its build on one
# core (its largest crates, its link), which the other fills. Neither needs
# debug info, and incremental builds only cost a one-off build time.
tool_install() {
  CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0 cargo install "$@"
}
# cargo-leptos builds OpenSSL from its C sources (for `cargo leptos new`'s git
# clones, which we never run): two and a half minutes of the install, a third of its
# CPU time. Where Debian's libssl-dev is there (pkg-config finds it), it links that.
if pkg-config --exists openssl 2> /dev/null; then
  export OPENSSL_NO_VENDOR=1
fi
pids=()
if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (a few minutes on 2 cores, once)"
  # 0.3.7 is the newest whose locked dependencies build with rustc 1.95.
  # --debug: cargo-leptos only orchestrates (wasm-bindgen, wasm-opt and Tailwind are
  # separate programs), so an unoptimised build produces byte-identical sites and
  # installs in about half the time of a release build; without debug info, in
  # 17 % less time again (measured: 9.5 against 11.4 CPU-minutes).
  tool_install cargo-leptos --locked --debug --version "$CARGO_LEPTOS_VERSION" &
  pids+=($!)
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the locked set pulls a yanked webpki-roots.
  # --debug: byte-identical output, 0.35 s instead of 0.08 s per site build,
  # and a third of the release build's time to install (1.8 against 4.6
  # CPU-minutes, measured side by side).
  tool_install wasm-bindgen-cli --debug --version "$WASM_BINDGEN_VERSION" &
  pids+=($!)
fi
for pid in "${pids[@]}"; do
  wait "$pid" || { echo "a Rust tool failed to install (its output is above)" >&2; exit 1; }
done

if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/playwright ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm tools from package-lock.json"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

missing=()
if [ "${1:-}" = "--test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || missing+=(postgresql)
  # Debian's python3 makes virtual environments only with python3-venv.
  python3 -c 'import ensurepip' 2> /dev/null || missing+=(python3-venv)
fi
if [ "${1:-}" = "--bench" ]; then
  command -v wrk > /dev/null || missing+=(wrk)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

if [ "${1:-}" = "--test" ] \
   && ! .venv-test/bin/python -c "import icalendar, aiosmtpd, sys; from importlib.metadata import version; sys.exit(icalendar.__version__ != '$ICALENDAR_VERSION' or aiosmtpd.__version__ != '$AIOSMTPD_VERSION' or version('openapi-spec-validator') != '$OPENAPI_VALIDATOR_VERSION')" 2> /dev/null; then
  step "installing Python's icalendar $ICALENDAR_VERSION, aiosmtpd $AIOSMTPD_VERSION and openapi-spec-validator $OPENAPI_VALIDATOR_VERSION in .venv-test"
  python3 -m venv .venv-test
  .venv-test/bin/pip install --quiet --disable-pip-version-check "icalendar==$ICALENDAR_VERSION" "aiosmtpd==$AIOSMTPD_VERSION" "openapi-spec-validator==$OPENAPI_VALIDATOR_VERSION"
fi
