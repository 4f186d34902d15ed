#!/usr/bin/env bash
# Bounded loopback load on `camo serve`: 16 connections for 30 s, then 64 for 30 s, posting a 0.5-megapixel JPEG.
# Prints requests/s, p50/p99 latency, responses by status (from /metrics) and the server's RSS before and after.
#   scripts/serve/load-test.sh [CAMO_BINARY] [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=${1:-.build/release/camo}
DURATION=${2:-30}
PORT=${CAMO_LOAD_PORT:-18081}
OUT=.build-serve-load
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

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

"$CAMO" serve --host 127.0.0.1 --port "$PORT" ${CAMO_PIPELINE:+--pipeline "$CAMO_PIPELINE"} \
    ${CAMO_MAX_CONCURRENCY:+--max-concurrency "$CAMO_MAX_CONCURRENCY"} ${CAMO_QUEUE:+--queue "$CAMO_QUEUE"} \
    >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$SERVER/status"; }
echo "RSS at start: $(rss)"
# Warm-up, so the growth measured is steady state, not first-touch allocation.
IMAGE="$IMAGE" wrk -t2 -c16 -d5s --timeout 10s -s scripts/serve/post-image.lua "http://127.0.0.1:$PORT" >/dev/null
echo "RSS after warm-up: $(rss)"
for connections in 16 64; do
    echo "== $connections connections, ${DURATION}s"
    IMAGE="$IMAGE" wrk -t2 -c"$connections" -d"${DURATION}s" --timeout 10s --latency -s scripts/serve/post-image.lua \
        "http://127.0.0.1:$PORT" | grep -E "requests/s|p50_ms|socket_errors|Requests/sec"
    echo "RSS: $(rss)"
done
echo "== responses by status since start"
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep '^camo_http_responses_total'
