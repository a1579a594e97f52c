/*
 * The service worker of the workspaces that work without a connection (the border page, the field
 * agent's page): registered by app.js with the workspace's name as its scope (/app/border,
 * /app/field), it keeps that workspace's files and the officer's last session answer, so that the
 * page opens while the node cannot be reached. Online it always asks the node first; the cache only
 * answers when the network fails. No personal data passes through here: the border bundle lives in
 * the page's IndexedDB, the field queue in localStorage, and API answers other than
 * GET /api/v1/session are never cached. Logging out removes the cached session (app.js, forget).
 */
"use strict";

const SHARED = ["app.js", "app.css", "index.html", "login.js", "i18n/common.en.json", "i18n/common.fr.json"];
/** Each workspace's own files besides SHARED: its page, its scripts, its message bundles. */
const WORKSPACES = {
  border: [
    "border.html", "border.js", "border-verify.js", "verify.js", "scan.js", "vendor/jsQR.js",
    "i18n/border.en.json", "i18n/border.fr.json",
  ],
  field: [
    "field.html", "field.js", "childform.js",
    "i18n/childform.en.json", "i18n/childform.fr.json", "i18n/field.en.json", "i18n/field.fr.json",
  ],
};
const WORKSPACE = new URL(self.registration.scope).pathname.split("/").pop();
const CACHE = `haven-${WORKSPACE}-v1`;
const FILES = [...SHARED, ...(WORKSPACES[WORKSPACE] || [])];
const SESSION = "/api/v1/session";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  const cacheable =
    event.request.method === "GET" &&
    url.origin === self.location.origin &&
    (url.pathname === SESSION || url.pathname.startsWith("/app/"));
  if (!cacheable) {
    return;
  }
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((cached) => cached || Response.error()))
  );
});
