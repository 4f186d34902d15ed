#!/usr/bin/env python3
"""Records what c2pa-rs (through c2pa-python 0.38.1) concludes about every C2PA file the Swift
validator is tested on, and makes the tampered variants it is tested against.

For each file, Tests/Fixtures/c2pa/expected.json holds, once without a trust list and once with
the test trust anchors (c2pa-rs's test roots and the CAMO test CAs):
  state          c2pa-rs's validation_state (Invalid, Valid, Trusted)
  statusCodes    the sorted set of codes in validation_status (failures and untrusted credentials)
  activeManifest the sorted sets of codes in validation_results.activeManifest, by outcome
  ingredients    for each ingredient assertion c2pa-rs reports a delta for (by its URI), what it found:
                 unknownProvenance, missing, or manifest (a manifest was found and its hash matched).
                 c2pa-rs reports only what changed since the ingredient recorded its own validation,
                 so the codes themselves are not comparable with a full validation.
or, when c2pa-rs cannot read the file, `error` (the error kind, e.g. ManifestNotFound) and `message`.

Variants written to Tests/Fixtures/c2pa/, all from small files signed here:
  signed-<alg>.jpg         a 48x48 JPEG signed with c2pa-rs's <alg> test credentials
  signed-testca.jpg/.png   signed by a throw-away CA made here (trust/testca.pem)
  image-byte-changed.jpg   one byte of image data outside the manifest changed
  claim-byte-changed.jpg   one byte inside the claim's CBOR changed
  pasted-manifest.jpg      the APP11 segments of signed-es256.jpg put into another JPEG
  truncated-manifest.jpg   the manifest store cut short by 200 bytes
  signed-es256.avif/.heic  a 48x48 AVIF and HEIC (pillow-heif) signed with the es256 credentials
  bmff-image-byte-changed.avif  one byte of the signed AVIF's `mdat` changed
  bmff-pasted-manifest.avif     the signed AVIF's C2PA `uuid` box put into another AVIF
  timestamp-digest-changed.jpg  C.jpg with one byte of its time-stamp token's TSTInfo changed
  timestamp-signature-changed.jpg  C.jpg with one byte of the time-stamp authority's signature changed
  bmff-box-inserted.avif        an unknown top-level box inserted before `mdat` (the item offsets
                                still point at the image data, so only the binding can tell)
  signed-es256.mp4 / .mov       1-second 64x64 H.264 clips made by ffmpeg (the MP4 with an AAC track
                                and `moov` before `mdat`, the MOV with `mdat` first), signed as
                                video/mp4 and video/quicktime with the es256 credentials
  mp4-/mov-mdat-byte-changed    one byte of the signed clip's `mdat` changed
  mp4-/mov-pasted-manifest      the signed clip's C2PA `uuid` box appended to another clip
  mp4-/mov-box-inserted         an unknown top-level box inserted right after `mdat` (the chunk
                                offsets still point at the media data, so only the binding can tell)
  mov-free-box-inserted.mov     a `free` box inserted after `mdat`: the binding excludes `free`
                                boxes, so only the hashed offset of the `moov` it moved can tell
  signed-es256-fragmented.mp4   a fragmented clip (moof/mdat pairs, mfra) signed as one file: c2pa-rs
                                binds it with a whole-file hash, no Merkle trees
  signed-es256-merkle.mp4       the MP4 signed with 1 KiB Merkle chunks (c2pa-rs's
                                core.merkle_tree_chunk_size_in_kb): the whole-file hash leaves the
                                `mdat` payload to Merkle trees in auxiliary `uuid` boxes
  merkle-mdat-byte-changed.mp4  one byte of that file's `mdat` changed: only the Merkle trees can tell

Run from the repository root:  python3 scripts/oracles/c2pa_validation.py
  --video-only  makes and signs only the MP4/MOV fixtures above and adds them to expected.json,
                leaving every other fixture, and its expected result, byte for byte as it was.
Needs: c2pa-python==0.38.1, cryptography, pillow, pillow-heif (scripts/install-deps.sh oracles), ffmpeg.
Signatures are randomised, so the signed files' bytes change between runs; the expected results do not.
"""
import argparse
import datetime
import glob
import io
import json
import os
import subprocess
import tempfile

