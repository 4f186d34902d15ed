#!/usr/bin/env bash
# Opt-in: `camo mirror` through real engines (docs/mirror.md). Skipped unless both URLs are set.
#   CAMO_MIRROR_CAPTION_URL    an OpenAI-compatible chat server with a vision model (vLLM, llama.cpp, LM Studio, Ollama's /v1)
#   CAMO_MIRROR_CAPTION_MODEL  its model name (default llava)
#   CAMO_MIRROR_GENERATE_URL   an AUTOMATIC1111 or Forge server started with --api
#   CAMO_MIRROR_API_KEY        optional key for the chat server
# Usage: scripts/tests/mirror-smoke.sh [path/to/camo]
set -euo pipefail
camo=${1:-.build/release/camo}
dev=${CAMO_DEV_DATA:-../shared/data/dev}
if [[ -z "${CAMO_MIRROR_CAPTION_URL:-}" || -z "${CAMO_MIRROR_GENERATE_URL:-}" ]]; then
    echo "mirror smoke test skipped: set CAMO_MIRROR_CAPTION_URL and CAMO_MIRROR_GENERATE_URL"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data/real"
for name in deepface__tests__unit__dataset__img10.jpg c2pa-rs__sdk__tests__fixtures__mars.webp; do
    cp "$dev/real/$name" "$work/data/real/"
done
key_line=""
[[ -n "${CAMO_MIRROR_API_KEY:-}" ]] && key_line=", api_key_env: CAMO_MIRROR_API_KEY"
cat > "$work/mirror.yaml" <<YAML
engines:
  chat: {kind: openai-chat, url: "$CAMO_MIRROR_CAPTION_URL", model: "${CAMO_MIRROR_CAPTION_MODEL:-llava}", timeout: 300$key_line}
  sd: {kind: automatic1111, url: "$CAMO_MIRROR_GENERATE_URL", timeout: 600}
caption: {engine: chat}
moderation: {engine: chat}
models:
  - {name: smoke, engine: sd, steps: 20, guidance: 7, size: {megapixels: 0.25, multiple_of: 64}}
YAML
"$camo" mirror "$work/data" --out "$work/out" --config "$work/mirror.yaml"
pairs=$(grep -c '"label":1' "$work/out/train/metadata.jsonl")
cat "$work/out/mirror-report.md"
[[ "$pairs" == 2 ]] || { echo "expected 2 pairs, got $pairs"; exit 1; }
echo "mirror smoke test passed: 2 pairs through real engines"
