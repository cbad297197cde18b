#!/usr/bin/env bash
# The test bed's notification daemon: Debian's dunst, a real freedesktop notification
# server, on the caller's D-Bus session bus (dev/with-keyring.sh's private one), drawing on
# its own Xvfb display. Each notification it shows is appended as one JSON line to RECORD
# (dunst runs record.py for it), so tests can check what reached the desktop.
#   dev/notify/daemon.sh RECORD     (runs until killed or the session bus ends)
# A click is dunst's own: `dunstctl action 0` invokes the default action of the newest.
set -euo pipefail
record=${1:?usage: daemon.sh RECORD}
here=$(cd "$(dirname "$0")" && pwd)
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "no D-Bus session bus (run under dev/with-keyring.sh)" >&2; exit 2; }
scratch=$(mktemp -d /tmp/medimail-notify.XXXXXX)
# `|| true`: under `set -e`, a failed kill (dunst already gone with its bus, the usual end)
# would stop the cleanup there and leave Xvfb running.
cleanup() {
  if [ -n "${dunst_pid:-}" ]; then kill "$dunst_pid" 2>/dev/null || true; fi
  if [ -n "${xvfb_pid:-}" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 0' TERM INT
# A free display: Xvfb writes the number it took to fd 3.
exec 3>"$scratch/display"
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$scratch/display" ] && break; sleep 0.05; done
export DISPLAY=":$(tr -d '\n' < "$scratch/display")"
cat > "$scratch/dunstrc" <<CONF
[global]
    font = Monospace 8
    # Kept on screen long enough for a test to click; closed after.
    idle_threshold = 0
    show_indicators = no
    # Each notification counts: identical ones ("De X" twice) are not merged into one.
    stack_duplicates = false
[record]
    appname = "*"
    script = "$here/record.py"
[urgency_low]
    timeout = 60
[urgency_normal]
    timeout = 60
[urgency_critical]
    timeout = 60
CONF
export MEDIMAIL_NOTIFY_RECORD="$record"
: > "$record"
dunst -config "$scratch/dunstrc" >"$scratch/dunst.log" 2>&1 &
dunst_pid=$!
wait "$dunst_pid"
