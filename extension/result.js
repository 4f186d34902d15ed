// The full result of one check, kept in session storage by the service worker under the key in the URL.
(async () => {
  const key = location.hash.slice(1);
  const r = (await chrome.storage.session.get(key))[key];
  if (!r) { document.getElementById("verdict").textContent = "This result is no longer available."; return; }
  const verdict = document.getElementById("verdict");
  verdict.textContent = `${r.verdict}${typeof r.p_fake === "number" ? ` — p_fake ${r.p_fake.toFixed(3)}` : ""} (${r.basis})`;
  verdict.className = r.verdict;
  document.getElementById("reason").textContent = r.reason;
  if (r.route) {
    document.getElementById("route").textContent =
      `route: ${r.route.mode} · content ${r.route.content} · ${r.route.experts.map((e) => e.expert).join(", ")} · ${r.route.aggregation}`;
  }
  const rows = document.getElementById("experts");
  for (const e of r.experts || []) {
    const row = rows.insertRow();
    for (const value of [e.name, e.applicable ? e.p_fake?.toFixed(3) : "—", e.p_fake_calibrated?.toFixed(3) ?? "—", e.reason || e.error || ""]) {
      row.insertCell().textContent = value ?? "";
    }
  }
  const gate = r.gate;
  if (gate) document.getElementById("gate").textContent = `gate: ${gate.faces.length} faces, ${gate.objects.length} objects`;
  document.getElementById("json").textContent = JSON.stringify(r, null, 2);
})();
