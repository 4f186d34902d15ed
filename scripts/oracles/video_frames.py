#!/usr/bin/env python3
"""Video oracle for CAMOVideo: small clips made with the ffmpeg command from dev images, and what ffmpeg decodes.

For each clip: ffprobe's stream facts (codec, size, rotation, duration, frame rate) and, for every frame, its
presentation time and the SHA-256 of the RGB24 pixels the ffmpeg command decodes (with its automatic rotation), so
the Swift decoder, built on the same libraries, is checked frame for frame.
Writes Tests/Fixtures/video/{*.mp4,*.mov,*.webm,*.mkv,expected.json}. Needs the ffmpeg command (Debian's ffmpeg package).
"""
import hashlib
import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/Fixtures/video"
DEV = ROOT.parent / "shared/data/dev"
FACE = DEV / "real/deepface__tests__unit__dataset__img10.jpg"
FLUX = DEV / "fake/ComfyUI_examples__flux__flux_schnell_example.png"


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def make():
    still = ["-loop", "1", "-i", str(FACE)]
    # A face still with an audio track, H.264 in MP4.
    ffmpeg(*still, "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-t", "2", "-r", "10", "-vf", "scale=128:-2",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "10", "-c:a", "aac", "-shortest", str(OUT / "face-h264-audio.mp4"))
    # The same stored sideways with a display matrix, as phones write portrait clips.
    ffmpeg(*still, "-t", "1", "-r", "10", "-vf", "scale=128:-2,transpose=2", "-c:v", "libx264", "-pix_fmt", "yuv420p",
           str(OUT / "rotated-90.mp4"))
    rotate_clockwise_90(OUT / "rotated-90.mp4")
    # A generated still in VP9/WebM and HEVC/Matroska.
    ffmpeg("-loop", "1", "-i", str(FLUX), "-t", "1", "-r", "8", "-vf", "scale=96:96", "-c:v", "libvpx-vp9", "-b:v", "200k",
           "-pix_fmt", "yuv420p", str(OUT / "flux-vp9.webm"))
    ffmpeg("-loop", "1", "-i", str(FLUX), "-t", "1", "-r", "8", "-vf", "scale=96:96", "-c:v", "libx265", "-x265-params",
           "log-level=error", "-pix_fmt", "yuv420p", str(OUT / "flux-hevc.mkv"))
    # AV1 (libaom, decoded by libdav1d) in MP4, and H.264 in a QuickTime MOV.
    ffmpeg("-loop", "1", "-i", str(FLUX), "-t", "1", "-r", "8", "-vf", "scale=96:96", "-c:v", "libaom-av1", "-cpu-used", "8",
           "-crf", "40", "-pix_fmt", "yuv420p", str(OUT / "flux-av1.mp4"))
    ffmpeg(*still, "-t", "1", "-r", "6", "-vf", "scale=96:-2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mov",
           str(OUT / "face-h264.mov"))
    # Variable frame rate: ten frames 0.1 s apart, then ten 0.3 s apart.
    ffmpeg(*still, "-t", "2", "-r", "10", "-vf", "scale=64:-2,setpts='if(lt(N,10),N*0.1,1+(N-10)*0.3)/TB'", "-fps_mode", "vfr",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", str(OUT / "vfr.mkv"))
    # A face that enters from the left, crosses and leaves, on grey.
    ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=320x240:d=4:r=5", "-i", str(FACE), "-filter_complex",
           "[1]scale=110:-1[f];[0][f]overlay=x='-110+t*110':y=40", "-t", "4", "-c:v", "libx264", "-pix_fmt", "yuv420p",
           str(OUT / "face-crossing.mp4"))
    # A container whose video stream never got a frame (bad input: a typed error, not an image).
    ffmpeg("-f", "lavfi", "-i", "testsrc=s=32x32:r=5:d=1", "-frames:v", "0", "-c:v", "libx264", str(OUT / "no-frames.mp4"))
    # Twenty minutes at one frame a second, tiny: the duration cap's test.
    ffmpeg("-f", "lavfi", "-i", "testsrc=s=32x32:r=1:d=1200", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "60",
           str(OUT / "long-20min.mp4"))


def rotate_clockwise_90(path):
    """Writes the display matrix of a 90° clockwise rotation into the video track's tkhd box (this ffmpeg's muxer
    no longer takes a `rotate` tag): a, b, u, c, d, v, x, y, w = 0, 1, 0, -1, 0, 0, 0, 0, 1 in 16.16 and 2.30 fixed point."""
    data = bytearray(path.read_bytes())
    at = data.index(b"tkhd") - 4
    assert data[at + 8] == 0, "version 0 tkhd expected"
    matrix = [0, 0x00010000, 0, -0x00010000 & 0xFFFFFFFF, 0, 0, 0, 0, 0x40000000]
    data[at + 48:at + 84] = b"".join(value.to_bytes(4, "big") for value in matrix)
    path.write_bytes(bytes(data))


def probe(path):
    result = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_streams", "-show_format", "-of", "json",
                             str(path)], capture_output=True, text=True, check=True)
    data = json.loads(result.stdout)
    stream = data["streams"][0]
    rotation = 0
    for side in stream.get("side_data_list", []):
        if "rotation" in side:
            rotation = (-int(side["rotation"])) % 360
    return {"codec": stream["codec_name"], "stored_width": stream["width"], "stored_height": stream["height"],
            "rotation": rotation, "format": data["format"]["format_name"]}


def frames(path):
    times = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time",
                            "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True).stdout.split()
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return [float(t.strip(",")) for t in times if t.strip(",")], raw


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    make()
    expected = {}
    for path in sorted(OUT.iterdir()):
        if path.suffix not in (".mp4", ".mov", ".webm", ".mkv") or path.name == "no-frames.mp4":
            continue
        facts = probe(path)
        width, height = facts["stored_width"], facts["stored_height"]
        if facts["rotation"] in (90, 270):
            width, height = height, width
        times, raw = frames(path)
        size = width * height * 3
        assert len(raw) == size * len(times), (path.name, len(raw), size, len(times))
        facts.update(width=width, height=height, frames=[
            {"time": t, "sha256": hashlib.sha256(raw[i * size:(i + 1) * size]).hexdigest()} for i, t in enumerate(times)])
        if path.name == "long-20min.mp4":
            facts["frames"] = facts["frames"][:5]  # the rest are not compared
            facts["frame_count"] = len(times)
        expected[path.name] = facts
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
