#!/usr/bin/env bash
# Validates the Helm chart deploy/helm/consent-ledger offline: `helm lint --strict` and
# `helm template` with the chart's defaults and with deploy/helm/ci-values.yaml (3 orderers,
# chaincode servers, external PostgreSQL), then checks what was rendered: the objects of each kind,
# Hyperledger's images at the Fabric version network/scripts/fabric-binaries.sh builds, our images,
# the probes (/health/live and /health/ready on the services, /healthz on Fabric's nodes), and that
# our pods run as a non-root user; and that values.schema.json refuses bad values. helm is built
# once by helm-binary.sh. kubeconform is not run: its Kubernetes JSON schemas come from GitHub,
# which this build cannot reach.
# Exit code 0 when all passes; the rendered manifests stay in target/deploy/.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CHART=$ROOT/deploy/helm/consent-ledger
OUT=$ROOT/target/deploy
helm=$("$ROOT/deploy/scripts/helm-binary.sh")
fabric_version=$(sed -n 's/^FABRIC_VERSION=//p' "$ROOT/network/scripts/fabric-binaries.sh")
fail=0
log() { printf '[check-chart] %s\n' "$*" >&2; }
bad() { log "FAIL $*"; fail=1; }
mkdir -p "$OUT"

"$helm" lint --strict "$CHART" >"$OUT/lint-default.txt" 2>&1 || { cat "$OUT/lint-default.txt" >&2; bad "helm lint (defaults)"; }
"$helm" lint --strict "$CHART" -f "$ROOT/deploy/helm/ci-values.yaml" >"$OUT/lint-ci.txt" 2>&1 || { cat "$OUT/lint-ci.txt" >&2; bad "helm lint (ci-values)"; }
"$helm" template cl "$CHART" >"$OUT/default.yaml" || bad "helm template (defaults)"
"$helm" template cl "$CHART" -f "$ROOT/deploy/helm/ci-values.yaml" >"$OUT/ci.yaml" || bad "helm template (ci-values)"

# values.schema.json refuses what cannot work (here: an even number of Raft orderers).
if "$helm" template cl "$CHART" --set orderers.count=2 >/dev/null 2>&1; then bad "the values schema let 2 orderers through"; fi

count() { # file kind name-fragment: how many objects of that kind whose name contains the fragment
  awk -v kind="$2" -v frag="$3" '
    /^---/ { k = ""; n = "" }
    /^kind: / { k = $2 }
    /^  name: / && n == "" { n = $2; if (k == kind && index(n, frag)) c++ }
    END { print c + 0 }' "$1"
}
expect() { # file kind fragment n
  local got; got=$(count "$1" "$2" "$3")
  [ "$got" = "$4" ] || bad "$(basename "$1"): $4 $2 named *$3* expected, $got rendered"
}
for f in default ci; do
  file=$OUT/$f.yaml
  [ "$f" = default ] && orderers=1 chaincodes=0 pg=1 || { orderers=3 chaincodes=2 pg=0; }
  expect "$file" StatefulSet -orderer "$orderers"
  expect "$file" StatefulSet -peer0 2
  expect "$file" Service -chaincode 2
  expect "$file" Deployment -chaincode "$chaincodes"
  expect "$file" StatefulSet -postgres "$pg"
  expect "$file" Deployment -did-resolver 1
  expect "$file" Deployment -consent-service 1
  grep -q "image: \"hyperledger/fabric-peer:$fabric_version\"" "$file" || bad "$f: no hyperledger/fabric-peer:$fabric_version"
  grep -q "image: \"hyperledger/fabric-orderer:$fabric_version\"" "$file" || bad "$f: no hyperledger/fabric-orderer:$fabric_version"
  for img in did-resolver consent-service; do
    grep -q "image: registry.example.org/consent-ledger/$img:" "$file" || bad "$f: no image of $img"
  done
  [ "$f" = ci ] && { grep -q "image: registry.example.org/consent-ledger/ledger-chaincode:" "$file" || bad "ci: no chaincode image"; }
  # Every container has both probes; the services probe their health routes over HTTPS.
  containers=$(grep -c '^      containers:' "$file")  # one container per pod
  [ "$(grep -c '^          livenessProbe:' "$file")" = "$containers" ] || bad "$f: a container without a liveness probe"
  [ "$(grep -c '^          readinessProbe:' "$file")" = "$containers" ] || bad "$f: a container without a readiness probe"
  [ "$(grep -c 'httpGet: {path: /health/ready, port: https, scheme: HTTPS}' "$file")" = 2 ] || bad "$f: the services' readiness probes"
  [ "$(grep -c 'httpGet: {path: /health/live, port: https, scheme: HTTPS}' "$file")" = 4 ] || bad "$f: the services' startup and liveness probes"
  grep -q 'httpGet: {path: /healthz, port: operations}' "$file" || bad "$f: Fabric's /healthz probes"
  ours=$(grep -c 'image: registry.example.org/consent-ledger/' "$file")
  [ "$(grep -c '^        runAsUser: 65532' "$file")" = "$ours" ] || bad "$f: a pod of ours not running as 65532"
  [ "$(grep -c 'readOnlyRootFilesystem: true' "$file")" = "$ours" ] || bad "$f: a container of ours with a writable root"
done
[ $fail = 0 ] && log "chart ok: helm lint and template (defaults, ci-values), $(grep -c '^kind:' "$OUT/ci.yaml") objects in $OUT/ci.yaml"
exit $fail
