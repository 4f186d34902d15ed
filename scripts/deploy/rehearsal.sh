#!/usr/bin/env bash
# A rehearsal of a deployment on this machine (docs/deploy.md): three `camo serve` replicas on loopback behind a real
# nginx (Debian's) that retries a request on the next replica when one fails; a bounded wrk load through it during
# which one replica gets SIGTERM (it drains) and another SIGKILL (its requests in flight fail and are retried); the
# replicas' answers for the same image compared; then four `camo eval --shard i/4` at once, merged, against one
# unsharded run, and a shard killed mid-run and re-run from its cache.
#   scripts/deploy/rehearsal.sh [CAMO_BINARY] [DATASET]
# DATASET: a labelled dataset for the eval part (default: the first 48 images of the dev set's manifest).
# Needs nginx and wrk (apt-get install nginx-light wrk). Everything is written to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=$(realpath "${1:-.build/release/camo}")
DEV=${CAMO_DEV_DATA:-../shared/data/dev}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/camo-rehearsal.XXXXXX")
command -v nginx >/dev/null || { echo "FAIL: nginx is not installed (apt-get install nginx-light)"; exit 1; }
command -v wrk >/dev/null || { echo "FAIL: wrk is not installed (apt-get install wrk)"; exit 1; }
PIDS=()
NGINX=
cleanup() {
    [ -n "$NGINX" ] && kill -QUIT "$NGINX" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# Three replicas, each with a queue deep enough that the load below never overflows it: every answer is then a 200,
# and anything else is a lost request.
PORTS=()
for i in 1 2 3; do
    "$CAMO" serve --host 127.0.0.1 --port 0 --queue 64 >"$OUT/replica$i.log" 2>&1 &
    PIDS+=($!)
done
for i in 1 2 3; do
    for _ in $(seq 1 300); do
        PORT=$(grep -o 'listening on 127\.0\.0\.1:[0-9]*' "$OUT/replica$i.log" | head -1 | cut -d: -f2 || true)
        [ -n "$PORT" ] && break; sleep 0.1
    done
    [ -n "$PORT" ] || { echo "FAIL: replica $i did not start"; cat "$OUT/replica$i.log"; exit 1; }
    for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
    PORTS+=("$PORT")
done
echo "replicas ready on ports ${PORTS[*]}"

# nginx: passive health checks (a replica that fails is left alone for 3 s) and a retry on the next replica for
# a connection error, a timeout or a 502 — POST included, since judging an image changes nothing.
NGINX_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$OUT/nginx"
# Started as root, nginx's workers run as nobody: they must reach its temporary folders.
chmod 755 "$OUT"; chmod 1777 "$OUT/nginx"
cat >"$OUT/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log $OUT/nginx/access.log;
    client_body_temp_path $OUT/nginx/body; proxy_temp_path $OUT/nginx/proxy;
    fastcgi_temp_path $OUT/nginx/fastcgi; uwsgi_temp_path $OUT/nginx/uwsgi; scgi_temp_path $OUT/nginx/scgi;
    upstream camo {
        server 127.0.0.1:${PORTS[0]} max_fails=1 fail_timeout=3s;
        server 127.0.0.1:${PORTS[1]} max_fails=1 fail_timeout=3s;
        server 127.0.0.1:${PORTS[2]} max_fails=1 fail_timeout=3s;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        client_max_body_size 20m;
        location / {
            proxy_pass http://camo;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_connect_timeout 1s;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout http_502 non_idempotent;
            proxy_next_upstream_tries 3;
        }
    }
}
CONF
nginx -c "$OUT/nginx/nginx.conf" -g 'daemon off;' &
NGINX=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "nginx on port $NGINX_PORT"

# The same image to each replica: the same answer (but the request id and timings).
IMAGE="$DEV/real/deepface__tests__unit__dataset__img10.jpg"
for i in 0 1 2; do
    curl -fsS -H 'Content-Type: image/jpeg' --data-binary @"$IMAGE" "http://127.0.0.1:${PORTS[$i]}/v1/detect" >"$OUT/answer$i.json"
done
python3 - "$OUT"/answer0.json "$OUT"/answer1.json "$OUT"/answer2.json <<'PY'
import json, sys
def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in ("id", "timings_ms", "ms")}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value
answers = [strip(json.load(open(path))) for path in sys.argv[1:]]
if any(answer != answers[0] for answer in answers[1:]):
    sys.exit("FAIL: the replicas answer the same image differently")
print(f"the three replicas give the same answer: {answers[0]['verdict']} (p_fake {answers[0]['p_fake']})")
PY

# The load, with a SIGTERM to replica 1 after 5 s and a SIGKILL to replica 2 after 10 s.
LOAD_IMAGE="$OUT/load.jpg"
python3 -c 'from PIL import Image; import sys; i = Image.open(sys.argv[1]).convert("RGB"); i.thumbnail((816, 816)); i.save(sys.argv[2], quality=90)' \
    "$IMAGE" "$LOAD_IMAGE"
