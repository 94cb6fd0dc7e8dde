import type { CDPSession, Page } from 'playwright-core'
import type { HeapUsage } from './browser.ts'

/**
 * A dedicated Worker of a page, reached over CDP: Playwright's newCDPSession takes only pages and
 * frames, so this opens a page-level session, auto-attaches to the page's workers in the
 * non-flattened mode (Target.setAutoAttach flatten:false) and talks to each worker through
 * Target.sendMessageToTarget / Target.receivedMessageFromTarget. Every call answers from the
 * worker's own V8 isolate (its heap, its globals), not the page's.
 */
export type WorkerTarget = {
  targetId: string
  url: string
  title: string
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>
  on(event: string, handler: (params: Record<string, unknown>) => void): void
  /** Runtime.evaluate in the worker; returns the value (returnByValue). */
  evaluate<T = unknown>(expression: string): Promise<T>
}

export type WorkerAttachment = {
  /** The first worker (whose url/title matches `filter`, if given) that is or becomes attached. */
  waitForWorker(filter: ((target: { url: string; title: string }) => boolean) | null, timeoutMs: number): Promise<WorkerTarget>
  detach(): Promise<void>
}

type AttachedParams = { sessionId: string; targetInfo: { targetId: string; type: string; url: string; title: string } }
type ReceivedParams = { sessionId: string; message: string }
type Reply = { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Record<string, unknown> }

export async function attachToWorkers(page: Page): Promise<WorkerAttachment> {
  const cdp: CDPSession = await page.context().newCDPSession(page)
  const targets: WorkerTarget[] = []
  const waiters: { filter: ((t: { url: string; title: string }) => boolean) | null; resolve: (t: WorkerTarget) => void }[] = []
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>()
  const listeners = new Map<string, Map<string, ((params: Record<string, unknown>) => void)[]>>()
  let nextId = 1

  const untyped = cdp as unknown as {
    on(event: string, handler: (params: never) => void): void
    send(method: string, params?: unknown): Promise<unknown>
  }

  untyped.on('Target.receivedMessageFromTarget', (params: ReceivedParams) => {
    const reply = JSON.parse(params.message) as Reply
    if (reply.id !== undefined) {
      const call = pending.get(reply.id)
      if (!call) return
      pending.delete(reply.id)
      if (reply.error) call.reject(new Error(`worker ${call.method}: ${reply.error.message}`))
      else call.resolve(reply.result)
      return
    }
    if (reply.method) for (const handler of listeners.get(params.sessionId)?.get(reply.method) ?? []) handler(reply.params ?? {})
  })

  untyped.on('Target.attachedToTarget', (params: AttachedParams) => {
    const { sessionId, targetInfo } = params
    if (targetInfo.type !== 'worker') return
    const byEvent = new Map<string, ((params: Record<string, unknown>) => void)[]>()
    listeners.set(sessionId, byEvent)
    const send = <T>(method: string, callParams: Record<string, unknown> = {}): Promise<T> => {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method })
        untyped
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: callParams }) })
          .catch((error: unknown) => {
            pending.delete(id)
            reject(error instanceof Error ? error : new Error(String(error)))
          })
      })
    }
    const target: WorkerTarget = {
      targetId: targetInfo.targetId,
      url: targetInfo.url,
      title: targetInfo.title,
      send,
      on(event, handler) {
        const list = byEvent.get(event) ?? []
        list.push(handler)
        byEvent.set(event, list)
      },
      async evaluate<T>(expression: string): Promise<T> {
        const answer = await send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
          expression,
          returnByValue: true,
          awaitPromise: true,
        })
        if (answer.exceptionDetails) throw new Error(`worker evaluate: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`)
        return answer.result.value as T
      },
    }
    targets.push(target)
    for (const waiter of [...waiters]) {
      if (waiter.filter && !waiter.filter(target)) continue
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve(target)
    }
  })

  await untyped.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })

  return {
    waitForWorker(filter, timeoutMs) {
      const found = targets.find((t) => !filter || filter(t))
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const waiter = {
          filter,
          resolve: (t: WorkerTarget) => {
            clearTimeout(timer)
            resolve(t)
          },
        }
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1)
          reject(new Error(`no matching dedicated worker attached within ${timeoutMs} ms (saw: ${targets.map((t) => t.url).join(', ') || 'none'})`))
        }, timeoutMs)
        waiters.push(waiter)
      })
    },
    detach: () => cdp.detach().catch(() => undefined),
  }
}

/** The worker's heap after two forced full GCs (same accounting as heapAfterGc for a page). */
export async function workerHeapAfterGc(worker: WorkerTarget): Promise<HeapUsage> {
  await worker.send('HeapProfiler.enable')
  await worker.send('HeapProfiler.collectGarbage')
  await worker.send('HeapProfiler.collectGarbage')
  const usage = await worker.send<{ usedSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number }>('Runtime.getHeapUsage')
  const embedderBytes = usage.embedderHeapUsedSize ?? 0
  const backingBytes = usage.backingStorageSize ?? 0
  return { usedBytes: usage.usedSize, embedderBytes, backingBytes, totalBytes: usage.usedSize + embedderBytes + backingBytes }
}
