#!/usr/bin/env python3
"""The browser extension in real headless Chromium against a real `camo serve` on loopback.

A local page (served from a temporary folder) holds a real photo, a generated image carrying generator metadata, a
16 px icon, an image from another origin and a GIF (which browsers show and camo serve does not decode). With the unpacked extension loaded, the check sets the extension's
server, runs its page check (the toolbar action's own handler, called in the extension's service worker over the
DevTools protocol), and requires: a badge on every image but the icon, each badge's verdict, basis and p_fake equal
to what the API answers for the same bytes, the GIF's badge saying it could not be decoded, a click on a badge
opening the whole result in the extension's panel, and screenshots at desktop and phone widths. Against a second
server that wants a token, the badges must say the token was refused until it is set. It then stops the server and
checks again: every badge must say the server is not reachable, within seconds, not hang.

Usage: scripts/extension/extension-check.py [--camo .build/release/camo] [--out DIR]
Needs chromium (scripts/install-deps.sh browser) and websocket-client (scripts/install-deps.sh tests).
"""
import argparse
import base64
import hashlib
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import websocket

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXTENSION = os.path.join(REPO, "extension")
DEV = os.environ.get("CAMO_DEV_DATA") or os.path.join(REPO, "..", "shared", "data", "dev")
PHOTO = os.path.join(DEV, "real", "deepface__tests__unit__dataset__img10.jpg")
GENERATED = os.path.join(DEV, "fake", "ComfyUI_examples__flux__flux_schnell_example.png")
ELSEWHERE = os.path.join(DEV, "real", "deepface__tests__unit__dataset__img11.jpg")


def fail(message):
    sys.exit(f"FAIL: {message}")


def extension_id(path):
    """Chrome names an unpacked extension by the SHA-256 of its absolute path: 32 letters a–p."""
    digest = hashlib.sha256(os.path.realpath(path).encode()).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder):
    """A static file server on a free loopback port, in a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), lambda *a: QuietHandler(*a, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class DevTools:
    """A minimal DevTools protocol client for one target."""

    def __init__(self, url):
        self.socket = websocket.create_connection(url, timeout=60)
        self.next = 0
        # Without it a service worker's evaluations may land before its global scope (and `chrome`) exists.
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next += 1
        self.socket.send(json.dumps({"id": self.next, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}…: {result['exceptionDetails']}")
        return result["result"].get("value")


def targets(port):
    return json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))


def wait_for(what, check, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    fail(f"timed out after {seconds} s waiting for {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--camo", default=os.path.join(REPO, ".build", "release", "camo"))
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="camo-extension-check.")
    os.makedirs(out, exist_ok=True)
    if not shutil.which("chromium"):
        fail("chromium is not installed (scripts/install-deps.sh browser)")
    identifier = extension_id(EXTENSION)

    # The server, allowing the extension's origin.
    models = os.environ.get("CAMO_MODELS", os.path.join(REPO, "..", "shared", "models"))
    pipeline = os.path.join(REPO, "pipelines", "default.yaml")
    if not os.path.exists(os.path.join(models, "face", "yunet_2023mar.onnx")):
        pipeline = os.path.join(out, "evidence-only.yaml")
        with open(pipeline, "w") as f:
            f.write("name: evidence-only\ngate: {face_detector: none, object_detector: none, landmarks: none}\n"
                    "experts:\n  - {name: provenance, kind: provenance, serves: [evidence], decisive: true}\n")
    log = open(os.path.join(out, "server.log"), "w")
    server = subprocess.Popen([args.camo, "serve", "--host", "127.0.0.1", "--port", "0", "--pipeline", pipeline,
                               "--allow-extension", identifier], stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    chromium = None
    try:
        port = wait_for("camo serve to listen", lambda: (re.findall(r"listening on 127\.0\.0\.1:(\d+)",
                                                                     open(os.path.join(out, "server.log")).read()) or [None])[0], 120)
        base = f"http://127.0.0.1:{port}"
        wait_for("camo serve to be ready", lambda: ready(base), 300)

        # The page and, on another origin, one of its images.
        site, elsewhere = os.path.join(out, "site"), os.path.join(out, "elsewhere")
        os.makedirs(site), os.makedirs(elsewhere)
        shutil.copy(PHOTO, os.path.join(site, "photo.jpg"))
        shutil.copy(GENERATED, os.path.join(site, "generated.png"))
        shutil.copy(ELSEWHERE, os.path.join(elsewhere, "portrait.jpg"))
        write_icon(os.path.join(site, "icon.png"))
        write_gif(os.path.join(site, "animation.gif"))
        other = serve_folder(elsewhere)
        page_server = serve_folder(site)
        other_url = f"http://127.0.0.1:{other.server_port}/portrait.jpg"
        with open(os.path.join(site, "index.html"), "w") as f:
            f.write(f"""<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CAMO extension check</title>
