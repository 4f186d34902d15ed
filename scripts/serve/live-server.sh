# Sourced by the checks that drive a real `camo serve` on loopback (browser-check.sh, schemathesis-check.sh):
#   start_live_server CAMO OUT   starts it on a free port with $PIPELINE, waits until /readyz answers, sets PORT
#   stop_live_server             SIGTERM, then SIGKILL after 10 s (also run on exit)
# PIPELINE is CAMO_PIPELINE, else pipelines/default.yaml when the models are present, else an evidence-only pipeline
# written under OUT (no models needed).

choose_pipeline() {
    local out=$1
    PIPELINE=${CAMO_PIPELINE:-}
    [ -n "$PIPELINE" ] && return 0
    if [ -f "${CAMO_MODELS:-../shared/models}/face/yunet_2023mar.onnx" ]; then
        PIPELINE=pipelines/default.yaml
    else
        PIPELINE="$out/evidence-only.yaml"
        printf 'name: evidence-only\ngate: { face_detector: none, object_detector: none, landmarks: none }\nexperts:\n  - { name: watermark, kind: watermark, serves: [general] }\n' >"$PIPELINE"
    fi
}

SERVER=
stop_live_server() {
    [ -n "$SERVER" ] || return 0
    kill -TERM "$SERVER" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=
}

start_live_server() {
    local camo=$1 out=$2
    choose_pipeline "$out"
    trap stop_live_server EXIT
    "$camo" serve --host 127.0.0.1 --port 0 --pipeline "$PIPELINE" >"$out/server.log" 2>&1 &
    SERVER=$!
    # The port is the one the server says it listens on; readiness comes after the pipeline and a warm-up detection.
    PORT=
    for _ in $(seq 1 300); do
        PORT=$(grep -o 'listening on 127\.0\.0\.1:[0-9]*' "$out/server.log" | head -1 | cut -d: -f2 || true)
        [ -n "$PORT" ] && break
        kill -0 "$SERVER" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$PORT" ] || { echo "FAIL: camo serve did not start (see $out/server.log)"; cat "$out/server.log"; exit 1; }
    local ready=
    for _ in $(seq 1 1200); do
        curl -fsS --max-time 2 "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && { ready=1; break; }
        kill -0 "$SERVER" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$ready" ] || { echo "FAIL: camo serve never became ready (see $out/server.log)"; tail -5 "$out/server.log"; exit 1; }
}
