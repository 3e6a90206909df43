#!/usr/bin/env bash
# The multi-host profile on one machine: every component in a Linux network namespace of its own,
# with its own address on a private subnet (10.250.0.0/24) behind a bridge, reached by its host
# name (peer0.org1.consentledger.local, …) through a hosts file per namespace
# (/etc/netns/<namespace>/hosts, which `ip netns exec` puts in place of /etc/hosts). Every link,
# peer to peer (gossip), peer to orderer, orderer to orderer (Raft), peer to chaincode server,
# service to peer and to PostgreSQL, crosses a veth pair and the bridge, and every TLS handshake
# checks the host name the certificate was issued for. Needs root and iproute2.
#
#   multihost.sh up        the bridge, the namespaces, then network.sh up and services.sh up with
#                          the hosts of hosts.env (written into the run folder), driven from the
#                          operator's namespace clm-admin; on a failure everything is removed
#   multihost.sh join-org3 org3 joins the channel (join-org.sh, from clm-admin): its own peer and
#                          chaincode server, each in a namespace of its own
#   multihost.sh status    network.sh status and services.sh status, from clm-admin
#   multihost.sh exec CMD… a command in clm-admin with the run folder's settings (curl, peer, …)
#   multihost.sh down      stop every process, remove the namespaces, the bridge, the hosts files
#   multihost.sh reset     down, then delete the run folder
#
# Settings: CONSENT_LEDGER_MULTIHOST_RUN_DIR (default ~/.local/state/consent-ledger/multihost-run),
# CONSENT_LEDGER_PORT_BASE (default 7050: each namespace has ports of its own),
# CONSENT_LEDGER_ORDERERS (1, or 3 orderers, each in its own namespace). Only one multi-host
# system runs on a machine at a time (the namespaces and the bridge have fixed names, all
# starting with clm). Its run folder is a normal one: network.sh and services.sh work on it when
# given CONSENT_LEDGER_RUN_DIR (run them through `multihost.sh exec` so the host names resolve).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${XDG_STATE_HOME:-$HOME/.local/state}/consent-ledger
export CONSENT_LEDGER_RUN_DIR=${CONSENT_LEDGER_MULTIHOST_RUN_DIR:-$STATE/multihost-run}
RUN_DIR=$CONSENT_LEDGER_RUN_DIR
export CONSENT_LEDGER_PORT_BASE=${CONSENT_LEDGER_PORT_BASE:-7050}
BRIDGE=clmbr0
SUBNET=10.250.0
OWNER=/run/clm-multihost.owner
DOMAIN=consentledger.local

