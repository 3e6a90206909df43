#!/usr/bin/env bash
# Makes sure the Fabric binaries (peer, orderer, configtxgen, osnadmin, cryptogen, configtxlator)
# and Fabric's sample configuration exist, and prints two lines: FABRIC_BIN=<dir> and FABRIC_SAMPLECONFIG=<dir>.
#
# Order of preference:
#   1. $FABRIC_BIN, when it holds all six tools;
#   2. the tools on PATH, when all six are there;
#   3. a cache outside git ($CONSENT_LEDGER_CACHE, default ~/.cache/consent-ledger), keyed by the
#      pinned Fabric commit and the tool list, built from source through the Go module proxy when
#      missing (a new tool makes a new cache folder; an older folder is left to the checkouts that
#      still use it).
# A second run never rebuilds: the cache is complete only once a stamp file is written.
set -euo pipefail

FABRIC_VERSION=3.1.1
FABRIC_COMMIT=435a7f1a780a128756fb2f72bf4cad164bf13fbb
# Fabric's go.mod has no /v3 suffix, so Go cannot address the v3.1.1 tag; this pseudo-version
# names the same commit.
FABRIC_MODULE=github.com/hyperledger/fabric
FABRIC_PSEUDO_VERSION=v1.4.0-rc1.0.20250510200036-435a7f1a780a
# configtxlator: channel config updates (a new organisation joining, network/scripts/join-org.sh).
TOOLS=(peer orderer configtxgen osnadmin cryptogen configtxlator)

cache_root=${CONSENT_LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/consent-ledger}
cache_dir="$cache_root/fabric-$FABRIC_VERSION-${FABRIC_COMMIT:0:12}-tools${#TOOLS[@]}"

log() { printf '[fabric-binaries] %s\n' "$*" >&2; }

has_all() { # dir
  local t
  for t in "${TOOLS[@]}"; do [ -x "$1/$t" ] || return 1; done
}

sampleconfig() {
  # The module zip holds sampleconfig/ (core.yaml, orderer.yaml); download is a no-op when cached.
  local dir
  dir=$(GOFLAGS=-mod=mod go mod download -json "$FABRIC_MODULE@$FABRIC_PSEUDO_VERSION" \
        | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -f "$dir/sampleconfig/core.yaml" ] || { log "no sampleconfig in $dir"; exit 1; }
  printf '%s/sampleconfig' "$dir"
}

build() {
  command -v go >/dev/null || { log "Go is needed to build Fabric ($FABRIC_VERSION)"; exit 1; }
  log "building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) into $cache_dir; this takes minutes once"
  local start=$SECONDS tmp="$cache_dir.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp/bin"
  # `go install pkg@version` asks the proxy for the module's version list, which our mirror
  # refuses; a throwaway module that requires the pinned version builds the same binaries.
  mkdir -p "$tmp/src"
  cat > "$tmp/src/go.mod" <<MOD
module consentledger.local/fabricbuild

go 1.24

require $FABRIC_MODULE $FABRIC_PSEUDO_VERSION
MOD
  local pkgs=() t
  for t in "${TOOLS[@]}"; do pkgs+=("$FABRIC_MODULE/cmd/$t"); done
  (cd "$tmp/src" && GOFLAGS=-mod=mod GONOSUMDB="${GONOSUMDB:-$FABRIC_MODULE}" GOTOOLCHAIN=local \
    go build -trimpath -o "$tmp/bin/" \
      -ldflags "-X $FABRIC_MODULE/common/metadata.Version=$FABRIC_VERSION -X $FABRIC_MODULE/common/metadata.CommitSHA=${FABRIC_COMMIT:0:7}" \
      "${pkgs[@]}")
  has_all "$tmp/bin" || { log "build finished without all tools"; exit 1; }
  echo "$FABRIC_VERSION $FABRIC_COMMIT built in $((SECONDS - start))s on $(date -u +%FT%TZ)" > "$tmp/BUILT"
  rm -rf "$cache_dir"; mv "$tmp" "$cache_dir"
  log "built in $((SECONDS - start))s"
}

if [ -n "${FABRIC_BIN:-}" ] && has_all "$FABRIC_BIN"; then
  bin=$FABRIC_BIN
elif path_peer=$(command -v peer 2>/dev/null) && has_all "$(dirname "$path_peer")"; then
  bin=$(dirname "$path_peer")
else
  [ -f "$cache_dir/BUILT" ] && has_all "$cache_dir/bin" || build
  bin="$cache_dir/bin"
fi

echo "FABRIC_BIN=$bin"
echo "FABRIC_SAMPLECONFIG=$(sampleconfig)"
