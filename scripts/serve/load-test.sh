#!/usr/bin/env bash
# Bounded loopback load on `camo serve`: a 15 s warm-up (16 connections), 16 connections for 30 s, then 64 for 30 s, posting a
# 0.5-megapixel JPEG. Prints, per phase, requests/s, p50/p99 latency, responses by status (from /metrics) and the
# server's RSS after it.
#   scripts/serve/load-test.sh [CAMO_BINARY] [DURATION_SECONDS]
# The pipeline is CAMO_PIPELINE (default pipelines/default.yaml); CAMO_MAX_CONCURRENCY and CAMO_QUEUE pass through,
# and so does the environment (e.g. MALLOC_ARENA_MAX). Files go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=${1:-.build/release/camo}
DURATION=${2:-30}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/camo-load.XXXXXX")
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

# A 816x612 (0.5 MP) JPEG, made deterministically.
IMAGE="$OUT/half-megapixel.jpg"
python3 - "$IMAGE" <<'PY'
import sys
import numpy as np
from PIL import Image
rng = np.random.default_rng(7)
y, x = np.mgrid[0:612, 0:816]
pixels = np.stack([(x * 255 // 815), (y * 255 // 611), ((x + y) % 256)], axis=-1).astype(np.int16)
pixels += rng.integers(-20, 21, size=pixels.shape)
Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(sys.argv[1], quality=90)
PY
echo "image: 816x612 JPEG, $(stat -c %s "$IMAGE") bytes"

"$CAMO" serve --host 127.0.0.1 --port 0 --pipeline "${CAMO_PIPELINE:-pipelines/default.yaml}" \
    ${CAMO_MAX_CONCURRENCY:+--max-concurrency "$CAMO_MAX_CONCURRENCY"} ${CAMO_QUEUE:+--queue "$CAMO_QUEUE"} \
    >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
PORT=
for _ in $(seq 1 300); do
    PORT=$(grep -o 'listening on 127\.0\.0\.1:[0-9]*' "$OUT/server.log" | head -1 | cut -d: -f2 || true)
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "camo serve did not start"; cat "$OUT/server.log"; exit 1; }
for _ in $(seq 1 1200); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -E '^camo_(model_load|warm_up)_seconds'

rss() { awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$SERVER/status"; }
# /v1/detect answers by status, from /metrics minus what the probes (/readyz while loading) contributed.
statuses() { curl -fsS "http://127.0.0.1:$PORT/metrics" | awk -F'[" ]' '/^camo_http_responses_total/ {print $2, $4}'; }
# Each scrape is itself counted as a 200 by the next one, hence SCRAPES.
BEFORE=$(statuses)
SCRAPES=1
since_start() {
    { echo "$BEFORE" | sed 's/^/before /'; statuses | sed 's/^/now /'; } |
        awk -v scrapes="$SCRAPES" '$1 == "before" {b[$2] = $3} $1 == "now" {n[$2] = $3}
            END {for (s in n) printf "%s=%d ", s, n[s] - b[s] - (s == "200" ? scrapes : 0)}'
}
echo "RSS when ready: $(rss)"
phase() {
    local connections=$1 seconds=$2
    echo "== $connections connections, ${seconds}s"
    IMAGE="$IMAGE" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s scripts/serve/post-image.lua \
        "http://127.0.0.1:$PORT" | grep -E "requests/s|p50_ms|socket_errors"
    echo "detect responses since the load began, by status: $(since_start)"
    SCRAPES=$((SCRAPES + 1))
    echo "RSS: $(rss)"
}
phase 16 15
phase 16 "$DURATION"
phase 64 "$DURATION"
