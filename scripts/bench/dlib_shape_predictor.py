"""dlib's 68-point shape predictor in numpy, reading dlib's own shape_predictor_68_face_landmarks.dat.

dlib's Python module is the usual way to run this model from Python, but PyPI has no wheel for it:
`pip install dlib` compiles dlib from source with CMake, which takes many minutes and needs a C++
tool chain. This module is a port instead, evaluated the way dlib::shape_predictor evaluates it
(dlib/image_processing/shape_predictor.h), so the points agree with dlib's:

  - pixels are sampled as from an rgb_pixel image: grey = (r + g + b) // 3, 0 outside the image,
    each feature pixel rounded to the nearest pixel (halves up);
  - the feature offsets follow the least-squares similarity from the mean shape to the current
    shape (dlib's find_similarity_transform, in closed form for two dimensions);
  - leaf offsets are added to the shape one tree after another in float32, as dlib's
    `current_shape += leaf` does.

Reading the model: dlib's serialize() writes every integer as a control byte (low four bits: how many
little-endian magnitude bytes follow; top bit: negative) and every float as a (mantissa, exponent)
pair of such integers. About 33 million such tokens make up the 68-point model, too many to walk one
by one in Python. Token boundaries are found with numpy instead: many "lanes" walk the byte stream at
once from evenly spaced guesses, and since a variable-length code resynchronises after a few tokens,
each lane's walk is exact from the first position it shares with the previous lane's (exact) walk.
A lane that fails to meet its predecessor is walked again from the right place.
"""
import os

import numpy as np

LANE_BYTES = 1024
OVERLAP_BYTES = 64
WINDOW_BYTES = 1 << 20
MAX_TOKEN_BYTES = 9  # control byte + up to 8 magnitude bytes
_LOW_BYTES = np.array([0, 0xFF, 0xFFFF] + [0xFFFFFF] * 14, np.uint32)  # by magnitude size


def _walk(following, starts, limits):
    """Every lane's token starts until it passes its limit: a (lanes, steps) array."""
    positions = starts.astype(np.int32)
    columns = [positions]
    while True:
        for _ in range(8):  # checking for the end costs as much as a step
            positions = following[positions]
            columns.append(positions)
        if (positions >= limits).all():
            return np.stack(columns, axis=1)


