#!/usr/bin/env bash
# Runs the end-to-end tests in a throwaway desktop: Xvfb, a private D-Bus session with a
# real Secret Service (dev/with-keyring.sh), private HOME and XDG folders, so nothing of
# the user's own session is read or written.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${MEDIMAIL_IN_KEYRING_SESSION:-}" ]; then
  exec bash "$here/../../dev/with-keyring.sh" bash "$0" "$@"
fi
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
scratch=$(mktemp -d /tmp/medimail-e2e-home.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$HOME" "$XDG_CACHE_HOME"
export PATH="$cargo_bin:$PATH"
# --test-force-exit: a failed test whose window is still busy (waiting on a server) must not
# hold the run open after the last test.
xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-force-exit --test-concurrency=1 "$here"/*.test.mjs
