#!/usr/bin/env bash
# Our services as native processes beside the network of network.sh, in the same run folder
# (pids/, logs/) and port scheme: did-resolver on base+140, consent-service on base+150 (its
# database is the network's PostgreSQL). Both serve HTTPS with certificates of a local CA made by
# service-tls.sh in services/tls/ (curl --cacert services/tls/ca.crt); consent-service also asks
# for a client certificate of services/tls/client-ca.crt (optional; CONSENT_LEDGER_MTLS=required
# makes it mandatory). Each service runs under supervise.sh, in its own
# session: a service that dies (a crash, an OutOfMemoryError, which ends the JVM through
# -XX:+ExitOnOutOfMemoryError, or a kill) is restarted with a doubling pause (1 s to 30 s) and the
# restart is logged in its log and shown by `status` (how many times, the last exit).
#
#   services.sh up       start the services that are not running (the network must be up)
#   services.sh down     stop them
#   services.sh status   one line per service; exit 0 when all are up, 3 otherwise
#   services.sh admin …  ledger-admin with an organisation admin identity, for example
#                        admin participants register <did> --role provider --name "Seoul Hospital"
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUN_DIR=${CONSENT_LEDGER_RUN_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/consent-ledger/run}
PORT_BASE=${CONSENT_LEDGER_PORT_BASE:-7050}
PIDS=$RUN_DIR/pids
LOGS=$RUN_DIR/logs
PROPS=$RUN_DIR/network.properties
SUPERVISOR=$RUN_DIR/supervisor
# Every JVM we start: a fatal error ends the process (so the supervisor restarts it) and direct
# memory has a cap of its own instead of the heap's size.
JAVA_FLAGS=(-Xmx256m -XX:MaxDirectMemorySize=192m -XX:+ExitOnOutOfMemoryError)
# CONSENT_LEDGER_JAVA_OPTS: extra flags for the services' and the chaincode server's JVMs, split on
# blanks (for example a flight recording: -XX:StartFlightRecording:settings=profile,filename=DIR/).
read -ra EXTRA_JAVA_FLAGS <<<"${CONSENT_LEDGER_JAVA_OPTS:-}"
JAVA_FLAGS+=("${EXTRA_JAVA_FLAGS[@]}")

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
prop() { sed -n "s/^$1=//p" "$PROPS"; }
resolver_port() { echo $((PORT_BASE + 140)); }
consent_port() { echo $((PORT_BASE + 150)); }
TLS=$RUN_DIR/services/tls

