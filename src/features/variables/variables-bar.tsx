import { Suspense, useId, useState } from 'react'
import { lazyNamed } from '../../components/lazy-named.ts'
import { setActiveEnvironment } from '../../store/environment-choice.ts'
import { selectCurrentWorkspace } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { Environment } from '../../workspace/model.ts'
import './variables.css'

const VariablesDialog = lazyNamed(() => import('./variables-dialog.tsx'), 'VariablesDialog')

const NO_ENVIRONMENTS: readonly Environment[] = []

/**
 * Under the workspace switcher: which environment is active (always in sight, since it decides
 * what `{{name}}` becomes on the next connect and send) and the button that edits variables.
 */
export function VariablesBar() {
  const environments = useWorkspaceStore((state) => selectCurrentWorkspace(state)?.environments ?? NO_ENVIRONMENTS)
  const activeId = useWorkspaceStore((state) => selectCurrentWorkspace(state)?.activeEnvironmentId ?? '')
  const count = useWorkspaceStore((state) => selectCurrentWorkspace(state)?.variables?.length ?? 0)
  const [open, setOpen] = useState(false)
  const selectId = useId()
  return (
    <section className="variables-bar" aria-label="Variables and environments">
      <label htmlFor={selectId}>Environment</label>
      <select
        id={selectId}
        value={activeId}
        disabled={environments.length === 0}
        title={environments.length === 0 ? 'No environments yet: add one under Variables' : undefined}
        onChange={(event) => setActiveEnvironment(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">No environment</option>
        {environments.map((environment) => (
          <option key={environment.id} value={environment.id}>
            {environment.name}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => setOpen(true)} aria-haspopup="dialog" title={`${count} workspace variable${count === 1 ? '' : 's'}`}>
        Variables
      </button>
      {open && (
        <Suspense fallback={null}>
          <VariablesDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </section>
  )
}
