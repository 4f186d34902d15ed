# The two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
CAMO_MODELS ?= $(abspath ../shared/models)
CAMO_SAMPLES ?= $(abspath ../shared/data/dev)
export CAMO_MODELS

CAMO := .build/release/camo
DEMO_IMAGES := \
	real/deepface__tests__unit__dataset__img10.jpg \
	real/c2pa-rs__sdk__tests__fixtures__mars.webp \
	fake/ComfyUI_examples__flux__flux_schnell_example.png \
	fake/c2pa-rs__sdk__tests__fixtures__ocsp.jpg

.PHONY: demo test build deps oracles clean

deps:
	@scripts/install-deps.sh system
	@scripts/install-deps.sh runtime

build: deps
	$(SWIFT) build -c release --product camo

demo: build
	@$(CAMO) --version
	$(CAMO) detect $(addprefix $(CAMO_SAMPLES)/,$(DEMO_IMAGES))

# Tests run in release mode: several suites decode the whole dev set or run models. Their cache (digests, the
# compact landmark model) is kept in the build folder, not the user's.
test: export CAMO_CACHE_DIR := $(CURDIR)/.build/test-cache
test: deps
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build
	@# Heap-counter leak checks need a process where nothing else allocates (Sources/CAMOTesting/HeapUsage.swift):
	@# each *LeakTests suite runs alone in its own process, since suites of one process run concurrently.
	for suite in CAMORuntimeTests.LeakTests CAMOVisionTests.HEIFLeakTests CAMOForensicsTests.InflaterLeakTests; do \
		CAMO_LEAK_TESTS=1 $(SWIFT) test -c release --skip-build --filter "$$suite" || exit 1; done
	scripts/check-onnx-models $(CAMO) $(CAMO_MODELS)
	CAMO_DEV_DATA=$(CAMO_SAMPLES) scripts/tests/imported-model.sh $(CAMO)
	@scripts/install-deps.sh browser
	scripts/serve/browser-check.sh $(CAMO)
	@scripts/install-deps.sh tests
	scripts/serve/schemathesis-check.sh $(CAMO)
	CAMO_DEV_DATA=$(CAMO_SAMPLES) python3 scripts/extension/extension-check.py --camo $(CAMO)
	python3 scripts/tests/test_containerfile.py
	python3 scripts/tests/test_kubernetes.py
	CAMO_BIN=$(CAMO) CAMO_DEV_DATA=$(CAMO_SAMPLES) python3 scripts/tests/test_schemas.py
	CAMO_BIN=$(CAMO) CAMO_DEV_DATA=$(CAMO_SAMPLES) python3 scripts/tests/test_dataset_prepare.py
	CAMO_BIN=$(CAMO) CAMO_DEV_DATA=$(CAMO_SAMPLES) python3 scripts/tests/test_mirror.py
	$(MAKE) --no-print-directory training-checks

# Speed parity of the ONNX Runtime binding with Python onnxruntime (see docs/performance.md).
.PHONY: bench-vs-python
bench-vs-python: build
	scripts/bench-vs-python --camo $(CAMO)

# `camo detect` against the Python way of the same pipeline (scripts/bench/reference_pipeline.py): medians,
# ratio and peak memory, on the dev set and on one image. BENCH_ARGS passes options, e.g. BENCH_ARGS="--limit 20".
.PHONY: bench
bench: build
	@scripts/install-deps.sh bench
	CAMO_DEV_DATA=$(CAMO_SAMPLES) scripts/bench/bench-pipeline --camo $(CAMO) $(BENCH_ARGS)

# `camo detect` on a video against PyAV + the Python pipeline (scripts/bench/bench-video; needs the ffmpeg command).
.PHONY: bench-video
bench-video: build
	@scripts/install-deps.sh bench
	@command -v ffmpeg >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends ffmpeg; }
	CAMO_DEV_DATA=$(CAMO_SAMPLES) scripts/bench/bench-video --camo $(CAMO)

# The browser extension (extension/, docs/extension.md) packed for "Load unpacked" and the Chrome Web Store.
.PHONY: extension
extension:
	@mkdir -p .build
	rm -f .build/camo-extension.zip
	cd extension && zip -q -r -X ../.build/camo-extension.zip manifest.json *.js *.html icons
	@echo "wrote .build/camo-extension.zip"

# A deployment rehearsed on this machine (docs/deploy.md): replicas behind nginx, killed under load; sharded eval.
.PHONY: rehearsal
rehearsal: build
	@command -v nginx >/dev/null && command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light wrk; }
	CAMO_DEV_DATA=$(CAMO_SAMPLES) scripts/deploy/rehearsal.sh $(CAMO)

# `camo serve` under loopback load (docs/server.md); not part of `make test`: it takes over a minute.
.PHONY: serve-load
serve-load: build
	scripts/serve/load-test.sh $(CAMO)

# Regenerates the committed expected-value files in Tests/Fixtures from the independent oracles.
oracles:
	@scripts/install-deps.sh oracles
	@for s in scripts/oracles/*.py; do echo "== $$s"; python3 $$s || exit 1; done

# Rewrites docs/schemas/*.schema.json from real outputs of the release binary (after a deliberate schema change).
.PHONY: schemas
schemas: build
	@scripts/install-deps.sh tests
	python3 scripts/schemas/write_schemas.py

clean:
	rm -rf .build

# The PyTorch training recipe (training/, docs/training.md), also run by `make test`. PyTorch's CPU wheels are
# installed when it is missing (PyPI's default would pull gigabytes of CUDA libraries). Tiny random backbones, no
# download: under a minute of tests on two CPU cores.
.PHONY: test-training training-checks
test-training: build training-checks

training-checks:
	python3 -m pip install --quiet --extra-index-url https://download.pytorch.org/whl/cpu -e 'training[test]'
	CAMO_BIN=$(CAMO) CAMO_DEV_DATA=$(CAMO_SAMPLES) python3 -m pytest -q training/tests
