#!/usr/bin/env bash
# Drives the web page in headless Chromium against a real `camo serve` on loopback: the page is opened with a
# sample image in its URL, submits it, and the check waits for the verdict, the experts' rows and (when the gate
# found faces or objects) the box legend in the DOM. It then saves a phone-width and a desktop-width screenshot.
#   scripts/serve/browser-check.sh [CAMO_BINARY] [IMAGE] [OUT_DIR]
# Defaults: .build/release/camo; a dev-set photo with faces (else a synthetic fixture); a fresh temporary folder.
# The pipeline is CAMO_PIPELINE, else pipelines/default.yaml when the models are present, else an evidence-only one
# (scripts/serve/live-server.sh).
# Everything is written under OUT_DIR (the server log, Chromium's profile, the DOM, the screenshots).
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=${1:-.build/release/camo}
SAMPLES=${CAMO_SAMPLES:-../shared/data/dev}
FACES="$SAMPLES/real/deepface__tests__unit__dataset__img10.jpg"
if [ -f "$FACES" ]; then DEFAULT_IMAGE=$FACES; else DEFAULT_IMAGE=Tests/Fixtures/decode/synthetic/jpeg_q85_420.jpg; fi
IMAGE=${2:-$DEFAULT_IMAGE}
OUT=${3:-$(mktemp -d "${TMPDIR:-/tmp}/camo-browser-check.XXXXXX")}
mkdir -p "$OUT"
command -v chromium >/dev/null || { echo "FAIL: chromium is not installed (scripts/install-deps.sh browser)"; exit 1; }

. scripts/serve/live-server.sh
start_live_server "$CAMO" "$OUT"

case "$IMAGE" in *.png) TYPE=image/png ;; *.webp) TYPE=image/webp ;; *) TYPE=image/jpeg ;; esac
# The sample travels in the page's URL as a data: URL, and a command-line argument holds at most 128 KB: a larger
# image is re-encoded as a JPEG of at most 640 px a side first.
if [ "$(stat -c %s "$IMAGE")" -gt 60000 ]; then
    python3 - "$IMAGE" "$OUT/sample.jpg" <<'PY'
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert("RGB")
image.thumbnail((640, 640))
image.save(sys.argv[2], quality=85)
PY
    IMAGE="$OUT/sample.jpg"; TYPE=image/jpeg
fi
# What the API says about the sample, to know what the page must show.
curl -fsS --max-time 60 -H "Content-Type: $TYPE" --data-binary @"$IMAGE" "http://127.0.0.1:$PORT/v1/detect" >"$OUT/result.json"
BOXES=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); g = r.get("gate") or {}; print(len(g.get("faces", [])) + len(g.get("objects", [])))' "$OUT/result.json")

URL="http://127.0.0.1:$PORT/#sample=$(python3 -c 'import base64, sys, urllib.parse
print(urllib.parse.quote("data:%s;base64,%s" % (sys.argv[1], base64.b64encode(open(sys.argv[2], "rb").read()).decode()), safe=""))' "$TYPE" "$IMAGE")"
chrome() {
    # A private profile under OUT; `timeout` ends a hung browser and everything it started.
    timeout -k 5 90 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --disable-extensions --disable-background-networking --user-data-dir="$OUT/profile" \
        --virtual-time-budget=15000 "$@" 2>>"$OUT/chromium.log"
}

