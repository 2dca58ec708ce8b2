#!/usr/bin/env bash
# Lints the committed OpenAPI document with Redocly CLI (the version package-lock.json pins) and the `recommended`
# ruleset as redocly.yaml configures it, and fails on any error or warning: `redocly lint` itself fails on errors only.
set -euo pipefail
cd "$(dirname "$0")"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

bash ./install.sh

report=$(mktemp)
trap 'rm -f "$report"' EXIT
set +e
./node_modules/.bin/redocly lint --config redocly.yaml --format stylish
./node_modules/.bin/redocly lint --config redocly.yaml --format json >"$report" 2>/dev/null
set -e
/usr/bin/python3 - "$report" <<'PY'
import json, sys
totals = json.load(open(sys.argv[1]))["totals"]
print(f"redocly: {totals['errors']} errors, {totals['warnings']} warnings")
sys.exit(1 if totals["errors"] or totals["warnings"] else 0)
PY
