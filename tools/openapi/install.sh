#!/usr/bin/env bash
# Installs the pinned Redocly CLI from package-lock.json into node_modules/ (npm ci), only when the lockfile changed
# since the last install, so a repeated `make test` needs no registry. scripts/install-deps.sh and lint.sh call it.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null 2>&1 || { echo "tools/openapi: npm is missing (Node.js 20+ with npm)" >&2; exit 1; }
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.controlplane-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  NO_UPDATE_NOTIFIER=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$lock_sum" > node_modules/.controlplane-lock-sha256
fi
