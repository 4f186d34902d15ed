#!/usr/bin/env python3
"""Invisible-watermark fixtures and expected bits, from the `invisible-watermark` package
(imwatermark, method dwtDct) — the decoder the Swift one must agree with bit for bit.

Writes Tests/Fixtures/forensics/watermark/: a crop of one dev photo and a smooth synthetic picture, watermarked with the
Stable Diffusion payloads and with seeded random payloads, saved as PNG and/or as JPEG q95/85/75 (Pillow defaults: 4:2:0 chroma subsampling),
plus expected.json (bits decoded by imwatermark for 32, 48 and 136-bit lengths), and
dev-watermark.json (the same bits for every dev image, read from ../shared/data/dev).

Images are loaded with Pillow (as the Swift decoder matches Pillow) and handed to imwatermark
in B, G, R order, as cv2.imread would.

Run from the repository root:  python3 scripts/oracles/invisible_watermark.py
"""
import io
import json
import os
import random

import numpy as np
from imwatermark import WatermarkDecoder, WatermarkEncoder
from imwatermark.maxDct import EmbedMaxDct
from PIL import Image, ImageOps

OUT = "Tests/Fixtures/forensics/watermark"
DEV = "../shared/data/dev"
SOURCE = "real/deepface__tests__unit__dataset__img56.jpg"
# The smallest size imwatermark accepts (256 x 256 pixels), to keep the committed fixtures small.
SIZE = 256
# Lossless copies of the Stable Diffusion payloads; JPEG copies of two of them and of the random payloads.
VARIANTS = {"sdv1": ("png", "q95", "q85", "q75"), "sdv2": ("png",), "sdxl": ("png", "q95", "q85", "q75"),
            "random32": ("q95", "q85", "q75"), "random48": ("q95", "q85", "q75")}
SMOOTH_VARIANTS = {"sdv1": ("png", "q95", "q85"), "sdv2": ("png", "q95", "q85"), "sdxl": ("png", "q95", "q85")}
LENGTHS = (32, 48, 136)
SDXL_BITS = "101100111110110010010000011110111011000110011110"


def bits_of(data):
    return "".join(f"{byte:08b}" for byte in data)


def payloads():
    rng = random.Random(1127)
    return {
        "sdv1": bits_of(b"StableDiffusionV1"),
        "sdv2": bits_of(b"SDV2"),
        "sdxl": SDXL_BITS,
        "random32": "".join(rng.choice("01") for _ in range(32)),
        "random48": "".join(rng.choice("01") for _ in range(48)),
    }


def load_rgb(data):
    # Upright, as CAMO's decoder and cv2.imread both apply the EXIF orientation.
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    return np.asarray(image.convert("RGB"))


def official_bits(rgb, length):
    decoder = WatermarkDecoder("bits", length)
    return "".join("1" if b else "0" for b in decoder.decode(np.ascontiguousarray(rgb[:, :, ::-1]), "dwtDct"))


