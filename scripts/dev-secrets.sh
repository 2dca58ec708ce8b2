#!/usr/bin/env bash
# Prints (creating once, completing when new ones are added) the development secrets of this machine: the Data
# Protection master key and the passwords of the metadata database's and RabbitMQ's roles. They live with the state
# they protect (CP_SECRETS_DIR, default /var/tmp/controlplane/secrets, mode 0700, files 0600), not in a checkout: a
# second clone must use the same master key against the same metadata database.
set -euo pipefail
DIR=${CP_SECRETS_DIR:-/var/tmp/controlplane/secrets}
LEGACY=$(cd "$(dirname "$0")/.." && pwd)/.state/dev-secrets.env
# The state directory above holds the servers' data, which their own OS users must reach: only the secrets are private.
(umask 022; mkdir -p "$(dirname "$DIR")")
umask 077
mkdir -p "$DIR"
chmod 700 "$DIR"
file="$DIR/dev-secrets.env"

key_of() { sed -n "s/^ControlPlane__DataProtection__MasterKey=//p" "$1"; }
if [ -f "$LEGACY" ]; then
  if [ ! -f "$file" ]; then
    # The checkout's key may have encrypted data in the metadata database: keep it, never generate a new one over it.
    cp "$LEGACY" "$file.tmp" && mv "$file.tmp" "$file" && rm -f "$LEGACY"
    echo "dev-secrets: moved $LEGACY to $file" >&2
  elif [ "$(key_of "$LEGACY")" = "$(key_of "$file")" ]; then
    rm -f "$LEGACY"
  else
    echo "dev-secrets: $LEGACY holds another master key than $file; using $file and leaving the old one in place" >&2
  fi
fi

touch "$file"
chmod 600 "$file"
password() { head -c 18 /dev/urandom | base64 -w0 | tr '+/' '-_'; }
ensure() { grep -q "^$1=" "$file" || echo "$1=$2" >> "$file"; }
ensure ControlPlane__DataProtection__MasterKey "$(head -c 32 /dev/urandom | base64 -w0)"
ensure ControlPlane__WorkerDbPassword "$(password)"
ensure CP_PG_OWNER_PASSWORD "$(password)"
ensure CP_PG_TEST_PASSWORD "$(password)"
ensure CP_RMQ_API_PASSWORD "$(password)"
ensure CP_RMQ_WORKER_PASSWORD "$(password)"
ensure CP_RMQ_TEST_PASSWORD "$(password)"
cat "$file"
