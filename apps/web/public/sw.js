/*
 * rdv's service worker: one file, registered by the dashboard (lib/service-worker.ts), served
 * without login (server/public-assets.ts) so the browser can always fetch updates of it.
 *
 *   1. App shell  Next.js's static assets (content-hashed: cache first) and the dashboard page
 *                 (network first; the cached copy only when the network fails), so the
 *                 installed app opens at once and shows its own offline state.
 *   2. Pass-through  Everything else goes to the network untouched and is never stored: the
 *                 API (/api/*: tRPC and the terminal WebSocket, which a service worker never
 *                 sees anyway), login and logout, other origins, anything but GET.
 *   3. Web Push   Reserved: `push` and `notificationclick` handlers go at the end of this file.
 */
'use strict';

/* ---------- 1. App shell ---------- */

/** Bump when this file's caching changes: activation drops the caches of older versions. */
const SHELL_VERSION = 1;
const CACHE_PREFIX = 'rdv-shell-';
const SHELL_CACHE = `${CACHE_PREFIX}v${SHELL_VERSION}`;
/** Old builds' hashed assets pile up; the oldest go past this many entries. */
const MAX_SHELL_ENTRIES = 300;
/** The dashboard page, stored under one key whatever its query (`?renderer=dom`) or hash. */
const PAGE_KEY = '/';
/** Small public files of the installed app (manifest, icons). */
const APP_FILES = new Set([
  '/manifest.webmanifest',
  '/favicon.ico',
  '/icon.svg',
  '/apple-icon.png',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
]);

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith(CACHE_PREFIX) && key !== SHELL_CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request);
  if (strategy) event.respondWith(strategy(event.request));
});

/** How a request is answered; null: not at all by this worker (the browser fetches it). */
function strategyFor(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return null;
  if (isNeverCached(url.pathname)) return null;
  if (url.pathname.startsWith('/_next/static/')) return cacheFirst;
  if (request.mode === 'navigate' && url.pathname === '/') return pageNetworkFirst;
  if (APP_FILES.has(url.pathname)) return networkFirst;
  return null;
}

/* ---------- 2. Pass-through ---------- */

/** Never answered from or stored in a cache: data, credentials, health. */
function isNeverCached(path) {
  return path.startsWith('/api/') || path === '/login' || path === '/logout' || path === '/healthz';
}

/* ---------- strategies ---------- */

/** Content-hashed files never change: the cached copy, else the network (then stored). */
async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (storable(response)) await store(cache, request, response.clone());
  return response;
}

/** The network when it answers (stored if it is the page itself), else the cached copy. */
async function networkFirst(request, key = request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (storable(response)) await store(cache, key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

/** The dashboard page: a login page or an error (not 200) is shown but never stored. */
function pageNetworkFirst(request) {
  return networkFirst(request, PAGE_KEY);
}

function storable(response) {
  return response.ok && response.status === 200 && response.type === 'basic';
}

async function store(cache, key, response) {
  await cache.put(key, response);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_SHELL_ENTRIES)))
    await cache.delete(old);
}

/* ---------- 3. Web Push (reserved) ---------- */
// A later issue adds here: self.addEventListener('push', …) and
// self.addEventListener('notificationclick', …). Keep them in this file: a page has one
// service worker per scope.
