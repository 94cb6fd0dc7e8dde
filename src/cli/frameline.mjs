#!/usr/bin/env node
// The `frameline` command (package.json "bin"). Plain JavaScript so it starts on any Node >= 20.19:
// it makes sure a WebSocket client exists, then loads the TypeScript runner through tsx.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// Node 22+ has WebSocket unflagged; Node 20.10+ has it behind --experimental-websocket, which a
// running process cannot turn on, so the runner starts itself again with the flag.
if (typeof globalThis.WebSocket === 'undefined' && !process.execArgv.includes('--experimental-websocket')) {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major > 20 || (major === 20 && minor >= 10)) {
    const child = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings=ExperimentalWarning', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' })
    process.exit(child.status ?? 2)
  }
  process.stderr.write(`frameline needs Node 20.10 or later for its WebSocket client (this is ${process.version}).\n`)
  process.exit(2)
}

const { register } = await import('tsx/esm/api')
register()
const { main } = await import('./main.ts')
const { nodeIO } = await import('./node-io.ts')
const code = await main(process.argv.slice(2), nodeIO())
process.exitCode = code
// A client library's lingering timer must not keep a finished run alive.
setTimeout(() => process.exit(code), 500).unref()
