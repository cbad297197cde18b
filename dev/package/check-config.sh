#!/usr/bin/env bash
# What can be checked here of the bundles that are built elsewhere (issue 16), in seconds:
# the Tauri CLI validates tauri.conf.json against its schema; the files the Windows and
# macOS bundles name exist and parse; the workflow that builds them passes actionlint.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

# The Tauri CLI refuses (exit 1) a configuration its schema does not accept.
if ! out=$(cd ui && TAURI_APP_PATH=.. npx --no-install tauri info 2>&1); then
  printf '%s\n' "$out" | grep -i -A3 error >&2 || printf '%s\n' "$out" >&2
  echo "tauri.conf.json is not valid for the Tauri CLI" >&2
  exit 1
fi

python3 - <<'PY'
import json, plistlib, sys, xml.etree.ElementTree as ET
from pathlib import Path

conf = json.loads(Path("tauri.conf.json").read_text())
bundle = conf["bundle"]
problems = []

def exists(path, what):
    if not Path(path).is_file():
        problems.append(f"{what}: {path} is missing")
        return False
    return True

for icon in bundle["icon"]:
    exists(icon, "icon")
mac = bundle["macOS"]
if exists(mac["entitlements"], "macOS entitlements"):
    entitlements = plistlib.loads(Path(mac["entitlements"]).read_bytes())
    if entitlements.get("com.apple.security.smartcard") is not True:
        problems.append("the macOS entitlements must allow the smart card")
if not mac.get("hardenedRuntime"):
    problems.append("the macOS app must be signed with the hardened runtime")
if "MacOS/medimail" not in mac.get("files", {}):
    problems.append("the macOS app must carry the command line in Contents/MacOS")

win = bundle["windows"]
if win["webviewInstallMode"]["type"] not in ("downloadBootstrapper", "embedBootstrapper", "offlineInstaller"):
    problems.append("the Windows installers must install WebView2 when it is missing")
hooks = win["nsis"]["installerHooks"]
if exists(hooks, "NSIS hooks"):
    text = Path(hooks).read_text()
    # The hook derives the command line's path from the window's binary name.
    if f'"{conf["mainBinaryName"]}.exe"' not in text:
        problems.append(f"{hooks} must name the window's binary, {conf['mainBinaryName']}.exe")
for fragment in win["wix"]["fragmentPaths"]:
    if exists(fragment, "WiX fragment"):
        root = ET.parse(fragment).getroot()
        ns = {"w": "http://schemas.microsoft.com/wix/2006/wi"}
        ids = {c.get("Id") for c in root.iterfind(".//w:Component", ns)}
        for ref in win["wix"]["componentRefs"]:
            if ref not in ids:
                problems.append(f"the WiX component {ref} is not in {fragment}")

for kind in ("deb", "rpm", "appimage"):
    files = bundle["linux"][kind]["files"]
    if files.get("/usr/bin/medimail") != "target/release/medimail":
        problems.append(f"the {kind} must carry the command line as /usr/bin/medimail")

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

node dev/ci-lint/lint.mjs .github/workflows
echo "bundle settings and workflows: ok"