def block_scores(rgb):
    """Every 4x4 block's score in the package's order, from its own decode_frame (wmLen 1)."""
    embed = EmbedMaxDct(watermarks=[], wmLen=1)
    import cv2
    import pywt
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    row, col, _ = bgr.shape
    yuv = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV)
    ca1, _ = pywt.dwt2(yuv[:row // 4 * 4, :col // 4 * 4, 1], "haar")
    return np.array(embed.decode_frame(ca1, 36, [[]])[0])


def bits_from_scores(scores, length):
    means = [scores[i::length].mean() for i in range(length)]
    return "".join("1" if m * 255 > 127 else "0" for m in means)


def smooth_image(size):
    """A smooth synthetic picture in mid-range colours: the package's own embedding survives a
    lossless save on it almost intact, which a positive detection test needs (see the note below)."""
    y, x = np.mgrid[0:size, 0:size] / size
    rgb = np.stack([90 + 80 * np.sin(3 * x + 1), 100 + 70 * np.cos(2 * y + x), 110 + 60 * np.sin(2 * x * y + 2)], -1)
    return np.clip(rgb, 0, 255).astype(np.uint8)


def crop(path):
    image = ImageOps.exif_transpose(Image.open(f"{DEV}/{path}")).convert("RGB")
    left, top = (image.width - SIZE) // 2, (image.height - SIZE) // 2
    return np.asarray(image.crop((left, top, left + SIZE, top + SIZE)))


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    # Note: imwatermark's dwtDct embedding rounds U back to 8 bits and does not survive JPEG
    # (Pillow default 4:2:0) even at q95: its own decoder reads ~50% of the bits back. The JPEG
    # fixtures record that; the lossless ones carry the detectable marks.
    bases = [("photo", crop(SOURCE), VARIANTS), ("smooth", smooth_image(384), SMOOTH_VARIANTS)]
    for base_name, base, variants_by_payload in bases:
        for name, bits in payloads().items():
            if name not in variants_by_payload:
                continue
            encoder = WatermarkEncoder()
            encoder.set_watermark("bits", [int(b) for b in bits])
            marked = encoder.encode(np.ascontiguousarray(base[:, :, ::-1]), "dwtDct")[:, :, ::-1]
            for variant in variants_by_payload[name]:
                quality = None if variant == "png" else int(variant[1:])
                buffer = io.BytesIO()
                image = Image.fromarray(np.ascontiguousarray(marked))
                if quality is None:
                    image.save(buffer, "PNG")
                    extension = "png"
                else:
                    image.save(buffer, "JPEG", quality=quality)
                    extension = "jpg"
                file = f"{base_name}-{name}-{variant}.{extension}"
                with open(f"{OUT}/{file}", "wb") as handle:
                    handle.write(buffer.getvalue())
                rgb = load_rgb(buffer.getvalue())
                decoded = {str(n): official_bits(rgb, n) for n in LENGTHS}
                scores = block_scores(rgb)
                assert all(bits_from_scores(scores, n) == decoded[str(n)] for n in LENGTHS), file
                expected[file] = {"payload": name, "embedded": bits, "quality": quality, "bits": decoded}
        buffer = io.BytesIO()
        Image.fromarray(base).save(buffer, "JPEG", quality=90)
        file = f"{base_name}-clean-q90.jpg"
        with open(f"{OUT}/{file}", "wb") as handle:
            handle.write(buffer.getvalue())
        rgb = load_rgb(buffer.getvalue())
        expected[file] = {"payload": None, "embedded": None, "quality": 90,
                          "bits": {str(n): official_bits(rgb, n) for n in LENGTHS}}
    with open(f"{OUT}/expected.json", "w") as handle:
        json.dump({"payloads": payloads(), "fixtures": expected}, handle, indent=1, sort_keys=True)

    if os.path.isdir(DEV):
        dev = {}
        for label in ("fake", "real"):
            for name in sorted(os.listdir(f"{DEV}/{label}")):
                try:
                    rgb = load_rgb(open(f"{DEV}/{label}/{name}", "rb").read())
                except Exception:
                    continue
                if rgb.shape[0] * rgb.shape[1] < 256 * 256:
                    continue
                scores = block_scores(rgb)
                dev[f"{label}/{name}"] = {str(n): bits_from_scores(scores, n) for n in LENGTHS}
        with open("Tests/Fixtures/forensics/dev-watermark.json", "w") as handle:
            json.dump(dev, handle, indent=1, sort_keys=True)
        best = {}
        for path, bits in dev.items():
            for name, payload in payloads().items():
                observed = bits[str(len(payload))]
                agreement = sum(a == b for a, b in zip(observed, payload)) / len(payload)
                if agreement > best.get(name, (0, ""))[0]:
                    best[name] = (agreement, path)
        for name, (agreement, path) in best.items():
            print(f"highest dev agreement for {name}: {agreement:.3f} ({path})")
    print(f"wrote {len(expected)} watermark fixtures to {OUT}")


if __name__ == "__main__":
    main()
