/// The page at `/`: pick or drop an image and see the verdict, the route, each expert and the boxes the gate found; or a
/// video, judged as a job, and see its verdict and a timeline of frame scores, suspicious seconds and face tracks.
/// Self-contained (no external scripts, styles or fonts) so it works offline and under a strict CSP.
/// Opening `/#sample=<data: URL>` submits that image at once, which the browser check uses.
enum WebPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CAMO — is this image or video generated?</title>
<style>
:root { --fake: #b3261e; --real: #1b6e3a; --uncertain: #5f6368; --line: #d6d6d6; font-family: system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem; max-width: 960px; margin-inline: auto; color: #1d1d1d; background: #fafafa; }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
#drop { display: block; border: 2px dashed #999; border-radius: 10px; padding: 1.5rem 1rem; text-align: center; background: #fff; cursor: pointer; }
#drop.over { border-color: #3367d6; background: #eef3fd; }
#drop input { display: none; }
#token-row { margin: .5rem 0; font-size: .9rem; display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
#token-row input { flex: 1; min-width: 10rem; padding: .3rem; }
#status { margin: .75rem 0; min-height: 1.2rem; }
#status.error { color: var(--fake); }
#result { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
@media (max-width: 700px) { #result { grid-template-columns: minmax(0, 1fr); } }
#stage { position: relative; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem; }
#stage canvas { width: 100%; height: auto; display: block; }
#verdict { font-size: 2rem; font-weight: 700; text-transform: uppercase; }
#verdict.fake { color: var(--fake); } #verdict.real { color: var(--real); } #verdict.uncertain { color: var(--uncertain); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .75rem; margin-bottom: .75rem; overflow-wrap: anywhere; }
.bar { height: .6rem; background: #eee; border-radius: 4px; overflow: hidden; margin-top: .25rem; }
.bar > span { display: block; height: 100%; background: linear-gradient(90deg, var(--real), var(--uncertain), var(--fake)); }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .25rem; border-bottom: 1px solid var(--line); vertical-align: top; }
/* Names, raw scores and yes/no stay whole and the other cells wrap between words only (the card's anywhere-wrapping
   split "mesonet-df" and "judged"); on a narrow phone the table scrolls sideways inside its card. */
th, td:nth-child(1), td:nth-child(2), td:nth-child(4) { white-space: nowrap; overflow-wrap: normal; }
td:nth-child(3), td:nth-child(5) { overflow-wrap: normal; }
.scroll { overflow-x: auto; }
.muted { color: #666; font-size: .85rem; }
.skipped { color: #888; }
[hidden] { display: none !important; }
</style>
</head>
<body>
<h1>CAMO — is this image or video generated?</h1>
<label id="drop" for="file">
  <input id="file" type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/heic,image/heif,.heic,.heif,.avif,video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.mov,.webm,.mkv">
  <strong>Drop an image or a video here</strong> or tap to pick one (JPEG, PNG, WebP, AVIF, HEIC; MP4, MOV, WebM, MKV)
</label>
<div id="token-row"><label for="token">API token (only if the server needs one)</label><input id="token" type="password" autocomplete="off"></div>
<div id="status" role="status" aria-live="polite"></div>
<section id="result" hidden>
  <div id="stage" class="image-only"><canvas id="canvas" aria-label="the image with the boxes the gate found"></canvas>
    <p class="muted" id="legend"></p></div>
  <div>
    <div class="card">
      <div id="verdict" data-verdict=""></div>
      <div id="basis" data-basis="" class="muted"></div>
      <p id="reason"></p>
      <div>p_fake <strong id="pfake"></strong> <span id="rule" class="muted"></span></div>
      <div class="bar"><span id="pbar" style="width:0"></span></div>
    </div>
    <div class="card video-only" id="timeline-card" hidden><strong>Timeline</strong>
      <svg id="timeline" data-frames="0" viewBox="0 0 600 120" width="100%" role="img" aria-label="p_fake of each judged frame over time"></svg>
      <p class="muted" id="timeline-legend"></p><ul id="ranges"></ul></div>
    <div class="card image-only"><strong>Route</strong> <span id="route" class="muted"></span><div id="explanation" class="muted"></div></div>
    <div class="card image-only"><strong>Experts</strong>
      <div class="scroll"><table><thead><tr><th>expert</th><th>p_fake</th><th>calibrated</th><th>applied</th><th>why</th></tr></thead><tbody id="experts"></tbody></table></div>
    </div>
    <div class="card" id="errors-card" hidden><strong>Problems</strong><ul id="errors"></ul></div>
    <div class="muted" id="meta"></div>
  </div>
</section>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const tokenInput = $("token");
tokenInput.value = localStorage.getItem("camo-token") || "";
tokenInput.addEventListener("change", () => localStorage.setItem("camo-token", tokenInput.value));

function setStatus(text, isError) { $("status").textContent = text; $("status").className = isError ? "error" : ""; }
function cell(row, text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); return td; }
function fmt(p) { return p === null || p === undefined ? "—" : p.toFixed(3); }

function isVideo(file) { return (file.type || "").startsWith("video/") || /\.(mp4|mov|m4v|webm|mkv)$/i.test(file.name || ""); }

async function submit(file) {
  if (isVideo(file)) return submitVideo(file);
  setStatus("Judging " + (file.name || "the image") + "…");
  const form = new FormData();
  form.append("file", file, file.name || "image");
  form.append("include", "gate,experts,timings,objects");
  const body = await request("/v1/detect", { method: "POST", body: form });
  if (!body) return;
  setStatus("");
  await show(file, body);
}

// The API's JSON answer, with the token when one is set; on failure the status line says why and the answer is null.
async function request(url, init = {}) {
  const headers = Object.assign({}, init.headers);
  if (tokenInput.value) headers["Authorization"] = "Bearer " + tokenInput.value;
  let response, body;
  try {
    response = await fetch(url, Object.assign({}, init, { headers }));
    body = await response.json();
  } catch (e) { setStatus("The server did not answer: " + e, true); return null; }
  if (!response.ok) { setStatus((body.error && body.error.message) || ("HTTP " + response.status), true); return null; }
  return body;
}

function loadImage(file) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("the browser cannot show this image"));
    img.src = URL.createObjectURL(file);
  });
}

