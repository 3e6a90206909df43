#!/usr/bin/env bash
# A new peer organisation joins the running channel of network.sh's run folder (README "How a
# third organisation joins"):
#
#   join-org.sh org3     (org3 … org9; harmless when it has joined already)
#
#  1. the organisation's crypto material (cryptogen: its CA, its peer's and its chaincode server's
#     TLS certificates with the host names CONSENT_LEDGER_HOST_PEER0_ORG3 / _CHAINCODE_ORG3, an
#     admin and a user) and its definition (configtxgen -printOrg: MSP, policies, anchor peer);
#  2. the channel config update: the current config is fetched from the orderer, the new
#     organisation added to its Application group, the difference computed (configtxlator);
#  3. the update signed by a majority of the existing organisations' admins (the channel's
#     Application Admins policy, MAJORITY Admins: org1's and org2's both) and sent to the orderer;
#  4. the organisation's peer started and joined to the channel (from the genesis block, which it
#     replays up to the update that admits it);
#  5. its chaincode server started (chaincode as a service, its own TLS identity, accepting only
#     its own peer's client certificate), its package installed on its peer, and the chaincode
#     definition the channel has committed (name, version, sequence, endorsement policy)
#     approved by the organisation with its own package id, after which its peer runs the
#     chaincode: queries through it, and endorsements by it, succeed;
#  6. the organisation added to the run folder's orgs (network.sh up, down and status include it
#     from then on) and to network.properties.
#
# The same settings as network.sh (run folder, port base, hosts; read from hosts.env too).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=network.sh
. "$HERE/network.sh"

NEW=${1:-}
[[ "$NEW" =~ ^org[3-9]$ ]] || { sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ -f "$STAMPS/chaincode-committed" ] || die "the network is not up in $RUN_DIR (network.sh up first)"
WORK=$RUN_DIR/join/$NEW
mkdir -p "$WORK" "$LOGS"
binaries
MSP=$(msp_id "$NEW")

step() { log "$NEW: $*"; }

py_json() { python3 -c "$@"; } # script args…

# 1. Crypto material and the organisation's definition.
if [ ! -f "$STAMPS/$NEW-crypto" ]; then
  step "crypto material (cryptogen) and definition (configtxgen -printOrg)"
  { echo "PeerOrgs:"; peer_org_crypto "$NEW" chaincode; } >"$WORK/crypto-config.yaml"
  cryptogen generate --config="$WORK/crypto-config.yaml" --output="$CRYPTO" >/dev/null
  { echo "Organizations:"; peer_org_configtx "$NEW"; } >"$WORK/configtx.yaml"
  FABRIC_CFG_PATH=$WORK configtxgen -printOrg "$MSP" >"$WORK/org.json" 2>>"$LOGS/configtxgen.log"
  touch "$STAMPS/$NEW-crypto"
fi

# 2. and 3. The channel config update, signed by a majority of the existing admins.
if [ ! -f "$STAMPS/$NEW-in-channel" ]; then
  step "channel config update (configtxlator), signed by org1's and org2's admins"
  # shellcheck disable=SC2046
  as_peer_admin org1 peer channel fetch config "$WORK/config_block.pb" $(orderer_flags) -c "$CHANNEL" \
    >>"$LOGS/peer-cli.log" 2>&1 || die "fetching the channel config failed (see $LOGS/peer-cli.log)"
  configtxlator proto_decode --input "$WORK/config_block.pb" --type common.Block --output "$WORK/config_block.json"
  py_json '
import json, sys
block = json.load(open(sys.argv[1]))
config = block["data"]["data"][0]["payload"]["data"]["config"]
json.dump(config, open(sys.argv[2], "w"))
org = json.load(open(sys.argv[3]))
groups = config["channel_group"]["groups"]["Application"]["groups"]
if sys.argv[4] in groups:
    sys.exit(3)
groups[sys.argv[4]] = org
json.dump(config, open(sys.argv[5], "w"))
' "$WORK/config_block.json" "$WORK/config.json" "$WORK/org.json" "$MSP" "$WORK/modified.json" && in_channel=0 || in_channel=$?
  if [ "$in_channel" = 3 ]; then
    step "already a member of the channel's config"
  else
    [ "$in_channel" = 0 ] || die "could not edit the channel config"
    configtxlator proto_encode --input "$WORK/config.json" --type common.Config --output "$WORK/config.pb"
    configtxlator proto_encode --input "$WORK/modified.json" --type common.Config --output "$WORK/modified.pb"
    configtxlator compute_update --channel_id "$CHANNEL" --original "$WORK/config.pb" \
      --updated "$WORK/modified.pb" --output "$WORK/update.pb"
    configtxlator proto_decode --input "$WORK/update.pb" --type common.ConfigUpdate --output "$WORK/update.json"
    py_json '
