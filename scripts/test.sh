#!/usr/bin/env bash
# Runs every test: installs Debian's Chromium first if it is missing (tests/browser.rs drives
# it headless; set CHROME to use another binary), then `cargo test`. Fails on the first problem.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CHROME:-}" ] && [ ! -x /usr/bin/chromium ]; then
    echo "== installing chromium (tests/browser.rs drives it headless)" >&2
    sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    if ! { "${sudo[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y chromium; }; then
        echo "error: could not install chromium (apt-get install -y chromium); tests/browser.rs needs /usr/bin/chromium, or set CHROME to a Chromium binary" >&2
        exit 1
    fi
fi

echo "== cargo test" >&2
cargo test "$@"
