#!/usr/bin/env bash
# The local PKI of our services (like cryptogen's for Fabric), made once per run folder with
# openssl: a CA, a server certificate per service (for 127.0.0.1 and localhost), and a separate
# client CA with one client certificate for a provider (mutual TLS). Keys are P-256, PKCS#8 PEM.
#
#   service-tls.sh DIR [SERVICE=NAME[,NAME…]…]
#                          create what is missing under DIR; prints nothing. A service's
#                          certificate names 127.0.0.1 and localhost, and the host names or
#                          addresses given for it (for example consent-service=api.example.org);
#                          a certificate that lacks one of them is issued again
#
# DIR/ca.crt                        the CA clients trust (curl --cacert DIR/ca.crt)
# DIR/<service>.crt, <service>.key  did-resolver, consent-service
# DIR/client-ca.crt                 the CA of provider client certificates
# DIR/provider1.crt, provider1.key  a client certificate from it (curl --cert … --key …)
set -euo pipefail
DIR=${1:?usage: service-tls.sh DIR [SERVICE=NAME[,NAME…]…]}
shift
declare -A EXTRA=()
for arg in "$@"; do EXTRA[${arg%%=*}]=${arg#*=}; done
mkdir -p "$DIR"
cd "$DIR"
umask 077

ca() { # name subject
  [ -s "$1.crt" ] && [ -s "$1.key" ] && return 0
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout "$1.key" -out "$1.crt" \
    -days 3650 -subj "/O=consent-ledger/CN=$2" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}

issue() { # ca name extensions
  [ -s "$2.crt" ] && [ -s "$2.key" ] && return 0
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout "$2.key" -out "$2.csr" \
    -subj "/O=consent-ledger/CN=$2" 2>/dev/null
  printf '%b' "$3" >"$2.ext"
  openssl x509 -req -in "$2.csr" -CA "$1.crt" -CAkey "$1.key" -CAcreateserial -out "$2.crt" -days 825 \
    -extfile "$2.ext" 2>/dev/null
  rm -f "$2.csr" "$2.ext"
}

ca ca "consent-ledger local CA"
ca client-ca "consent-ledger provider client CA"
san() { # service: its subjectAltName value
  local list="IP:127.0.0.1,DNS:localhost" name
  IFS=, read -ra names <<<"${EXTRA[$1]:-}"
  for name in "${names[@]}"; do
    case $name in 127.0.0.1 | localhost | "") ;;
      *[!0-9.]*) list+=",DNS:$name" ;;
      *) list+=",IP:$name" ;;
    esac
  done
  echo "$list"
}

for service in did-resolver consent-service; do
  want=$(san "$service")
  if [ -s "$service.crt" ]; then
    have=$(openssl x509 -in "$service.crt" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' ' | sed 's/IPAddress:/IP:/g')
    for entry in ${want//,/ }; do
      grep -qF ",$entry," <<<",$have," || { rm -f "$service.crt" "$service.key"; break; }
    done
  fi
  issue ca "$service" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=$want\n"
done
issue client-ca provider1 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n'
chmod 644 ./*.crt
