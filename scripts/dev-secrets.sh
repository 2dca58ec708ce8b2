#!/usr/bin/env bash
# Prints (creating once) the local development secrets: the Data Protection master key and the worker's DB password.
# They live in .state/ (ignored by git), so a restarted `make run` can still decrypt what it stored before.
set -euo pipefail
STATE=${CP_STATE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.state}
mkdir -p "$STATE"
chmod 700 "$STATE"
file="$STATE/dev-secrets.env"
if [ ! -f "$file" ]; then
  umask 077
  {
    echo "ControlPlane__DataProtection__MasterKey=$(head -c 32 /dev/urandom | base64 -w0)"
    echo "ControlPlane__WorkerDbPassword=$(head -c 18 /dev/urandom | base64 -w0 | tr '+/' '-_')"
  } > "$file"
fi
cat "$file"