import json, sys
update = json.load(open(sys.argv[1]))
envelope = {"payload": {"header": {"channel_header": {"channel_id": sys.argv[2], "type": 2}},
                        "data": {"config_update": update}}}
json.dump(envelope, open(sys.argv[3], "w"))
' "$WORK/update.json" "$CHANNEL" "$WORK/update_envelope.json"
    configtxlator proto_encode --input "$WORK/update_envelope.json" --type common.Envelope \
      --output "$WORK/update_envelope.pb"
    # org1's admin signs; org2's admin signs too as it submits the update (2 of 2: a majority).
    as_peer_admin org1 peer channel signconfigtx -f "$WORK/update_envelope.pb" >>"$LOGS/peer-cli.log" 2>&1 ||
      die "org1's admin could not sign the update (see $LOGS/peer-cli.log)"
    # shellcheck disable=SC2046
    as_peer_admin org2 peer channel update -f "$WORK/update_envelope.pb" -c "$CHANNEL" $(orderer_flags) \
      >>"$LOGS/peer-cli.log" 2>&1 || die "the channel config update failed (see $LOGS/peer-cli.log)"
  fi
  touch "$STAMPS/$NEW-in-channel"
fi

# 4. Its peer, joined to the channel.
ORGS+=("$NEW")
step "peer0.$NEW at $(peer_address "$NEW")"
start_peer "$NEW"
wait_for "peer0.$NEW health" 60 healthy "$(peer_host "$NEW")" "$(peer_ops_port "$NEW")"
join_peer "$NEW"
wait_for "peer0.$NEW to see the other organisations through gossip" 90 gossip_converged "$NEW"

# 5. Its chaincode server, its package, its approval of the committed definition.
package_chaincode "$NEW"
step "chaincode server at $(host_of "$(chaincode_key "$NEW")"):$(chaincode_port "$NEW"), package $PACKAGE_ID"
start_chaincode "$NEW" "$NEW"
if [ ! -f "$STAMPS/chaincode-installed-$NEW" ]; then
  as_peer_admin "$NEW" peer lifecycle chaincode install "$PACKAGE_FILE" >>"$LOGS/peer-cli.log" 2>&1 ||
    die "install on peer0.$NEW failed (see $LOGS/peer-cli.log)"
  touch "$STAMPS/chaincode-installed-$NEW"
fi
if [ ! -f "$STAMPS/chaincode-approved-$NEW" ]; then
  step "approving chaincode '$CC_NAME' version $CC_VERSION sequence $CC_SEQUENCE"
  # shellcheck disable=SC2046
  as_peer_admin "$NEW" peer lifecycle chaincode approveformyorg $(orderer_flags) \
    --channelID "$CHANNEL" --name "$CC_NAME" --version "$CC_VERSION" --sequence "$CC_SEQUENCE" \
    --package-id "$PACKAGE_ID" --signature-policy "$CC_POLICY" >>"$LOGS/peer-cli.log" 2>&1 ||
    die "approval by $NEW failed (see $LOGS/peer-cli.log)"
  touch "$STAMPS/chaincode-approved-$NEW"
fi
org_chaincode_ready() {
  as_peer_admin "$NEW" peer chaincode query -C "$CHANNEL" -n "$CC_NAME" \
    -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' >/dev/null 2>&1
}
wait_for "the chaincode to answer through peer0.$NEW" 90 org_chaincode_ready

# 6. A member of the run folder from now on.
grep -qw "$NEW" "$RUN_DIR/orgs" || echo "$(cat "$RUN_DIR/orgs") $NEW" >"$RUN_DIR/orgs.tmp"
[ ! -f "$RUN_DIR/orgs.tmp" ] || mv "$RUN_DIR/orgs.tmp" "$RUN_DIR/orgs"
package_chaincode org1
write_properties
step "joined: peer0.$NEW runs chaincode '$CC_NAME' on '$CHANNEL' (network.properties lists it)"