chrome --dump-dom "$URL" >"$OUT/dom.html"
VERDICT=$(grep -o 'data-verdict="[a-z]*"' "$OUT/dom.html" | head -1 | cut -d'"' -f2 || true)
[ -n "$VERDICT" ] || { echo "FAIL: no verdict in the DOM (see $OUT/dom.html)"; exit 1; }
EXPECTED=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["verdict"])' "$OUT/result.json")
[ "$VERDICT" = "$EXPECTED" ] || { echo "FAIL: the page shows '$VERDICT', the API said '$EXPECTED'"; exit 1; }
# The basis and its sentence, as the API gave them; `uncertain` must never be drawn in the colour of `real`.
BASIS=$(grep -o 'data-basis="[a-z_]*"' "$OUT/dom.html" | head -1 | cut -d'"' -f2 || true)
EXPECTED_BASIS=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["basis"])' "$OUT/result.json")
[ "$BASIS" = "$EXPECTED_BASIS" ] || { echo "FAIL: the page shows basis '$BASIS', the API said '$EXPECTED_BASIS'"; exit 1; }
python3 - "$OUT/result.json" "$OUT/dom.html" <<'PY' || exit 1
import html, json, sys
reason = json.load(open(sys.argv[1]))["reason"]
dom = open(sys.argv[2], encoding="utf-8").read()
if html.escape(reason, quote=False) not in dom:
    sys.exit("FAIL: the page does not show the result's reason: " + reason)
PY
if grep -q -- '--uncertain: #1b6e3a\|#verdict.uncertain { color: var(--real)' "$OUT/dom.html"; then
    echo "FAIL: uncertain is drawn in the colour of real"; exit 1
fi
ROWS=$(grep -o '<tr[^>]*><td>' "$OUT/dom.html" | wc -l)
[ "$ROWS" -ge 1 ] || { echo "FAIL: no expert rows in the DOM"; exit 1; }
if [ "$BOXES" -gt 0 ] && ! grep -q 'blue: faces' "$OUT/dom.html"; then
    echo "FAIL: the gate found $BOXES faces or objects but the page drew no boxes"; exit 1
fi
echo "in the DOM: verdict $VERDICT ($BASIS) with its reason, $ROWS expert rows, $BOXES boxes from the gate"

# A video: the page posts it as a job, asks for it until done, and draws one bar per judged frame.
VIDEO=Tests/Fixtures/video/face-h264-audio.mp4
VIDEO_URL="http://127.0.0.1:$PORT/#sample=$(python3 -c 'import base64, sys, urllib.parse
print(urllib.parse.quote("data:video/mp4;base64,%s" % base64.b64encode(open(sys.argv[1], "rb").read()).decode(), safe=""))' "$VIDEO")"
chrome --dump-dom "$VIDEO_URL" >"$OUT/dom-video.html"
python3 - "$OUT/dom-video.html" "$PORT" "$VIDEO" <<'PY' || exit 1
import json, re, sys, time, urllib.request
dom, port, video = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/jobs?every=0.5", data=open(video, "rb").read(), headers={"Content-Type": "video/mp4"})
job = json.load(urllib.request.urlopen(request))
for _ in range(300):
    job = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}"))
    if job["status"] in ("done", "failed"):
        break
    time.sleep(0.2)
result = job["result"]
verdict = re.search(r'data-verdict="([a-z]*)"', dom)
frames = re.search(r'data-frames="([0-9]+)"', dom)
bars = len(re.findall(r'class="frame"', dom))
if not verdict or verdict.group(1) != result["verdict"]:
    sys.exit(f"FAIL: the page shows video verdict {verdict and verdict.group(1)!r}, the API said {result['verdict']!r}")
if not frames or int(frames.group(1)) != len(result["frames"]) or bars != len(result["frames"]):
    sys.exit(f"FAIL: the timeline has {bars} bars, the API judged {len(result['frames'])} frames")
print(f"in the DOM for a video: verdict {result['verdict']}, a timeline of {bars} frame bars")
PY
chrome --window-size=1280,900 --screenshot="$OUT/page-video.png" "$VIDEO_URL" >/dev/null

chrome --window-size=390,1400 --screenshot="$OUT/page-phone.png" "$URL" >/dev/null
chrome --window-size=1280,900 --screenshot="$OUT/page-desktop.png" "$URL" >/dev/null
for shot in page-phone page-desktop; do
    [ -s "$OUT/$shot.png" ] || { echo "FAIL: no $shot screenshot"; exit 1; }
done
stop_live_server
echo "screenshots: $OUT/page-phone.png $OUT/page-desktop.png"
echo "browser check: 2 passed (an image, a video), 0 failed"
