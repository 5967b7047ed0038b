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
 *   3. Web Push   `push` shows the notification the daemon sent (payload: NotificationService's
 *                 PushPayload) with its actions; `notificationclick` opens that session in a
 *                 dashboard window (an open one if there is one), or, for Approve / Deny /
 *                 Reply (typed in the notification), answers the prompt it was shown for (`sessions.answer`, with this origin's
 *                 login cookie); a refusal (the screen moved on) is shown and opens the session.
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

/* ---------- 3. Web Push ---------- */

/** Session ids as the dashboard's hash accepts them. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Actions this worker knows how to perform; anything else in a payload is ignored. */
const KNOWN_ACTIONS = new Set(['open', 'approve', 'deny', 'reply']);
/** Actions that answer the prompt (`sessions.answer`'s answer kinds). */
const ANSWERS = new Set(['approve', 'deny', 'reply']);
/** Prompt ids as the daemon makes them (16 hex characters). */
const PROMPT_ID = /^[0-9a-f]{16}$/;
/** States where the person is needed now: the notification stays until they act on it. */
const STAYING_STATES = new Set(['waiting', 'permission']);

self.addEventListener('push', (event) => {
  event.waitUntil(showPush(event.data));
});

/** Shows the push as a notification; every push shows one (browsers require it). */
async function showPush(data) {
  const payload = readPayload(data);
  const sessionId =
    typeof payload.sessionId === 'string' && SESSION_ID.test(payload.sessionId) ? payload.sessionId : null;
  const state = typeof payload.state === 'string' ? payload.state : null;
  const title = text(payload.title, 'rdv: an agent needs you');
  const maxActions = self.Notification?.maxActions ?? 2;
  const actions = (Array.isArray(payload.actions) ? payload.actions : [])
    .filter((a) => a && KNOWN_ACTIONS.has(a.action) && typeof a.title === 'string')
    .slice(0, maxActions)
    .map((a) => ({
      action: a.action,
      title: a.title.slice(0, 40),
      // A typed answer in the notification, where the platform offers one.
      ...(a.type === 'text' ? { type: 'text', placeholder: text(a.placeholder, '').slice(0, 60) } : {}),
    }));
  const options = {
    body: text(payload.body, ''),
    // One notification per session: a newer state replaces the older one, and alerts again.
    tag: sessionId ? `rdv-${sessionId}` : 'rdv',
    renotify: true,
    requireInteraction: STAYING_STATES.has(state),
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: {
      sessionId,
      state,
      promptId: typeof payload.promptId === 'string' && PROMPT_ID.test(payload.promptId) ? payload.promptId : null,
    },
    actions,
  };
  await self.registration.showNotification(title, options);
  // Open dashboards hear of it too (they refresh what they show; tests observe it here).
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) client.postMessage({ type: 'rdv-push', title, options });
}

function readPayload(data) {
  if (!data) return {};
  try {
    const value = data.json();
    return value && typeof value === 'object' ? value : {};
  } catch {
    return { body: data.text() };
  }
}

function text(value, fallback) {
  return typeof value === 'string' && value.trim() ? value.slice(0, 1000) : fallback;
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data ?? {};
  const sessionId = typeof data.sessionId === 'string' && SESSION_ID.test(data.sessionId) ? data.sessionId : null;
  const promptId = typeof data.promptId === 'string' && PROMPT_ID.test(data.promptId) ? data.promptId : null;
  // A Reply with nothing typed (a platform without typed answers in notifications) opens the
  // session instead, where the row offers the same Reply.
  const reply = event.action === 'reply' ? (typeof event.reply === 'string' ? event.reply.trim() : '') : null;
  if (ANSWERS.has(event.action) && sessionId && promptId && reply !== '') {
    const answered = reply === null ? { kind: event.action } : { kind: 'reply', text: reply };
    event.waitUntil(answer(sessionId, promptId, answered, event.notification.title));
    return;
  }
  // 'open' and a click on the notification itself do the same: open the session.
  event.waitUntil(openSession(sessionId));
});

/**
 * Approve / Deny from the notification: the daemon types the agent's key for that option only
 * if the screen still shows the prompt the notification was about. Whatever it says goes back
 * to open dashboards; a refusal is also shown, and clicking it opens the session.
 */
async function answer(sessionId, promptId, answered, title) {
  const kind = answered.kind;
  let refusal = null;
  try {
    const response = await fetch('/api/trpc/sessions.answer', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, promptId, answer: answered }),
    });
    if (!response.ok) refusal = await refusalOf(response);
  } catch {
    refusal = 'the dashboard could not be reached';
  }
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) client.postMessage({ type: 'rdv-answer', sessionId, kind, ok: refusal === null, refusal });
  if (refusal === null) return;
  await self.registration.showNotification(`Not sent: ${title}`, {
    body: refusal,
    tag: `rdv-${sessionId}`,
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: { sessionId, state: null, promptId: null },
  });
}

/** The daemon's reason, from a tRPC error response; a generic one if it has none. */
async function refusalOf(response) {
  try {
    const body = await response.json();
    const message = body?.error?.message ?? body?.error?.json?.message;
    if (typeof message === 'string' && message) return message.slice(0, 300);
  } catch {
    // not JSON
  }
  return response.status === 401 ? 'log in to the dashboard again' : `refused (HTTP ${response.status})`;
}

/** Focuses an open dashboard on the session, or opens one at `/#session=<id>`. */
async function openSession(sessionId) {
  const url = `${self.location.origin}/${sessionId ? `#session=${sessionId}` : ''}`;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (open) {
    // The page switches tabs itself (lib/service-worker.ts): navigating would reload it.
    if (sessionId) open.postMessage({ type: 'rdv-open-session', sessionId });
    return open.focus();
  }
  return self.clients.openWindow(url);
}