log() { printf '[multihost] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

orderers() { cat "$RUN_DIR/orderers" 2>/dev/null || echo "${CONSENT_LEDGER_ORDERERS:-1}"; }

# The components: key namespace address host-name. The services are operated by org1.
components() {
  local i
  echo "ADMIN clm-admin $SUBNET.2 admin.org1.$DOMAIN"
  for i in $(seq 1 "$(orderers)"); do
    echo "ORDERER$i clm-orderer$i $SUBNET.1$i orderer$i.orderer.$DOMAIN"
  done
  echo "PEER0_ORG1 clm-peer0-org1 $SUBNET.21 peer0.org1.$DOMAIN"
  echo "PEER0_ORG2 clm-peer0-org2 $SUBNET.22 peer0.org2.$DOMAIN"
  echo "PEER0_ORG3 clm-peer0-org3 $SUBNET.23 peer0.org3.$DOMAIN"
  echo "CHAINCODE clm-cc-org1 $SUBNET.31 chaincode.org1.$DOMAIN"
  echo "CHAINCODE_ORG3 clm-cc-org3 $SUBNET.33 chaincode.org3.$DOMAIN"
  echo "POSTGRES clm-postgres $SUBNET.41 postgres.org1.$DOMAIN"
  echo "DID_RESOLVER clm-resolver $SUBNET.51 resolver.org1.$DOMAIN"
  echo "CONSENT_SERVICE clm-consent $SUBNET.52 consent.org1.$DOMAIN"
}

in_admin() { ip netns exec clm-admin "$@"; }

remove_all() { # every clm namespace, the bridge and the hosts files; quiet when there are none
  local ns
  for ns in $(ip netns list | awk '{print $1}' | grep '^clm-' || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
  local v
  for v in $(ip -o link show | sed -n 's/^[0-9]*: \(clmv[0-9]*\)@.*/\1/p'); do ip link delete "$v" 2>/dev/null || true; done
  rmdir /etc/netns 2>/dev/null || true
  rm -f "$OWNER"
}

stop_processes() { # the run folder's processes (their pids), in whichever namespace they run
  [ -d "$RUN_DIR" ] || return 0
  "$HERE/services.sh" down >/dev/null 2>&1 || true
  "$HERE/network.sh" down >/dev/null 2>&1 || true
}

down() {
  stop_processes
  remove_all
  log "down: namespaces, bridge and hosts files removed ($RUN_DIR kept)"
}

create() {
  command -v ip >/dev/null || die "iproute2's ip is needed"
  [ "$(id -u)" = 0 ] || die "the multi-host profile needs root (network namespaces)"
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    local other; other=$(cat "$OWNER" 2>/dev/null || true)
    if [ -n "$other" ] && [ "$other" != "$RUN_DIR" ] && ls "$other"/pids/*.pid >/dev/null 2>&1; then
      die "another multi-host system is up ($other): multihost.sh down it first"
    fi
    log "removing the leftovers of an earlier run"
    remove_all
  fi
  echo "$RUN_DIR" >"$OWNER"
  ip link add "$BRIDGE" type bridge
  ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local hosts key ns addr name octet
  hosts=$(printf '127.0.0.1 localhost\n%s.1 host.%s\n' "$SUBNET" "$DOMAIN"; components | awk '{print $3, $4}')
  while read -r key ns addr name; do
    octet=${addr##*.}
    ip netns add "$ns"
    ip link add "clmv$octet" type veth peer name eth0 netns "$ns"
    ip link set "clmv$octet" master "$BRIDGE" up
    ip -n "$ns" addr add "$addr/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    mkdir -p "/etc/netns/$ns"
    echo "$hosts" >"/etc/netns/$ns/hosts"
  done < <(components)
}

write_settings() { # the run folder's hosts.env: every component's host, address and namespace
  mkdir -p "$RUN_DIR"
  {
    echo "# Written by multihost.sh up: the multi-host profile (README \"Several hosts\")."
    local key ns addr name
    while read -r key ns addr name; do
      [ "$key" = ADMIN ] && continue
      echo "CONSENT_LEDGER_HOST_$key=$name"
      echo "CONSENT_LEDGER_BIND_$key=$addr"
      echo "CONSENT_LEDGER_NETNS_$key=$ns"
    done < <(components)
    echo "CONSENT_LEDGER_POSTGRES_CLIENTS=$SUBNET.0/24"
    echo "CONSENT_LEDGER_POSTGRES_TLS=1"
  } >"$RUN_DIR/hosts.env"
  components | awk '{print $3, $4}' >"$RUN_DIR/hosts"
}

up() {
  local start=$SECONDS
  UP_OK=0
  trap '[ "$UP_OK" = 1 ] || { log "up failed: removing everything"; down; }' EXIT
  create
  write_settings
  log "namespaces up ($(components | wc -l) on $BRIDGE, $SUBNET.0/24); starting the network from clm-admin"
  in_admin "$HERE/network.sh" up
  in_admin "$HERE/services.sh" up
  UP_OK=1
  log "up in $((SECONDS - start))s; hosts: $RUN_DIR/hosts, settings: $RUN_DIR/hosts.env"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  reset) down; rm -rf "$RUN_DIR"; log "reset: removed $RUN_DIR" ;;
  join-org3)
    ip netns list | grep -q '^clm-admin' || die "the multi-host system is not up"
    in_admin "$HERE/join-org.sh" org3 ;;
  status)
    ip netns list | grep -q '^clm-admin' || die "the multi-host system is not up"
    rc=0
    in_admin "$HERE/network.sh" status || rc=$?
    in_admin "$HERE/services.sh" status || rc=$?
    exit $rc ;;
  exec)
    shift
    ip netns list | grep -q '^clm-admin' || die "the multi-host system is not up"
    in_admin "$@" ;;
  *) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
