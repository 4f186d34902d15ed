#!/usr/bin/env bash
# End to end through the binary: import an exported classifier folder (a tiny generator-attribution head made by
# scripts/oracles/hf_image_classifiers.py), name it in a pipeline, and judge a dev image with it.
#   scripts/tests/imported-model.sh [CAMO_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=${1:-.build/release/camo}
FOLDER=$(pwd)/Tests/Fixtures/hf/generators
IMAGE=${CAMO_DEV_DATA:-../shared/data/dev}/real/deepface__tests__unit__dataset__img10.jpg
WORK=$(mktemp -d "${TMPDIR:-/tmp}/camo-import.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

"$CAMO" models import "$FOLDER" --name generators | tee "$WORK/import.txt"
grep -q "RESEARCH USE ONLY" "$WORK/import.txt"
grep -q "label 1: midjourney → generated" "$WORK/import.txt"
cat > "$WORK/pipeline.yaml" <<YAML
name: imported
gate: {face_detector: none, object_detector: none, landmarks: none}
experts:
  - {name: generators, kind: hf-image-classifier, serves: [general], options: {folder: $FOLDER}}
YAML
"$CAMO" detect --pipeline "$WORK/pipeline.yaml" --json "$IMAGE" > "$WORK/result.json"
python3 - "$WORK/result.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
result = result[0] if isinstance(result, list) else result
expert = next(e for e in result["experts"] if e["name"] == "generators")
assert expert["applicable"] and 0 <= expert["p_fake"] <= 1, expert
assert expert["evidence"]["attribution"].split(" ")[0] in {"midjourney", "dalle", "stable_diffusion"}, expert
print(f"imported model judged the image: p_fake {expert['p_fake']:.4f}, attribution {expert['evidence']['attribution']}")
PY
