#!/usr/bin/env bash
# Makes sure the web page's browser test has its tools, and prints them as NAME=value lines:
#
#   NODE=<path>           the machine's Node.js (20 or later; not installed here)
#   NODE_MODULES=<dir>    playwright-core at the version package-lock.json pins (npm ci, no install
#                         scripts), cached in $CONSENT_LEDGER_CACHE/web-test-<hash of the lock>
#   CHROMIUM=<path>       Debian's Chromium (apt-get install chromium, once; apt-get update first
#                         on a host without package lists), with a Korean font (fonts-nanum) when
#                         the host has none, so that the screenshots show Korean text
#
# Idempotent: a second run finds everything and prints the same lines at once. WebPageIT runs it
# before the browser test; it can be run alone too. Exit code 1 with a reason on stderr when a
# tool cannot be had (no node, no apt-get, no network for npm or apt).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${CONSENT_LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/consent-ledger}

log() { printf '[web-test setup] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

node=$(command -v node || true)
[ -n "$node" ] || die "node is not on the PATH (Node.js 20 or later is needed)"
major=$("$node" -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || die "Node.js $("$node" --version) is too old (20 or later is needed)"
command -v npm >/dev/null || die "npm is not on the PATH"

# playwright-core, exactly as the lock pins it, in a cache folder named by the lock's hash.
key=$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-12)
modules_dir="$CACHE/web-test-$key"
if [ ! -f "$modules_dir/node_modules/playwright-core/package.json" ]; then
  mkdir -p "$CACHE"
  tmp=$(mktemp -d "$CACHE/web-test-$key.tmp.XXXXXX")
  cp "$HERE/package.json" "$HERE/package-lock.json" "$tmp/"
  log "npm ci of playwright-core into $modules_dir"
  (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) ||
    { rm -rf "$tmp"; die "npm ci failed (is the npm registry reachable?)"; }
  if [ -f "$modules_dir/node_modules/playwright-core/package.json" ]; then
    rm -rf "$tmp" # another run was quicker
  else
    rm -rf "$modules_dir"
    mv "$tmp" "$modules_dir"
  fi
fi

find_chromium() {
  local c
  # Debian's real binary first (/usr/bin/chromium is a shell wrapper around it).
  [ -x /usr/lib/chromium/chromium ] && { echo /usr/lib/chromium/chromium; return 0; }
  for c in chromium chromium-browser; do
    if command -v "$c" >/dev/null; then readlink -f "$(command -v "$c")"; return 0; fi
  done
  return 1
}

packages=()
chromium=$(find_chromium) || packages+=(chromium)
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=ko 2>/dev/null | head -1)" ]; then
  packages+=(fonts-nanum)
fi
if [ ${#packages[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "no apt-get to install ${packages[*]} (install Debian's chromium and a Korean font)"
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  mkdir -p "$CACHE"
  install_log="$CACHE/chromium-install.log"
  log "installing ${packages[*]} (apt-get install; log $install_log)"
  apt=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -qq)
  if ! compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then
    "${apt[@]}" update >>"$install_log" 2>&1 || die "apt-get update failed (see $install_log)"
  fi
  { "${apt[@]}" install "${packages[@]}" || { "${apt[@]}" update && "${apt[@]}" install "${packages[@]}"; }; } \
    >>"$install_log" 2>&1 || die "apt-get install ${packages[*]} failed (see $install_log)"
  chromium=$(find_chromium) || die "Chromium is not on the PATH after installing it"
fi

echo "NODE=$node"
echo "NODE_MODULES=$modules_dir/node_modules"
echo "CHROMIUM=$chromium"