<style>body {{ font-family: sans-serif; margin: 1rem; }} img {{ max-width: 100%; display: block; margin: 1rem 0; }}
.row {{ display: flex; flex-wrap: wrap; gap: 1rem; }} .row img {{ width: 300px; }}</style>
<h1>Images</h1><p>A photo, a generated image, an icon <img id="icon" src="icon.png" style="display:inline;width:16px"> and an image from elsewhere.</p>
<div class="row"><img id="photo" src="photo.jpg"><img id="generated" src="generated.png"><img id="elsewhere" src="{other_url}">
<img id="animation" src="animation.gif"></div>""")
        page_url = f"http://127.0.0.1:{page_server.server_port}/index.html"

        profile = os.path.join(out, "profile")
        chromium = subprocess.Popen(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                     "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                     f"--load-extension={EXTENSION}", f"--disable-extensions-except={EXTENSION}",
                                     "--window-size=1280,900", "about:blank"],
                                    stdout=subprocess.DEVNULL, stderr=open(os.path.join(out, "chromium.log"), "w"),
                                    start_new_session=True)
        devtools_port = wait_for("Chromium's DevTools port", lambda: read_port(profile), 60)
        worker = wait_for("the extension's service worker", lambda: next(
            (t for t in targets(devtools_port) if t["type"] == "service_worker" and identifier in t["url"]), None), 60)
        extension = DevTools(worker["webSocketDebuggerUrl"])
        wait_for("the service worker's script", lambda: extension.evaluate(
            "typeof chrome === 'object' && typeof checkTab === 'function'"), 30)
        extension.evaluate(f"chrome.storage.local.set({{server: {json.dumps(base)}}})")

        request = urllib.request.Request(f"http://127.0.0.1:{devtools_port}/json/new?{page_url}", method="PUT")
        page_target = json.load(urllib.request.urlopen(request))
        page = DevTools(page_target["webSocketDebuggerUrl"])
        wait_for("the page's images to load", lambda: page.evaluate(
            "document.readyState === 'complete' && [...document.images].every(i => i.complete && i.naturalWidth > 0)"), 60)

        badges = check_page(extension, page, page_url, lambda b: all(x["state"] != "pending" for x in b) and len(b) >= 4, 180)
        by_image = {b["image"]: b for b in badges}
        if "icon" in by_image:
            fail("the 16 px icon was checked")
        # A GIF the browser shows but camo serve cannot decode: the badge says so.
        if "could not decode" not in by_image.get("animation", {}).get("text", ""):
            fail(f"the GIF's badge says {by_image.get('animation')}")
        print(f"animation.gif: {by_image['animation']['text']}")
        badges = [b for b in badges if b["image"] != "animation"]
        expected = {"photo": PHOTO, "generated": GENERATED, "elsewhere": ELSEWHERE}
        for name, path in expected.items():
            badge = by_image.get(name) or fail(f"no badge on the {name} image: {badges}")
            answer = api(base, path)
            for key, value in (("verdict", answer["verdict"]), ("basis", answer["basis"])):
                if badge[key] != value:
                    fail(f"{name}: the badge says {key} {badge[key]!r}, the API {value!r}")
            if (answer.get("p_fake") is None) != (badge["pFake"] is None) or (
                    badge["pFake"] is not None and abs(float(badge["pFake"]) - answer["p_fake"]) > 1e-9):
                fail(f"{name}: the badge says p_fake {badge['pFake']}, the API {answer.get('p_fake')}")
            print(f"{name}: {badge['verdict']} ({badge['basis']}, p_fake {badge['pFake']}), as the API answers")

        # A click on a badge opens the whole result in the extension's own page.
        page.evaluate("document.querySelector('camo-badge[data-for=\"' + document.getElementById('photo').dataset.camoId + '\"]').click()")
        panel = wait_for("the result panel", lambda: next(
            (t for t in targets(devtools_port) if t["type"] == "page" and t["url"].startswith(f"chrome-extension://{identifier}/result.html")), None), 30)
        panel_tools = DevTools(panel["webSocketDebuggerUrl"])
        shown = wait_for("the panel's verdict", lambda: panel_tools.evaluate(
            "document.querySelector('#verdict').textContent && document.querySelector('#verdict').textContent + ' | ' + "
            "document.querySelectorAll('#experts tr').length"), 30)
        first = by_image["photo"]
        if not shown.startswith(first["verdict"]) or shown.endswith("| 0"):
            fail(f"the result panel shows {shown!r} for a badge saying {first['verdict']}")
        print(f"result panel: {shown.split(' | ')[0]}, {shown.split(' | ')[1]} expert rows")

        for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
            page.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 500)
            time.sleep(0.5)
            shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
            path = os.path.join(out, f"extension-{name}.png")
            with open(path, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            print(f"screenshot: {path}")
        page.call("Emulation.clearDeviceMetricsOverride")

        # A server that wants a token: without it the badges say so; with it they judge again.
        guarded_log = open(os.path.join(out, "guarded-server.log"), "w")
        # It also judges one image at a time with no queue, so the extension's two at once meet a 503 and retry.
        guarded = subprocess.Popen([args.camo, "serve", "--host", "127.0.0.1", "--port", "0", "--pipeline", pipeline,
                                    "--max-concurrency", "1", "--queue", "0"],
                                   stdout=guarded_log, stderr=subprocess.STDOUT, cwd=REPO, env={**os.environ, "CAMO_API_TOKEN": "s3cret"})
        try:
            guarded_port = wait_for("the guarded server to listen", lambda: (re.findall(r"listening on 127\.0\.0\.1:(\d+)",
                                    open(os.path.join(out, "guarded-server.log")).read()) or [None])[0], 120)
            guarded_base = f"http://127.0.0.1:{guarded_port}"
            wait_for("the guarded server to be ready", lambda: ready(guarded_base), 300)
            extension.evaluate(f"chrome.storage.local.set({{server: {json.dumps(guarded_base)}, token: ''}})")
            refused = check_page(extension, page, page_url, lambda b: len(b) >= 4 and all(x["state"] == "error" for x in b), 60)
            if not all("token" in b["text"] for b in refused):
                fail(f"without the token the badges say {[b['text'] for b in refused]}")
            extension.evaluate("chrome.storage.local.set({token: 's3cret'})")
            judged = check_page(extension, page, page_url, lambda b: len([x for x in b if x["state"] == "done"]) >= 3
                                and all(x["state"] != "pending" for x in b), 120)
            metrics = urllib.request.urlopen(urllib.request.Request(f"{guarded_base}/metrics",
                                             headers={"Authorization": "Bearer s3cret"})).read().decode()
            overloaded = sum(int(float(line.rsplit(" ", 1)[1])) for line in metrics.splitlines()
                             if line.startswith("camo_http_responses_total") and 'status="503"' in line)
            if overloaded == 0 or any("overloaded" in b["text"] for b in judged):
                fail(f"no 503 met and retried ({overloaded} 503s; badges {[b['text'] for b in judged]})")
            print(f"a server that wants a token: refused without it (the badges say so), judged with it; "
                  f"{overloaded} overloaded answers retried after Retry-After")
        finally:
            guarded.kill()
        extension.evaluate(f"chrome.storage.local.set({{server: {json.dumps(base)}, token: ''}})")

        # The server stops: the next check must say so, not hang.
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        started = time.time()
        badges = check_page(extension, page, page_url, lambda b: len(b) >= 4 and all(x["state"] == "error" for x in b), 30)
        if not all("not reachable" in b["text"] for b in badges):
            fail(f"with the server stopped the badges say {[b['text'] for b in badges]}")
        print(f"server stopped: every badge says it is not reachable, after {time.time() - started:.1f} s")
        print("extension check: passed")
    finally:
        if chromium:
            os.killpg(chromium.pid, signal.SIGKILL)
        if server.poll() is None:
            server.kill()


def check_page(extension, page, page_url, done, seconds):
    extension.evaluate(f"chrome.tabs.query({{}}).then(tabs => checkTab(tabs.find(t => t.url === {json.dumps(page_url)}).id))")
    read = """JSON.stringify([...document.querySelectorAll('camo-badge')].map(b => ({
        image: document.querySelector('img[data-camo-id="' + b.dataset.for + '"]').id, state: b.dataset.state,
        verdict: b.dataset.verdict, basis: b.dataset.basis, pFake: b.dataset.pFake ?? null,
        text: b.shadowRoot.querySelector('b').textContent})))"""
    return wait_for("the badges", lambda: (lambda b: b if done(b) else None)(json.loads(page.evaluate(read))), seconds)


def ready(base):
    try:
        return urllib.request.urlopen(f"{base}/readyz", timeout=2).status == 200
    except OSError:
        return False


def api(base, path):
    with open(path, "rb") as f:
        request = urllib.request.Request(f"{base}/v1/detect", data=f.read(), method="POST",
                                         headers={"Content-Type": "image/unknown"})
    return json.load(urllib.request.urlopen(request, timeout=120))


def read_port(profile):
    try:
        with open(os.path.join(profile, "DevToolsActivePort")) as f:
            return int(f.readline())
    except (OSError, ValueError):
        return None


def write_gif(path):
    from PIL import Image
    frames = [Image.new("RGB", (120, 90), colour) for colour in ((30, 120, 200), (200, 120, 30))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=500, loop=0)


def write_icon(path):
    from PIL import Image
    Image.new("RGB", (16, 16), (200, 60, 60)).save(path)


if __name__ == "__main__":
    main()