alive() { local pid; pid=$(cat "$PIDS/$1.pid" 2>/dev/null || true); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
supervised() { # name key: a value the supervisor recorded (restarts, last_exit, last_exit_at, started_at)
  sed -n "s/^$2=//p" "$SUPERVISOR/$1.supervisor" 2>/dev/null | grep . || { [ "$2" = restarts ] && echo 0; }
}
service_up() { # name: the supervisor and the service it runs are alive
  local child; child=$(cat "$SUPERVISOR/$1.child" 2>/dev/null || true)
  alive "$1" && [ -n "$child" ] && kill -0 "$child" 2>/dev/null
}
restart_note() { # name: "(restarted N times, last exit X at T)" once it was restarted
  local n; n=$(supervised "$1" restarts)
  [ "$n" = 0 ] || printf ' (restarted %s times, last exit %s at %s)' "$n" "$(supervised "$1" last_exit)" "$(supervised "$1" last_exit_at)"
}

app_jar() { # module: the module's packaged application (target/<module>.jar, its manifest's
  # Class-Path naming target/lib/), built through the reactor when missing (./dev up builds it)
  local jar="$ROOT/$1/target/$1.jar"
  if [ ! -f "$jar" ] || [ ! -d "$ROOT/$1/target/lib" ]; then
    log "building $1 (mvn package)"
    (cd "$ROOT" && mvn -B -q -pl "$1" -am package -DskipTests) >&2
  fi
  [ -f "$jar" ] || die "no application jar at $jar"
  echo "$jar"
}

fabric_env() { # the gateway identity of org1's client user, as both services read it
  echo FABRIC_PEER_ENDPOINT="$(prop org1.peer.address)"
  echo FABRIC_TLS_CA_CERT="$(prop org1.peer.tlsCa)"
  echo FABRIC_MSP_ID="$(prop org1.mspId)"
  echo FABRIC_CERT="$(prop org1.user1.certificate)"
  echo FABRIC_KEY="$(prop org1.user1.keyDirectory)"
  echo FABRIC_CHANNEL="$(prop channel)"
  echo FABRIC_CHAINCODE="$(prop chaincode)"
}

launch() { # name module main-class port env...: start a service (the module's packaged jar, whose
  # Main-Class is main-class) and wait for its OpenAPI document
  local name=$1 module=$2 main=$3 port=$4 i; shift 4
  alive "$name" && return 0
  [ -f "$PROPS" ] || die "the network is not up ($PROPS missing)"
  local jar; jar=$(app_jar "$module")
  local -a fabric; mapfile -t fabric < <(fabric_env)
  mkdir -p "$PIDS" "$LOGS"
  rm -f "$SUPERVISOR/$name.supervisor" "$SUPERVISOR/$name.child"
  setsid "$HERE/supervise.sh" "$name" "$SUPERVISOR" env "${fabric[@]}" "$@" \
    java "${JAVA_FLAGS[@]}" -jar "$jar" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
  for i in $(seq 1 300); do
    curl -fsS --cacert "$TLS/ca.crt" -o /dev/null "https://127.0.0.1:$port/openapi.yaml" 2>/dev/null && return 0
    if ! alive "$name" || [ "$(supervised "$name" restarts)" != 0 ]; then
      stop "$name"
      die "$name exited at start-up (see $LOGS/$name.log)"
    fi
    sleep 0.2
  done
  die "$name did not answer on port $port (see $LOGS/$name.log)"
}

start_all() {
  "$HERE/service-tls.sh" "$TLS"
  launch did-resolver did-resolver kr.consentledger.resolver.boot.DidResolverMain "$(resolver_port)" \
    DID_RESOLVER_HOST=127.0.0.1 DID_RESOLVER_PORT="$(resolver_port)" \
    DID_RESOLVER_TLS_CERT="$TLS/did-resolver.crt" DID_RESOLVER_TLS_KEY="$TLS/did-resolver.key"
  launch consent-service consent-service kr.consentledger.consent.boot.ConsentServiceMain "$(consent_port)" \
    CONSENT_HOST=127.0.0.1 CONSENT_PORT="$(consent_port)" \
    CONSENT_TLS_CERT="$TLS/consent-service.crt" CONSENT_TLS_KEY="$TLS/consent-service.key" \
    CONSENT_TLS_CLIENT_CA="$TLS/client-ca.crt" CONSENT_TLS_CLIENT_AUTH="${CONSENT_LEDGER_MTLS:-request}" \
    CONSENT_PG_HOST="$(prop postgres.host)" CONSENT_PG_PORT="$(prop postgres.port)" \
    CONSENT_PG_DATABASE="$(prop postgres.database)" CONSENT_PG_USER="$(prop postgres.user)"
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
  up)
    start_all
    log "did-resolver on https://127.0.0.1:$(resolver_port), consent-service on https://127.0.0.1:$(consent_port)"
    log "try: curl --cacert $TLS/ca.crt https://127.0.0.1:$(consent_port)/openapi.yaml"
    log "  (or export CURL_CA_BUNDLE=$TLS/ca.crt; a provider's client certificate: --cert $TLS/provider1.crt --key $TLS/provider1.key)" ;;
  down) stop consent-service; stop did-resolver ;;
  status)
    rc=0
    for s in did-resolver:$(resolver_port) consent-service:$(consent_port); do
      n=${s%%:*}
      if service_up "$n"; then printf '%-14s %s%s\n' "$n" "up https://127.0.0.1:${s#*:}" "$(restart_note "$n")"
      elif alive "$n"; then printf '%-14s %s%s\n' "$n" "restarting" "$(restart_note "$n")"; rc=3
      else printf '%-14s %s\n' "$n" down; rc=3; fi
    done
    exit $rc ;;
  admin)
    shift
    [ -f "$PROPS" ] || die "the network is not up ($PROPS missing)"
    exec java -XX:+ExitOnOutOfMemoryError -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -jar "$(app_jar ledger-admin)" --run-dir "$RUN_DIR" "$@" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
