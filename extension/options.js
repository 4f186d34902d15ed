import { DEFAULTS, loadSettings } from "./settings.js";

const fields = Object.keys(DEFAULTS);
const status = document.getElementById("status");

loadSettings().then((settings) => {
  for (const name of fields) {
    const input = document.getElementById(name);
    if (input.type === "checkbox") input.checked = settings[name]; else input.value = settings[name];
  }
});

document.getElementById("save").addEventListener("click", async () => {
  const values = {};
  for (const name of fields) {
    const input = document.getElementById(name);
    values[name] = input.type === "checkbox" ? input.checked : input.type === "number" ? Math.max(1, Number(input.value) || 1) : input.value.trim();
  }
  await chrome.storage.local.set(values);
  status.textContent = "Saved.";
});

document.getElementById("test").addEventListener("click", async () => {
  const { server, token } = await loadSettings();
  try {
    const response = await fetch(server.replace(/\/+$/, "") + "/v1/pipeline", { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (response.status === 401) { status.textContent = "The server refused the token."; return; }
    const pipeline = await response.json();
    status.textContent = `Reached ${server}: pipeline ${pipeline.name}, ${pipeline.experts.length} experts.`;
  } catch {
    status.textContent = `The CAMO server at ${server} is not reachable: is camo serve running?`;
  }
});
