import { preview, type PreviewServer } from 'vite'

export type AppServer = { url: string; close(): Promise<void> }

/**
 * Serves dist/ with `vite preview` (the same server, headers and CSP a user gets from
 * `npm run preview`). Port 0 by default so a bench never collides with an e2e run or a
 * preview someone left open on 4173; BENCH_APP_PORT pins it.
 */
export async function startAppServer(root: string): Promise<AppServer> {
  const port = Number(process.env.BENCH_APP_PORT ?? 0)
  const server: PreviewServer = await preview({
    root,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  })
  const address = server.httpServer.address()
  const bound = typeof address === 'object' && address ? address.port : port
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => server.close(),
  }
}
