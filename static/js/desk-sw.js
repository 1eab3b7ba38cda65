// The desk's service worker: keeps /checkin and everything it loads, so that a desk
// that has lost the server still reloads into a working page (from its first visit).
//
// The server (kiosk/checkin/views.py) puts one line in front of this file:
//   self.DESK = {"cache": "kiosk-desk-<hash>", "assets": ["/checkin", "/static/…", "/fonts/…"]};
// the list read from the page itself, the name a hash of every file's bytes
// (kiosk/checkin/offline.py). Installing stores every file; a new deploy is a
// new name, so browsers install the new worker, which stores the new files and
// drops the old cache.
//
// Network first, so a working server always serves fresh files; the cache answers
// when the network fails, answers with a server error, or is slower than
// NETWORK_TIMEOUT_MS (a Wi-Fi that hangs rather than fails).
const { cache: CACHE, assets: ASSETS } = self.DESK;
const CACHE_PREFIX = "kiosk-desk-";
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: "reload" skips the browser's HTTP cache: a new deploy stores the new bytes.
    await cache.addAll(ASSETS.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

function cacheable(request) {
  if (request.method !== "GET") return false;
  const { pathname, origin } = new URL(request.url);
  if (origin !== self.location.origin) return false;
  return pathname === "/checkin" || pathname.startsWith("/static/") || pathname.startsWith("/fonts/");
}

async function fromCache(request) {
  return caches.match(request, { cacheName: CACHE, ignoreSearch: true, ignoreVary: true });
}

async function networkFirst(request) {
  const network = fetch(request).then(async (response) => {
    if (response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  });
  network.catch(() => {}); // answered from the cache meanwhile: a late failure is no error
  const timeout = new Promise((resolve) => { setTimeout(resolve, NETWORK_TIMEOUT_MS, null); });
  let response = null;
  try {
    response = await Promise.race([network, timeout]);
  } catch {
    response = null; // the server cannot be reached
  }
  if (response && response.status < 500) return response;
  const hit = await fromCache(request);
  if (hit) return hit;
  return response ?? network.catch(() => Response.error());
}

self.addEventListener("fetch", (event) => {
  if (cacheable(event.request)) event.respondWith(networkFirst(event.request));
});
