#!/usr/bin/env bash
# Courier-IMAP 5.0 and Cyrus IMAP 3.6 for `operator start --with courier,cyrus`.
#
# Debian's courier-imap and cyrus-imapd conflict with dovecot-imapd (all three provide
# imap-server), and their maintainer scripts would create system users, /etc configuration
# and boot-time services. So they are not installed: their packages are downloaded and
# unpacked (dpkg -x) into a private tree, $MEDIMAIL_TESTBED_ROOT (default
# /opt/medimail-testbed); the libraries they link against, which conflict with nothing, come
# from dev/install-deps.sh. The operator runs the binaries from there with LD_LIBRARY_PATH.
#
# Idempotent: returns at once when the tree for this script's VERSION is complete.
set -euo pipefail

VERSION=1
ROOT=${MEDIMAIL_TESTBED_ROOT:-/opt/medimail-testbed}
TREE="$ROOT/imap-servers-v$VERSION"
# Courier's imaplogin hands a STARTTLS session to couriertls as the compiled-in user
# `courier` (Debian's courier-base creates it); it must exist when the operator runs as root.
if [ "$(id -u)" -eq 0 ] && ! getent passwd courier >/dev/null; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin courier
fi
[ -e "$TREE/COMPLETE" ] && exit 0

PKGS=(courier-imap courier-base courier-authlib courier-authlib-userdb courier-authdaemon
      cyrus-imapd cyrus-common)

mkdir -p "$ROOT"
chmod 755 "$ROOT"  # the daemons' own users (mail) run the binaries
work=$(mktemp -d "$ROOT/.unpack.XXXXXX")
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  # As root apt would hand the download to its _apt user, who cannot write here.
  apt-get download -q -o APT::Sandbox::User="$(id -un)" "${PKGS[@]}" >/dev/null
)
mkdir "$work/root"
for deb in "$work"/*.deb; do
  dpkg -x "$deb" "$work/root"
  dpkg-deb -f "$deb" Package Version | paste -sd' ' >>"$work/root/PACKAGES"
done

# Courier-authlib compiles in the paths of its daemon socket, authdaemonrc and userdb
# databases (/run/courier, /etc/courier), and no option or environment variable moves
# them. Several operators must run side by side, each with its own users and homes, so the
# private copy gets them rewritten, same length, as paths relative to the working directory
# the operator gives authdaemond and couriertcpd (DIR/courier). The compiler inlines some
# socket path's strcpy()s as two overlapping 16-byte loads, hence its head and tail chunks.
python3 - "$work/root" <<'EOF'
import sys

root = sys.argv[1]


def relative(name, length):
    """`name` padded to `length` with "./" (and one extra "/"), still naming ./name."""
    pad = length - len(name)
    return "./" * (pad // 2) + "/" * (pad % 2) + name


def patch(path, old, name, inlined=False):
    new = relative(name, len(old))
    data = open(path, "rb").read()
    o, n = old.encode() + b"\0", new.encode() + b"\0"
    found = data.count(o)
    data = data.replace(o, n)
    if inlined:
        for oc, nc in ((o[:16], n[:16]), (o[-16:], n[-16:]), (o[-17:-1], n[-17:-1])):
            found += data.count(oc)
            data = data.replace(oc, nc)
    if not found:
        sys.exit("install-imap-servers: %s not found in %s (new package layout?)" % (old, path))
    with open(path, "wb") as f:
        f.write(data)


AUTHD = root + "/usr/lib/courier/courier-authlib/authdaemond"
USERDB = root + "/usr/lib/courier-authlib/libauthuserdb.so.0.0.0"
# First: the socket path's chunks would also match inside "/etc/courier/authdaemonrc".
patch(AUTHD, "/etc/courier/authdaemonrc", "authdaemonrc")
for lib in (AUTHD, root + "/usr/lib/libcourierauth.so.0.0.0"):
    patch(lib, "/run/courier/authdaemon/socket", "courier-authd.socket", inlined=True)
patch(USERDB, "/etc/courier/userdbshadow.dat", "userdbshadow.dat")
patch(USERDB, "/etc/courier/userdb.dat", "userdb.dat")
for path in (AUTHD, USERDB, root + "/usr/lib/libcourierauth.so.0.0.0"):
    data = open(path, "rb").read()
    for left in (b"/run/courier/", b"/etc/courier/"):
        if left in data:
            sys.exit("install-imap-servers: %s still names %s" % (path, left.decode()))
EOF

# Never started from here: drop the System V scripts and cron jobs so nobody runs them by mistake.
rm -rf "$work/root/etc/init.d" "$work/root/etc/cron.daily" "$work/root/lib/systemd" \
  "$work/root/usr/lib/systemd"
chmod -R go+rX "$work/root"
rm -rf "$TREE"
mv "$work/root" "$TREE"
date -u +%FT%TZ >"$TREE/COMPLETE"
echo "Courier-IMAP and Cyrus IMAP unpacked in $TREE"
