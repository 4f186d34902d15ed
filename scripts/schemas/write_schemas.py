#!/usr/bin/env python3
"""Writes docs/schemas/<name>.schema.json (JSON Schema 2020-12) for every JSON document CAMO writes. The detection
result's is the one the OpenAPI document declares (hand-written there, and checked against every response by the
Swift tests and schemathesis). The others are inferred from real outputs of the binary on a varied set of dev
images (`documents.py`), then strict: every object lists its fields, a field present in every example is required,
and no other field is allowed (objects whose keys are data, listed in `documents.MAPS`, take any key). `scripts/tests/test_schemas.py` validates fresh outputs on other images
against these files with `jsonschema`, so a renamed, missing or new field fails `make test` until the schema is
regenerated (and the change is listed in docs/result-schema.md).

Run from the repository root after `swift build -c release`: python3 scripts/schemas/write_schemas.py
"""
import json
import os
import re
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import documents  # noqa: E402

# Varied on purpose: generator text chunks, a C2PA manifest, faces, a scene with objects, a HEIC, an AVIF, a WebP.
INFERENCE_IMAGES = [
    "fake/ComfyUI_examples__flux__flux_schnell_example.png",
    "fake/c2pa-rs__sdk__tests__fixtures__ocsp.jpg",
    "real/deepface__tests__unit__dataset__img10.jpg",
    "real/deepface__tests__unit__dataset__img11.jpg",
    "real/c2pa-rs__sdk__tests__fixtures__mars.webp",
    "real/exif-samples__heic__IMG_5195.HEIC",
    "real/c2pa-rs__sdk__tests__fixtures__sample1.avif",
    "fake/DeepFaceLive__doc__celebs__Keanu_Reeves__Keanu_Reeves.png",
]
# And images too small or too plain for some readers to find anything (no watermark candidate, no face), and bytes
# that are not an image, so that fields absent in some documents are not taken as required.
SYNTHETIC_IMAGES = ["Tests/Fixtures/decode/synthetic/jpeg_1x1.jpg", "Tests/Fixtures/decode/synthetic/png_1x1.png"]
# C2PA stores the dev set lacks: ingredients without a manifest, a CAWG assertion that is not checked.
C2PA_IMAGES = ["CA.jpg", "C_with_CAWG_data.jpg"]

TITLES = {
    "detection-result": "A detection result: camo detect --json/--jsonl, POST /v1/detect",
    "gate": "One image's gate decision: camo gate --json",
    "image-info": "One file's entry of camo image info --json",
    "image-metadata": "One file's entry of camo image metadata --json",
    "image-features": "One file's entry of camo image features",
    "image-c2pa": "One file's entry of camo image c2pa --json",
    "eval-results": "results.json of camo eval",
    "prediction": "One line of predictions.jsonl of camo eval",
    "calibration": "The calibration file of camo calibrate",
    "prepare-report": "prepare-report.json of camo dataset prepare",
    "video-result": "A video's result: camo detect --json/--jsonl on a video, the result of GET /v1/jobs/{id}",
    "video-eval": "video-report.json of camo eval video",
    "mirror-report": "mirror-report.json of camo mirror",
}


def infer(values, path, maps):
    """The strictest schema every value in `values` satisfies."""
    kinds = set()
    for value in values:
        kinds.add("null" if value is None else "boolean" if isinstance(value, bool) else
                  "number" if isinstance(value, (int, float)) else "string" if isinstance(value, str) else
                  "array" if isinstance(value, list) else "object")
    options = []
    scalars = sorted(kinds & {"null", "boolean", "number", "string"})
    if scalars:
        options.append({"type": scalars[0] if len(scalars) == 1 else scalars})
    if "array" in kinds:
        items = [item for value in values if isinstance(value, list) for item in value]
        options.append({"type": "array", "items": infer(items, path + "[]", maps) if items else {}})
    if "object" in kinds:
        objects = [value for value in values if isinstance(value, dict)]
        if path in maps:
            inner = [item for value in objects for item in value.values()]
            options.append({"type": "object", "additionalProperties": infer(inner, path + "{}", maps) if inner else {}})
        else:
            keys = sorted({key for value in objects for key in value})
            options.append({
                "type": "object",
                "properties": {key: infer([o[key] for o in objects if key in o], f"{path}.{key}".lstrip("."), maps)
                               for key in keys},
                "required": [key for key in keys if all(key in o for o in objects)],
                "additionalProperties": False,
            })
    if not options:
        return {}
    return options[0] if len(options) == 1 else {"anyOf": options}


def from_openapi(name):
    """components.schemas.<name> of the served OpenAPI document, with the components it refers to as $defs."""
    with open(os.path.join(documents.REPO, "Sources", "CAMOServer", "OpenAPIDocument.swift")) as handle:
        text = handle.read()
    document = yaml.safe_load(text[text.index('#"""') + 4:text.rindex('"""#')])
    components = document["components"]["schemas"]
    needed, pending = {}, [name]
    while pending:
        current = pending.pop()
        if current in needed:
            continue
        needed[current] = components[current]
        pending += re.findall(r"#/components/schemas/(\w+)", json.dumps(components[current]))
    rewrite = lambda value: json.loads(json.dumps(value).replace("#/components/schemas/", "#/$defs/"))
    schema = rewrite(needed.pop(name))
    if needed:
        schema["$defs"] = {key: rewrite(value) for key, value in needed.items()}
    return schema


def main():
    images = [os.path.join(documents.DEV, path) for path in INFERENCE_IMAGES]
    images += [os.path.join(documents.REPO, path) for path in SYNTHETIC_IMAGES]
    images += [os.path.join(documents.DEV, "..", "c2pa", "images", name) for name in C2PA_IMAGES]
    out = os.path.join(documents.REPO, "docs", "schemas")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        garbage = os.path.join(scratch, "not-an-image.jpg")
        with open(garbage, "wb") as handle:
            handle.write(b"\xff\xd8\xff" + b"not an image" * 4)
        found = documents.documents(images + [garbage], scratch)
    for name, docs in sorted(found.items()):
        hand_written = {"detection-result": "DetectionResult", "video-result": "VideoResult"}
        body = from_openapi(hand_written[name]) if name in hand_written else infer(docs, "", set(documents.MAPS.get(name, [])))
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json",
                  "title": TITLES[name], **body}
        with open(os.path.join(out, f"{name}.schema.json"), "w") as handle:
            json.dump(schema, handle, indent=1, sort_keys=False)
            handle.write("\n")
        print(f"{name}: {len(docs)} examples")


if __name__ == "__main__":
    main()
