/*
 * Frameline's service worker, shipped as dist/sw.js. The build (src/offline/precache-plugin.ts)
 * puts `self.FRAMELINE_PRECACHE = { version, files }` in front of this file: `files` is every file
 * of dist/ (scripts, styles, workers, fonts, icons, index.html), as paths relative to the scope,
 * read from the build output itself.
 *
 * - install: fetches every file into a cache named after the version (bypassing the HTTP cache)
 *   and then waits: a new version never replaces the running one by itself.
 * - the page shows "update available"; when the user accepts, it posts
 *   { type: 'frameline:skip-waiting' } and reloads once the new worker has taken over.
 * - activate: deletes older Frameline caches and takes control of open pages.
 * - fetch: a precached file (and any navigation to the app's own page, whatever its query) is
 *   answered from the cache; everything else — demo/status.json, other paths, other origins,
 *   WebSockets — goes to the network exactly as without a worker.
 *
 * Plain JavaScript run as-is by the browser: no eval, no importScripts, nothing from elsewhere.
 */
const { version, files } = self.FRAMELINE_PRECACHE
const CACHE_PREFIX = 'frameline-precache-'
const CACHE_NAME = `${CACHE_PREFIX}${version}`
const INDEX = 'index.html'
/** Pathname (as the browser writes it) → file, so any spelling of a file's URL finds it. */
const precached = new Map(files.map((file) => [new URL(file, self.registration.scope).pathname, file]))

function scope() {
  return new URL(self.registration.scope)
}

function urlOf(file) {
  return new URL(file, self.registration.scope).href
}

async function precache() {
  const cache = await self.caches.open(CACHE_NAME)
  await Promise.all(
    files.map(async (file) => {
      const response = await fetch(new Request(urlOf(file), { cache: 'reload', credentials: 'same-origin' }))
      // A missing file must fail the install: a half-filled cache would break offline later.
      if (!response.ok) throw new Error(`Frameline precache: ${file} answered HTTP ${response.status}`)
      // Hosts with "pretty URLs" redirect index.html to the folder; a response that went through a
      // redirect may not answer a navigation, so it is stored as a fresh copy of its body.
      const stored = response.redirected
        ? new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers })
        : response
      await cache.put(urlOf(file), stored)
    }),
  )
}

async function dropOldCaches() {
  const names = await self.caches.keys()
  await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => self.caches.delete(name)))
}

/** The precached file a GET request stands for, or null when the worker should stay out of it. */
function precachedFileFor(request) {
  if (request.method !== 'GET') return null
  const url = new URL(request.url)
  const base = scope()
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null
  const path = url.pathname.slice(base.pathname.length)
  if (request.mode === 'navigate' && (path === '' || path === INDEX)) return INDEX
  return precached.get(url.pathname) ?? null
}

async function answer(file, request) {
  const cache = await self.caches.open(CACHE_NAME)
  const hit = await cache.match(urlOf(file))
  // Evicted by the browser (storage pressure): the network, as without a worker.
  return hit ?? fetch(request)
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache())
})

self.addEventListener('activate', (event) => {
  event.waitUntil(dropOldCaches().then(() => self.clients.claim()))
})

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'frameline:skip-waiting') event.waitUntil(self.skipWaiting())
})

self.addEventListener('fetch', (event) => {
  const file = precachedFileFor(event.request)
  if (file !== null) event.respondWith(answer(file, event.request))
})
