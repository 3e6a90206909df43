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
# CONSENT_INSTANCES=N (1 to 9, default 1) runs N consent-service instances over the one database,
# on base+151 … base+150+N, behind HAProxy (Debian's package, installed by apt-get when missing) on
# base+150, the same entry point as one instance: TLS passes through to the instances (mode tcp),
# which HAProxy health-checks over HTTPS every second. The services always list both
# organisations' peers (FABRIC_PEER_ENDPOINT, org1's first) and fail over between them.
#
# Hosts, as for network.sh (its header; the run folder's hosts.env is read too): the keys
# DID_RESOLVER and CONSENT_SERVICE, with CONSENT_LEDGER_HOST_<KEY> (the name in the service's TLS
# certificate and its URL), _BIND_ (listen address), _PORT_ and _NETNS_; HAProxy and the instances
# run on CONSENT_SERVICE's host.
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
HOSTS_FILE=${CONSENT_LEDGER_HOSTS_FILE:-$RUN_DIR/hosts.env}
# shellcheck disable=SC1090
[ -f "$HOSTS_FILE" ] && . "$HOSTS_FILE"
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
setting() { local v="CONSENT_LEDGER_$1_$2"; echo "${!v:-}"; } # kind key
host_of() { local h; h=$(setting HOST "$1"); echo "${h:-127.0.0.1}"; }
bind_of() {
  local b h; b=$(setting BIND "$1"); h=$(host_of "$1")
  if [ -n "$b" ]; then echo "$b"; elif [[ "$h" =~ ^[0-9.]+$ ]]; then echo "$h"; else echo 0.0.0.0; fi
}
netns_prefix() { local ns; ns=$(setting NETNS "$1"); [ -z "$ns" ] || echo ip netns exec "$ns"; }
port_of() { local p; p=$(setting PORT "$1"); echo "${p:-$2}"; }
resolver_port() { port_of DID_RESOLVER $((PORT_BASE + 140)); }
consent_port() { port_of CONSENT_SERVICE $((PORT_BASE + 150)); }
resolver_url() { echo "https://$(host_of DID_RESOLVER):$(resolver_port)"; }
consent_url() { echo "https://$(host_of CONSENT_SERVICE):$(consent_port)"; }
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
  # Both organisations' peers, org1's first: a peer that is down is skipped (GatewayEndpoint).
  echo FABRIC_PEER_ENDPOINT="$(prop org1.peer.address),$(prop org2.peer.address)"
  echo FABRIC_TLS_CA_CERT="$(prop org1.peer.tlsCa),$(prop org2.peer.tlsCa)"
  echo FABRIC_MSP_ID="$(prop org1.mspId)"
  echo FABRIC_CERT="$(prop org1.user1.certificate)"
  echo FABRIC_KEY="$(prop org1.user1.keyDirectory)"
  echo FABRIC_CHANNEL="$(prop channel)"
  echo FABRIC_CHAINCODE="$(prop chaincode)"
}

launch() { # name module main-class key port env...: start a service (the module's packaged jar,
  # whose Main-Class is main-class) on the host of key and wait for its OpenAPI document
  spawn "$@"
  await_service "$1" "$4" "$5"
}