// A video is a job: posted, then asked for until it is done (docs/video.md).
async function submitVideo(file) {
  setStatus("Uploading " + (file.name || "the video") + "…");
  let body = await request("/v1/jobs?every=0.5",
    { method: "POST", body: file, headers: { "Content-Type": file.type || "application/octet-stream" } });
  if (!body) return;
  for (;;) {
    const url = (body.status_url || "/v1/jobs/" + body.id) + "?wait=2";
    body = await request(url);
    if (!body) return;
    if (body.status === "done") break;
    if (body.status === "failed" || body.error) { setStatus((body.error && body.error.message) || "The video could not be judged.", true); return; }
    setStatus("Judging " + (file.name || "the video") + "… " + Math.round((body.progress || 0) * 100) + "%");
  }
  setStatus("");
  showVideo(body.result);
}

// The verdict card, shared by images and videos: verdict, basis, reason, p_fake and its bar, problems.
function showVerdict(r, what) {
  const v = $("verdict");
  v.textContent = r.verdict; v.className = r.verdict; v.dataset.verdict = r.verdict;
  const bases = { evidence: "based on hard evidence", calibrated_experts: "based on calibrated experts",
    none: "nothing informative judged this " + what, uncalibrated_experts: "uncalibrated experts: no error budget" };
  $("basis").textContent = bases[r.basis] || r.basis; $("basis").dataset.basis = r.basis;
  $("reason").textContent = r.reason;
  $("pfake").textContent = fmt(r.p_fake);
  $("pbar").style.width = ((r.p_fake || 0) * 100).toFixed(1) + "%";
  const errs = r.errors || [];
  $("errors-card").hidden = errs.length === 0;
  $("errors").replaceChildren(...errs.map((t) => { const li = document.createElement("li"); li.textContent = t; return li; }));
}

