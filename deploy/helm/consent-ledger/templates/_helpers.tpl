{{/* The release-scoped name prefix of every object. */}}
{{- define "cl.name" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries; call with (dict "root" $ "component" "peer"). */}}
{{- define "cl.labels" -}}
app.kubernetes.io/name: consent-ledger
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/component: {{ .component }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* Selector labels; call with (dict "root" $ "component" "peer" "instance" "org1"). */}}
{{- define "cl.selector" -}}
app.kubernetes.io/name: consent-ledger
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- with .instance }}
consent-ledger/node: {{ . }}
{{- end }}
{{- end -}}

{{/* One of our images: (dict "root" $ "name" "did-resolver"). */}}
{{- define "cl.image" -}}
{{ printf "%s/%s:%s" .root.Values.images.registry .name .root.Values.images.tag }}
{{- end -}}

{{/* The pod security context of our images (Jib, user 65532) and the container one. */}}
{{- define "cl.podSecurity" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}
{{- define "cl.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* A Fabric node's MSP folder from its crypto Secret (keys msp-*). */}}
{{- define "cl.mspVolume" -}}
- name: msp
  projected:
    sources:
      - secret:
          name: {{ .secret }}
          items:
            - {key: msp-signcert.pem, path: signcerts/cert.pem}
            - {key: msp-key.pem, path: keystore/key.pem}
            - {key: msp-cacert.pem, path: cacerts/ca.pem}
            - {key: msp-tlscacert.pem, path: tlscacerts/tlsca.pem}
            - {key: msp-config.yaml, path: config.yaml}
- name: tls
  secret:
    secretName: {{ .secret }}
    items:
      - {key: tls.crt, path: server.crt}
      - {key: tls.key, path: server.key}
      - {key: tls-ca.crt, path: ca.crt}
{{- end -}}

{{/* The FABRIC_* variables both services read (GatewayEndpoint.fromEnvironment, LedgerTarget). */}}
{{- define "cl.gatewayEnv" -}}
{{- $org := .Values.gatewayIdentity.organization -}}
{{- $msp := "" -}}
{{- range .Values.organizations }}{{ if eq .name $org }}{{ $msp = .mspId }}{{ end }}{{ end -}}
- {name: FABRIC_PEER_ENDPOINT, value: "{{ include "cl.name" . }}-{{ $org }}-peer0:7051"}
- {name: FABRIC_TLS_CA_CERT, value: /var/run/fabric/tlsca.pem}
- {name: FABRIC_MSP_ID, value: {{ required "gatewayIdentity.organization must name one of organizations" $msp }}}
- {name: FABRIC_CERT, value: /var/run/fabric/cert.pem}
- {name: FABRIC_KEY, value: /var/run/fabric/keystore}
- {name: FABRIC_CHANNEL, value: {{ .Values.fabric.channel }}}
- {name: FABRIC_CHAINCODE, value: {{ .Values.fabric.chaincode }}}
{{- end -}}

{{- define "cl.gatewayVolume" -}}
- name: fabric
  secret:
    secretName: {{ .Values.gatewayIdentity.secret }}
    items:
      - {key: cert.pem, path: cert.pem}
      - {key: key.pem, path: keystore/key.pem}
      - {key: tlsca.pem, path: tlsca.pem}
{{- end -}}

{{/* Liveness and readiness of our services (service-kit's /health/live and /health/ready). */}}
{{- define "cl.serviceProbes" -}}
startupProbe:
  httpGet: {path: /health/live, port: https, scheme: HTTPS}
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /health/live, port: https, scheme: HTTPS}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /health/ready, port: https, scheme: HTTPS}
  periodSeconds: 5
  failureThreshold: 2
{{- end -}}
