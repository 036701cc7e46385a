{{/* The chart's name, shortened to the 63 characters Kubernetes allows. */}}
{{- define "batna.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name: the release name alone when it already contains the chart's. */}}
{{- define "batna.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "batna.selectorLabels" -}}
app.kubernetes.io/name: {{ include "batna.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Selector labels of a pod that is not an API server (worker, purge, migrate): a name of
its own, so the API's Service, PDB, HPA and NetworkPolicy never select it.
*/}}
{{- define "batna.partSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-%s" (include "batna.name" .root) .part | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "batna.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "batna.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "batna.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The Secret holding the database URL: the operator's, or the chart's own. */}}
{{- define "batna.secretName" -}}
{{- .Values.database.existingSecret | default (printf "%s-database" (include "batna.fullname" .)) -}}
{{- end -}}

{{/* The Secret holding the API key pepper: the operator's, or the chart's own. */}}
{{- define "batna.pepperSecretName" -}}
{{- .Values.keyPepper.existingSecret | default (printf "%s-key-pepper" (include "batna.fullname" .)) -}}
{{- end -}}

{{/* Hardened security contexts shared by the server and the migration job. */}}
{{- define "batna.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "batna.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 10001
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The environment every batna container gets. */}}
{{- define "batna.env" -}}
- name: BATNA_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "batna.secretName" . }}
      key: {{ .Values.database.existingSecretKey }}
- name: BATNA_KEY_PEPPER
  valueFrom:
    secretKeyRef:
      name: {{ include "batna.pepperSecretName" . }}
      key: {{ .Values.keyPepper.existingSecretKey }}
{{- end -}}
