#!/usr/bin/env bash
# Installs what CAMO needs, only when it is missing: fast and idempotent.
#   scripts/install-deps.sh system   Debian packages the build links against
#   scripts/install-deps.sh runtime  ONNX Runtime (PyPI wheel) and the onnx wheel's test models
#   scripts/install-deps.sh oracles  Pillow, pillow-heif, OpenCV, scikit-learn, c2pa-python, torch, transformers, timm: only to regenerate Tests/Fixtures
#   scripts/install-deps.sh browser  Chromium, for the web page's browser check in `make test`
#   scripts/install-deps.sh tests    Hugging Face datasets, Pillow, schemathesis, jsonschema, websocket-client, kubernetes-validate: the Python checks of `make test`
#   scripts/install-deps.sh bench    numpy, Pillow, pillow-heif, OpenCV, onnxruntime, PyAV: the Python side of `make bench`
set -euo pipefail

SYSTEM_PACKAGES=(pkg-config libturbojpeg0-dev libspng-dev libwebp-dev libheif-dev zlib1g-dev libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libdlib-data)
BROWSER_PACKAGES=(chromium)
RUNTIME_PYTHON=(onnxruntime onnx)
ORACLE_PYTHON=(pillow pillow-heif opencv-python-headless scikit-learn numpy onnxruntime onnx c2pa-python==0.38.1 cryptography transformers timm)
TEST_PYTHON=(datasets pillow schemathesis jsonschema websocket-client kubernetes-validate)
BENCH_PYTHON=(numpy pillow pillow-heif opencv-python-headless onnxruntime av)

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Installs Python modules that cannot be imported yet. Debian's own python3 refuses a plain
# `pip install` (PEP 668), so fall back to a per-user install there.
install_python() {
    local missing=()
    for spec in "$@"; do
        local module=$spec
        case $spec in
            pillow) module=PIL ;;
            pillow-heif) module=pillow_heif ;;
            opencv-python-headless) module=cv2 ;;
            scikit-learn) module=sklearn ;;
            c2pa-python==*) module=c2pa ;;
            websocket-client) module=websocket ;;
            kubernetes-validate) module=kubernetes_validate ;;
            av) module=av ;;
        esac
        python3 -c "import $module" 2>/dev/null || missing+=("$spec")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing Python packages: ${missing[*]}"
    python3 -m pip install -q "${missing[@]}" 2>/dev/null \
        || python3 -m pip install -q --user --break-system-packages "${missing[@]}"
}

case "${1:-}" in
    system) install_debian "${SYSTEM_PACKAGES[@]}" ;;
    browser) install_debian "${BROWSER_PACKAGES[@]}" ;;
    runtime) install_python "${RUNTIME_PYTHON[@]}" ;;
    oracles)
        # PyTorch's CPU build first: PyPI's default pulls gigabytes of CUDA libraries the oracles never use.
        python3 -c "import torch" 2>/dev/null || python3 -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu \
            || install_python torch
        install_python "${ORACLE_PYTHON[@]}" ;;
    tests) install_python "${TEST_PYTHON[@]}" ;;
    bench) install_python "${BENCH_PYTHON[@]}" ;;
    *) echo "usage: $0 system|runtime|oracles|browser|tests|bench" >&2; exit 2 ;;
esac
