#!/usr/bin/env bash
# Runs the end-to-end tests in a throwaway desktop: Xvfb, a private D-Bus session and
# private XDG folders, so nothing of the user's own session is read or written.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
scratch=$(mktemp -d /tmp/medimail-e2e-home.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export PATH="$cargo_bin:$PATH"
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node --test "$here"/*.test.mjs
