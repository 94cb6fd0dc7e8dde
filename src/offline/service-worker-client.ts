import { create } from 'zustand'

/**
 * The page's side of dist/sw.js (src/offline/service-worker.js): registers it, notices a new
 * version waiting, and swaps versions only when the user says so.
 *
 *   none              — no worker (dev server, unsupported browser, insecure origin) or nothing to say
 *   update-available  — a new version is installed and waiting; the page offers to reload into it
 *   updating          — the user accepted; the page reloads as soon as the new worker takes over
 *   updated-elsewhere — another tab switched to a new version; this page still runs the old one
 *   failed            — registration failed (the app works as before, only not offline)
 */
export type UpdatePhase = 'none' | 'update-available' | 'updating' | 'updated-elsewhere' | 'failed'

export type OfflineState = { phase: UpdatePhase; offlineReady: boolean; error: string | null }

/** What the client needs from the browser; tests pass fakes. */
export type ServiceWorkerHost = {
  container: Pick<ServiceWorkerContainer, 'register' | 'controller' | 'addEventListener'>
  reload: () => void
  /** Schedules a periodic update check; returns a way to stop it. */
  every: (ms: number, run: () => void) => () => void
}

export const SKIP_WAITING_MESSAGE = { type: 'frameline:skip-waiting' } as const
export const UPDATE_CHECK_MS = 60 * 60 * 1000

export function createServiceWorkerClient(host: ServiceWorkerHost, scriptUrl = './sw.js') {
  const store = create<OfflineState>(() => ({ phase: 'none', offlineReady: false, error: null }))
  let waiting: ServiceWorker | null = null
  let reloadRequested = false

  const offerUpdate = (worker: ServiceWorker) => {
    waiting = worker
    if (store.getState().phase !== 'updating') store.setState({ phase: 'update-available' })
  }

  const watchInstalling = (registration: ServiceWorkerRegistration, worker: ServiceWorker | null) => {
    if (!worker) return
    worker.addEventListener('statechange', () => {
      if (worker.state !== 'installed') return
      // With a controller this is a new version next to the running one; without, the first install.
      if (host.container.controller) offerUpdate(registration.waiting ?? worker)
      else store.setState({ offlineReady: true })
    })
  }

  async function start(): Promise<void> {
    const hadController = host.container.controller !== null
    host.container.addEventListener('controllerchange', () => {
      if (reloadRequested) host.reload()
      // The first install takes control of this page (clients.claim): nothing changed for the user.
      else if (hadController) store.setState({ phase: 'updated-elsewhere' })
      else store.setState({ offlineReady: true })
    })
    let registration: ServiceWorkerRegistration | undefined
    try {
      registration = await host.container.register(scriptUrl, { scope: './', updateViaCache: 'none' })
    } catch (thrown) {
      store.setState({ phase: 'failed', error: thrown instanceof Error ? thrown.message : String(thrown) })
      return
    }
    // Browsers with service workers switched off by policy (or automation) resolve with nothing.
    if (!registration) {
      store.setState({ phase: 'failed', error: 'Service workers are disabled in this browser.' })
      return
    }
    if (registration.active && hadController) store.setState({ offlineReady: true })
    if (registration.waiting && host.container.controller) offerUpdate(registration.waiting)
    watchInstalling(registration, registration.installing)
    registration.addEventListener('updatefound', () => watchInstalling(registration, registration.installing))
    host.every(UPDATE_CHECK_MS, () => void registration.update().catch(() => undefined))
  }

  /** The user chose to switch: the waiting worker takes over, then this page reloads into it. */
  function applyUpdate(): void {
    if (!waiting) return
    reloadRequested = true
    store.setState({ phase: 'updating' })
    waiting.postMessage(SKIP_WAITING_MESSAGE)
  }

  /** "Later": hide the offer; it comes back on the next load (the new version keeps waiting). */
  function dismiss(): void {
    store.setState({ phase: 'none' })
  }

  return { store, start, applyUpdate, dismiss, reload: () => host.reload() }
}

export type ServiceWorkerClient = ReturnType<typeof createServiceWorkerClient>

function browserHost(): ServiceWorkerHost | null {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !globalThis.isSecureContext) return null
  return {
    container: navigator.serviceWorker,
    reload: () => window.location.reload(),
    every: (ms, run) => {
      const timer = setInterval(run, ms)
      return () => clearInterval(timer)
    },
  }
}

const host = browserHost()

/** The app's client; without service worker support it stays at phase "none". */
export const serviceWorkerClient: ServiceWorkerClient = createServiceWorkerClient(
  host ?? { container: { register: () => Promise.reject(new Error('unsupported')), controller: null, addEventListener: () => undefined }, reload: () => undefined, every: () => () => undefined },
)

/** Registers dist/sw.js in the production build only: the dev server has no sw.js and must not cache. */
export function startServiceWorker(): void {
  if (!import.meta.env.PROD || !host) return
  void serviceWorkerClient.start()
}
