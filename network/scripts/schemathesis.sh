#!/usr/bin/env bash
# schemathesis, pinned, in a virtual environment of its own under the cache folder.
#
#   schemathesis.sh install        create the venv and install the pinned version (once)
#   schemathesis.sh path           print the path of the `st` executable (installs first)
#   schemathesis.sh exec <args…>   run `st` with these arguments (installs first)
#
# Needs python3 (3.9+) with the venv module; everything else comes from PyPI through pip.
set -euo pipefail

VERSION=4.32.5
# For the DID-auth tokens of schemathesis_hooks.py (Ed25519 signatures).
CRYPTOGRAPHY_VERSION=50.0.2
CACHE=${CONSENT_LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/consent-ledger}
VENV=$CACHE/schemathesis-$VERSION
ST=$VENV/bin/st

log() { printf '[schemathesis] %s\n' "$*" >&2; }

install() {
  [ -x "$ST" ] && "$VENV/bin/python" -c "import schemathesis, cryptography" >/dev/null 2>&1 && return 0
  command -v python3 >/dev/null || { log "error: python3 is required"; exit 1; }
  log "installing schemathesis $VERSION into $VENV"
  rm -rf "$VENV.tmp"
  python3 -m venv "$VENV.tmp"
  "$VENV.tmp/bin/python" -m pip install -q --disable-pip-version-check "schemathesis==$VERSION" \
    "cryptography==$CRYPTOGRAPHY_VERSION" >&2
  rm -rf "$VENV"
  mv "$VENV.tmp" "$VENV"
  # The venv's scripts name their interpreter by absolute path: rewrite it after the move.
  sed -i "1s|^#!.*/python[0-9.]*$|#!$VENV/bin/python|" "$VENV"/bin/st "$VENV"/bin/schemathesis 2>/dev/null || true
  sed -i "s|$VENV.tmp|$VENV|g" "$VENV/bin/activate" "$VENV/pyvenv.cfg" 2>/dev/null || true
  "$ST" --version >/dev/null
}

case "${1:-}" in
  install) install ;;
  path) install; echo "$ST" ;;
  exec) shift; install; exec "$ST" "$@" ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
