#!/usr/bin/env bash
# Makes sure the helm binary exists and prints its path. Built once from source through the Go
# module proxy (helm.sh/helm/v4, pinned below) into the project's cache ($CONSENT_LEDGER_CACHE,
# default ~/.cache/consent-ledger), as fabric-binaries.sh does for Fabric; $HELM, when it names a
# helm binary, is used instead. A second run never rebuilds: the cache is complete only once a
# stamp file is written.
set -euo pipefail

HELM_MODULE=helm.sh/helm/v4
HELM_VERSION=v4.3.2

cache_root=${CONSENT_LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/consent-ledger}
cache_dir="$cache_root/helm-$HELM_VERSION"

log() { printf '[helm-binary] %s\n' "$*" >&2; }

if [ -n "${HELM:-}" ] && [ -x "$HELM" ]; then echo "$HELM"; exit 0; fi
if [ -f "$cache_dir/BUILT" ] && [ -x "$cache_dir/bin/helm" ]; then echo "$cache_dir/bin/helm"; exit 0; fi

command -v go >/dev/null || { log "Go is needed to build helm ($HELM_VERSION)"; exit 1; }
log "building helm $HELM_VERSION into $cache_dir; this takes minutes once"
start=$SECONDS tmp="$cache_dir.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp/bin" "$tmp/src"
# A throwaway module requiring the pinned version (`go install pkg@version` would ask the proxy
# for the version list, which the mirror here refuses).
cat >"$tmp/src/go.mod" <<MOD
module consentledger.local/helmbuild

go 1.25

require $HELM_MODULE $HELM_VERSION
MOD
cat >"$tmp/src/tools.go" <<'GO'
//go:build tools

package tools

import _ "helm.sh/helm/v4/cmd/helm"
GO
(cd "$tmp/src" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go mod tidy -e >/dev/null 2>&1 || true
 cd "$tmp/src" && GOFLAGS=-mod=mod GOTOOLCHAIN=local \
   go build -trimpath -o "$tmp/bin/helm" \
     -ldflags "-X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" "$HELM_MODULE/cmd/helm")
[ -x "$tmp/bin/helm" ] || { log "build finished without a helm binary"; exit 1; }
echo "helm $HELM_VERSION built in $((SECONDS - start))s on $(date -u +%FT%TZ)" >"$tmp/BUILT"
rm -rf "$cache_dir"; mv "$tmp" "$cache_dir"
log "built in $((SECONDS - start))s"
echo "$cache_dir/bin/helm"
