#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real Secret Service
# (gnome-keyring) unlocked, in throwaway XDG folders: the tests use the OS keyring for
# real without touching the user's own.
set -euo pipefail
if [ -z "${MEDIMAIL_IN_KEYRING_SESSION:-}" ]; then
  export MEDIMAIL_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
scratch=$(mktemp -d /tmp/medimail-keyring.XXXXXX)
cleanup() {
  # gnome-keyring-daemon also leaves with the D-Bus session; this is for tidiness.
  [ -n "${keyring_pid:-}" ] && kill "$keyring_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" XDG_CONFIG_HOME="$scratch/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock reads the login keyring's password from stdin and creates it unlocked.
eval "$(printf 'medimail-tests' | gnome-keyring-daemon --unlock --components=secrets)"
keyring_pid=$(pgrep -n -f 'gnome-keyring-daemon --unlock' || true)
# A new, anonymous session keyring too: the copies of store keys the app keeps in the
# session's kernel keyring (engine/secrets/session_cache.rs) die with this run instead of
# lingering in the caller's session and counting against its key quota.
# Containers may refuse keyctl: then the app does without its cache, and so do the tests.
if command -v keyctl >/dev/null 2>&1 && keyctl session - true >/dev/null 2>&1; then
  keyctl session - "$@"
else
  "$@"
fi
