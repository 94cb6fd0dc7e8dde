import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { preview, type PreviewServer } from 'vite'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url))

/** Fixed like vite.config.ts: browser storage is per origin, and the demo server shares this port. */
export const PREVIEW_PORT = 4173
export const BASE_URL = `http://127.0.0.1:${PREVIEW_PORT}/`
export const DEMO_WS = `ws://127.0.0.1:${PREVIEW_PORT}/demo/`

export type RunningPreview = { baseUrl: string; close: () => Promise<void> }

/**
 * Serves the built app with `vite preview`, which also mounts the demo WebSocket server
 * (the frameline-demo-server plugin in vite.config.ts), so ws://127.0.0.1:4173/demo/echo works.
 */
export async function startPreview(): Promise<RunningPreview> {
  if (!existsSync(`${DIST}index.html`)) {
    throw new Error('dist/index.html is missing: run `npm run test:e2e` (it builds first) or `npm run build`.')
  }
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'warn',
    preview: { port: PREVIEW_PORT, strictPort: true, host: '127.0.0.1', open: false },
  })
  return {
    baseUrl: BASE_URL,
    close: async () => {
      // Open sockets (ticker, echo) would keep close() waiting.
      const http = server.httpServer
      if ('closeAllConnections' in http) http.closeAllConnections()
      await server.close()
    },
  }
}