function showVideo(r) {
  $("result").hidden = false;
  for (const el of document.querySelectorAll(".image-only")) el.hidden = true;
  for (const el of document.querySelectorAll(".video-only")) el.hidden = false;
  showVerdict(r, "video");
  $("rule").textContent = "(median over " + r.frames.length + " judged frames)";
  // One bar per judged frame, its height the raw score, its colour the frame's verdict; suspicious seconds shaded
  // behind; each face track a lane below.
  const svg = $("timeline"), ns = svg.namespaceURI, W = 600, H = 80;
  svg.replaceChildren();
  const end = Math.max(r.info.duration || 0, ...r.frames.map((f) => f.time), 1e-3);
  const x = (t) => 4 + (W - 8) * t / end;
  const add = (tag, attrs, title) => { const e = document.createElementNS(ns, tag); for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (title) { const t = document.createElementNS(ns, "title"); t.textContent = title; e.appendChild(t); } svg.appendChild(e); return e; };
  for (const s of r.suspicious.filter((s) => s.track === undefined || s.track === null)) {
    add("rect", { x: x(s.start) - 3, y: 0, width: Math.max(6, x(s.end) - x(s.start) + 6), height: H, fill: "#b3261e", "fill-opacity": 0.12 });
  }
  const colours = { fake: "#b3261e", real: "#1b6e3a", uncertain: "#5f6368" };
  const bar = Math.max(2, Math.min(12, (W - 8) / Math.max(r.frames.length, 1) - 1));
  for (const f of r.frames) {
    const p = f.p_fake_raw ?? f.p_fake ?? 0;
    add("rect", { x: x(f.time) - bar / 2, y: H - p * H, width: bar, height: Math.max(1, p * H), fill: colours[f.verdict] || "#5f6368", class: "frame" },
        f.time.toFixed(2) + " s: " + f.verdict + ", p_fake " + fmt(f.p_fake) + " (raw " + fmt(f.p_fake_raw) + ")");
  }
  r.tracks.forEach((t, i) => add("rect", { x: x(t.start) - 2, y: H + 8 + i * 10, width: Math.max(4, x(t.end) - x(t.start) + 4), height: 7,
    fill: colours[t.verdict] || "#5f6368" }, "face " + t.id + ": " + t.frames + " frames, " + t.verdict));
  svg.setAttribute("viewBox", "0 0 " + W + " " + (H + 12 + r.tracks.length * 10));
  svg.dataset.frames = String(r.frames.length);
  $("timeline-legend").textContent = "0–" + end.toFixed(1) + " s · bars: each judged frame's raw p_fake, coloured by its verdict · shaded: suspicious seconds · lanes: face tracks";
  $("ranges").replaceChildren(...r.suspicious.map((s) => { const li = document.createElement("li");
    li.textContent = s.start.toFixed(2) + "–" + s.end.toFixed(2) + " s" + (s.track !== undefined && s.track !== null ? " (face " + s.track + ")" : "") + ", " + s.frames + " frames, max p_fake " + fmt(s.max_p_fake); return li; }));
  const ms = r.timings_ms && r.timings_ms.total;
  $("meta").textContent = [r.info.width + "×" + r.info.height, r.info.codec, r.frames_decoded + " frames decoded", ms ? ms.toFixed(0) + " ms" : ""].filter(Boolean).join(" · ");
}

