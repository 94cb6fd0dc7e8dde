// @vitest-environment node
import { readFileSync } from 'node:fs'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../src/demo-server/demo-server.ts'
import { parseDemoStatus } from '../../src/demo-server/demo-status.ts'
import { probeDemoServer } from '../../src/features/hosting/demo-availability.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** A loopback HTTP server that records the paths it was asked for. */
async function host(listener: RequestListener) {
  const paths: string[] = []
  const server = createServer((request, response) => {
    paths.push(request.url ?? '')
    listener(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  )
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths }
}

const shippedStatus = readFileSync(new URL('../../public/demo/status.json', import.meta.url), 'utf8')

describe('probeDemoServer', () => {
  it('says "available" where the demo server answers, asking next to the page under its sub-path', async () => {
    const demo = await startDemoServer(0)
    cleanups.push(demo.close)
    expect(await probeDemoServer(`http://127.0.0.1:${demo.port}/tools/frameline/?q=1#share=x`)).toBe('available')
  })

  it('says "static" where a static host serves the status file dist/ ships', async () => {
    const { origin, paths } = await host((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(shippedStatus))
    expect(await probeDemoServer(`${origin}/tools/frameline/index.html`)).toBe('static')
    expect(paths).toEqual(['/tools/frameline/demo/status.json'])
  })

  it('says "unknown" for a 404, an SPA fallback page, foreign JSON, and a refused port', async () => {
    const notFound = await host((_request, response) => response.writeHead(404).end('not found'))
    expect(await probeDemoServer(`${notFound.origin}/`)).toBe('unknown')
    const fallback = await host((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'))
    expect(await probeDemoServer(`${fallback.origin}/`)).toBe('unknown')
    const foreign = await host((_request, response) => response.writeHead(200).end('{"demoServer": true}'))
    expect(await probeDemoServer(`${foreign.origin}/`)).toBe('unknown')
    // A port that was just free: nothing listens there.
    const closed = await host(() => undefined)
    await cleanups.pop()?.()
    expect(await probeDemoServer(`${closed.origin}/`)).toBe('unknown')
  })

  it('gives up after the timeout on a host that never answers', async () => {
    const { origin } = await host(() => undefined)
    const started = Date.now()
    expect(await probeDemoServer(`${origin}/`, undefined, 300)).toBe('unknown')
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('asks nothing for pages that are not http(s)', async () => {
    let asked = false
    const fetchSpy = () => {
      asked = true
      return Promise.reject(new Error('no'))
    }
    expect(await probeDemoServer('file:///home/me/dist/index.html', fetchSpy)).toBe('unknown')
    expect(await probeDemoServer('not a url', fetchSpy)).toBe('unknown')
    expect(asked).toBe(false)
  })
})

describe('the status answers', () => {
  it('the file dist/ ships says "no demo server"; the demo server itself says it is there', async () => {
    expect(parseDemoStatus(JSON.parse(shippedStatus))).toBe(false)
    const demo = await startDemoServer(0)
    cleanups.push(demo.close)
    const response = await fetch(`http://127.0.0.1:${demo.port}/any/sub/path/demo/status.json`)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(parseDemoStatus(await response.json())).toBe(true)
  })

  it('parseDemoStatus refuses anything that is not exactly a status', () => {
    for (const value of [null, [], 'x', {}, { format: 'frameline.demo-status', version: 2, demoServer: true }, { format: 'frameline.demo-status', version: 1, demoServer: 'yes' }]) {
      expect(parseDemoStatus(value)).toBeNull()
    }
  })
})
