import { lazy, Suspense, useId, useState } from 'react'
import type { AutoResponder, OnOpenStep } from '../../engine/automation/model.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import './automation-panel.css'

// The editors (and the matcher editor they use) load when the panel first opens.
const AutomationEditors = lazy(() => import('./automation-editors.tsx'))

const NO_RULES: readonly AutoResponder[] = []
const NO_STEPS: readonly OnOpenStep[] = []

/**
 * What the connection does by itself: auto-responders, a heartbeat and the on-open sequence.
 * Collapsed to one line that says what is set up.
 */
export function AutomationPanel({ connectionId }: { connectionId: string }) {
  const panelId = useId()
  const [open, setOpen] = useState(false)
  const rules = useWorkspaceStore((state) => selectConnection(state, connectionId)?.autoResponders ?? NO_RULES)
  const heartbeat = useWorkspaceStore((state) => selectConnection(state, connectionId)?.heartbeat)
  const steps = useWorkspaceStore((state) => selectConnection(state, connectionId)?.onOpen ?? NO_STEPS)

  const summary = [
    rules.length > 0 ? `${rules.filter((r) => r.enabled).length} of ${rules.length} rule${rules.length === 1 ? '' : 's'} on` : null,
    heartbeat?.enabled ? `heartbeat every ${heartbeat.intervalMs} ms` : null,
    steps.length > 0 ? `${steps.length} on-open step${steps.length === 1 ? '' : 's'}` : null,
  ].filter((part) => part !== null)

  return (
    <div className="automation">
      <button type="button" className="automation-toggle" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={() => setOpen((value) => !value)}>
        Automation
        <span className="muted automation-summary">{summary.length > 0 ? summary.join(' · ') : 'none'}</span>
      </button>
      {open && (
        <div id={panelId} className="automation-panel" role="region" aria-label="Automation">
          <Suspense fallback={<p role="status">Loading automation…</p>}>
            <AutomationEditors connectionId={connectionId} rules={rules} heartbeat={heartbeat} steps={steps} />
          </Suspense>
        </div>
      )}
    </div>
  )
}
