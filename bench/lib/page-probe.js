// Injected into every bench page before its own scripts (context.addInitScript). Plain JS on
// purpose: functions that tsx compiled would carry helpers (__name) the browser does not have.
//
// It records, with the page's own clock:
//   - long tasks (PerformanceObserver 'longtask', buffered) and Event Timing entries for clicks;
//   - per WebSocket: when it opened, how many messages arrived, and when the Nth one did (a
//     subclass of the global WebSocket adds one counting listener, the same cost on every page);
//   - when a UI counter first shows the target (MutationObserver; no polling from outside);
//   - for each click: pointerdown timeStamp, when the page handled it, and the next frame after.
// Milestones are pushed to the bench through the exposed binding window.__benchSignal.
;(() => {
  const config = window.__benchConfig || {}
  const target = config.target || 0
  const signalAt = config.signalAt || 0
  const probe = {
    longTasks: [],
    events: [],
    sockets: [],
    clicks: [],
    ui: { doneAt: null, lastSeen: 0 },
    errors: [],
  }
  window.__benchProbe = probe

  const signal = (name, detail) => {
    try {
      if (typeof window.__benchSignal === 'function') window.__benchSignal(name, detail)
    } catch (error) {
      probe.errors.push(String(error))
    }
  }

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch (error) {
    probe.errors.push(`longtask: ${error}`)
  }

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.events.push({
          name: entry.name,
          start: entry.startTime,
          duration: entry.duration,
          processingStart: entry.processingStart,
          processingEnd: entry.processingEnd,
          interactionId: entry.interactionId || 0,
        })
      }
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 })
  } catch (error) {
    probe.errors.push(`event timing: ${error}`)
  }

  const NativeWebSocket = window.WebSocket
  class ProbedWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols)
      const record = { url: String(url), createdAt: performance.now(), openAt: null, received: 0, targetAt: null, closedAt: null }
      probe.sockets.push(record)
      this.addEventListener('open', () => {
        record.openAt = performance.now()
        signal('open', { url: record.url })
      })
      this.addEventListener('message', () => {
        const n = ++record.received
        if (n === signalAt) signal('mid', { received: n })
        if (n === target) {
          record.targetAt = performance.now()
          signal('wire-done', { received: n })
          if (probe.sockets.length >= (config.expectSockets || 1) && probe.sockets.every((s) => s.targetAt !== null)) signal('all-wire-done', {})
        }
      })
      this.addEventListener('close', () => {
        record.closedAt = performance.now()
      })
    }
  }
  window.WebSocket = ProbedWebSocket

  // Reads a number the UI shows, e.g. the "In" counter of the timeline stats strip.
  const readUiCount = () => {
    const ui = config.uiCounter
    if (!ui) return 0
    const root = document.querySelector(ui.selector)
    if (!root) return 0
    for (const term of root.querySelectorAll('dt')) {
      if (term.textContent.trim() !== ui.term) continue
      const text = term.nextElementSibling ? term.nextElementSibling.textContent : ''
      const digits = (text.split(ui.separator || '·')[0] || '').replace(/[^0-9]/g, '')
      return digits ? Number(digits) : 0
    }
    return 0
  }

  if (config.uiCounter && target > 0) {
    const observer = new MutationObserver(() => {
      const seen = readUiCount()
      probe.ui.lastSeen = seen
      if (seen >= target && probe.ui.doneAt === null) {
        probe.ui.doneAt = performance.now()
        observer.disconnect()
        signal('ui-done', { seen })
      }
    })
    const start = () => observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true })
    if (document.documentElement) start()
    else document.addEventListener('DOMContentLoaded', start, { once: true })
  }

  window.addEventListener(
    'pointerdown',
    (event) => {
      probe.clicks.push({ timeStamp: event.timeStamp, downHandledAt: performance.now(), clickHandledAt: null, frameAt: null, afterFrameAt: null })
    },
    true,
  )
  // Bubble phase on window: runs after React's handler on the root container.
  window.addEventListener('click', () => {
    const click = probe.clicks[probe.clicks.length - 1]
    if (!click || click.clickHandledAt !== null) return
    click.clickHandledAt = performance.now()
    requestAnimationFrame(() => {
      click.frameAt = performance.now()
      // A task queued from the frame callback runs after that frame has been produced.
      setTimeout(() => {
        click.afterFrameAt = performance.now()
        signal('click-painted', {})
      }, 0)
    })
  })
})()
