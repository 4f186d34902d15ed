#!/usr/bin/env python3
"""`camo detect` on a video, the usual Python way: PyAV decodes (FFmpeg's libraries, as CAMO uses them), the frames
CAMO would sample are judged by reference_pipeline.Pipeline (same models and steps as the image benchmark).

Sampling as `camo detect --every S`: the first frame at or after 0, S, 2S, … (frame times from PyAV's `frame.time`),
the stream's rotation applied as CAMO does. Evidence experts do not run on frames in either. Prints one JSON line per
judged frame and a summary with frames per second on standard error.
"""
import argparse
import json
import os
import sys
import time

started = time.perf_counter()
import av  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_pipeline import MODELS, Pipeline  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("video")
    parser.add_argument("--every", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--models", default=MODELS)
    args = parser.parse_args()
    pipeline = Pipeline(args.models, args.threads)
    loaded = time.perf_counter()
    judged = decoded = 0
    with av.open(args.video) as container:
        stream = container.streams.video[0]
        stream.thread_count = 2
        next_index = 0
        for frame in container.decode(stream):
            decoded += 1
            t = frame.time or 0.0
            if t < next_index * args.every - 1e-6:
                continue
            next_index = int((t + 1e-6) / args.every) + 1
            rgb = frame.to_ndarray(format="rgb24")
            rotation = getattr(frame, "rotation", 0) or 0
            if rotation:
                rgb = np.rot90(rgb, k=(rotation // 90) % 4)
            result = pipeline.judge(Image.fromarray(np.ascontiguousarray(rgb)))
            result["time"] = t
            print(json.dumps(result), flush=True)
            judged += 1
    finished = time.perf_counter()
    print(json.dumps({"summary": {"load_s": round(loaded - started, 3), "video_s": round(finished - loaded, 3),
                                  "frames_decoded": decoded, "frames_judged": judged,
                                  "judged_per_s": round(judged / max(finished - loaded, 1e-9), 2)}}), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
