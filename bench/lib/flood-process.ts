import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ServerEvent } from './flood-server.ts'

export type StreamResult = Extract<ServerEvent, { type: 'stream-done' | 'stream-aborted' }>

/** Where the raw page's sockets live, and how many it opens at once. */
export type RawPageOptions = { host?: 'page' | 'worker'; sockets?: number }

export type FloodProcess = {
  port: number
  /** ws:// URL of an endpoint on the flood server. */
  wsUrl(path: string): string
  /** http:// URL of the raw baseline page, wired to the given stream. */
  rawPageUrl(streamUrl: string, count: number, mode: 'count' | 'store', options?: RawPageOptions): string
  /** The next stream the server finishes (or abandons) after this call, whatever the endpoint. */
  nextStreamResult(timeoutMs: number): Promise<StreamResult>
  stop(): Promise<void>
}

/** SIGTERM, then SIGKILL after 5 s: a bench server child never outlives its run. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Forks bench/lib/flood-server.ts under tsx and waits until it listens. */
export async function startFloodProcess(): Promise<FloodProcess> {
  const entry = fileURLToPath(new URL('./flood-server.ts', import.meta.url))
  const child: ChildProcess = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const results: StreamResult[] = []
  const waiters: ((result: StreamResult) => void)[] = []

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('flood server did not start within 15 s')), 15_000)
    child.once('exit', (code) => reject(new Error(`flood server exited early (code ${code})`)))
    child.on('message', (message: ServerEvent) => {
      if (message.type === 'listening') {
        clearTimeout(timer)
        resolve(message.port)
      } else {
        const waiter = waiters.shift()
        if (waiter) waiter(message)
        else results.push(message)
      }
    })
  })

  return {
    port,
    wsUrl: (path) => `ws://127.0.0.1:${port}${path}`,
    rawPageUrl: (streamUrl, count, mode, options = {}) =>
      `http://127.0.0.1:${port}/raw.html?${new URLSearchParams({ url: streamUrl, count: String(count), mode, host: options.host ?? 'page', sockets: String(options.sockets ?? 1) })}`,
    nextStreamResult(timeoutMs) {
      // Called before the caller's stream starts: anything already queued is from an earlier
      // stream nobody waited for (a retained-frames run, the four-connection runs), not this one.
      results.length = 0
      return new Promise((resolve, reject) => {
        const waiter = (result: StreamResult) => {
          clearTimeout(timer)
          resolve(result)
        }
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1)
          reject(new Error(`flood server reported no finished stream within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.push(waiter)
      })
    },
    stop: () => stopChild(child),
  }
}
