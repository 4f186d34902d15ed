#!/usr/bin/env bash
# Runs schemathesis, with all its checks, against a live `camo serve` on loopback: requests generated from
# /openapi.yaml (bounded and seeded, so a run is repeatable), each response checked against the document.
#   scripts/serve/schemathesis-check.sh [CAMO_BINARY] [OUT_DIR]
# The pipeline is CAMO_PIPELINE, else pipelines/default.yaml when the models are present, else an evidence-only one
# (scripts/serve/live-server.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=${1:-.build/release/camo}
OUT=${2:-$(mktemp -d "${TMPDIR:-/tmp}/camo-schemathesis.XXXXXX")}
mkdir -p "$OUT"
# As a module, so that it runs wherever pip put its console script (a per-user install need not be on PATH).
ST=(python3 -m schemathesis.cli)
"${ST[@]}" --version >/dev/null 2>&1 || { echo "FAIL: schemathesis is not installed (scripts/install-deps.sh tests)"; exit 1; }

. scripts/serve/live-server.sh
start_live_server "$CAMO" "$OUT"

# Two seeds, 100 examples per operation each; every check schemathesis has. It exits non-zero on any failure.
for seed in 1 2; do
    (cd "$OUT" && "${ST[@]}" run "http://127.0.0.1:$PORT/openapi.yaml" --checks all --max-examples 100 --seed "$seed" \
        --workers 1 --request-timeout 60 --report junit --report-dir "$OUT/report-$seed") | tail -25
done
stop_live_server
echo "schemathesis: every check passed (seeds 1 and 2)"
