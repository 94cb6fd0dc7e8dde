import { useState } from 'react'
import { DEMO_ENDPOINTS } from '../../demo-server/demo-status.ts'
import { demoUrl, isDemoConnection } from '../../store/first-run-workspace.ts'
import { selectCurrentWorkspace } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { useDemoAvailability, type DemoAvailability } from './demo-availability.ts'
import './hosting.css'

function isMissing(availability: DemoAvailability): boolean {
  return availability === 'static' || availability === 'unknown'
}

function Why({ availability }: { availability: DemoAvailability }) {
  return availability === 'static' ? (
    <>This copy of Frameline is served by a static host, so the demo server is not here.</>
  ) : (
    <>Frameline could not reach a demo server next to this page (offline, or a host that serves files only).</>
  )
}

/**
 * What a visitor to a hosted copy sees instead of demo connections that would fail: what the demo
 * is, how to get it, and what to do here instead. Renders nothing where the demo server exists.
 */
export function HostedWelcome() {
  const availability = useDemoAvailability((state) => state.availability)
  if (!isMissing(availability)) return null
  return (
    <section className="hosted-welcome" aria-labelledby="hosted-welcome-title">
      <h2 id="hosted-welcome-title">No demo server here</h2>
      <p>
        <Why availability={availability} /> Frameline&apos;s demo WebSocket endpoints run inside its own development server:
      </p>
      <ul className="hosted-welcome-endpoints">
        {DEMO_ENDPOINTS.map((endpoint) => (
          <li key={endpoint.name}>
            <code>/demo/{endpoint.name}</code> — {endpoint.about}
          </li>
        ))}
      </ul>
      <p>
        To try them, run Frameline on your machine (Node.js 20.19 or newer): <code>npm install &amp;&amp; npm run dev</code>, then
        open <code>http://127.0.0.1:5173/</code>. A new workspace there comes with ready demo connections.
      </p>
      <p>Here, add a connection to your own ws:// or wss:// server with “+ Add” in the sidebar.</p>
    </section>
  )
}

/**
 * For workspaces that already hold connections to this host's /demo/ endpoints (made before, or
 * imported): says they cannot connect here, before the user finds out through a 1006.
 */
export function DemoUnavailableBanner() {
  const availability = useDemoAvailability((state) => state.availability)
  const demoCount = useWorkspaceStore((state) => {
    return selectCurrentWorkspace(state)?.connections.filter((c) => isDemoConnection(c)).length ?? 0
  })
  const [dismissed, setDismissed] = useState(false)
  if (!isMissing(availability) || demoCount === 0 || dismissed) return null
  return (
    <div className="demo-banner" role="status">
      <p>
        <strong>
          {demoCount === 1 ? 'A connection here points' : `${demoCount} connections here point`} to the demo server (
          <code>{demoUrl('')}…</code>), {availability === 'static' ? 'which this copy does not have' : 'which does not answer here'}.
        </strong>{' '}
        <Why availability={availability} /> Run <code>npm run dev</code> locally to use the demo.
      </p>
      <button type="button" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  )
}
