#!/usr/bin/env bash
# schemathesis over the OpenAPI document of each running service, with every check
# (--checks all: no 5xx, every status and body as declared, negative data refused, …).
#
#   fuzz-api.sh <base-url>…        for example http://127.0.0.1:7190 http://127.0.0.1:7200
#
# CONSENT_LEDGER_FUZZ_SECONDS (default 60) bounds each service's run; CONSENT_LEDGER_FUZZ_SEED
# (default 20261203) makes runs repeatable; CONSENT_LEDGER_FUZZ_WORKERS (default 1) sets its
# threads; CONSENT_LEDGER_FUZZ_REPORTS (default a temporary folder) keeps the JUnit reports;
# CONSENT_LEDGER_FUZZ_CA (PEM) is the CA that HTTPS services' certificates are checked against.
# Exit code 0 only when every run found nothing.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SECONDS_EACH=${CONSENT_LEDGER_FUZZ_SECONDS:-60}
SEED=${CONSENT_LEDGER_FUZZ_SEED:-20261203}
REPORTS=${CONSENT_LEDGER_FUZZ_REPORTS:-$(mktemp -d)}

log() { printf '[fuzz-api] %s\n' "$*" >&2; }

[ $# -gt 0 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
# One worker thread by default: on CPython 3.11, hypothesis parsing lambda sources with `ast` in
# two threads at once can fail with "AST constructor recursion depth mismatch" (CPython
# gh-106905), a fault of the tool that would fail the run.
WORKERS=${CONSENT_LEDGER_FUZZ_WORKERS:-1}
TLS_ARGS=()
[ -z "${CONSENT_LEDGER_FUZZ_CA:-}" ] || TLS_ARGS=(--tls-verify "$CONSENT_LEDGER_FUZZ_CA")
"$HERE/schemathesis.sh" install
mkdir -p "$REPORTS"
rc=0
for base in "$@"; do
  base=${base%/}
  name=$(printf '%s' "$base" | sed 's|^https\{0,1\}://||; s|[^A-Za-z0-9]|_|g')
  log "schemathesis on $base/openapi.yaml for at most ${SECONDS_EACH}s (seed $SEED)"
  # The run's own files (the example database) stay in the report folder.
  if (cd "$REPORTS" && PYTHONPATH="$HERE" SCHEMATHESIS_HOOKS=schemathesis_hooks "$HERE/schemathesis.sh" exec --no-color --config-file "$HERE/schemathesis.toml" run \
      "$base/openapi.yaml" --url "$base" --checks all --max-time "$SECONDS_EACH" --workers "$WORKERS" \
      --seed "$SEED" --generation-database none --request-timeout 20 "${TLS_ARGS[@]}" \
      --report junit --report-junit-path "$REPORTS/$name.xml"); then
    log "$base: no failures"
  else
    log "$base: failures (above; JUnit report $REPORTS/$name.xml)"
    rc=1
  fi
done
exit $rc
