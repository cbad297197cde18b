#!/usr/bin/env bash
# Opens the app on the demo profile, signed in to the demo physician of the running demo
# operator (dev/operator/operator start + seed, done by `make run`).
set -euo pipefail
bin=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
profile="${MEDIMAIL_DEMO_PROFILE:-$repo/.operator/demo-profile}"

if [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY/WAYLAND_DISPLAY). Run make run from a desktop session," >&2
  echo "or under a virtual one: xvfb-run -a make run" >&2
  exit 1
fi

# The store key lives in the session's keyring. Without a session bus (a bare terminal,
# a container), use a private keyring for this run; its key dies with it, so the demo
# profile starts afresh each time.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${MEDIMAIL_IN_KEYRING_SESSION:-}" ]; then
  rm -rf "$profile"
  exec bash "$repo/dev/with-keyring.sh" bash "$0" "$@"
fi

field() { python3 -c "import json,sys; e=json.load(sys.stdin); $1" < "$env_file"; }
env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
"$repo/dev/operator/operator" env > "$env_file"
email=$(field 'print(next(a["email"] for a in e["accounts"] if a["key"] == "physician"))')

if ! "$bin" --profile "$profile" --json account list 2>/dev/null | grep -q "\"$email\""; then
  field 'print(next(a["password"] for a in e["accounts"] if a["key"] == "physician"))' |
    "$bin" --profile "$profile" account add \
      --email "$email" \
      --name "$(field 'print(next(a["display_name"] for a in e["accounts"] if a["key"] == "physician"))')" \
      --imap "$(field 'print(e["host"] + ":" + str(e["ports"]["imaps"]))')" \
      --smtp "$(field 'print(e["host"] + ":" + str(e["ports"]["submissions"]))')" \
      --tls implicit --ca-file "$(field 'print(e["ca_file"])')" --password-stdin
fi
"$bin" --profile "$profile" sync
echo "Opening Medimail Desktop as $email (profile $profile)"
exec "$bin" --profile "$profile"
