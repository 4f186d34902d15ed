// Runs in every page and does nothing until asked (the toolbar action, the context menu, or auto-check): lists
// the page's images, has the service worker judge each, and draws a badge over each judged image.
(() => {
  const COLOURS = { fake: "#b3261e", real: "#1b6e3a", uncertain: "#6b6b6b", error: "#7a4b00", pending: "#1a56a0" };
  const BASES = { evidence: "evidence", calibrated_experts: "experts", uncalibrated_experts: "uncalibrated experts", none: "no basis" };
  let nextId = 1;

  chrome.runtime.onMessage.addListener((message) => {
    if (message.type === "check-page") checkPage(message.minimumSize, message.cap);
    if (message.type === "check-src") {
      const image = [...document.images].find((img) => img.currentSrc === message.src || img.src === message.src);
      if (image) check(image);
    }
  });

  chrome.storage.local.get(["autoCheck", "minimumSize"]).then(({ autoCheck, minimumSize }) => {
    if (autoCheck) checkPage(minimumSize ?? 64, 30);
  });

  function checkPage(minimumSize, cap) {
    const images = [...document.images].filter((img) => {
      const box = img.getBoundingClientRect();
      return img.complete && box.width >= 1 && box.height >= 1 && img.naturalWidth >= minimumSize && img.naturalHeight >= minimumSize;
    });
    images.slice(0, cap).forEach(check);
  }

  async function check(image) {
    image.dataset.camoId ||= String(nextId++);
    const badge = badgeFor(image);
    show(badge, { state: "pending", text: "CAMO: checking…" });
    const src = image.currentSrc || image.src;
    let bytes;
    if (src.startsWith("blob:")) {
      // A blob: URL belongs to this page: only this page can read it.
      try { bytes = Array.from(new Uint8Array(await (await fetch(src)).arrayBuffer())); } catch (error) {
        show(badge, { state: "error", text: `CAMO: could not read the image (${error.message})` });
        return;
      }
    }
    const answer = await chrome.runtime.sendMessage({ type: "judge", src, bytes });
    if (answer.error) {
      show(badge, { state: "error", text: `CAMO: ${answer.error}`, result: answer.result });
      return;
    }
    const r = answer.result;
    const p = typeof r.p_fake === "number" ? ` ${r.p_fake.toFixed(2)}` : "";
    show(badge, {
      state: "done", verdict: r.verdict, basis: r.basis, pFake: r.p_fake, reason: r.reason, result: r,
      text: `${r.verdict.toUpperCase()}${p} · ${BASES[r.basis] || r.basis}`,
    });
  }

  function badgeFor(image) {
    let host = document.querySelector(`camo-badge[data-for="${image.dataset.camoId}"]`);
    if (!host) {
      host = document.createElement("camo-badge");
      host.dataset.for = image.dataset.camoId;
      host.attachShadow({ mode: "open" }).innerHTML = `<style>
        :host { all: initial; position: absolute; z-index: 2147483647; cursor: pointer; }
        div { font: 12px/1.3 system-ui, sans-serif; color: #fff; padding: 3px 6px; border-radius: 4px; max-width: 260px;
              box-shadow: 0 1px 3px rgba(0,0,0,.4); }
        b { font-weight: 600; } small { display: block; opacity: .9; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      </style><div><b></b><small></small></div>`;
      host.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        if (host.result) chrome.runtime.sendMessage({ type: "open-result", result: host.result });
      });
      document.body.appendChild(host);
    }
    place(host, image);
    return host;
  }

  // The image's top-left corner, where a player's or a gallery's own controls rarely are.
  function place(host, image) {
    const box = image.getBoundingClientRect();
    host.style.left = `${box.left + window.scrollX + 4}px`;
    host.style.top = `${box.top + window.scrollY + 4}px`;
  }

  function show(host, { state, text, verdict, basis, pFake, reason, result }) {
    host.dataset.state = state;
    if (verdict) host.dataset.verdict = verdict;
    if (basis) host.dataset.basis = basis;
    if (typeof pFake === "number") host.dataset.pFake = String(pFake);
    host.result = result;
    const box = host.shadowRoot.querySelector("div");
    box.style.background = COLOURS[verdict] || COLOURS[state];
    box.querySelector("b").textContent = text;
    const detail = host.shadowRoot.querySelector("small");
    detail.textContent = reason || "";
    host.title = reason ? `${text}\n${reason}\n(click for the full result)` : text;
  }

  window.addEventListener("resize", () => {
    for (const host of document.querySelectorAll("camo-badge")) {
      const image = document.querySelector(`img[data-camo-id="${host.dataset.for}"]`);
      if (image) place(host, image);
    }
  });
})();
