#!/usr/bin/env bash
# Builds the OCI image tars of the chaincode server, did-resolver, consent-service and ledger-admin
# without a Docker daemon (Jib's buildTar, Maven profile `images`), then checks them
# (check-images.sh). Extra arguments go to Maven. The tars: <module>/target/image/<module>.tar;
# load one with `podman load -i …`, `skopeo copy oci-archive:… docker://registry/…` or
# `ctr image import …` on a host that has them.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rootfs=$("$ROOT/deploy/images/jre-rootfs.sh")
(cd "$ROOT" && mvn -B -q -Pimages -Dimage.rootfs="$rootfs" \
  -pl ledger-chaincode,did-resolver,consent-service,ledger-admin -am package -DskipTests "$@")
exec "$ROOT/deploy/scripts/check-images.sh"
