import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'
import { fileURLToPath } from 'node:url'
import { configDefaults } from 'vitest/config'
import { answerDemoStatus, attachDemoServer, handleDemoHttp } from './src/demo-server/demo-server.ts'
import { serviceWorkerPlugin } from './src/offline/precache-plugin.ts'

// Browser storage is per origin: a dev server that silently moved to another port would open an
// empty workspace, so both servers refuse to start on a port other than these.
const DEV_PORT = 5173
const PREVIEW_PORT = 4173

// Applied to the production build only: Vite's dev server injects inline scripts. connect-src must
// allow every ws:/wss: host because connecting anywhere is the product, and every http:/https:
// host because Server-Sent Events (fetch) and Socket.IO's long-polling are plain HTTP requests
// (see README, "Content-Security-Policy"); nothing else widens. style-src needs
// 'unsafe-inline' because Monaco sets inline styles (microsoft/monaco-editor#271).
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss: http: https:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ')

function contentSecurityPolicy(): Plugin {
  return {
    name: 'frameline-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  }
}

/**
 * Serves the demo WebSocket endpoints (/demo/echo, /demo/ticker, ...) on the dev and preview
 * servers, and answers demo/status.json before the static files do (dist/ holds a copy saying
 * "no demo server" for plain static hosts; see src/demo-server/demo-status.ts).
 */
function demoWebSocketServer(): Plugin {
  return {
    name: 'frameline-demo-server',
    configureServer(server) {
      if (server.httpServer) attachDemoServer(server.httpServer)
      server.middlewares.use((request, response, next) => {
        if (!handleDemoHttp(request, response) && !answerDemoStatus(request, response)) next()
      })
    },
    configurePreviewServer(server) {
      if (server.httpServer) attachDemoServer(server.httpServer)
      server.middlewares.use((request, response, next) => {
        if (!handleDemoHttp(request, response) && !answerDemoStatus(request, response)) next()
      })
    },
  }
}

type ModuleGraph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null }

/**
 * Puts every module the first screen imports statically (from src/main.tsx) into one chunk.
 * Rolldown otherwise emits each module that the entry and a lazily loaded part share as a chunk of
 * its own, although the entry has always loaded it first (rolldown/rolldown#10731): with the
 * dialogs and panes loaded on demand that made 31 modulepreloads where 10 were before, and first
 * contentful paint 120 -> 152 ms (median of 15 cold loads each, same run). Modules only lazy parts
 * use are not in the set, so they still load on demand.
 */
function firstScreenChunk(entry: string): (id: string, graph: ModuleGraph) => string | null {
  let reachable: Set<string> | null = null
  return (id, graph) => {
    if (reachable === null) {
      const seen = new Set<string>()
      const queue = [entry]
      while (queue.length > 0) {
        const next = queue.pop()
        if (next === undefined || seen.has(next)) continue
        seen.add(next)
        for (const imported of graph.getModuleInfo(next)?.importedIds ?? []) if (!seen.has(imported)) queue.push(imported)
      }
      reachable = seen
    }
    return reachable.has(id) ? 'app' : null
  }
}

export default defineConfig({
  // Relative asset URLs: dist/ works from any static host path, including a sub-path.
  base: './',
  // serviceWorkerPlugin: dist/sw.js, precaching every file of the build (src/offline/).
  plugins: [react(), contentSecurityPolicy(), demoWebSocketServer(), serviceWorkerPlugin()],
  server: { port: DEV_PORT, strictPort: true, host: '127.0.0.1' },
  preview: {
    port: PREVIEW_PORT,
    strictPort: true,
    host: '127.0.0.1',
    // The <meta> policy governs the page only: a dedicated Worker takes its policy from its own
    // script's response headers (https://www.w3.org/TR/CSP3/#initialize-global-object-csp). The
    // preview server sends the same policy as a header, so the connection Worker runs under it too.
    headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: firstScreenChunk(fileURLToPath(new URL('./src/main.tsx', import.meta.url))) }] } },
    },
  },
  worker: { format: 'es' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          globals: true,
          setupFiles: ['tests/setup.ts'],
          include: ['tests/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'tests/e2e/**'],
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: CI machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
})
