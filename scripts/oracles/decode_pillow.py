#!/usr/bin/env python3
"""Expected decoding results from Pillow, the oracle for CAMOVision's ImageDecoder.

Writes, relative to the repository root:
  Tests/Fixtures/decode/synthetic/*      small images covering the cases the dev set lacks
                                         (CMYK/grey/progressive JPEG, orientations 1-8, 16-bit
                                         and palette PNGs, WebP with alpha, ...)
  Tests/Fixtures/decode/pillow_synthetic_checksums.json
  Tests/Fixtures/decode/pillow_dev_checksums.json   (every file listed in ../shared/data/dev/manifest.csv)

Each entry is the result of ImageOps.exif_transpose(Image.open(p)).convert("RGB"): format,
width, height and the sha256 of the RGB bytes, or the error Pillow raised. Tiny fixtures also
carry their raw pixels. Run from the repository root: python3 scripts/oracles/decode_pillow.py
"""
import csv
import hashlib
import io
import json
import re
import struct
import warnings
import zlib
from pathlib import Path

import numpy as np
import PIL
from PIL import Image, ImageOps

OUT = Path("Tests/Fixtures/decode")
SYNTHETIC = OUT / "synthetic"
DEV = Path("../shared/data/dev")
TINY_PIXELS_LIMIT = 64  # fixtures with at most this many pixels also record raw RGB values


