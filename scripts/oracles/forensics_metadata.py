#!/usr/bin/env python3
"""Generates the metadata/provenance fixtures in Tests/Fixtures/forensics/metadata and the
expected values the Swift tests compare against.

Expected values come from independent readers: Pillow (PNG text, EXIF), piexif, and the
c2pa-python SDK (C2PA manifests). The dev-set oracle lists which dev images carry generator
metadata, read the same independent way.

Run from the repository root:  python3 scripts/oracles/forensics_metadata.py
Needs: pillow, piexif, c2pa-python, and the openssl command (only if the test credentials are missing).
ECDSA signatures are randomised, so the signed fixtures' bytes change between runs; every
expected value does not.
"""
import io
import json
import os
import struct
import subprocess
import tempfile

import c2pa
import piexif
import piexif.helper
from PIL import Image, PngImagePlugin

OUT = "Tests/Fixtures/forensics/metadata"
CREDENTIALS = "Tests/Fixtures/forensics/c2pa-test-credentials"
DEV = "../shared/data/dev"
IPTC_DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"

A1111_PARAMETERS = (
    "a lighthouse at dusk, oil painting\n"
    "Negative prompt: blurry\n"
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 64x64, Model: v1-5-pruned-emaonly"
)
COMFY_PROMPT = json.dumps({"3": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20}},
                           "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}}})
COMFY_WORKFLOW = json.dumps({"last_node_id": 9, "nodes": [{"id": 3, "type": "KSampler"}], "links": []})


def xmp_packet(properties):
    attributes = " ".join(f'{k}="{v}"' for k, v in properties.items())
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
            'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
            f'{attributes}/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def base_image(seed):
    """A small deterministic gradient, so fixtures stay tiny and need no dev data."""
    image = Image.new("RGB", (64, 64))
    image.putdata([((x * 4 + seed * 40) % 256, (y * 4) % 256, (x * y + seed) % 256) for y in range(64) for x in range(64)])
    return image


def jpeg_bytes(image, exif=None):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def insert_after_soi(jpeg, segments):
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def app_segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def iptc_app13(datasets):
    iptc = b"".join(b"\x1c" + bytes([r, d]) + struct.pack(">H", len(v)) + v for r, d, v in datasets)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    if len(iptc) % 2:
        resource += b"\x00"
    return app_segment(0xED, b"Photoshop 3.0\x00" + resource)


def ensure_credentials():
    """Makes the throw-away signing credentials once; later runs reuse the committed ones."""
    if os.path.exists(f"{CREDENTIALS}/leaf.pem"):
        return
    cnf = f"{CREDENTIALS}/extensions.cnf"
    run = lambda *args: subprocess.run(args, check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as scratch:
        ca_key, leaf_key, csr = f"{scratch}/ca.key", f"{scratch}/leaf.key", f"{scratch}/leaf.csr"
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ca_key)
        run("openssl", "req", "-x509", "-new", "-key", ca_key, "-sha256", "-days", "3650", "-subj",
            "/CN=CAMO Test Root CA/O=CAMO Test", "-extensions", "camo_ca", "-config", cnf, "-out", f"{CREDENTIALS}/ca.pem")
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", leaf_key)
        run("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", leaf_key, "-out", f"{CREDENTIALS}/leaf.pk8")
        run("openssl", "req", "-new", "-key", leaf_key, "-subj", "/CN=CAMO Test Signer/O=CAMO Test/C=US", "-config", cnf, "-out", csr)
        run("openssl", "x509", "-req", "-in", csr, "-CA", f"{CREDENTIALS}/ca.pem", "-CAkey", ca_key, "-set_serial", "2",
            "-days", "3650", "-sha256", "-extfile", cnf, "-extensions", "camo_leaf", "-out", f"{CREDENTIALS}/leaf.pem")


