/*
 * Lắng Nghe service worker (decision 234): a form page opens offline once visited.
 * - Form pages (GET /f/<slug>, navigations): network first; a 200 replaces the cached copy; with no
 *   network the cached copy is served. Nothing else is cached: no receipt, status or case page.
 * - The island and the small files it needs: network first, the cached copy when offline. The
 *   island's second chunk (/assets/form-later-<hash>.js, decision 235) is kept when the page loads
 *   it (on the first answer); a newer one replaces the older copies.
 * - The island asks for the page it runs on to be cached ({cache: url}) the first time, because
 *   that first visit happened before this worker was in control.
 * Answers never pass through here: they stay in localStorage and the island's queue sends them.
 */
const CACHE = 'ln-v1';
const ASSETS = ['/assets/form.js', '/manifest.webmanifest', '/favicon.svg'];

self.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(ASSETS))
      .catch(() => {})
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const isForm = (u) => u.origin === location.origin && /^\/f\/[^/]+$/.test(u.pathname);
const isChunk = (u) => u.origin === location.origin && /^\/assets\/form-[\w-]+\.js$/.test(u.pathname);

/** After a chunk was stored: drop the copies of the same chunk with another hash (older builds). */
async function pruneChunks(cache, kept) {
  const name = /^\/assets\/form-[a-z]+-/.exec(kept.pathname)?.[0];
  if (!name) return;
  for (const req of await cache.keys()) {
    const p = new URL(req.url).pathname;
    if (p !== kept.pathname && p.startsWith(name)) await cache.delete(req);
  }
}

async function networkFirst(req, keep, chunk) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (keep && res.status === 200) {
      await cache.put(req, res.clone());
      if (chunk) await pruneChunks(cache, new URL(req.url));
    }
    return res;
  } catch (err) {
    const hit = await cache.match(req);
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const u = new URL(req.url);
  if (req.mode === 'navigate' && isForm(u)) e.respondWith(networkFirst(req, true));
  else if (u.origin === location.origin && ASSETS.includes(u.pathname))
    e.respondWith(networkFirst(req, true));
  else if (isChunk(u)) e.respondWith(networkFirst(req, true, true));
});

self.addEventListener('message', (e) => {
  const url = e.data && e.data.cache;
  if (typeof url !== 'string') return;
  const u = new URL(url, location.origin);
  if (!isForm(u)) return;
  e.waitUntil(
    caches.open(CACHE).then(async (c) => {
      if (!(await c.match(u.href))) {
        const res = await fetch(u.href, { credentials: 'omit' });
        if (res.status === 200) await c.put(u.href, res);
      }
    }),
  );
});
