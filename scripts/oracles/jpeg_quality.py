#!/usr/bin/env python3
"""JPEG quality oracle for `JPEGQuality` and the mirror's twin encoding.

Pillow (libjpeg) writes small JPEGs at known qualities and subsamplings; the quality Pillow was given is the expected
estimate (its quantisation tables are libjpeg's scaled Annex K tables, so the estimate must be exact). Pillow's
`quantization` tables of each file are recorded too, so a test can check that CAMO reads the same tables.
Writes Tests/Fixtures/mirror/jpeg-quality/{q*.jpg, expected.json}.
"""
import json
import pathlib

import numpy as np
from PIL import Image

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/Fixtures/mirror/jpeg-quality"
CASES = [(1, 2), (10, 2), (25, 2), (50, 2), (63, 1), (75, 2), (83, 1), (90, 0), (95, 2), (100, 0)]
SUBSAMPLING = {0: "4:4:4", 1: "4:2:2", 2: "4:2:0"}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:40, 0:48]
    pixels = np.clip(np.stack([x * 5, y * 6, (x + y) * 3], -1) + rng.integers(-30, 31, (40, 48, 3)), 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels)
    expected = []
    for quality, subsampling in CASES:
        name = f"q{quality:03d}-{SUBSAMPLING[subsampling].replace(':', '')}.jpg"
        image.save(OUT / name, "JPEG", quality=quality, subsampling=subsampling)
        with Image.open(OUT / name) as written:
            tables = {str(k): list(v) for k, v in written.quantization.items()}
        expected.append({"file": name, "quality": quality, "subsampling": SUBSAMPLING[subsampling], "tables": tables})
    (OUT / "expected.json").write_text(json.dumps({"pillow": Image.__version__, "cases": expected}, indent=1) + "\n")


if __name__ == "__main__":
    main()
