// Evaluated inside a dedicated Worker over CDP (bench/lib/worker-cdp.ts) before the worker opens
// its sockets: the same counting WebSocket subclass page-probe.js installs in a page, for code
// whose sockets live in a Worker (the app's connection runtime, the raw Worker page). Times are
// epoch milliseconds (performance.timeOrigin + performance.now()) so the bench can put them on
// the page's clock. Milestones go out through a CDP binding (Runtime.addBinding __benchSignal).
// Plain JS: evaluating this file defines the installer; the bench then calls
// self.__benchInstallWorkerProbe(config). A second install is a no-op.
self.__benchInstallWorkerProbe = (config) => {
  if (self.__benchWorkerProbe) return 'already'
  const target = config.target || 0
  const signalAt = config.signalAt || 0
  const signalCounts = new Set(config.signalCounts || [])
  const now = () => performance.timeOrigin + performance.now()
  const probe = { sockets: [], errors: [] }
  self.__benchWorkerProbe = probe
  const signal = (name) => {
    try {
      if (typeof self.__benchSignal === 'function') self.__benchSignal(name)
    } catch (error) {
      probe.errors.push(String(error))
    }
  }
  const NativeWebSocket = self.WebSocket
  class ProbedWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols)
      const record = { url: String(url), createdAt: now(), openAt: null, received: 0, targetAt: null, closedAt: null, countsAt: {} }
      probe.sockets.push(record)
      this.addEventListener('open', () => {
        record.openAt = now()
        signal('open')
      })
      this.addEventListener('message', () => {
        const n = ++record.received
        if (n === signalAt) signal('mid')
        if (signalCounts.has(n)) {
          record.countsAt[n] = now()
          signal('count-' + n)
        }
        if (n === target) {
          record.targetAt = now()
          signal('wire-done')
          if (probe.sockets.length >= (config.expectSockets || 1) && probe.sockets.every((s) => s.targetAt !== null)) signal('all-wire-done')
        }
      })
      this.addEventListener('close', () => {
        record.closedAt = now()
      })
    }
  }
  self.WebSocket = ProbedWebSocket
  return 'installed'
}
