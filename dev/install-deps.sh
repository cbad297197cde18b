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
  # end-to-end tests: a real window under Xvfb driven by WebKitWebDriver
  xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring keyutils
  # (xdotool: the print test answers the system print dialog, which WebDriver cannot reach)
  xdotool
  # smart card, notifications
  pcscd vsmartcard-vpcd python3-virtualsmartcard dunst
  # benchmark peers
  isync notmuch time
  # icons
  librsvg2-bin
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
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
