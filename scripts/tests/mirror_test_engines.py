#!/usr/bin/env python3
"""Test engines for `camo mirror`: one loopback HTTP server speaking the protocols CAMO drives, with faults on demand.

Not a model: answers are made from the request so that tests can predict them.
  POST /v1/chat/completions   OpenAI-compatible chat (caption with an image part, moderation with a system message)
  POST /api/chat              Ollama chat (images as base64 strings)
  POST /prompt, GET /history/{id}, GET /view     ComfyUI
  POST /sdapi/v1/txt2img, /sdapi/v1/img2img      AUTOMATIC1111 / Forge
  POST /v1/images/generations                    OpenAI-compatible images

Captions name the image by the first 8 hex digits of its JPEG's SHA-256 (h). Deterministic refusals:
  int(h, 16) % 11 == 0  the chat captioner refuses (OpenAI: message.refusal; Ollama: empty content)
  int(h, 16) % 7 == 0   the caption contains "unsafe", and every image engine refuses it (OpenAI images: 400
                        content_policy_violation; A1111 and ComfyUI: an all-black image, as safety checkers answer)
Generated images are PNGs of the requested size drawn from the seed (numpy), so the same request gives the same bytes.

--faults takes JSON: [{"route": "/prompt", "kind": "429"|"500"|"timeout"|"malformed"|"close", "count": 2}]; the first
`count` requests to the route get the fault (a timeout sleeps --timeout-sleep seconds before answering).
--delay adds seconds to every generation. Every request is logged as one JSON line to --log (images replaced by h).
Prints the port on its first line of standard output.
"""
import argparse
import base64
import hashlib
import io
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import numpy as np
from PIL import Image

STATE = {"lock": threading.Lock(), "hits": {}, "history": {}, "files": {}}


def image_hash(b64):
    return hashlib.sha256(base64.b64decode(b64)).hexdigest()[:8]


