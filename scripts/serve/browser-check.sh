#!/usr/bin/env bash
# Drives the web page in headless Chromium against a real `camo serve` on loopback: the page is opened with a
# sample image in its URL, submits it, and the check waits for the verdict to appear in the DOM. It then saves a
# phone-width and a desktop-width screenshot.
#   scripts/serve/browser-check.sh [CAMO_BINARY] [IMAGE] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=${1:-.build/release/camo}
IMAGE=${2:-Tests/Fixtures/decode/synthetic/jpeg_q85_420.jpg}
OUT=${3:-.build-serve-check}
PORT=${CAMO_CHECK_PORT:-18080}
mkdir -p "$OUT"

if ! command -v chromium >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi

"$CAMO" serve --host 127.0.0.1 --port "$PORT" ${CAMO_PIPELINE:+--pipeline "$CAMO_PIPELINE"} >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null

case "$IMAGE" in *.png) TYPE=image/png ;; *.webp) TYPE=image/webp ;; *) TYPE=image/jpeg ;; esac
SAMPLE="data:$TYPE;base64,$(base64 -w0 "$IMAGE")"
URL="http://127.0.0.1:$PORT/#sample=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$SAMPLE")"
CHROME=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=15000)

"${CHROME[@]}" --dump-dom "$URL" 2>"$OUT/chromium.log" >"$OUT/dom.html"
VERDICT=$(grep -o 'data-verdict="[a-z]*"' "$OUT/dom.html" | head -1 | cut -d'"' -f2)
if [ -z "$VERDICT" ]; then
    echo "FAIL: no verdict in the DOM (see $OUT/dom.html)"; exit 1
fi
echo "verdict in the DOM: $VERDICT"

"${CHROME[@]}" --window-size=390,1100 --screenshot="$OUT/page-phone.png" "$URL" 2>>"$OUT/chromium.log"
"${CHROME[@]}" --window-size=1280,900 --screenshot="$OUT/page-desktop.png" "$URL" 2>>"$OUT/chromium.log"
echo "screenshots: $OUT/page-phone.png $OUT/page-desktop.png"
echo "browser check: 1 passed, 0 failed"
