#!/usr/bin/env bash
# The house's separation, checked by `make test`: the engine depends on no window toolkit
# and no argument parser, the command line on no window toolkit, and the `medimail`
# binary links no WebKit (a scripted subcommand must not pay for loading it).
# Usage: dev/check-crates.sh PATH/TO/medimail
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: dev/check-crates.sh PATH/TO/medimail}
# (tauri-winrt-notification, which notify-rust uses on Windows, is no part of Tauri.)
window='tauri|tauri-(build|codegen|macros|runtime|runtime-wry|utils|plugin|plugin-[a-z-]+)|wry|webkit2gtk|webkit2gtk-sys|javascriptcore-rs|javascriptcore-rs-sys|soup3|gtk|gtk-sys|gdk|gdk-sys|tao'
status=0

# Every crate in a package's tree for every platform, one name a line; fails if cargo does.
crates() {
  cargo tree -q -p "$1" -e normal,build --target all --prefix none --format '{p}' | awk '{print $1}' | sort -u
}

forbid() { # package, pattern of crate names it must not depend on
  local all found
  all=$(crates "$1")
  found=$(grep -xE "$2" <<<"$all" || true)
  if [ -n "$found" ]; then
    echo "check-crates: $1 depends on: $(echo $found)" >&2
    status=1
  else
    echo "check-crates: $1 depends on none of them"
  fi
}

# The check itself is checked: the window's tree must show what the others must not.
if ! crates medimail-desktop | grep -qxE 'tauri'; then
  echo "check-crates: could not read the window's dependency tree" >&2
  exit 1
fi

forbid medimail-engine "$window|clap|clap_builder|clap_derive"
forbid medimail-cli "$window"

if command -v ldd >/dev/null; then
  if ldd "$bin" | grep -iE 'webkit|javascriptcore|libgtk|libsoup'; then
    echo "check-crates: $bin links the libraries above" >&2
    status=1
  else
    echo "check-crates: $(basename "$bin") links no WebKit, GTK or libsoup"
  fi
fi
exit $status
