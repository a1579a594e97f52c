/*
 * The border workspace's service worker (scope /app/border): keeps the workspace's files and the
 * officer's last session answer, so that the page opens and checks cards from its cached verifier
 * bundle while the node cannot be reached. Online it always asks the node first; the cache only
 * answers when the network fails. No personal data passes through here: the bundle itself lives
 * in the page's IndexedDB, and API answers other than GET /api/v1/session are never cached.
 */
"use strict";

const CACHE = "haven-border-v1";
const FILES = [
  "border.html", "border.js", "border-verify.js", "verify.js", "app.js", "app.css",
  "index.html", "login.js", "i18n/common.en.json", "i18n/common.fr.json",
  "i18n/border.en.json", "i18n/border.fr.json",
];
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
