// worker_threads do not inherit the test runner's TypeScript loader: register tsx's, then start.
import { register } from 'tsx/esm/api'

register()
await import('./node-worker-host.ts')