async function show(file, r) {
  $("result").hidden = false;
  for (const el of document.querySelectorAll(".image-only")) el.hidden = false;
  for (const el of document.querySelectorAll(".video-only")) el.hidden = true;
  showVerdict(r, "image");
  const d = r.decision;
  $("rule").textContent = d ? "(fake above " + fmt(d.fake_above) + ", real below " + fmt(d.real_below) + "; α " + d.alpha + ", β " + d.beta + "; calibrated on " + d.calibrated_on + ")"
    : "(threshold " + fmt(r.threshold) + ")";
  const route = r.route;
  $("route").textContent = route ? route.mode + " · content " + (route.content || "?") + (route.categories.length ? " · " + route.categories.join(", ") : "") + " · " + route.aggregation : "none (the image was not judged)";
  $("explanation").textContent = route ? route.explanation : "";
  const tbody = $("experts"); tbody.replaceChildren();
  const routed = new Map((route ? route.experts : []).map((e) => [e.expert, e.why]));
  for (const e of r.experts) {
    const row = document.createElement("tr");
    if (!e.applicable) row.className = "skipped";
    cell(row, e.name); cell(row, fmt(e.p_fake));
    cell(row, e.informative === false ? "not informative" : fmt(e.p_fake_calibrated)); cell(row, e.applicable ? "yes" : "no");
    cell(row, e.error || e.reason || routed.get(e.name) || "");
    tbody.appendChild(row);
  }
  if (r.experts.length === 0) { const row = document.createElement("tr"); cell(row, "no expert ran").colSpan = 5; tbody.appendChild(row); }
  const ms = r.timings_ms && r.timings_ms.total;
  $("meta").textContent = [r.image.width && r.image.height ? r.image.width + "×" + r.image.height : "", r.image.format || "", ms ? ms.toFixed(1) + " ms" : ""].filter(Boolean).join(" · ");
  await draw(file, r);
}

async function draw(file, r) {
  const canvas = $("canvas"), ctx = canvas.getContext("2d");
  let img;
  try { img = await loadImage(file); } catch (e) { canvas.width = 1; canvas.height = 1; $("legend").textContent = e.message; return; }
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  ctx.drawImage(img, 0, 0);
  const line = Math.max(2, Math.round(Math.max(canvas.width, canvas.height) / 300));
  const font = Math.max(12, Math.round(canvas.width / 40));
  ctx.lineWidth = line; ctx.font = font + "px system-ui, sans-serif";
  function box(b, colour, label) {
    const [x1, y1, x2, y2] = b;
    ctx.strokeStyle = colour; ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
    if (label) {
      const w = ctx.measureText(label).width + 8, y = Math.max(0, y1 - font - 4);
      ctx.fillStyle = colour; ctx.fillRect(x1, y, w, font + 4);
      ctx.fillStyle = "#fff"; ctx.fillText(label, x1 + 4, y + font);
    }
  }
  const gate = r.gate || { faces: [], objects: [] };
  let n = 0;
  for (const f of gate.faces) { box(f.box, "#3367d6", "face " + f.score.toFixed(2)); n++; }
  for (const o of gate.objects) { box(o.box, "#e37400", (o.class_name || "object") + " " + o.score.toFixed(2)); n++; }
  // A region's raw score is coloured red or green only when its expert is informative (or the pipeline is
  // uncalibrated); otherwise grey, since that score decides nothing.
  let grey = false;
  for (const e of r.experts) for (const g of e.regions || []) {
    const colour = e.informative === false ? "#5f6368" : (g.p_fake > r.threshold ? "#b3261e" : "#1b6e3a");
    grey = grey || e.informative === false;
    box([g.x1, g.y1, g.x2, g.y2], colour, g.kind + " " + g.p_fake.toFixed(2)); n++;
  }
  $("legend").textContent = n ? "blue: faces · orange: objects · red/green: region scores" + (grey ? " · grey: scores of experts not informative here" : "")
    : "the gate found no faces or objects";
}

const drop = $("drop");
$("file").addEventListener("change", (e) => { if (e.target.files[0]) submit(e.target.files[0]); });
["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); }));
["dragleave", "drop"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.remove("over"); }));
drop.addEventListener("drop", (e) => { const f = e.dataTransfer.files[0]; if (f) submit(f); });

if (location.hash.startsWith("#sample=")) {
  fetch(decodeURIComponent(location.hash.slice(8))).then((res) => res.blob())
    .then((blob) => submit(new File([blob], "sample", { type: blob.type })))
    .catch((e) => setStatus("Cannot load the sample: " + e, true));
}
</script>
</body>
</html>
"""#
}
