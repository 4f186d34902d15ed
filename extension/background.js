// The service worker: fetches each image's bytes itself (its host permissions, so a page's CORS rules do not
// block it), posts them to the configured `camo serve` and nowhere else, and hands the answer back to the tab.
import { loadSettings } from "./settings.js";

const CONCURRENCY = 2; // as many as camo serve judges at once by default
const PAGE_CAP = 30;

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: "camo-check", title: "Check with CAMO", contexts: ["image"] });
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === "camo-check" && tab?.id !== undefined) {
    chrome.tabs.sendMessage(tab.id, { type: "check-src", src: info.srcUrl });
  }
});

chrome.action.onClicked.addListener((tab) => checkTab(tab.id));

// The toolbar action: the tab's content script lists its images and asks for each in turn.
async function checkTab(tabId) {
  const { minimumSize } = await loadSettings();
  await chrome.tabs.sendMessage(tabId, { type: "check-page", minimumSize, cap: PAGE_CAP });
}
globalThis.checkTab = checkTab;

let running = 0;
const waiting = [];
async function slot(work) {
  if (running >= CONCURRENCY) await new Promise((resume) => waiting.push(resume));
  running++;
  try { return await work(); } finally { running--; waiting.shift()?.(); }
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (message.type === "judge") {
    slot(() => judge(message.src, message.bytes)).then(reply);
    return true; // the reply comes later
  }
  if (message.type === "open-result") {
    const key = `result-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    chrome.storage.session.set({ [key]: message.result }).then(() =>
      chrome.tabs.create({ url: chrome.runtime.getURL(`result.html#${key}`) }));
  }
  return false;
});

// One image: its bytes (given by the page for blob: URLs, else fetched here), posted as raw bytes.
async function judge(src, pageBytes) {
  const settings = await loadSettings();
  let bytes, type = "";
  try {
    if (pageBytes) {
      bytes = new Uint8Array(pageBytes);
    } else {
      const response = await fetchOK(src);
      type = response.headers.get("Content-Type") || "";
      bytes = new Uint8Array(await response.arrayBuffer());
    }
  } catch (error) {
    return { error: `could not read the image: ${error.message}` };
  }
  const url = settings.server.replace(/\/+$/, "") + "/v1/detect";
  // camo serve reads the format from the bytes themselves; any image/* type says "raw image bytes".
  const headers = { "Content-Type": type.startsWith("image/") ? type.split(";")[0] : "image/unknown" };
  if (settings.token) headers.Authorization = `Bearer ${settings.token}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    let response;
    try {
      response = await fetch(url, { method: "POST", body: bytes, headers });
    } catch {
      return { error: `the CAMO server at ${settings.server} is not reachable: is camo serve running? (the extension's options set its address)` };
    }
    if (response.status === 401) return { error: "the CAMO server refused the token: set it in the extension's options" };
    if (response.status === 503 && attempt === 0) {
      const seconds = Math.min(30, Number(response.headers.get("Retry-After")) || 1);
      await new Promise((resume) => setTimeout(resume, seconds * 1000));
      continue;
    }
    if (response.status === 503) return { error: "the CAMO server is overloaded: try again in a moment" };
    let body;
    try { body = await response.json(); } catch { return { error: `the CAMO server answered ${response.status} without JSON` }; }
    if (!response.ok) return { error: body?.error?.message || `the CAMO server answered ${response.status}` };
    if (!body.route && (body.errors || []).some((e) => e.startsWith("cannot decode"))) {
      return { error: "the CAMO server could not decode this image", result: body };
    }
    return { result: body };
  }
}

async function fetchOK(src) {
  const response = await fetch(src, { credentials: "omit" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response;
}