IMAGE="$LOAD_IMAGE" wrk -t2 -c16 -d20s --timeout 30s -s scripts/serve/post-image.lua "http://127.0.0.1:$NGINX_PORT" >"$OUT/wrk.txt" 2>&1 &
WRK=$!
sleep 5; kill -TERM "${PIDS[0]}"; echo "replica 1 (port ${PORTS[0]}) sent SIGTERM"
sleep 5; kill -KILL "${PIDS[1]}"; echo "replica 2 (port ${PORTS[1]}) sent SIGKILL"
wait "${PIDS[1]}" 2>/dev/null || true
wait "$WRK"
cat "$OUT/wrk.txt" | grep -E "requests/s|p50_ms|socket_errors"
python3 - "$OUT/nginx/access.log" "$OUT/wrk.txt" <<'PY'
import collections, re, sys
statuses = collections.Counter(line.split('"')[2].split()[0] for line in open(sys.argv[1]) if '"POST /v1/detect' in line)
wrk = open(sys.argv[2]).read()
errors = re.search(r"connect=(\d+) read=(\d+) write=(\d+) timeout=(\d+) non2xx=(\d+)", wrk)
lost = sum(map(int, errors.groups()))
print(f"nginx answered {sum(statuses.values())} detection requests: {dict(statuses)}; wrk errors {lost}")
# 499: wrk closed its 16 connections when its time was up, with their requests in flight.
cut_off = statuses.pop("499", 0)
if lost or set(statuses) != {"200"} or cut_off > 16:
    sys.exit("FAIL: requests were lost or failed while replicas stopped")
PY
RETRIED=$(grep -c "upstream prematurely closed\|connect() failed\|Connection refused\|recv() failed" "$OUT/nginx/error.log" || true)
echo "nginx retried on another replica after $RETRIED upstream failures (its error log)"

cleanup; NGINX=; PIDS=()

# Sharded evaluation: four shards at once, merged, against one unsharded run.
DATA="$OUT/dataset"
mkdir -p "$DATA"
# The first 48 images of the dev set, linked into a dataset of their own.
python3 - "$DEV" "$DATA" <<'PY'
import csv, os, sys
dev, data = (os.path.abspath(p) for p in sys.argv[1:])
with open(os.path.join(dev, "manifest.csv"), newline="") as f:
    rows = list(csv.reader(f))
with open(os.path.join(data, "manifest.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(rows[0])
    for row in rows[1:49]:
        os.makedirs(os.path.join(data, os.path.dirname(row[0])), exist_ok=True)
        os.symlink(os.path.join(dev, row[0]), os.path.join(data, row[0]))
        writer.writerow(row)
PY
EVAL=("$CAMO" eval run "$DATA/manifest.csv" --no-progress --resamples 200)
"${EVAL[@]}" --out "$OUT/eval-whole" --cache "$OUT/whole-cache.jsonl" >/dev/null 2>&1
SHARDS=()
for i in 0 1 2 3; do "${EVAL[@]}" --shard "$i/4" --out "$OUT/shard$i" --cache "$OUT/shard$i-cache.jsonl" >/dev/null 2>&1 & SHARDS+=($!); done
for pid in "${SHARDS[@]}"; do wait "$pid" || { echo "FAIL: a shard failed"; exit 1; }; done
"$CAMO" eval merge "$DATA/manifest.csv" "$OUT"/shard{0,1,2,3} --out "$OUT/eval-merged" >/dev/null 2>&1
python3 - "$OUT/eval-whole/results.json" "$OUT/eval-merged/results.json" <<'PY'
import json, sys
whole, merged = (json.load(open(path)) for path in sys.argv[1:])
drop = {"created_at", "shards", "timings", "configuration"}
def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in drop and not k.endswith("milliseconds")}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value
if strip(whole) != strip(merged):
    for key in whole:
        if strip(whole.get(key)) != strip(merged.get(key)):
            print(f"differs: {key}")
    sys.exit("FAIL: four merged shards differ from one unsharded run")
print("four shards at once, merged: the same results as one unsharded run")
PY
# A shard killed mid-run resumes from its cache.
"${EVAL[@]}" --shard 0/4 --out "$OUT/resume" --cache "$OUT/resume-cache.jsonl" >/dev/null 2>&1 &
SHARD=$!
for _ in $(seq 1 200); do [ "$(cat "$OUT/resume-cache.jsonl" 2>/dev/null | wc -l)" -ge 3 ] && break; sleep 0.1; done
kill -KILL "$SHARD" 2>/dev/null || true; wait "$SHARD" 2>/dev/null || true
BEFORE=$(wc -l <"$OUT/resume-cache.jsonl")
"${EVAL[@]}" --shard 0/4 --out "$OUT/resume" --cache "$OUT/resume-cache.jsonl" 2>"$OUT/resume.err" >/dev/null
AFTER=$(wc -l <"$OUT/resume-cache.jsonl")
cmp -s <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps(r.get("metrics"), sort_keys=True))' "$OUT/shard0/results.json") \
       <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps(r.get("metrics"), sort_keys=True))' "$OUT/resume/results.json") \
    || { echo "FAIL: the resumed shard's metrics differ"; exit 1; }
echo "a shard killed after $BEFORE cached predictions resumed from its cache ($AFTER in the end) with the same metrics"
echo "rehearsal: passed ($OUT)"