def pillow_rgb(data: bytes):
    image = Image.open(io.BytesIO(data))
    fmt = image.format
    orientation = image.getexif().get(0x0112)  # also loads PNG chunks after IDAT
    metadata = {
        "orientation": orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1,
        "has_icc": bool(image.info.get("icc_profile")),
        "has_exif": bool(image.info.get("exif") or image.info.get("Raw profile type exif")),
        "has_xmp": bool(image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")),
    }
    rgb = ImageOps.exif_transpose(image).convert("RGB")
    return fmt, metadata, rgb


def expectation(data: bytes) -> dict:
    try:
        fmt, metadata, rgb = pillow_rgb(data)
    except Exception as error:  # the oracle records what Pillow refuses, too
        # Drop object addresses ("<_io.BytesIO object at 0x...>") so the file is reproducible.
        return {"error": re.sub(r" at 0x[0-9a-f]+", "", f"{type(error).__name__}: {error}")}
    raw = rgb.tobytes()
    entry = {"format": fmt, "width": rgb.width, "height": rgb.height, "sha256": hashlib.sha256(raw).hexdigest(), **metadata}
    if rgb.width * rgb.height <= TINY_PIXELS_LIMIT:
        entry["pixels"] = list(raw)
    return entry


# ---------------------------------------------------------------- content

def photo_like(width: int, height: int, seed: int) -> np.ndarray:
    """Smooth gradients, an edge and mild noise: exercises DCT, upsampling and rounding."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * x / max(width - 1, 1)
    g = 255 * y / max(height - 1, 1)
    b = 128 + 100 * np.sin(x / 3.0) * np.cos(y / 4.0)
    image = np.stack([r, g, b], axis=-1)
    image[: height // 2, : width // 3] = (250, 20, 30)
    image += rng.normal(0, 6, image.shape)
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def asymmetric(width: int, height: int) -> np.ndarray:
    """Every pixel distinct, so any wrong transposition changes the result."""
    index = np.arange(width * height, dtype=np.int64).reshape(height, width)
    return np.stack([index * 7 % 256, index * 13 % 256, (index * 29 + 5) % 256], axis=-1).astype(np.uint8)


def exif_with_orientation(value: int) -> bytes:
    """An EXIF block, "Exif\\0\\0" prefix included, holding only the orientation tag."""
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


# ------------------------------------------------- files Pillow cannot write

def turbojpeg_ycck(cmyk: Image.Image) -> bytes:
    """A YCCK JPEG (Adobe transform 2): TurboJPEG stores CMYK input that way; Pillow only writes CMYK."""
    import ctypes
    import ctypes.util

    library = ctypes.CDLL(ctypes.util.find_library("turbojpeg") or "libturbojpeg.so.0")
    library.tjInitCompress.restype = ctypes.c_void_p
    library.tjCompress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                    ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_ulong), ctypes.c_int, ctypes.c_int,
                                    ctypes.c_int]
    library.tjFree.argtypes = [ctypes.c_void_p]
    library.tjDestroy.argtypes = [ctypes.c_void_p]
    handle = library.tjInitCompress()
    output, size = ctypes.c_void_p(), ctypes.c_ulong(0)
    tjpf_cmyk, tjsamp_420 = 11, 2
    # TurboJPEG expects the inverted (Adobe) CMYK that libjpeg returns; Pillow's "CMYK;I" raw data is that.
    raw = cmyk.tobytes("raw", "CMYK;I")
    status = library.tjCompress2(handle, raw, cmyk.width, 0, cmyk.height, tjpf_cmyk, ctypes.byref(output), ctypes.byref(size),
                                 tjsamp_420, 90, 0)
    assert status == 0, "TurboJPEG could not write the YCCK fixture"
    data = ctypes.string_at(output, size.value)
    library.tjFree(output)
    library.tjDestroy(handle)
    return data



def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def pack_rows(samples: np.ndarray, depth: int) -> list[bytes]:
    """samples: (rows, columns, channels) integers -> packed scanlines without filter bytes."""
    rows = []
    for row in samples:
        flat = row.reshape(-1)
        if depth == 16:
            rows.append(flat.astype(">u2").tobytes())
        elif depth == 8:
            rows.append(flat.astype(np.uint8).tobytes())
        else:
            per_byte = 8 // depth
            padded = np.concatenate([flat, np.zeros((-len(flat)) % per_byte, dtype=flat.dtype)])
            packed = np.zeros(len(padded) // per_byte, dtype=np.uint8)
            for i in range(per_byte):
                packed |= (padded[i::per_byte].astype(np.uint8) << (8 - depth * (i + 1))).astype(np.uint8)
            rows.append(packed.tobytes())
    return rows


def write_png(samples: np.ndarray, depth: int, colour_type: int, interlaced=False, extra=b"") -> bytes:
    height, width = samples.shape[:2]
    raw = b""
    passes = ADAM7 if interlaced else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        for line in pack_rows(sub, depth):
            raw += b"\x00" + line  # filter type None keeps the oracle simple
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 1 if interlaced else 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + extra
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


# ---------------------------------------------------------------- fixtures

def synthetic_fixtures() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    photo = Image.fromarray(photo_like(48, 32, seed=1))
    odd = Image.fromarray(photo_like(33, 17, seed=2))

    files["jpeg_q85_420.jpg"] = encode(photo, "JPEG", quality=85, subsampling=2)
    files["jpeg_q90_444.jpg"] = encode(photo, "JPEG", quality=90, subsampling=0)
    files["jpeg_q90_422.jpg"] = encode(photo, "JPEG", quality=90, subsampling=1)
    files["jpeg_odd_size_420.jpg"] = encode(odd, "JPEG", quality=80, subsampling=2)
    files["jpeg_progressive.jpg"] = encode(photo, "JPEG", quality=85, progressive=True)
    files["jpeg_gray.jpg"] = encode(photo.convert("L"), "JPEG", quality=90)
    files["jpeg_cmyk_adobe.jpg"] = encode(photo.convert("CMYK"), "JPEG", quality=90)
    # The same CMYK stream without its Adobe APP14 segment: libjpeg then reads plain CMYK.
    cmyk = files["jpeg_cmyk_adobe.jpg"]
    start = cmyk.index(b"\xff\xee")
    length = struct.unpack(">H", cmyk[start + 2:start + 4])[0]
    files["jpeg_cmyk_no_adobe.jpg"] = cmyk[:start] + cmyk[start + 2 + length:]
    files["jpeg_ycck.jpg"] = turbojpeg_ycck(photo.convert("CMYK"))
    tiny = Image.fromarray(asymmetric(3, 2))
    for orientation in range(1, 9):
        files[f"jpeg_orientation_{orientation}.jpg"] = encode(photo, "JPEG", quality=85, exif=exif_with_orientation(orientation))
        files[f"png_orientation_{orientation}_tiny.png"] = encode(tiny, "PNG", exif=exif_with_orientation(orientation))
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description tiff:Orientation="6"/></rdf:RDF></x:xmpmeta>'
    files["jpeg_xmp_orientation_6.jpg"] = encode(photo, "JPEG", quality=85, xmp=xmp)
    files["jpeg_1x1.jpg"] = encode(Image.new("RGB", (1, 1), (200, 30, 90)), "JPEG", quality=95)

    base = photo_like(24, 16, seed=3)
    files["png_rgb.png"] = encode(Image.fromarray(base), "PNG")
    alpha = np.fromfunction(lambda y, x: (x * 11 + y * 5) % 256, (16, 24)).astype(np.uint8)
    rgba = np.dstack([base, alpha])
    files["png_rgba.png"] = encode(Image.fromarray(rgba, "RGBA"), "PNG")
    files["png_gray.png"] = encode(Image.fromarray(base[..., 0], "L"), "PNG")
    files["png_gray_alpha.png"] = encode(Image.fromarray(np.dstack([base[..., 0], alpha]), "LA"), "PNG")
    palette = Image.fromarray(base).quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    files["png_palette.png"] = encode(palette, "PNG")
    files["png_palette_trns.png"] = encode(palette, "PNG", transparency=bytes([0, 128, 255] + [200] * 13))
    files["png_palette_4bit.png"] = encode(palette, "PNG", bits=4)
    files["png_1bit.png"] = encode(Image.fromarray(base[..., 0] > 128), "PNG")
    files["png_rgb_interlaced.png"] = write_png(base, 8, 2, interlaced=True)
    files["png_gray_2bit.png"] = write_png((base[..., :1] >> 6), 2, 0)
    files["png_gray_4bit.png"] = write_png((base[..., :1] >> 4), 4, 0)
    wide = base.astype(np.uint16) * 257 + np.arange(24, dtype=np.uint16)[None, :, None] * 3
    files["png_rgb_16bit.png"] = write_png(wide, 16, 2)
    files["png_rgba_16bit.png"] = write_png(np.dstack([wide, alpha.astype(np.uint16) * 257]), 16, 6)
    files["png_gray_alpha_16bit.png"] = write_png(np.dstack([wide[..., :1], wide[..., 1:2]]), 16, 4)
    # 16-bit grey spanning 0..65535: Pillow clips I;16 to 255 when converting to RGB.
    gray16 = (np.arange(16 * 24, dtype=np.uint32).reshape(16, 24, 1) * 171 % 65536).astype(np.uint16)
    gray16[0, :6, 0] = [0, 1, 254, 255, 256, 65535]
    files["png_gray_16bit.png"] = write_png(gray16, 16, 0)
    files["png_gray_16bit_interlaced.png"] = write_png(gray16, 16, 0, interlaced=True)
    files["png_rgb_trns.png"] = write_png(base, 8, 2, extra=png_chunk(b"tRNS", struct.pack(">HHH", *base[0, 0])))
    files["png_gray_16bit_tiny.png"] = write_png(gray16[:2, :4], 16, 0)
    files["png_1x1.png"] = write_png(np.array([[[9, 8, 7]]], dtype=np.uint8), 8, 2)
    apng_frames = [Image.fromarray(photo_like(16, 16, seed=s)) for s in (6, 7)]
    files["png_animated.png"] = encode(apng_frames[0], "PNG", save_all=True, append_images=apng_frames[1:], duration=100)
    files["png_raw_profile_exif_orientation_3.png"] = write_png(
        asymmetric(4, 3), 8, 2,
        extra=png_chunk(b"tEXt", b"Raw profile type exif\x00\nexif\n" + b"%8d\n" % len(exif_with_orientation(3))
                        + exif_with_orientation(3).hex().encode() + b"\n"))

    files["webp_lossy.webp"] = encode(photo, "WEBP", quality=80, method=4)
    files["webp_lossless.webp"] = encode(photo, "WEBP", lossless=True)
    photo_alpha = Image.fromarray(np.dstack([photo_like(48, 32, seed=1), np.tile(alpha, (2, 2))]), "RGBA")
    files["webp_lossy_alpha.webp"] = encode(photo_alpha, "WEBP", quality=80, method=4)
    files["webp_lossless_alpha.webp"] = encode(photo_alpha, "WEBP", lossless=True, exact=True)
    files["webp_1x1.webp"] = encode(Image.new("RGB", (1, 1), (10, 200, 30)), "WEBP", lossless=True)
    files["webp_orientation_6.webp"] = encode(photo, "WEBP", quality=80, exif=exif_with_orientation(6))
    frames = [Image.fromarray(photo_like(16, 16, seed=s)) for s in (4, 5)]
    files["webp_animated.webp"] = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True)
    return files


def main() -> None:
    # Pillow suggests converting palette images with byte transparency; the fixture is meant to have one.
    warnings.filterwarnings("ignore", message="Palette images with Transparency")
    SYNTHETIC.mkdir(parents=True, exist_ok=True)
    synthetic = {}
    for name, data in sorted(synthetic_fixtures().items()):
        (SYNTHETIC / name).write_bytes(data)
        synthetic[name] = expectation(data)
    write_json(OUT / "pillow_synthetic_checksums.json", synthetic)

    dev = {}
    manifest = DEV / "manifest.csv"
    if manifest.exists():
        with manifest.open(newline="") as handle:
            for row in csv.DictReader(handle):
                dev[row["path"]] = expectation((DEV / row["path"]).read_bytes())
        write_json(OUT / "pillow_dev_checksums.json", dev)
    else:
        print(f"skipping the dev set: {manifest} not found")
    print(f"{len(synthetic)} synthetic fixtures, {len(dev)} dev images")


def write_json(path: Path, images: dict) -> None:
    document = {"oracle": f"Pillow {PIL.__version__}: ImageOps.exif_transpose(Image.open(p)).convert('RGB')", "images": images}
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