def c2pa_sign(source, mime, actions):
    chain = open(f"{CREDENTIALS}/leaf.pem", "rb").read() + open(f"{CREDENTIALS}/ca.pem", "rb").read()
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain, open(f"{CREDENTIALS}/leaf.pk8", "rb").read(), None))
    manifest = {"claim_generator_info": [{"name": "camo-fixtures", "version": "1.0"}], "title": "fixture",
                "assertions": [{"label": "c2pa.actions", "data": {"actions": actions}}]}
    builder = c2pa.Builder(json.dumps(manifest))
    out = io.BytesIO()
    builder.sign(signer, mime, io.BytesIO(source), out)
    return out.getvalue()


def c2pa_reading(data, mime):
    """The c2pa SDK's view of the active manifest, reduced to what the Swift reader reports."""
    try:
        store = json.loads(c2pa.Reader(mime, io.BytesIO(data)).json())
    except Exception:
        return None
    active = store["manifests"][store["active_manifest"]]
    actions = []
    for assertion in active.get("assertions", []):
        if assertion["label"].startswith("c2pa.actions"):
            for action in assertion["data"].get("actions", []):
                agent = action.get("softwareAgent")
                actions.append({"action": action["action"], "digitalSourceType": action.get("digitalSourceType"),
                                "softwareAgent": agent.get("name") if isinstance(agent, dict) else agent})
    generators = [g["name"] for g in active.get("claim_generator_info", [])] or [active.get("claim_generator")]
    signature = active.get("signature_info", {})
    return {"label": store["active_manifest"], "manifestCount": len(store["manifests"]), "claimGeneratorNames": generators,
            "actions": actions, "signerCommonName": signature.get("common_name"), "signerIssuer": signature.get("issuer"),
            "title": active.get("title")}


def pillow_reading(data):
    image = Image.open(io.BytesIO(data))
    reading = {"text": {k: v for k, v in getattr(image, "text", {}).items() if k != "XML:com.adobe.xmp"}}
    exif = image.getexif()
    names = {0x010F: "Make", 0x0110: "Model", 0x0131: "Software", 0x010E: "ImageDescription"}
    reading["exif"] = {names[t]: str(v).rstrip("\x00") for t, v in exif.items() if t in names}
    if image.format in ("JPEG", "WEBP") and "exif" in image.info:
        raw = image.info["exif"]
        loaded = piexif.load(raw if raw.startswith(b"Exif") else b"Exif\x00\x00" + raw)
        comment = loaded.get("Exif", {}).get(piexif.ExifIFD.UserComment)
        if comment:
            reading["exif"]["UserComment"] = piexif.helper.UserComment.load(comment)
    return reading


