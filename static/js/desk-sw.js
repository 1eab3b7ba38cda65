// The desk's service worker: keeps /checkin and its assets so the page reloads
// while the server is unreachable. Network first, so a working server always
// serves fresh pages; the cache only answers when the network fails.
const CACHE = "kiosk-desk-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(["/checkin"])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function cacheable(request) {
  if (request.method !== "GET") return false;
  const { pathname } = new URL(request.url);
  return pathname === "/checkin" || pathname.startsWith("/static/") || pathname.startsWith("/fonts/");
}

self.addEventListener("fetch", (event) => {
  if (!cacheable(event.request)) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? Response.error())),
  );
});
