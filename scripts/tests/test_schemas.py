#!/usr/bin/env python3
"""Every JSON document CAMO writes matches its published schema in docs/schemas/ (run by `make test`).

Runs the real binary on images other than those the schemas were written from (`scripts/schemas/write_schemas.py`)
and validates each document with `jsonschema` (Draft 2020-12), an independent validator. The schemas forbid unknown
fields and require the fields every document has, so a renamed, missing or new field fails here.

Environment: CAMO_BIN (default .build/release/camo), CAMO_DEV_DATA (default ../shared/data/dev).
"""
import json
import os
import sys
import tempfile
import unittest

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "schemas"))
import documents  # noqa: E402

VALIDATION_IMAGES = [
    "fake/ComfyUI_examples__sd3__sd3_simple_example.png",
    "fake/Kolors__controlnet__outputs__Canny_woman_1.jpg",
    "fake/DeepFaceLive__doc__celebs__Tina_Shift__Tina_Shift.png",
    "real/deepface__tests__unit__dataset__img2.jpg",
    "real/exif-samples__jpg__Canon_40D.jpg",
    "real/public-testfiles__image__jpeg__truepic-20230212-camera.jpg",
]
SYNTHETIC = ["Tests/Fixtures/decode/synthetic/jpeg_orientation_5.jpg", "Tests/Fixtures/decode/synthetic/jpeg_gray.jpg"]


class PublishedSchemas(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        images = [os.path.join(documents.DEV, path) for path in VALIDATION_IMAGES]
        images += [os.path.join(documents.REPO, path) for path in SYNTHETIC]
        corrupt = os.path.join(cls.scratch.name, "corrupt.png")
        with open(corrupt, "wb") as handle:
            handle.write(b"\x89PNG\r\n\x1a\n" + bytes(40))
        cls.found = documents.documents(images + [corrupt], cls.scratch.name)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def schema(self, name):
        with open(os.path.join(documents.REPO, "docs", "schemas", f"{name}.schema.json")) as handle:
            schema = json.load(handle)
        jsonschema.Draft202012Validator.check_schema(schema)
        return jsonschema.Draft202012Validator(schema)

    def test_every_document_matches_its_schema(self):
        for name, docs in sorted(self.found.items()):
            validator = self.schema(name)
            self.assertGreater(len(docs), 0, name)
            for index, document in enumerate(docs):
                errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
                self.assertEqual([], [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]],
                                 f"{name} #{index}")

    def test_every_document_carries_the_schema_version(self):
        for name, docs in self.found.items():
            for document in docs:
                self.assertEqual(document.get("schema_version"), 2, name)

    def test_an_unknown_or_missing_field_is_refused(self):
        validator = self.schema("detection-result")
        document = dict(self.found["detection-result"][0])
        document["pFake"] = 0.5
        self.assertFalse(validator.is_valid(document), "an unknown field must fail")
        del document["pFake"]
        del document["basis"]
        self.assertFalse(validator.is_valid(document), "a missing field must fail")

    def test_every_key_is_snake_case(self):
        def keys(value, path, maps):
            if isinstance(value, dict):
                for key, inner in value.items():
                    child = f"{path}.{key}".lstrip(".")
                    if path not in maps:
                        self.assertRegex(key, r"^[a-z0-9_]+$", f"{child}")
                    keys(inner, child if path not in maps else path + "{}", maps)
            elif isinstance(value, list):
                for item in value:
                    keys(item, path + "[]", maps)
        for name, docs in self.found.items():
            for document in docs:
                keys(document, "", set(documents.MAPS.get(name, [])))


if __name__ == "__main__":
    unittest.main(verbosity=2)