def draw(width, height, seed, black=False):
    if black:
        pixels = np.zeros((height, width, 3), np.uint8)
    else:
        rng = np.random.default_rng(seed)
        y, x = np.mgrid[0:height, 0:width]
        base = np.stack([x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), (x + y) * 127 // max(width + height - 2, 1)], -1)
        pixels = np.clip(base + rng.integers(-20, 21, (height, width, 3)), 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    return out.getvalue()


def caption_for(h, prompt_prefix=None):
    unsafe = int(h, 16) % 7 == 0
    subject = f"a test scene {h}" + (" that is unsafe" if unsafe else "")
    parts = {"An image of": subject, "The setting is": "indoors", "The background is": "plain grey",
             "The image type/style is": "a photograph"}
    if prompt_prefix is not None:
        for prompt, answer in parts.items():
            if prompt_prefix.rstrip().endswith(prompt):
                return answer
        return ""
    return "\n".join(f"{prompt} {answer}." for prompt, answer in parts.items())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json", headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def fault(self, route):
        """Applies the next scheduled fault for `route`; True when the request was answered by it."""
        with STATE["lock"]:
            STATE["hits"][route] = STATE["hits"].get(route, 0) + 1
            hit = STATE["hits"][route]
        seen = 0
        for rule in self.server.faults:
            if rule["route"] != route:
                continue
            if seen < hit <= seen + rule["count"]:
                kind = rule["kind"]
                if kind == "429":
                    self.reply(429, {"error": {"message": "rate limited", "type": "rate_limit"}}, headers=[("Retry-After", "0")])
                elif kind == "500":
                    self.reply(500, {"error": {"message": "internal error"}})
                elif kind == "malformed":
                    self.reply(200, b"{\"choices\": [", )
                elif kind == "timeout":
                    time.sleep(self.server.timeout_sleep)
                    self.reply(503, {"error": "too late"})
                elif kind == "close":
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.shutdown(2)
                return True
            seen += rule["count"]
        return False

    def log_request_body(self, route, body):
        entry = {"route": route}
        if body is not None:
            entry.update(summarise(body))
        with STATE["lock"]:
            with open(self.server.log, "a") as log:
                log.write(json.dumps(entry) + "\n")

    def do_GET(self):
        url = urlparse(self.path)
        if url.path.startswith("/history/"):
            route = "/history"
            self.log_request_body(route, None)
            if self.fault(route):
                return
            prompt_id = url.path.split("/")[-1]
            with STATE["lock"]:
                entry = STATE["history"].get(prompt_id)
            if entry is None or time.time() < entry["ready"]:
                return self.reply(200, {})
            return self.reply(200, {prompt_id: entry["body"]})
        if url.path == "/view":
            self.log_request_body("/view", None)
            if self.fault("/view"):
                return
            name = parse_qs(url.query).get("filename", [""])[0]
            with STATE["lock"]:
                data = STATE["files"].get(name)
            return self.reply(200 if data else 404, data or b"not found", "image/png")
        self.reply(404, {"error": "no route"})

    def do_POST(self):
        route = urlparse(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            return self.reply(400, {"error": {"message": "body is not JSON"}})
        self.log_request_body(route, body)
        if self.server.api_key and self.headers.get("Authorization") != f"Bearer {self.server.api_key}":
            return self.reply(401, {"error": {"message": "bad API key"}})
        if self.fault(route):
            return
        handler = {"/v1/chat/completions": self.openai_chat, "/api/chat": self.ollama_chat, "/prompt": self.comfy_prompt,
                   "/sdapi/v1/txt2img": self.a1111, "/sdapi/v1/img2img": self.a1111,
                   "/v1/images/generations": self.openai_images}.get(route)
        if handler is None:
            return self.reply(404, {"error": "no route"})
        handler(body)

    def chat_answer(self, messages):
        """(text, refused) for a chat request in either protocol's message shape."""
        if messages and messages[0]["role"] == "system":
            caption = messages[-1]["content"]
            return caption.replace("An image of ", "").replace("The setting is", "set").strip(), False
        user = messages[0]
        images = user.get("images") or [part["image_url"]["url"].split(",", 1)[1]
                                         for part in user["content"] if isinstance(user["content"], list) and part["type"] == "image_url"]
        h = image_hash(images[0])
        refused = int(h, 16) % 11 == 0
        if len(messages) > 1 and messages[-1]["role"] == "assistant":
            return caption_for(h, messages[-1]["content"]), refused
        return caption_for(h), refused

    def openai_chat(self, body):
        text, refused = self.chat_answer(body["messages"])
        message = {"role": "assistant", "content": None if refused else text, "refusal": "I can't describe this image." if refused else None}
        self.reply(200, {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body["model"],
                         "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

    def ollama_chat(self, body):
        text, refused = self.chat_answer(body["messages"])
        self.reply(200, {"model": body["model"], "created_at": "2026-12-07T00:00:00Z",
                         "message": {"role": "assistant", "content": "" if refused else text},
                         "done_reason": "stop", "done": True, "total_duration": 1})

    def generated(self, prompt, width, height, seed):
        time.sleep(self.server.delay)
        return draw(width, height, seed, black="unsafe" in prompt)

    def comfy_prompt(self, body):
        workflow = body["prompt"]
        sampler = next(node for node in workflow.values() if node["class_type"] == "KSampler")["inputs"]
        latent = next(node for node in workflow.values() if "LatentImage" in node["class_type"])["inputs"]
        text = next(node for node in workflow.values() if node["class_type"] == "CLIPTextEncode")["inputs"]["text"]
        if not isinstance(sampler["seed"], int) or not isinstance(latent["width"], int):
            return self.reply(400, {"error": {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation"},
                                    "node_errors": {"3": {"errors": [{"message": "seed is not an integer"}]}}})
        prompt_id = str(uuid.uuid4())
        name = f"ComfyUI_{prompt_id[:8]}_.png"
        data = self.generated(text, latent["width"], latent["height"], sampler["seed"])
        with STATE["lock"]:
            STATE["files"][name] = data
            STATE["history"][prompt_id] = {"ready": time.time() + 0.3, "body": {
                "prompt": [0, prompt_id, workflow, {}, ["9"]],
                "outputs": {"9": {"images": [{"filename": name, "subfolder": "", "type": "output"}]}},
                "status": {"status_str": "success", "completed": True, "messages": []}, "meta": {}}}
        self.reply(200, {"prompt_id": prompt_id, "number": 1, "node_errors": {}})

    def a1111(self, body):
        data = self.generated(body["prompt"], body["width"], body["height"], body["seed"])
        info = {"prompt": body["prompt"], "seed": body["seed"], "width": body["width"], "height": body["height"],
                "sd_model_name": (body.get("override_settings") or {}).get("sd_model_checkpoint", "")}
        self.reply(200, {"images": [base64.b64encode(data).decode()], "parameters": body, "info": json.dumps(info)})

    def openai_images(self, body):
        if "unsafe" in body["prompt"]:
            return self.reply(400, {"error": {"code": "content_policy_violation", "message": "Your request was rejected by the safety system.",
                                              "param": None, "type": "invalid_request_error"}})
        width, height = (int(v) for v in body["size"].split("x"))
        seed = int(hashlib.sha256(body["prompt"].encode()).hexdigest()[:8], 16)
        data = self.generated(body["prompt"], width, height, seed)
        self.reply(200, {"created": int(time.time()), "data": [{"b64_json": base64.b64encode(data).decode(), "revised_prompt": body["prompt"]}]})


def summarise(body):
    """The request with images replaced by their hash, so the log stays small and tests can count per image."""
    text = json.dumps(body)
    found = []
    def walk(node):
        if isinstance(node, dict):
            return {k: ("<%d images>" % len(v) if k in ("images", "init_images") and isinstance(v, list) else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str) and node.startswith("data:image/"):
            found.append(image_hash(node.split(",", 1)[1]))
            return "<image>"
        return node
    summary = walk(body)
    for key in ("images",):
        for message in body.get("messages", []) if isinstance(body, dict) else []:
            for image in message.get(key) or []:
                found.append(image_hash(image))
    summary["image_hashes"] = found
    return summary


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The "close" fault drops connections on purpose; a client that gave up (timeout fault) closes its end.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--faults", default="[]")
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--timeout-sleep", type=float, default=3)
    parser.add_argument("--log", required=True)
    parser.add_argument("--api-key")
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    server.faults = json.loads(args.faults)
    server.delay = args.delay
    server.timeout_sleep = args.timeout_sleep
    server.log = args.log
    server.api_key = args.api_key
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
