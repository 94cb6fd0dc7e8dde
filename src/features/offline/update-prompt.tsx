import { serviceWorkerClient, type ServiceWorkerClient } from '../../offline/service-worker-client.ts'
import './offline.css'

/**
 * "Update available" instead of silently swapping versions: a new version of the app waits until
 * the user reloads into it (or comes back later).
 */
export function UpdatePrompt({ client = serviceWorkerClient }: { client?: ServiceWorkerClient }) {
  const phase = client.store((state) => state.phase)
  if (phase === 'update-available' || phase === 'updating') {
    return (
      <div className="update-prompt" role="status">
        <p>
          <strong>A new version of Frameline is available.</strong> Reload to use it; your workspaces stay as they are. Open
          connections in this tab will be closed.
        </p>
        <div className="update-prompt-actions">
          <button type="button" className="primary" onClick={client.applyUpdate} disabled={phase === 'updating'}>
            {phase === 'updating' ? 'Updating…' : 'Reload to update'}
          </button>
          {phase === 'update-available' && (
            <button type="button" onClick={client.dismiss}>
              Later
            </button>
          )}
        </div>
      </div>
    )
  }
  if (phase === 'updated-elsewhere') {
    return (
      <div className="update-prompt" role="status">
        <p>
          <strong>Frameline was updated in another tab.</strong> This tab still runs the previous version; reload it to switch.
        </p>
        <div className="update-prompt-actions">
          <button type="button" className="primary" onClick={client.reload}>
            Reload
          </button>
          <button type="button" onClick={client.dismiss}>
            Later
          </button>
        </div>
      </div>
    )
  }
  return null
}
