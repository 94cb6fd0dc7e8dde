import { startDemoServer } from './demo-server.ts'

// Usage: npm run demo-server -- [--port 8080] [--host 127.0.0.1]
function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`)
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback
}

const port = Number.parseInt(option('port', process.env.PORT ?? '8080'), 10)
const host = option('host', '127.0.0.1')

startDemoServer(port, host).then(
  ({ port: bound }) => {
    console.log(`Frameline demo server listening on ws://${host}:${bound}/demo/ (echo, ticker, chat, flood, close)`)
  },
  (error: unknown) => {
    console.error(`Could not start the demo server on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  },
)
