#!/usr/bin/env bash
# The .deb on a clean Debian 12 (issue 16, `make test-package`): a minimal bookworm is
# bootstrapped (once, then kept as a tarball and unpacked afresh each run), the .deb is
# installed there with apt, which must find every library it needs from the package's own
# dependencies, then, under Xvfb inside that system:
#   - `medimail` adds the demo physician of a private local operator and syncs;
#   - the installed window starts on that profile, and a message that reaches the server
#     afterwards lands in the archive: the window's own sync brought it.
# Needs root (debootstrap, chroot, mounts) and the Debian mirror. Usage:
#   dev/package/test-deb.sh [path/to/medimail.deb]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
target=$(cd "$repo" && realpath -m "${CARGO_TARGET_DIR:-target}")
work="$target/package-test"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
deb=${1:-$(ls -t "$target"/release/bundle/deb/*.deb 2>/dev/null | head -1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "no .deb: run make package BUNDLES=deb first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "this test needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >/dev/null

mkdir -p "$work"
seed="$work/bookworm-minbase.tar"
if [ ! -f "$seed" ]; then
  echo "bootstrapping a minimal Debian 12 (once)…"
  rm -rf "$work/seed"
  debootstrap --variant=minbase bookworm "$work/seed" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  tar -C "$work/seed" -cf "$seed.part" . && mv "$seed.part" "$seed"
  rm -rf "$work/seed"
fi

root="$work/root"
operator_dir="$work/operator"
rm -rf "$root"
mkdir -p "$root"
tar -C "$root" -xf "$seed"

"$repo/dev/operator/operator" start --dir "$operator_dir" >"$work/operator.json"
trap '"$repo/dev/operator/operator" stop --dir "$operator_dir" >/dev/null 2>&1 || true' EXIT
"$repo/dev/operator/operator" seed --dir "$operator_dir" >/dev/null

mkdir -p "$root/test"
cp "$deb" "$root/test/medimail.deb"
cp "$repo/dev/with-keyring.sh" "$root/test/"
python3 - "$work/operator.json" "$root/test" <<'PY'
import json, shutil, sys
env = json.load(open(sys.argv[1]))
out = sys.argv[2]
shutil.copy(env["ca_file"], f"{out}/ca.pem")
physician = next(a for a in env["accounts"] if a["key"] == "physician")
with open(f"{out}/account.env", "w") as f:
    f.write(f'EMAIL={physician["email"]}\n')
    f.write(f'NAME="{physician["display_name"]}"\n')
    f.write(f'IMAP={env["host"]}:{env["ports"]["imaps"]}\n')
    f.write(f'SMTP={env["host"]}:{env["ports"]["submissions"]}\n')
with open(f"{out}/password", "w") as f:
    f.write(physician["password"])
PY
cp /etc/resolv.conf "$root/etc/resolv.conf"

cat >"$root/test/inside.sh" <<'INSIDE'
#!/bin/bash
# Runs inside the clean system, in the private keyring session (with-keyring.sh).
set -euo pipefail
. /test/account.env
profile=/root/profile
medimail --profile "$profile" account add --email "$EMAIL" --name "$NAME" --imap "$IMAP" --smtp "$SMTP" \
  --tls implicit --ca-file /test/ca.pem --password-stdin </test/password >/dev/null
medimail --profile "$profile" sync >/dev/null
count() { medimail --profile "$profile" --json list --folder INBOX --limit 1000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
has() { medimail --profile "$profile" --json list --folder INBOX --limit 1000 | grep -q "$1"; }
echo "synced by the command line: $(count) messages in INBOX"

# The window and the checks run inside one Xvfb session (its display and authority).
cat >/test/window.sh <<'WINDOW'
#!/bin/bash
set -uo pipefail
. /test/account.env
profile=/root/profile
has() { medimail --profile "$profile" --json list --folder INBOX --limit 1000 | grep -q "$1"; }
medimail-window --profile "$profile" >/test/window.log 2>&1 &
window=$!
trap 'kill $window 2>/dev/null' EXIT
for _ in $(seq 60); do
  xdotool search --name "Medimail Desktop" >/dev/null 2>&1 && break
  kill -0 $window 2>/dev/null || break
  sleep 1
done
if ! xdotool search --name "Medimail Desktop" >/dev/null 2>&1; then
  echo "the window did not open"; cat /test/window.log; exit 1
fi
echo "the installed window is open"
touch /test/window-open
for _ in $(seq 120); do
  if [ -f /test/appended ] && has "Arrivé pendant que la fenêtre est ouverte"; then
    echo "the window synced the new message"; exit 0
  fi
  kill -0 $window 2>/dev/null || { echo "the window stopped"; cat /test/window.log; exit 1; }
  sleep 1
done
echo "the window did not sync the new message within 2 minutes"; cat /test/window.log; exit 1
WINDOW
xvfb-run -a -s "-screen 0 1280x800x24" bash /test/window.sh
INSIDE
chmod +x "$root/test/inside.sh"

# The mounts live in a private mount namespace: they vanish with it, whatever happens.
unshare --mount --propagation private bash -euo pipefail -c '
  root=$1
  mount -t proc proc "$root/proc"
  mount -t sysfs sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs tmpfs "$root/tmp"
  mount -t tmpfs tmpfs "$root/run"
  export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin
  echo "installing the .deb with its dependencies…"
  chroot "$root" apt-get update -q >/dev/null
  chroot "$root" apt-get install -y -q --no-install-recommends /test/medimail.deb >"$root/test/apt.log" 2>&1 ||
    { tail -30 "$root/test/apt.log" >&2; exit 1; }
  chroot "$root" dpkg -s medimail-desktop | grep -E "^(Package|Version|Depends):"
  # Every library either binary links must be on the system now.
  for bin in /usr/bin/medimail /usr/bin/medimail-window; do
    if chroot "$root" ldd "$bin" | grep "not found"; then echo "$bin misses a library" >&2; exit 1; fi
  done
  chroot "$root" medimail --version
  # What the test itself needs (a display, a keyring, a window finder): after the check above,
  # so that the package alone had to bring what the app needs.
  chroot "$root" apt-get install -y -q --no-install-recommends xvfb xauth dbus dbus-x11 gnome-keyring \
    xdotool python3 >>"$root/test/apt.log" 2>&1 || { tail -30 "$root/test/apt.log" >&2; exit 1; }
  chroot "$root" bash /test/with-keyring.sh bash /test/inside.sh
' _ "$root" &
inside=$!

# The new message reaches the server once the window is open (IMAP APPEND from here).
for _ in $(seq 900); do
  [ -f "$root/test/window-open" ] && break
  kill -0 "$inside" 2>/dev/null || break
  sleep 1
done
if [ -f "$root/test/window-open" ]; then
  python3 - "$work/operator.json" <<'PY'
import imaplib, json, ssl, sys, time
env = json.load(open(sys.argv[1]))
physician = next(a for a in env["accounts"] if a["key"] == "physician")
context = ssl.create_default_context(cafile=env["ca_file"])
with imaplib.IMAP4_SSL(env["host"], env["ports"]["imaps"], ssl_context=context) as imap:
    imap.login(physician["login"], physician["password"])
    message = (f"From: secretariat@{env['domain']}\r\nTo: {physician['email']}\r\n"
               "Subject: =?utf-8?q?Arriv=C3=A9_pendant_que_la_fen=C3=AAtre_est_ouverte?=\r\n"
               f"Message-ID: <package-test-{time.time_ns()}@{env['domain']}>\r\n\r\nBonjour.\r\n").encode()
    imap.append("INBOX", None, None, message)
PY
  touch "$root/test/appended"
fi
wait "$inside"
echo "the .deb installs on a clean Debian 12, and the installed app starts and syncs"