def _tokens(file, size, begin, count):
    """Up to `count` integers from `begin` (an exact token start) and where the last one ends:
    as many as one window of the file holds."""
    # The model averages about three bytes a token; a short window just means another call.
    length = min(size - begin, WINDOW_BYTES, count * 4 + 64)
    window = np.zeros(length + LANE_BYTES + OVERLAP_BYTES + 16 * MAX_TOKEN_BYTES, np.uint8)
    file.seek(begin)
    window[:length] = np.frombuffer(file.read(length), np.uint8)
    # following[p]: where the token starting at p would end. Past the window it stays put.
    following = np.add(np.arange(1, window.size + 1, dtype=np.int32), window & 0x0F, dtype=np.int32)
    following[-2 * MAX_TOKEN_BYTES:] = window.size - 1

    lanes = max(1, -(-length // LANE_BYTES))
    starts = np.arange(lanes, dtype=np.int32) * LANE_BYTES
    walks = _walk(following, starts, np.minimum(starts + LANE_BYTES, length) + OVERLAP_BYTES)
    # meet[j]: where lane j's walk first joins lane j-1's, within the first OVERLAP_BYTES of lane j.
    # From there on both walks are the same; so lane 0 being exact, each lane is exact from its meet.
    while True:
        # Lane j-1's positions in lane j's zone, marked; zones do not overlap, so one mask serves all.
        # A walk takes at least one byte a step, so its first OVERLAP_BYTES + 1 steps cover the zone.
        earlier, later = walks[:-1], walks[1:, :OVERLAP_BYTES + 1]
        zone = starts[1:, None] + OVERLAP_BYTES
        marked = np.zeros(window.size, bool)
        marked[earlier[(earlier >= starts[1:, None]) & (earlier < zone)]] = True
        joined = marked[later] & (later < zone)
        met = joined.any(axis=1)
        meet = np.concatenate([[0], later[np.arange(lanes - 1), np.argmax(joined, axis=1)]]).astype(np.int32)
        missed = np.nonzero(~met)[0] + 1
        if missed.size == 0:
            break
        # Walked again from the first position at or after its start on the previous lane's walk:
        # exact for the first missed lane, whose predecessors all met, and a new guess for any later
        # one, which the next round checks. Shorter walks are padded with their last position, which
        # lies past the lane's end and so is dropped below.
        previous = walks[missed - 1]
        restart = previous[np.arange(missed.size), np.argmax(previous >= starts[missed, None], axis=1)]
        redo = _walk(following, restart, np.minimum(starts[missed] + LANE_BYTES, length) + OVERLAP_BYTES)
        steps = max(walks.shape[1], redo.shape[1])
        walks = np.concatenate([walks, np.repeat(walks[:, -1:], steps - walks.shape[1], axis=1)], axis=1)
        walks[missed] = np.concatenate([redo, np.repeat(redo[:, -1:], steps - redo.shape[1], axis=1)], axis=1)
    until = np.concatenate([meet[1:], [length]])

    # A token cut by the window's end is left for the next call.
    keep = (walks >= meet[:, None]) & (walks < until[:, None]) & (following[walks] <= length)
    positions = walks[keep][:count]
    if positions.size == 0:
        raise ValueError("the model file ends early")
    control = window[positions]
    sizes = control & 0x0F
    if (sizes > 8).any():
        raise ValueError("malformed integer in the model file")
    # The first three magnitude bytes in 32-bit arithmetic (zeroed past each token's size), which
    # covers nearly every token; the rare longer ones get their remaining bytes in 64 bits.
    magnitude = window[positions + 1].astype(np.uint32)
    magnitude |= window[positions + 2].astype(np.uint32) << np.uint32(8)
    magnitude |= window[positions + 3].astype(np.uint32) << np.uint32(16)
    magnitude = (magnitude & _LOW_BYTES[sizes]).astype(np.int64)
    long = np.nonzero(sizes > 3)[0]
    for k in range(3, 8):
        long = long[sizes[long] > k]
        magnitude[long] |= window[positions[long] + 1 + k].astype(np.int64) << (8 * k)
    values = np.where(control & 0x80, -magnitude, magnitude)
    return values, begin + int(following[positions[-1]])


class _Tokens:
    """dlib's integers, read in bulk from a position in the file that advances. Only a window of the
    file is in memory at a time."""

    def __init__(self, file):
        self.file = file
        self.size = os.fstat(file.fileno()).st_size
        self.position = 0

    def take(self, count):
        parts = []
        while count > 0:
            values, self.position = _tokens(self.file, self.size, self.position, count)
            parts.append(values)
            count -= values.size
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def one(self):
        return int(self.take(1)[0])


def _in_order_sum(rows):
    """Column sums of a 2-D array, adding row after row as dlib's loops do. numpy sums pairwise only
    along the fast axis of memory, so down the rows of a C-ordered array its sum is in order."""
    return np.add.reduce(np.ascontiguousarray(rows if rows.ndim == 2 else rows[:, None]), axis=0)


def _floats(mantissas, exponents):
    if (exponents >= 32000).any():
        raise ValueError("the model holds an infinity or NaN")
    # Exact in float32: the mantissas have at most 24 bits and the values were floats to begin with.
    return np.ldexp(mantissas.astype(np.float32), exponents.astype(np.int32))


class ShapePredictor:
    """dlib::shape_predictor, version 1 of its serialisation."""

    def __init__(self, path):
        with open(path, "rb") as file:
            self._read(_Tokens(file))

    def _read(self, tokens):
        if tokens.one() != 1:
            raise ValueError("unexpected shape_predictor version")
        rows, columns = abs(tokens.one()), abs(tokens.one())
        if columns != 1:
            raise ValueError("the mean shape is not a column vector")
        v = tokens.take(2 * rows)
        self.mean_shape = _floats(v[0::2], v[1::2])
        length = rows

        self.levels = []
        for _ in range(tokens.one()):
            trees = tokens.one()
            # dlib's trees are complete and equally deep, so after the first tree's counts every tree
            # of the level has the same token layout: split count, splits, leaf count, leaves. That
            # is checked below, as are the leaves' sizes.
            splits = tokens.one()
            per_split, per_leaf = 4, 2 + 2 * length
            leaves = splits + 1
            per_tree = 1 + splits * per_split + 1 + leaves * per_leaf
            rest = tokens.take(per_tree * trees - 1)
            v = np.concatenate([[splits], rest]).reshape(trees, per_tree)
            split_part = v[:, 1:1 + splits * per_split].reshape(trees, splits, per_split)
            leaf_part = v[:, 2 + splits * per_split:].reshape(trees, leaves, per_leaf)
            if leaves & (leaves - 1) or (v[:, 0] != splits).any() or (v[:, 1 + splits * per_split] != leaves).any():
                raise ValueError("trees of one level differ in shape")
            if (np.abs(leaf_part[:, :, 0]) != length).any() or (np.abs(leaf_part[:, :, 1]) != 1).any():
                raise ValueError("a leaf is not a shape-sized column vector")
            # Copies, not views: a view would keep the level's whole token array alive.
            self.levels.append({
                "first": split_part[:, :, 0].astype(np.int32),
                "second": split_part[:, :, 1].astype(np.int32),
                "threshold": _floats(split_part[:, :, 2], split_part[:, :, 3]),
                "leaves": _floats(leaf_part[:, :, 2::2], leaf_part[:, :, 3::2]),
                "depth": int(np.log2(leaves)),
            })
        if tokens.one() != len(self.levels):
            raise ValueError("anchor lists do not match the levels")
        for level in self.levels:
            level["anchors"] = tokens.take(tokens.one())
        if tokens.one() != len(self.levels):
            raise ValueError("delta lists do not match the levels")
        for level in self.levels:
            count = tokens.one()
            v = tokens.take(4 * count).reshape(count, 4)
            level["deltas"] = np.stack([_floats(v[:, 0], v[:, 1]), _floats(v[:, 2], v[:, 3])], axis=1)
            if count != level["anchors"].size or level["first"].max() >= count or level["second"].max() >= count:
                raise ValueError("a level's pixel indices do not match its pixels")

        points = self.mean_shape.astype(np.float64).reshape(-1, 2)
        self._centred = points - points.mean(axis=0)
        self._spread = _in_order_sum(self._centred[:, 0] ** 2 + self._centred[:, 1] ** 2)[0] / len(points)

    def _similarity(self, shape):
        """The linear part of the least-squares similarity from the mean shape to `shape`, as float32.
        With covariance [[p, q], [r, s]], Umeyama's scale x rotation is [[p + s, q - r], [r - q, p + s]]
        over the mean shape's spread (see Sources/CAMOGate/Landmarks/ShapeSimilarity.swift)."""
        points = shape.astype(np.float64).reshape(-1, 2)
        to = points - points.mean(axis=0)
        c = self._centred
        p, q, r, s = _in_order_sum(np.stack([to[:, 0] * c[:, 0], to[:, 0] * c[:, 1],
                                             to[:, 1] * c[:, 0], to[:, 1] * c[:, 1]], axis=1)) / len(points)
        cosine, sine = p + s, r - q
        norm = self._spread if self._spread != 0 else np.hypot(cosine, sine)
        if norm == 0:
            return np.float32(1), np.float32(0), np.float32(0), np.float32(1)
        return (np.float32(cosine / norm), np.float32(-sine / norm), np.float32(sine / norm), np.float32(cosine / norm))

    def predict(self, grey, rect):
        """68 (x, y) points in image pixels, unrounded, for the face in dlib rectangle `rect`
        (left, top, right, bottom; inclusive). `grey` is (r + g + b) // 3 of the image, as float32."""
        left, top, right, bottom = rect
        scale_x, scale_y = float(right - left), float(bottom - top)
        height, width = grey.shape
        shape = self.mean_shape.copy()
        for level in self.levels:
            m00, m01, m10, m11 = self._similarity(shape)
            anchors, deltas = level["anchors"], level["deltas"]
            dx, dy = deltas[:, 0], deltas[:, 1]
            u = (m00 * dx + m01 * dy) + shape[2 * anchors]
            v = (m10 * dx + m11 * dy) + shape[2 * anchors + 1]
            column = np.floor(scale_x * u.astype(np.float64) + left + 0.5)
            row = np.floor(scale_y * v.astype(np.float64) + top + 0.5)
            inside = (column >= 0) & (column < width) & (row >= 0) & (row < height)
            intensity = np.zeros(anchors.size, np.float32)
            intensity[inside] = grey[row[inside].astype(np.int64), column[inside].astype(np.int64)]

            trees = np.arange(level["first"].shape[0])
            node = np.zeros(trees.size, np.int64)
            for _ in range(level["depth"]):
                difference = intensity[level["first"][trees, node]] - intensity[level["second"][trees, node]]
                node = np.where(difference > level["threshold"][trees, node], 2 * node + 1, 2 * node + 2)
            reached = level["leaves"][trees, node - level["first"].shape[1]]
            shape = _in_order_sum(np.concatenate([shape[None], reached]))
        points = shape.astype(np.float64).reshape(-1, 2)
        return np.stack([scale_x * points[:, 0] + left, scale_y * points[:, 1] + top], axis=1)


def grey_levels(rgb):
    """dlib's grey level of an rgb_pixel: the mean of the three channels, rounded down."""
    return (rgb.astype(np.uint16).sum(axis=2) // 3).astype(np.float32)


def main():
    """Compares the port with dlib itself on the dev set: Tests/Fixtures/landmarks/dlib_dev_landmarks.json
    holds dlib's rectangles and points (scripts/oracles/dlib_landmarks.py). Run from the repository root."""
    import json
    import sys
    import time

    from PIL import Image, ImageOps

    model = os.environ.get("CAMO_DLIB_LANDMARKS") or "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
    dev = os.environ.get("CAMO_DEV_DATA") or os.path.join("..", "shared", "data", "dev")
    started = time.perf_counter()
    predictor = ShapePredictor(model)
    loaded = time.perf_counter() - started
    with open(os.path.join("Tests", "Fixtures", "landmarks", "dlib_dev_landmarks.json")) as f:
        expected = json.load(f)
    faces = same = 0
    worst = 0.0
    for image in expected["images"]:
        if not image["faces"]:
            continue
        with Image.open(os.path.join(dev, image["path"])) as im:
            grey = grey_levels(np.asarray(ImageOps.exif_transpose(im).convert("RGB")))
        for face in image["faces"]:
            points = predictor.predict(grey, face["rect"])
            faces += 1
            same += bool((np.floor(points + 0.5) == np.array(face["points"])).all())
            worst = max(worst, float(np.abs(points - np.array(face["exact"])).max()))
    print(f"model read in {loaded:.2f} s; {faces} dev faces: integer points equal to dlib's for {same}, "
          f"largest difference from dlib's unrounded points {worst:.4f} px (they are stored to 0.001 px)")
    return 0 if same == faces else 1


if __name__ == "__main__":
    raise SystemExit(main())
