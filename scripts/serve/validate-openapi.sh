#!/usr/bin/env bash
# Validates the served /openapi.yaml as an OpenAPI 3.1 document with openapi-spec-validator (PyPI).
#   scripts/serve/validate-openapi.sh [CAMO_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
CAMO=${1:-.build/release/camo}
PORT=${CAMO_CHECK_PORT:-18082}
python3 -c "import openapi_spec_validator" 2>/dev/null || python3 -m pip install -q openapi-spec-validator
"$CAMO" serve --host 127.0.0.1 --port "$PORT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
SPEC=$(mktemp --suffix=.yaml)
curl -fsS "http://127.0.0.1:$PORT/openapi.yaml" >"$SPEC"
python3 -c "
import sys, yaml
from openapi_spec_validator import validate
validate(yaml.safe_load(open(sys.argv[1])))
print('openapi.yaml: valid OpenAPI 3.1')
" "$SPEC"
rm -f "$SPEC"
