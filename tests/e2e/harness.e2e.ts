import { describe, expect, it } from 'vitest'
import { setupE2E } from './support/e2e.ts'

// The guards themselves must work, or every other spec could pass while the page is broken.
describe('e2e harness', () => {
  const e2e = setupE2E()

  it('serves the built app and the demo server on one port', async () => {
    const { page } = await e2e.openApp()
    await expect(page.title()).resolves.toMatch(/Frameline/)
    const echoed = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const socket = new WebSocket(`ws://${location.host}/demo/echo`)
          socket.onopen = () => socket.send('harness ping')
          socket.onmessage = (event) => {
            resolve(String(event.data))
            socket.close()
          }
          socket.onerror = () => reject(new Error('demo echo unreachable'))
        }),
    )
    expect(echoed).toBe('harness ping')
  })

  it('records requests to other origins, console errors, page errors and CSP violations', async () => {
    const guarded = await e2e.openApp()
    const { page } = guarded
    // The app's CSP stops most third-party requests in the page; the route guard must catch the rest.
    const other = await guarded.newPage()
    await other.goto('https://example.com/track').catch(() => undefined)
    await other.close()
    await page.evaluate(async () => {
      await fetch('https://example.com/beacon').catch(() => undefined)
      // connect-src allows http(s) (SSE, Socket.IO polling); an image from elsewhere is still blocked.
      const image = new Image()
      image.src = 'https://example.com/pixel.png'
      document.body.append(image)
      new WebSocket('wss://example.com/socket').onerror = () => undefined
      console.error('deliberate console error')
      setTimeout(() => {
        throw new Error('deliberate uncaught error')
      })
      // Inline scripts are blocked by the app's CSP (script-src 'self').
      const script = document.createElement('script')
      script.textContent = 'window.__inlineRan = true'
      document.head.append(script)
    })
    await page.waitForTimeout(200)
    const problems = guarded.takeProblems()
    expect(problems.some((p) => p.includes('request to a non-local origin: https://example.com/track'))).toBe(true)
    expect(problems.some((p) => p.includes('WebSocket to a non-local origin: wss://example.com/socket'))).toBe(true)
    expect(problems.some((p) => p.includes('request to a non-local origin: https://example.com/beacon'))).toBe(true)
    expect(problems.some((p) => p.includes('CSP violation: img-src blocked https://example.com/pixel.png'))).toBe(true)
    expect(problems.some((p) => p.includes('deliberate console error'))).toBe(true)
    expect(problems.some((p) => p.includes('deliberate uncaught error'))).toBe(true)
    expect(problems.some((p) => p.includes('CSP violation: script-src'))).toBe(true)
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined()
  })
})