spawn() { # name module main-class key port env...: start a service, not waiting for it
  local name=$1 module=$2 main=$3 key=$4 port=$5; shift 5
  alive "$name" && return 0
  [ -f "$PROPS" ] || die "the network is not up ($PROPS missing)"
  local jar; jar=$(app_jar "$module")
  local -a fabric; mapfile -t fabric < <(fabric_env)
  mkdir -p "$PIDS" "$LOGS"
  rm -f "$SUPERVISOR/$name.supervisor" "$SUPERVISOR/$name.child"
  # shellcheck disable=SC2046
  setsid $(netns_prefix "$key") "$HERE/supervise.sh" "$name" "$SUPERVISOR" env "${fabric[@]}" "$@" \
    java "${JAVA_FLAGS[@]}" -jar "$jar" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

await_service() { # name key port: wait for a started service's OpenAPI document
  local name=$1 key=$2 port=$3 i
  # An instance behind HAProxy (consent-service-<i>) takes only connections that start with a PROXY
  # protocol header (CONSENT_HTTP_PROXY_PROTOCOL=true).
  local -a proxied=(); [[ "$name" != consent-service-* ]] || proxied=(--haproxy-protocol)
  for i in $(seq 1 300); do
    curl -fsS "${proxied[@]}" --cacert "$TLS/ca.crt" -o /dev/null "https://$(host_of "$key"):$port/openapi.yaml" 2>/dev/null && return 0
    if ! alive "$name" || [ "$(supervised "$name" restarts)" != 0 ]; then
      stop "$name"
      die "$name exited at start-up (see $LOGS/$name.log)"
    fi
    sleep 0.2
  done
  die "$name did not answer on port $port (see $LOGS/$name.log)"
}

# up: CONSENT_INSTANCES (default 1), recorded in the run folder; down and status: the recorded count.
RECORDED_INSTANCES=$(cat "$RUN_DIR/services/instances" 2>/dev/null || echo 1)
if [ "${1:-}" = up ]; then INSTANCES=${CONSENT_INSTANCES:-1}; else INSTANCES=${CONSENT_INSTANCES:-$RECORDED_INSTANCES}; fi
[[ "$INSTANCES" =~ ^[1-9]$ ]] || die "CONSENT_INSTANCES must be 1 to 9, not \"$INSTANCES\""

consent_names() { # the consent-service processes: "consent-service", or consent-service-1 … -N
  if [ "$INSTANCES" = 1 ]; then echo consent-service; else seq -f 'consent-service-%g' 1 "$INSTANCES"; fi
}
instance_port() { # name: the port of one consent-service process
  case $1 in consent-service) consent_port ;; *) echo $(($(consent_port) + ${1##*-})) ;; esac
}

operators_key() { # the operators' status-list key (a private Ed25519 JWK), made once per run folder
  local f=$RUN_DIR/services/operators.jwk der
  if [ ! -s "$f" ]; then
    der=$(mktemp)
    openssl genpkey -algorithm ed25519 -outform DER -out "$der" 2>/dev/null || die "openssl cannot make an Ed25519 key"
    (umask 077; printf '{"kty":"OKP","crv":"Ed25519","x":"%s","d":"%s"}\n' \
      "$(openssl pkey -inform DER -in "$der" -pubout -outform DER | tail -c 32 | b64url)" \
      "$(tail -c 32 "$der" | b64url)" >"$f")
    rm -f "$der"
  fi
  echo "$f"
}
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

launch_consent() { # name port
  # Every instance signs the status lists with the same operators' did:fabric, under the address
  # wallets and verifiers use (HAProxy's with several instances).
  launch "$1" consent-service kr.consentledger.consent.boot.ConsentServiceMain CONSENT_SERVICE "$2" \
    CONSENT_STATUS_LIST_KEY_FILE="$(operators_key)" \
    CONSENT_PUBLIC_URL="https://$(host_of CONSENT_SERVICE):$(consent_port)" \
    CONSENT_HOST="$(bind_of CONSENT_SERVICE)" CONSENT_PORT="$2" \
    CONSENT_TLS_CERT="$TLS/consent-service.crt" CONSENT_TLS_KEY="$TLS/consent-service.key" \
    CONSENT_TLS_CLIENT_CA="$TLS/client-ca.crt" CONSENT_TLS_CLIENT_AUTH="${CONSENT_LEDGER_MTLS:-request}" \
    CONSENT_PG_HOST="$(prop postgres.host)" CONSENT_PG_PORT="$(prop postgres.port)" \
    CONSENT_PG_DATABASE="$(prop postgres.database)" CONSENT_PG_USER="$(prop postgres.user)" \
    CONSENT_PG_TLS_CA="$(prop postgres.tlsCa)" \
    CONSENT_HTTP_PROXY_PROTOCOL="$([ "$INSTANCES" = 1 ] && echo false || echo true)"
}

haproxy_install() { # Debian's HAProxy, installed once; quiet when it is there
  command -v haproxy >/dev/null && return 0
  local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  log "installing HAProxy (apt-get install haproxy)"
  { $sudo apt-get install -y -qq haproxy || { $sudo apt-get update -qq && $sudo apt-get install -y -qq haproxy; }; } \
    >"$LOGS/haproxy-install.log" 2>&1 || die "cannot install HAProxy (see $LOGS/haproxy-install.log)"
  command -v haproxy >/dev/null || die "HAProxy is not on the PATH after installing it"
}

haproxy_config() { # the proxy in front of the consent-service instances, on consent_port
  local name
  cat <<CFG
# Written by services.sh up (CONSENT_INSTANCES=$INSTANCES); regenerated at every up.
global
  log stdout format raw local0 notice
  maxconn 4096
defaults
  mode tcp
  log global
  option tcplog
  option redispatch
  retries 2
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout check 2s
frontend consent-service
  bind $(bind_of CONSENT_SERVICE):$(consent_port)
  default_backend consent-instances
backend consent-instances
  # TLS passes through: each instance serves HTTPS (and mutual TLS) itself.
  balance leastconn
  option httpchk
  http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host $(host_of CONSENT_SERVICE)
  http-check expect status 200
  # Each connection starts with a PROXY protocol v2 header carrying the client's address, which the
  # instances' rate limits and access log use (CONSENT_HTTP_PROXY_PROTOCOL=true); checks send it too.
  default-server send-proxy-v2 check-send-proxy check check-ssl verify required ca-file $TLS/ca.crt crt $TLS/haproxy-check.pem inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
CFG
  for name in $(consent_names); do
    echo "  server ${name#consent-service-} $(host_of CONSENT_SERVICE):$(instance_port "$name")"
  done
}

proxy_start() { # HAProxy on consent_port, supervised like the services
  alive haproxy && return 0
  mkdir -p "$RUN_DIR/services" "$PIDS" "$LOGS"
  haproxy_install
  # The health checks' client certificate (the consent-service may require one: CONSENT_LEDGER_MTLS).
  cat "$TLS/provider1.crt" "$TLS/provider1.key" >"$TLS/haproxy-check.pem"
  chmod 600 "$TLS/haproxy-check.pem"
  local cfg=$RUN_DIR/services/haproxy.cfg
  haproxy_config >"$cfg"
  haproxy -c -q -f "$cfg" || die "HAProxy refused $cfg"
  rm -f "$SUPERVISOR/haproxy.supervisor" "$SUPERVISOR/haproxy.child"
  # shellcheck disable=SC2046
  setsid $(netns_prefix CONSENT_SERVICE) "$HERE/supervise.sh" haproxy "$SUPERVISOR" haproxy -db -f "$cfg" >>"$LOGS/haproxy.log" 2>&1 </dev/null &
  echo $! >"$PIDS/haproxy.pid"
  for _ in $(seq 1 100); do
    curl -fsS --cacert "$TLS/ca.crt" -o /dev/null "$(consent_url)/openapi.yaml" 2>/dev/null && return 0
    sleep 0.2
  done
  die "HAProxy did not answer on port $(consent_port) (see $LOGS/haproxy.log)"
}

start_all() {
  "$HERE/service-tls.sh" "$TLS" "did-resolver=$(host_of DID_RESOLVER),$(bind_of DID_RESOLVER)" \
    "consent-service=$(host_of CONSENT_SERVICE),$(bind_of CONSENT_SERVICE)"
  # did-resolver starts while the consent-service instances start one after the other.
  spawn did-resolver did-resolver kr.consentledger.resolver.boot.DidResolverMain DID_RESOLVER "$(resolver_port)" \
    DID_RESOLVER_HOST="$(bind_of DID_RESOLVER)" DID_RESOLVER_PORT="$(resolver_port)" \
    DID_RESOLVER_TLS_CERT="$TLS/did-resolver.crt" DID_RESOLVER_TLS_KEY="$TLS/did-resolver.key"
  local name
  if [ "$RECORDED_INSTANCES" != "$INSTANCES" ]; then stop_consent; fi
  mkdir -p "$RUN_DIR/services"
  echo "$INSTANCES" >"$RUN_DIR/services/instances"
  for name in $(consent_names); do launch_consent "$name" "$(instance_port "$name")"; done
  await_service did-resolver DID_RESOLVER "$(resolver_port)"
  [ "$INSTANCES" = 1 ] || proxy_start
}

stop_consent() { # every consent-service process and the proxy, however many instances were started
  local f
  stop haproxy
  for f in "$PIDS"/consent-service.pid "$PIDS"/consent-service-*.pid; do
    [ -e "$f" ] && stop "$(basename "$f" .pid)"
  done
  return 0
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
    log "did-resolver on $(resolver_url), consent-service on $(consent_url)"
    [ "$INSTANCES" = 1 ] || log "  ($INSTANCES consent-service instances behind HAProxy: ports $(($(consent_port) + 1))-$(($(consent_port) + INSTANCES)), config $RUN_DIR/services/haproxy.cfg)"
    log "try: curl --cacert $TLS/ca.crt $(consent_url)/openapi.yaml"
    log "  (or export CURL_CA_BUNDLE=$TLS/ca.crt; a provider's client certificate: --cert $TLS/provider1.crt --key $TLS/provider1.key)" ;;
  down) stop_consent; stop did-resolver ;;
  status)
    rc=0
    entries="did-resolver:$(resolver_port)"
    for n in $(consent_names); do entries+=" $n:$(instance_port "$n")"; done
    [ "$INSTANCES" = 1 ] || entries+=" haproxy:$(consent_port)"
    for s in $entries; do
      n=${s%%:*}
      if [ "$n" = did-resolver ]; then h=$(host_of DID_RESOLVER); else h=$(host_of CONSENT_SERVICE); fi
      if service_up "$n"; then printf '%-14s %s%s\n' "$n" "up https://$h:${s#*:}" "$(restart_note "$n")"
      elif alive "$n"; then printf '%-14s %s%s\n' "$n" "restarting" "$(restart_note "$n")"; rc=3
      else printf '%-14s %s\n' "$n" down; rc=3; fi
    done
    exit $rc ;;
  admin)
    shift
    [ -f "$PROPS" ] || die "the network is not up ($PROPS missing)"
    exec java -XX:+ExitOnOutOfMemoryError -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -jar "$(app_jar ledger-admin)" --run-dir "$RUN_DIR" "$@" ;;
  *) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