def build_fixtures():
    fixtures = {}

    def png(name, image, info, expect):
        buffer = io.BytesIO()
        image.save(buffer, "PNG", pnginfo=info)
        fixtures[name] = (buffer.getvalue(), expect)

    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", A1111_PARAMETERS)
    png("a1111.png", base_image(1), info, [{"kind": "generatorParameters", "generator": "AUTOMATIC1111 / Forge", "location": "PNG tEXt 'parameters'"}])

    info = PngImagePlugin.PngInfo()
    info.add_text("prompt", COMFY_PROMPT)
    info.add_text("workflow", COMFY_WORKFLOW)
    png("comfyui.png", base_image(2), info, [
        {"kind": "generatorParameters", "generator": "ComfyUI", "location": "PNG tEXt 'prompt'"},
        {"kind": "generatorParameters", "generator": "ComfyUI", "location": "PNG tEXt 'workflow'"}])

    # Compressed chunks exercise the inflater: zTXt, and a compressed iTXt XMP packet.
    info = PngImagePlugin.PngInfo()
    info.add_text("invokeai_metadata", json.dumps({"generation_mode": "txt2img", "steps": 30}), zip=True)
    info.add_itxt("XML:com.adobe.xmp", xmp_packet({"Iptc4xmpExt:DigitalSourceType": IPTC_DST + "trainedAlgorithmicMedia"}), zip=True)
    png("invokeai-ztxt-xmp.png", base_image(3), info, [
        {"kind": "generatorParameters", "generator": "InvokeAI", "location": "PNG zTXt 'invokeai_metadata'"},
        {"kind": "digitalSourceType", "generator": None, "location": "PNG iTXt 'XML:com.adobe.xmp' Iptc4xmpExt:DigitalSourceType"}])

    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "NovelAI")
    info.add_text("Source", "Stable Diffusion XL C9A57C2D")
    png("novelai.png", base_image(4), info, [
        {"kind": "generatorSoftware", "generator": "NovelAI", "location": "PNG tEXt 'Software'"},
        {"kind": "generatorSoftware", "generator": "Stable Diffusion", "location": "PNG tEXt 'Source'"}])

    exif = piexif.dump({"0th": {piexif.ImageIFD.Software: b"Midjourney v6", piexif.ImageIFD.Make: b"Canon",
                                piexif.ImageIFD.Model: b"Canon EOS 5D"}, "Exif": {}, "GPS": {}, "1st": {}})
    fixtures["exif-software.jpg"] = (jpeg_bytes(base_image(5), exif), [
        {"kind": "generatorSoftware", "generator": "Midjourney", "location": "EXIF IFD0 Software"}])

    comment = piexif.helper.UserComment.dump(A1111_PARAMETERS, encoding="unicode")
    exif = piexif.dump({"0th": {}, "Exif": {piexif.ExifIFD.UserComment: comment}, "GPS": {}, "1st": {}})
    fixtures["a1111-usercomment.jpg"] = (jpeg_bytes(base_image(6), exif), [
        {"kind": "generatorParameters", "generator": "AUTOMATIC1111 / Forge", "location": "EXIF Exif UserComment"}])

    xmp = b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet({
        "Iptc4xmpExt:DigitalSourceType": IPTC_DST + "compositeWithTrainedAlgorithmicMedia",
        "xmp:CreatorTool": "Adobe Photoshop 25.0"}).encode()
    iptc = iptc_app13([(2, 80, b"Jane Doe"), (2, 65, b"Adobe Firefly")])
    fixtures["xmp-iptc.jpg"] = (insert_after_soi(jpeg_bytes(base_image(7)), [app_segment(0xE1, xmp), iptc]), [
        {"kind": "digitalSourceType", "generator": None, "location": "JPEG APP1 XMP Iptc4xmpExt:DigitalSourceType"},
        {"kind": "generatorSoftware", "generator": "Adobe Firefly", "location": "IPTC 2:65 OriginatingProgram"}])

    exif = piexif.dump({"0th": {piexif.ImageIFD.Make: b"NIKON CORPORATION", piexif.ImageIFD.Model: b"NIKON D90"},
                        "Exif": {piexif.ExifIFD.ExposureTime: (1, 250), piexif.ExifIFD.FNumber: (56, 10)}, "GPS": {}, "1st": {}})
    fixtures["camera.jpg"] = (jpeg_bytes(base_image(8), exif), [])

    buffer = io.BytesIO()
    webp_exif = piexif.dump({"0th": {piexif.ImageIFD.Software: b"Adobe Firefly 2.0"}, "Exif": {}, "GPS": {}, "1st": {}})
    base_image(9).save(buffer, "WEBP", quality=80, exif=webp_exif,
                       xmp=xmp_packet({"Iptc4xmpExt:DigitalSourceType": IPTC_DST + "algorithmicMedia"}).encode())
    fixtures["exif-xmp.webp"] = (buffer.getvalue(), [
        {"kind": "digitalSourceType", "generator": None, "location": "WebP XMP Iptc4xmpExt:DigitalSourceType"},
        {"kind": "generatorSoftware", "generator": "Adobe Firefly", "location": "EXIF IFD0 Software"}])

    created = [{"action": "c2pa.created", "digitalSourceType": IPTC_DST + "trainedAlgorithmicMedia", "softwareAgent": "Test Diffusion 1.0"}]
    fixtures["c2pa-signed.jpg"] = (c2pa_sign(jpeg_bytes(base_image(10)), "image/jpeg", created), [
        {"kind": "c2paGenerativeAction", "generator": "Test Diffusion 1.0", "location": "JPEG APP11 JUMBF"}])
    buffer = io.BytesIO()
    base_image(11).save(buffer, "PNG")
    edited = [{"action": "c2pa.created", "digitalSourceType": IPTC_DST + "digitalCapture"},
              {"action": "c2pa.edited", "digitalSourceType": IPTC_DST + "compositeWithTrainedAlgorithmicMedia", "softwareAgent": "Test Inpainter 2.1"}]
    fixtures["c2pa-signed.png"] = (c2pa_sign(buffer.getvalue(), "image/png", edited), [
        {"kind": "c2paGenerativeAction", "generator": "Test Inpainter 2.1", "location": "PNG caBX"}])
    buffer = io.BytesIO()
    base_image(12).save(buffer, "PNG")
    capture = [{"action": "c2pa.created", "digitalSourceType": IPTC_DST + "digitalCapture"}]
    fixtures["c2pa-capture.png"] = (c2pa_sign(buffer.getvalue(), "image/png", capture), [])
    return fixtures


