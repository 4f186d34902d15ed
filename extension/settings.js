// The extension's settings, in chrome.storage.local, with their defaults. Shared by the service worker and
// the options page.
export const DEFAULTS = { server: "http://127.0.0.1:8080", token: "", minimumSize: 64, autoCheck: false };

export async function loadSettings() {
  return { ...DEFAULTS, ...(await chrome.storage.local.get(Object.keys(DEFAULTS))) };
}
