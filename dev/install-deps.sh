#!/usr/bin/env bash
# Installs, on Debian/Ubuntu, every system package the build, the local operator and the
# tests need. Idempotent: only what is missing is installed.
set -euo pipefail

PKGS=(
  # Tauri build (WebKitGTK 4.1)
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev libpcsclite-dev
  # the local operator
  openssl dovecot-imapd dovecot-lmtpd dovecot-sieve dovecot-managesieved
  dovecot-submissiond
  postfix slapd ldap-utils
  # its DNS server for the SRV records (the binary only, no system service)
  dnsmasq-base
  # ...and what its unpacked Courier-IMAP and Cyrus IMAP link against (see below; not the
  # servers themselves, which conflict with dovecot-imapd). sasl2-bin: saslpasswd2.
  libcourier-unicode4 libgamin0 libgdbm6 libgnutls30 libidn12 libltdl7
  libical3 libicu72 libjansson4 libkrb5-3 libldap-2.5-0 libpcre3 libpq5 libsqlite3-0
  libwrap0 libxapian30 libxml2 libsasl2-2 libsasl2-modules sasl2-bin
  # (no fsync for them, like Dovecot's mail_fsync = never)
  libeatmydata1
  # end-to-end tests: a real window under Xvfb driven by WebKitWebDriver
  xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring keyutils
  # (xdotool: the print test answers the system print dialog, which WebDriver cannot reach)
  xdotool
  # smart card; notifications (dunst, the test bed's daemon, dev/notify; gdbus asks the bus)
  pcscd vsmartcard-vpcd python3-virtualsmartcard dunst libglib2.0-bin
  # the virtual CPS card (dev/card): its crypto, its private pcscd's namespaces (iproute2 for
  # the loopback), and independent PC/SC checks (pcsc_scan, opensc-tool, pkcs15-tool)
  python3-cryptography iproute2 procps pcsc-tools opensc
  # benchmark peers
  isync notmuch time
  # icons
  librsvg2-bin
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# Courier-IMAP and Cyrus IMAP for `operator start --with courier,cyrus`: downloaded and
# unpacked into a private tree, never installed (quick when already there).
unpack_imap_servers() {
  $SUDO env ${MEDIMAIL_TESTBED_ROOT:+MEDIMAIL_TESTBED_ROOT="$MEDIMAIL_TESTBED_ROOT"} \
    bash "$(dirname "$0")/operator/install-imap-servers.sh"
}
# Node.js for the Pro Santé Connect-like provider (dev/psc, `operator start --with psc`):
# Debian's packages only when no node is there at all (a NodeSource node brings its npm).
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
# Its npm packages, exactly as locked; again only when the lock file changed since.
install_psc() {
  local psc stamp want
  psc="$(cd "$(dirname "$0")/psc" && pwd)"
  stamp="$psc/node_modules/.medimail-lock-sha256"
  want="$(sha256sum "$psc/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  (cd "$psc" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}
if [ ${#missing[@]} -eq 0 ]; then
  unpack_imap_servers
  install_psc
  exit 0
fi

echo "Installing: ${missing[*]}"
# No system-wide mail or LDAP configuration: the operator runs from its own private directory.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
# Never start the system's own daemons on install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
unpack_imap_servers
install_psc