def dev_oracle():
    """Which dev images carry generator metadata, by Pillow/piexif/c2pa and a byte search for XMP."""
    generator_keys = {"parameters", "prompt", "workflow", "invokeai_metadata", "invokeai_graph", "sd-metadata", "Dream", "fooocus_scheme"}
    names = ["novelai", "stable diffusion", "midjourney", "dall·e", "dall-e", "adobe firefly"]
    result = {}
    for label in ("fake", "real"):
        for name in sorted(os.listdir(f"{DEV}/{label}")):
            path = f"{DEV}/{label}/{name}"
            data = open(path, "rb").read()
            reasons = []
            try:
                reading = pillow_reading(data)
            except Exception:
                reading = {"text": {}, "exif": {}}
            reasons += [f"text:{k}" for k in sorted(reading["text"]) if k in generator_keys]
            for field, value in reading["exif"].items():
                if field in ("Software", "ImageDescription") and any(n in value.lower() for n in names):
                    reasons.append(f"exif:{field}")
            mime = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(name.rsplit(".", 1)[-1].lower())
            manifest = c2pa_reading(data, mime) if mime else None
            if manifest and any((a["digitalSourceType"] or "").endswith("AlgorithmicMedia") for a in manifest["actions"]):
                reasons.append("c2pa:digitalSourceType")
            if mime and b"DigitalSourceType" in data and b"trainedAlgorithmicMedia" in data:
                reasons.append("xmp:DigitalSourceType")
            result[f"{label}/{name}"] = {"label": label, "generatorMetadata": bool(reasons), "reasons": reasons,
                                          "c2pa": manifest}
    return result


def main():
    os.makedirs(OUT, exist_ok=True)
    ensure_credentials()
    expected = {}
    for name, (data, evidence) in sorted(build_fixtures().items()):
        with open(f"{OUT}/{name}", "wb") as handle:
            handle.write(data)
        mime = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[name.rsplit(".", 1)[-1]]
        expected[name] = {"evidence": evidence, "applicable": bool(evidence), "pillow": pillow_reading(data),
                          "c2pa": c2pa_reading(data, mime)}
    with open(f"{OUT}/expected.json", "w") as handle:
        json.dump(expected, handle, indent=1, sort_keys=True, ensure_ascii=False)
    if os.path.isdir(DEV):
        with open("Tests/Fixtures/forensics/dev-provenance.json", "w") as handle:
            json.dump(dev_oracle(), handle, indent=1, sort_keys=True, ensure_ascii=False)
    print(f"wrote {len(expected)} fixtures to {OUT}")


if __name__ == "__main__":
    main()
