#!/usr/bin/env bash
# Opens the app on the demo profile, next to the running demo operator.
set -euo pipefail
bin=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
profile="${MEDIMAIL_DEMO_PROFILE:-$repo/.operator/demo-profile}"
mkdir -p "$profile"
if [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY/WAYLAND_DISPLAY). Run make run from a desktop session," >&2
  echo "or under a virtual one: xvfb-run -a make run" >&2
  exit 1
fi
echo "Demo operator: $("$repo/dev/operator/operator" env | python3 -c 'import json,sys; e=json.load(sys.stdin); print(e["host"], e["ports"])')"
exec "$bin" --profile "$profile"
