#!/usr/bin/env bash
# Our services as native processes beside the network of network.sh, in the same run folder
# (pids/, logs/) and port scheme: did-resolver on base+140.
#
#   services.sh up       start the services that are not running (the network must be up)
#   services.sh down     stop them
#   services.sh status   one line per service; exit 0 when all are up, 3 otherwise
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUN_DIR=${CONSENT_LEDGER_RUN_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/consent-ledger/run}
PORT_BASE=${CONSENT_LEDGER_PORT_BASE:-7050}
PIDS=$RUN_DIR/pids
LOGS=$RUN_DIR/logs
PROPS=$RUN_DIR/network.properties

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
prop() { sed -n "s/^$1=//p" "$PROPS"; }
resolver_port() { echo $((PORT_BASE + 140)); }

alive() { local pid; pid=$(cat "$PIDS/$1.pid" 2>/dev/null || true); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

classpath() { # module: the module's runtime classpath, written once per build of its pom
  local module=$1 file="$RUN_DIR/services/$1.classpath"
  mkdir -p "$RUN_DIR/services"
  if [ ! -s "$file" ] || [ "$ROOT/$module/pom.xml" -nt "$file" ]; then
    (cd "$ROOT" && mvn -B -q -pl "$module" dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$file") >&2
  fi
  echo "$ROOT/$module/target/classes:$(cat "$file")"
}

start_resolver() {
  alive did-resolver && return 0
  [ -f "$PROPS" ] || die "the network is not up ($PROPS missing)"
  local cp; cp=$(classpath did-resolver)
  mkdir -p "$PIDS" "$LOGS"
  setsid env \
    DID_RESOLVER_HOST=127.0.0.1 \
    DID_RESOLVER_PORT="$(resolver_port)" \
    FABRIC_PEER_ENDPOINT="$(prop org1.peer.address)" \
    FABRIC_TLS_CA_CERT="$(prop org1.peer.tlsCa)" \
    FABRIC_MSP_ID="$(prop org1.mspId)" \
    FABRIC_CERT="$(prop org1.user1.certificate)" \
    FABRIC_KEY="$(prop org1.user1.keyDirectory)" \
    FABRIC_CHANNEL="$(prop channel)" \
    FABRIC_CHAINCODE="$(prop chaincode)" \
    java -Xmx256m -cp "$cp" kr.consentledger.resolver.DidResolverMain \
    >>"$LOGS/did-resolver.log" 2>&1 </dev/null &
  echo $! >"$PIDS/did-resolver.pid"
  local i
  for i in $(seq 1 150); do
    curl -fsS -o /dev/null "http://127.0.0.1:$(resolver_port)/openapi.yaml" 2>/dev/null && return 0
    alive did-resolver || die "did-resolver exited (see $LOGS/did-resolver.log)"
    sleep 0.2
  done
  die "did-resolver did not answer on port $(resolver_port) (see $LOGS/did-resolver.log)"
}

stop() { # name
  local pid; pid=$(cat "$PIDS/$1.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$PIDS/$1.pid"
}

case "${1:-}" in
  up) start_resolver; log "did-resolver on http://127.0.0.1:$(resolver_port)" ;;
  down) stop did-resolver ;;
  status)
    if alive did-resolver; then printf '%-14s %s\n' did-resolver "up http://127.0.0.1:$(resolver_port)"; else printf '%-14s %s\n' did-resolver down; exit 3; fi ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
