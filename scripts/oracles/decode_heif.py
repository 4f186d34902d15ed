#!/usr/bin/env python3
"""Expected HEIF/HEIC and AVIF decoding results, the oracle for CAMOVision's HEIFDecoder.

Writes, relative to the repository root:
  Tests/Fixtures/decode/heif/*.heic, *.avif   small stills covering odd sizes, 4:2:0 and 4:4:4,
                                              rotation and mirroring (irot/imir), 10 bits, alpha
  Tests/Fixtures/decode/heif/expected.json    for those and for the dev set's HEIC and AVIF files

Each entry describes ImageOps.exif_transpose(Image.open(p)).convert("RGB") with pillow-heif's
opener registered: HEIC through pillow-heif (its own libheif and libde265), AVIF through Pillow's
AVIF plugin (libavif; pillow-heif 1.x no longer reads AVIF). So the oracle is a different build of
the HEVC decoder, and a different library altogether for AVIF, from Debian's libheif that CAMO
links: the Swift tests compare within a measured tolerance (see docs/images.md), not bit for bit.

Per entry: format, width, height, the sha256 of the RGB bytes, per-channel means, the RGB of a
16×16 grid of pixels (x = (2i + 1)·width / 32, likewise y; base64, row by row), whether EXIF, XMP
and an ICC profile are present, and for fixtures of at most 4096 pixels every RGB byte (base64).

Run from the repository root: python3 scripts/oracles/decode_heif.py
Needs pillow (with AVIF support) and pillow-heif.
"""
import base64
import hashlib
import io
import json
from pathlib import Path

import numpy as np
import PIL
import pillow_heif
from PIL import Image, ImageOps

from decode_pillow import encode, exif_with_orientation  # the same helpers as the other decoding oracle

OUT = Path("Tests/Fixtures/decode/heif")
DEV = Path("../shared/data/dev")
DEV_FILES = ["real/exif-samples__heic__IMG_5195.HEIC", "real/c2pa-rs__sdk__tests__fixtures__sample1.avif"]
GRID = 16
FULL_PIXELS_LIMIT = 4096
SIZE_LIMIT = 50_000  # bytes per committed fixture


def photo_like(width: int, height: int, seed: int, peak: int = 255) -> np.ndarray:
    """Smooth gradients, a flat red block, an edge and mild noise, in 0...peak."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = x / max(width - 1, 1)
    g = y / max(height - 1, 1)
    b = 0.5 + 0.4 * np.sin(x / 3.0) * np.cos(y / 4.0)
    image = np.stack([r, g, b], axis=-1)
    image[: height // 2, : width // 3] = (0.98, 0.08, 0.12)
    image += rng.normal(0, 0.025, image.shape)
    return np.clip(np.rint(image * peak), 0, peak)


def heic_10bit(samples: np.ndarray) -> bytes:
    """A 10-bit HEIC: pillow-heif takes 16-bit samples with the 10 significant bits at the top."""
    height, width, _ = samples.shape
    heif = pillow_heif.from_bytes(mode="RGB;16", size=(width, height), data=(samples.astype("<u2") << 6).tobytes())
    buffer = io.BytesIO()
    heif.save(buffer, quality=90)
    return buffer.getvalue()


def synthetic_fixtures() -> dict[str, bytes]:
    photo = Image.fromarray(photo_like(37, 23, seed=11).astype(np.uint8))
    alpha = np.fromfunction(lambda y, x: (x * 7 + y * 11) % 256, (23, 37)).astype(np.uint8)
    photo_alpha = Image.fromarray(np.dstack([np.asarray(photo), alpha]), "RGBA")
    files = {
        "heic_420.heic": encode(photo, "HEIF", quality=90),
        "heic_444.heic": encode(photo, "HEIF", quality=90, chroma=444),
        # pillow-heif turns the EXIF orientation into irot/imir and keeps the tag in the EXIF block,
        # as cameras do: a decoder that also applied the tag would turn the image twice.
        "heic_orientation_6.heic": encode(photo, "HEIF", quality=90, exif=exif_with_orientation(6)),
        "heic_orientation_2.heic": encode(photo, "HEIF", quality=90, exif=exif_with_orientation(2)),
        "heic_10bit.heic": heic_10bit(photo_like(37, 23, seed=12, peak=1023)),
        "heic_alpha.heic": encode(photo_alpha, "HEIF", quality=90),
        "avif_420.avif": encode(photo, "AVIF", quality=90),
        "avif_444.avif": encode(photo, "AVIF", quality=90, subsampling="4:4:4"),
        "avif_orientation_7.avif": encode(photo, "AVIF", quality=90, exif=exif_with_orientation(7)),
        "avif_alpha.avif": encode(photo_alpha, "AVIF", quality=90),
    }
    for name, data in files.items():
        assert len(data) < SIZE_LIMIT, f"{name}: {len(data)} bytes"
    return files


def expectation(data: bytes) -> dict:
    image = Image.open(io.BytesIO(data))
    fmt = image.format
    metadata = {
        # Pillow's AVIF plugin makes up an EXIF block to carry irot/imir as an orientation, so for AVIF
        # this says little about the file; the Swift tests compare it for HEIC only.
        "has_exif": bool(image.info.get("exif")),
        "has_xmp": bool(image.info.get("xmp")),
        "has_icc": bool(image.info.get("icc_profile")),
    }
    rgb = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))
    height, width, _ = rgb.shape
    xs = [(2 * i + 1) * width // (2 * GRID) for i in range(GRID)]
    ys = [(2 * i + 1) * height // (2 * GRID) for i in range(GRID)]
    grid = rgb[np.ix_(ys, xs)]
    entry = {
        "format": fmt, "width": width, "height": height, **metadata,
        "sha256": hashlib.sha256(rgb.tobytes()).hexdigest(),
        "channel_means": [round(float(rgb[..., c].mean()), 4) for c in range(3)],
        "grid_rgb": base64.b64encode(grid.tobytes()).decode(),
    }
    if width * height <= FULL_PIXELS_LIMIT:
        entry["rgb"] = base64.b64encode(rgb.tobytes()).decode()
    return entry


def main() -> None:
    pillow_heif.register_heif_opener()
    OUT.mkdir(parents=True, exist_ok=True)
    images = {}
    for name, data in sorted(synthetic_fixtures().items()):
        (OUT / name).write_bytes(data)
        images[name] = expectation(data)
    dev = 0
    for path in DEV_FILES:
        if (DEV / path).exists():
            images[f"dev/{path}"] = expectation((DEV / path).read_bytes())
            dev += 1
        else:
            print(f"skipping {DEV / path}: not found")
    document = {
        "oracle": f"Pillow {PIL.__version__} (AVIF: libavif {PIL.features.version('avif')}), pillow-heif "
                  f"{pillow_heif.__version__} (libheif {pillow_heif.libheif_version()}): "
                  "ImageOps.exif_transpose(Image.open(p)).convert('RGB')",
        "grid": GRID,
        "images": images,
    }
    (OUT / "expected.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    print(f"{len(images) - dev} synthetic fixtures, {dev} dev images")


if __name__ == "__main__":
    main()
