#!/usr/bin/env bash
# Runs schemathesis, with all its checks, against a live `camo serve` on loopback: requests generated from
# /openapi.yaml (bounded and seeded, so a run is repeatable), each response checked against the document.
#   scripts/serve/schemathesis-check.sh [CAMO_BINARY] [OUT_DIR]
# The pipeline is CAMO_PIPELINE, else pipelines/default.yaml when the models are present, else an evidence-only one.
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=${1:-.build/release/camo}
OUT=${2:-$(mktemp -d "${TMPDIR:-/tmp}/camo-schemathesis.XXXXXX")}
mkdir -p "$OUT"
# As a module, so that it runs wherever pip put its console script (a per-user install need not be on PATH).
ST=(python3 -m schemathesis.cli)
"${ST[@]}" --version >/dev/null 2>&1 || { echo "FAIL: schemathesis is not installed (scripts/install-deps.sh tests)"; exit 1; }

PIPELINE=${CAMO_PIPELINE:-}
if [ -z "$PIPELINE" ]; then
    if [ -f "${CAMO_MODELS:-../shared/models}/face/yunet_2023mar.onnx" ]; then
        PIPELINE=pipelines/default.yaml
    else
        PIPELINE="$OUT/evidence-only.yaml"
        printf 'name: evidence-only\ngate: { face_detector: none, object_detector: none, landmarks: none }\nexperts:\n  - { name: watermark, kind: watermark, serves: [general] }\n' >"$PIPELINE"
    fi
fi

SERVER=
stop_server() {
    [ -n "$SERVER" ] || return 0
    kill -TERM "$SERVER" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=
}
trap stop_server EXIT
"$CAMO" serve --host 127.0.0.1 --port 0 --pipeline "$PIPELINE" >"$OUT/server.log" 2>&1 &
SERVER=$!
PORT=
for _ in $(seq 1 300); do
    PORT=$(grep -o 'listening on 127\.0\.0\.1:[0-9]*' "$OUT/server.log" | head -1 | cut -d: -f2 || true)
    [ -n "$PORT" ] && break
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAIL: camo serve did not start (see $OUT/server.log)"; cat "$OUT/server.log"; exit 1; }
READY=
for _ in $(seq 1 1200); do
    curl -fsS --max-time 2 "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && { READY=1; break; }
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
done
[ -n "$READY" ] || { echo "FAIL: camo serve never became ready (see $OUT/server.log)"; tail -5 "$OUT/server.log"; exit 1; }

# Two seeds, 100 examples per operation each; every check schemathesis has. It exits non-zero on any failure.
for seed in 1 2; do
    (cd "$OUT" && "${ST[@]}" run "http://127.0.0.1:$PORT/openapi.yaml" --checks all --max-examples 100 --seed "$seed" \
        --workers 1 --request-timeout 60 --report junit --report-dir "$OUT/report-$seed") | tail -25
done
stop_server
echo "schemathesis: every check passed (seeds 1 and 2)"