import c2pa
import pillow_heif
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

OUT = "Tests/Fixtures/c2pa"
SHARED = "../shared/data"
CERTS = f"{SHARED}/c2pa/certs"
CAMO_CA = "Tests/Fixtures/forensics/c2pa-test-credentials/ca.pem"
IPTC_DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"
ALGORITHMS = ["es256", "es384", "es512", "ps256", "ed25519"]


def tiny_jpeg(seed):
    image = Image.new("RGB", (48, 48))
    image.putdata([((x * 5 + seed * 40) % 256, (y * 5) % 256, (x * y + seed) % 256) for y in range(48) for x in range(48)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def tiny_heif(seed, format):
    pillow_heif.register_heif_opener()
    image = Image.new("RGB", (48, 48))
    image.putdata([((x * 3 + seed * 50) % 256, (y * 4) % 256, (x + y * seed) % 256) for y in range(48) for x in range(48)])
    out = io.BytesIO()
    image.save(out, format, quality=80)
    return out.getvalue()


def tiny_png(seed):
    image = Image.new("RGB", (32, 32), ((seed * 70) % 256, 90, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def tiny_clip(source, container, audio=False, movflags=None):
    """A 1-second, 5 fps, 64x64 H.264 clip of the lavfi `source` made by the ffmpeg command: `mp4`
    or `mov` (QuickTime), optionally with a 1-second AAC tone, without encoder tags or metadata."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, f"clip.{container}")
        command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"{source}=s=64x64:r=5:d=1"]
        if audio:
            command += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:d=1", "-c:a", "aac", "-b:a", "24k", "-flags:a", "+bitexact"]
        command += ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-threads", "1", "-flags:v", "+bitexact", "-fflags", "+bitexact",
                    "-map_metadata", "-1", "-shortest"]
        if movflags:
            command += ["-movflags", movflags]
        subprocess.run(command + ["-f", container, path], check=True)
        return open(path, "rb").read()


def sign(source, mime, alg, chain_pem, key_pem, settings=None):
    """Signs `source` with a generative `c2pa.created` action and no time-stamp or thumbnail;
    `settings` adds c2pa-rs settings (e.g. `core` for Merkle trees)."""
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(alg.encode(), chain_pem, key_pem, None))
    manifest = {
        "claim_generator_info": [{"name": "camo-fixtures", "version": "1.0"}], "title": "fixture",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [
            {"action": "c2pa.created", "digitalSourceType": IPTC_DST + "trainedAlgorithmicMedia", "softwareAgent": "Test Diffusion 1.0"}]}}],
    }
    context = c2pa.Context(c2pa.Settings.from_dict({"builder": {"thumbnail": {"enabled": False}}, **(settings or {})}))
    builder = c2pa.Builder(json.dumps(manifest), context=context)
    out = io.BytesIO()
    builder.sign(signer, mime, io.BytesIO(source), out)
    return out.getvalue()


# Validity of every certificate the oracles make: fixed, so results do not depend on the day they run.
NOT_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
NOT_AFTER = NOT_BEFORE + datetime.timedelta(days=3650)


def make_root(common_name):
    """A self-signed P-256 root CA: its key, its name and its certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CAMO Test")])
    root = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, name, root


def make_test_ca():
    """A throw-away P-256 root and leaf with the extensions c2pa-rs's certificate profile requires."""
    root_key, root_name, root = make_root("CAMO Oracle Root CA")
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CAMO Oracle Signer"),
                           x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CAMO Test"),
                           x509.NameAttribute(NameOID.COUNTRY_NAME, "US")])
    leaf = (x509.CertificateBuilder().subject_name(leaf_name).issuer_name(root_name).public_key(leaf_key.public_key())
            .serial_number(2).not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    pem = lambda cert: cert.public_bytes(serialization.Encoding.PEM)
    key = leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return pem(root), pem(leaf) + pem(root), key


def jpeg_segments(data):
    """(marker, start, end) of every marker segment before the first scan."""
    segments, position = [], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2:position + 4], "big")
        segments.append((marker, position, position + 2 + length))
        position += 2 + length
        if marker == 0xDA:
            break
    return segments


def app11(data):
    return [(start, end) for marker, start, end in jpeg_segments(data) if marker == 0xEB]


def with_app11(target, segments):
    """`target` without its own APP11 segments and with `segments` after its first APPn segment."""
    stripped = bytearray(target[:2])
    for marker, start, end in jpeg_segments(target):
        if marker != 0xEB:
            stripped += target[start:end]
    rest_start = jpeg_segments(target)[-1][2]
    stripped += target[rest_start:]
    insert_at = jpeg_segments(bytes(stripped))[0][2]
    return bytes(stripped[:insert_at]) + b"".join(segments) + bytes(stripped[insert_at:])


def variants(signed, other):
    """The four tampered files made from one small signed JPEG."""
    out = {}
    image = bytearray(signed)
    image[-20] ^= 0x01  # inside the entropy-coded data, before EOI: outside every exclusion
    out["image-byte-changed.jpg"] = bytes(image)

    claim = bytearray(signed)
    label = signed.index(b"c2pa.claim")
    position = signed.index(b"xmp.iid:", label) + 12
    claim[position] = ord("0") if claim[position] != ord("0") else ord("1")
    out["claim-byte-changed.jpg"] = bytes(claim)

    out["pasted-manifest.jpg"] = with_app11(other, [signed[start:end] for start, end in app11(signed)])

    # Cut 200 bytes from the end of the last APP11 segment and fix its length field, so the
    # JUMBF boxes claim more bytes than the file holds.
    start, end = app11(signed)[-1]
    cut = 200
    segment = bytearray(signed[start:end - cut])
    segment[2:4] = (end - cut - start - 2).to_bytes(2, "big")
    out["truncated-manifest.jpg"] = signed[:start] + bytes(segment) + signed[end:]
    return out


def top_level_boxes(data):
    """(type, start, end) of each top-level ISO BMFF box."""
    boxes, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = int.from_bytes(data[offset:offset + 4], "big"), data[offset + 4:offset + 8]
        boxes.append((kind, offset, offset + size))
        offset += size
    return boxes


def bmff_variants(signed, other):
    """Tampered AVIF files made from one small signed AVIF."""
    out = {}
    boxes = top_level_boxes(signed)
    _, mdat_start, mdat_end = next(box for box in boxes if box[0] == b"mdat")
    image = bytearray(signed)
    image[(mdat_start + mdat_end) // 2] ^= 0x01
    out["bmff-image-byte-changed.avif"] = bytes(image)

    _, uuid_start, uuid_end = next(box for box in boxes if box[0] == b"uuid")
    # The other file's item locations (iloc) are absolute, so the pasted box goes at the end, after them.
    out["bmff-pasted-manifest.avif"] = other + signed[uuid_start:uuid_end]

    junk = (16).to_bytes(4, "big") + b"junk" + bytes(8)
    # `iloc` offsets are absolute: the inserted box goes after the last item's data so they stay valid.
    out["bmff-box-inserted.avif"] = signed[:mdat_end] + junk + signed[mdat_end:]
    return out


def video_variants(signed, other, kind):
    """Tampered clips made from one small signed MP4 or MOV (`kind`)."""
    out = {}
    boxes = top_level_boxes(signed)
    _, mdat_start, mdat_end = next(box for box in boxes if box[0] == b"mdat")
    media = bytearray(signed)
    media[(mdat_start + mdat_end) // 2] ^= 0x01
    out[f"{kind}-mdat-byte-changed.{kind}"] = bytes(media)

    _, uuid_start, uuid_end = next(box for box in boxes if box[0] == b"uuid")
    # Chunk offsets (stco) are absolute, so the pasted box goes at the end, after the other clip's media.
    out[f"{kind}-pasted-manifest.{kind}"] = other + signed[uuid_start:uuid_end]

    # After `mdat`, so the chunk offsets stay valid and the clip still plays.
    junk = (16).to_bytes(4, "big") + b"junk" + bytes(8)
    out[f"{kind}-box-inserted.{kind}"] = signed[:mdat_end] + junk + signed[mdat_end:]
    if kind == "mov":
        free = (16).to_bytes(4, "big") + b"free" + bytes(8)
        out["mov-free-box-inserted.mov"] = signed[:mdat_end] + free + signed[mdat_end:]
    return out


def video_fixtures():
    """The signed MP4 and MOV clips and their tampered variants, by file name."""
    read = lambda name: open(name, "rb").read()
    chain, key = read(f"{CERTS}/es256.pub"), read(f"{CERTS}/es256.pem")
    mp4 = tiny_clip("testsrc", "mp4", audio=True, movflags="+faststart")
    mov = tiny_clip("testsrc2", "mov")
    written = {
        "signed-es256.mp4": sign(mp4, "video/mp4", "es256", chain, key),
        "signed-es256.mov": sign(mov, "video/quicktime", "es256", chain, key),
        "signed-es256-fragmented.mp4": sign(tiny_clip("smptebars", "mp4", movflags="frag_keyframe+empty_moov"),
                                            "video/mp4", "es256", chain, key),
        "signed-es256-merkle.mp4": sign(mp4, "video/mp4", "es256", chain, key, settings={"core": {"merkle_tree_chunk_size_in_kb": 1}}),
    }
    written.update(video_variants(written["signed-es256.mp4"], tiny_clip("rgbtestsrc", "mp4", movflags="+faststart"), "mp4"))
    written.update(video_variants(written["signed-es256.mov"], tiny_clip("smptebars", "mov"), "mov"))
    merkle = written["signed-es256-merkle.mp4"]
    _, mdat_start, mdat_end = next(box for box in top_level_boxes(merkle) if box[0] == b"mdat")
    changed = bytearray(merkle)
    changed[(mdat_start + mdat_end) // 2] ^= 0x01
    written["merkle-mdat-byte-changed.mp4"] = bytes(changed)
    return written


def time_stamp_token(data):
    """(start, end) of the first RFC 3161 token: the byte string under `val` after `tstTokens`."""
    at = data.index(b"\x63val", data.index(b"tstTokens")) + 4
    kind = data[at]
    width = {0x59: 2, 0x5A: 4}[kind]
    length = int.from_bytes(data[at + 1:at + 1 + width], "big")
    return at + 1 + width, at + 1 + width + length


def time_stamp_variants(stamped):
    """Two files whose time-stamp token no longer holds: outside the claim, so only the time-stamp fails."""
    start, end = time_stamp_token(stamped)
    token = stamped[start:end]
    # The TSTInfo's genTime (a GeneralizedTime ending in 'Z') is covered by the signed message digest.
    gen_time = token.index(b"\x18\x0f") + 2
    digest = bytearray(stamped)
    digest[start + gen_time + 3] ^= 0x01
    signature = bytearray(stamped)
    signature[end - 40] ^= 0x01  # the SignerInfo's signature value is the token's last field
    return {"timestamp-digest-changed.jpg": bytes(digest), "timestamp-signature-changed.jpg": bytes(signature)}


def reading(path, context):
    try:
        store = json.loads(c2pa.Reader(path, context=context).json())
    except c2pa.C2paError as error:
        message = str(error)
        return {"error": message.split(":", 1)[0], "message": message[:160]}
    active = store.get("validation_results", {}).get("activeManifest", {})
    ingredients = {}
    for delta in store.get("validation_results", {}).get("ingredientDeltas", []):
        codes = {status["code"] for outcome in delta["validationDeltas"].values() for status in outcome}
        ingredients[delta["ingredientAssertionURI"]] = ("missing" if "ingredient.manifest.missing" in codes else
                                                        "unknownProvenance" if "ingredient.unknownProvenance" in codes else "manifest")
    return {
        "ingredients": ingredients,
        "state": store.get("validation_state"),
        "statusCodes": sorted({status["code"] for status in store.get("validation_status", [])}),
        "activeManifest": {outcome: sorted({status["code"] for status in active.get(outcome, [])})
                           for outcome in ("success", "informational", "failure")},
    }


def expectation(path, trusted):
    return {"untrusted": reading(path, None), "trusted": reading(path, trusted)}


def trusted_context(testca_root):
    read = lambda name: open(name, "rb").read()
    anchors = read(f"{CERTS}/trust/test_cert_root_bundle.pem").decode() + read(CAMO_CA).decode() + testca_root.decode()
    return c2pa.Context(c2pa.Settings.from_dict({"trust": {"trust_anchors": anchors}}))


def write_expected(expected):
    with open(f"{OUT}/expected.json", "w") as handle:
        json.dump(expected, handle, indent=1, sort_keys=True)
        handle.write("\n")


def summarise(files):
    for path, result in files.items():
        plain, anchored = result["untrusted"], result["trusted"]
        summary = lambda r: r.get("state") or "error " + r["error"]
        print(f"{os.path.basename(path):48} {summary(plain):10} {summary(anchored):10} {' '.join(plain.get('statusCodes', []))}")


def add_videos():
    """Signs the MP4/MOV fixtures and adds their readings to expected.json; nothing else changes."""
    written = video_fixtures()
    for name, data in written.items():
        with open(f"{OUT}/{name}", "wb") as handle:
            handle.write(data)
    trusted = trusted_context(open(f"{OUT}/trust/testca.pem", "rb").read())
    with open(f"{OUT}/expected.json") as handle:
        expected = json.load(handle)
    added = {f"{OUT}/{name}": expectation(f"{OUT}/{name}", trusted) for name in sorted(written)}
    expected["files"].update(added)
    write_expected(expected)
    summarise(added)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--video-only", action="store_true", help="make only the MP4/MOV fixtures and add them to expected.json")
    if parser.parse_args().video_only:
        return add_videos()
    os.makedirs(f"{OUT}/trust", exist_ok=True)
    read = lambda name: open(name, "rb").read()
    written = {}
    for alg in ALGORITHMS:
        written[f"signed-{alg}.jpg"] = sign(tiny_jpeg(1), "image/jpeg", alg, read(f"{CERTS}/{alg}.pub"), read(f"{CERTS}/{alg}.pem"))
    root, chain, key = make_test_ca()
    with open(f"{OUT}/trust/testca.pem", "wb") as handle:
        handle.write(root)
    written["signed-testca.jpg"] = sign(tiny_jpeg(2), "image/jpeg", "es256", chain, key)
    written["signed-testca.png"] = sign(tiny_png(3), "image/png", "es256", chain, key)
    written.update(variants(written["signed-es256.jpg"], tiny_jpeg(4)))
    written["signed-es256.avif"] = sign(tiny_heif(5, "AVIF"), "image/avif", "es256", read(f"{CERTS}/es256.pub"), read(f"{CERTS}/es256.pem"))
    written["signed-es256.heic"] = sign(tiny_heif(6, "HEIF"), "image/heic", "es256", read(f"{CERTS}/es256.pub"), read(f"{CERTS}/es256.pem"))
    written.update(time_stamp_variants(read(f"{SHARED}/c2pa/images/C.jpg")))
    written.update(bmff_variants(written["signed-es256.avif"], tiny_heif(7, "AVIF")))
    written.update(video_fixtures())
    for name, data in written.items():
        with open(f"{OUT}/{name}", "wb") as handle:
            handle.write(data)

    trusted = trusted_context(root)
    files = sorted(glob.glob(f"{SHARED}/c2pa/images/*"))
    files += [f"{SHARED}/dev/fake/c2pa-rs__sdk__tests__fixtures__ocsp.jpg"]
    files += sorted(set(glob.glob(f"{SHARED}/dev/real/*c2pa*") + glob.glob(f"{SHARED}/dev/real/*truepic*")))
    files += sorted(glob.glob("Tests/Fixtures/forensics/metadata/c2pa-*"))
    files += [f"{OUT}/{name}" for name in sorted(written)]
    expected = {
        "trustAnchors": ["../shared/data/c2pa/certs/trust/test_cert_root_bundle.pem", CAMO_CA, f"{OUT}/trust/testca.pem"],
        "files": {path: expectation(path, trusted) for path in files},
    }
    write_expected(expected)
    summarise(expected["files"])


if __name__ == "__main__":
    main()
