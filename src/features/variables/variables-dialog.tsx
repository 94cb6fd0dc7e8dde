import { useId, useState } from 'react'
import { Modal } from '../../components/modal.tsx'
import {
  addEnvironment,
  addVariable,
  deleteEnvironment,
  deleteVariable,
  freeEnvironmentName,
  renameEnvironment,
  renameVariable,
  restoreEnvironment,
  restoreVariable,
  setActiveEnvironment,
  setVariableSecret,
  setVariableValue,
  type RemovedEnvironment,
  type RemovedVariable,
  type VariableScope,
} from '../../store/variable-actions.ts'
import { selectCurrentWorkspace } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { LIMITS } from '../../workspace/limits.ts'
import type { Variable } from '../../workspace/model.ts'

type Undo = { message: string; run: () => string | null }

const NO_VARIABLES: readonly Variable[] = []

/**
 * Workspace variables and environments. One list at a time: the workspace's own, or one
 * environment's (whose values win while it is active). Secret values are masked until revealed,
 * row by row; everything typed is stored at once, like the connection fields.
 */
export function VariablesDialog({ onClose }: { onClose: () => void }) {
  const workspace = useWorkspaceStore(selectCurrentWorkspace)
  const environments = workspace?.environments ?? []
  const [scope, setScope] = useState<VariableScope>(() => null)
  const [error, setError] = useState<string | null>(null)
  const [undo, setUndo] = useState<Undo | null>(null)
  const scopeId = useId()
  const activeId = workspace?.activeEnvironmentId ?? null
  const environment = scope === null ? undefined : environments.find((e) => e.id === scope)
  // The environment shown was deleted (here or in another tab): back to the workspace's list.
  const shownScope = scope !== null && !environment ? null : scope
  const variables = (shownScope === null ? workspace?.variables : environment?.variables) ?? NO_VARIABLES

  if (!workspace) return null

  const report = (result: { ok: true } | { ok: false; error: string }) => {
    setError(result.ok ? null : result.error)
    return result.ok
  }

  const addEnv = () => {
    const added = addEnvironment(freeEnvironmentName(environments.length === 0 ? 'Staging' : 'Environment'))
    if (!added.ok) return setError(added.error)
    setError(null)
    setScope(added.environment.id)
  }

  const removeEnv = () => {
    if (!environment) return
    const removed: RemovedEnvironment | undefined = deleteEnvironment(environment.id)
    if (!removed) return
    setScope(null)
    setUndo({
      message: `Deleted environment “${removed.environment.name}”.`,
      run: () => {
        const result = restoreEnvironment(removed)
        if (!result.ok) return result.error
        setScope(removed.environment.id)
        return null
      },
    })
  }

  return (
    <Modal title="Variables and environments" onClose={onClose}>
      <p className="muted">
        Write <span className="mono">{'{{name}}'}</span> in a URL, subprotocol, query, header, body or payload: it is filled in when you connect or send.
        Built-ins: <span className="mono">{'{{$uuid}} {{$timestamp}} {{$isoTimestamp}} {{$randomInt 1 100}} {{$counter}}'}</span>.
      </p>

      <div className="vars-env-row">
        <label htmlFor={`${scopeId}-active`}>Active environment</label>
        <select id={`${scopeId}-active`} value={activeId ?? ''} onChange={(event) => report(setActiveEnvironment(event.target.value === '' ? null : event.target.value))}>
          <option value="">No environment</option>
          {environments.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </div>

      <div className="vars-env-row">
        <label htmlFor={`${scopeId}-scope`}>Edit variables of</label>
        <select id={`${scopeId}-scope`} value={shownScope ?? ''} onChange={(event) => setScope(event.target.value === '' ? null : event.target.value)}>
          <option value="">The workspace</option>
          {environments.map((e) => (
            <option key={e.id} value={e.id}>
              Environment “{e.name}”
            </option>
          ))}
        </select>
        <button type="button" onClick={addEnv}>
          Add environment
        </button>
      </div>

      {environment && (
        <div className="vars-env-row">
          <EnvironmentName key={environment.id} id={environment.id} name={environment.name} onError={setError} />
          <button type="button" className="danger" onClick={removeEnv}>
            Delete environment
          </button>
        </div>
      )}
      <p className="muted">
        {environment
          ? `While “${environment.name}” is active, its values replace the workspace's variables of the same name.`
          : 'Every connection of this workspace can use these; the active environment can override them.'}
      </p>

      <VariableTable key={shownScope ?? ''} scope={shownScope} variables={variables} onError={setError} onDeleted={setUndo} />

      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {undo && (
        <p className="vars-undo" role="status">
          {undo.message}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              const problem = undo.run()
              setUndo(null)
              setError(problem)
            }}
          >
            Undo
          </button>
        </p>
      )}
      <div className="vars-actions">
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  )
}

function EnvironmentName({ id, name, onError }: { id: string; name: string; onError: (error: string | null) => void }) {
  const [text, setText] = useState(name)
  const inputId = useId()
  const commit = () => {
    if (text.trim() === name) return setText(name)
    const result = renameEnvironment(id, text)
    onError(result.ok ? null : result.error)
    if (!result.ok) setText(name)
  }
  return (
    <>
      <label htmlFor={inputId}>Environment name</label>
      <input
        id={inputId}
        value={text}
        maxLength={LIMITS.nameChars}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            commit()
          }
        }}
      />
    </>
  )
}

type TableProps = {
  scope: VariableScope
  variables: readonly Variable[]
  onError: (error: string | null) => void
  onDeleted: (undo: Undo) => void
}

function VariableTable({ scope, variables, onError, onDeleted }: TableProps) {
  const [name, setName] = useState('')
  const [value, setValue] = useState('')
  const [secret, setSecret] = useState(false)
  const formId = useId()

  const add = () => {
    const result = addVariable(scope, name, value, secret)
    onError(result.ok ? null : result.error)
    if (!result.ok) return
    setName('')
    setValue('')
    setSecret(false)
    document.getElementById(`${formId}-name`)?.focus()
  }

  const remove = (variableName: string) => {
    const removed: RemovedVariable | undefined = deleteVariable(scope, variableName)
    if (!removed) return
    onDeleted({
      message: `Deleted {{${removed.variable.name}}}.`,
      run: () => {
        const result = restoreVariable(removed)
        return result.ok ? null : result.error
      },
    })
  }

  return (
    <>
      {variables.length === 0 ? (
        <p className="muted">No variables here yet.</p>
      ) : (
        <table className="vars-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              <th scope="col">Secret</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {variables.map((variable) => (
              <VariableRow key={variable.name} scope={scope} variable={variable} onError={onError} onDelete={() => remove(variable.name)} />
            ))}
          </tbody>
        </table>
      )}
      <form
        className="vars-add"
        aria-label="Add a variable"
        onSubmit={(event) => {
          event.preventDefault()
          add()
        }}
      >
        <label htmlFor={`${formId}-name`}>New variable</label>
        <input
          id={`${formId}-name`}
          className="mono"
          placeholder="name"
          value={name}
          maxLength={LIMITS.nameChars}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setName(event.target.value)}
        />
        <label htmlFor={`${formId}-value`} className="visually-hidden">
          New variable value
        </label>
        <input
          id={`${formId}-value`}
          className="mono"
          placeholder="value"
          type={secret ? 'password' : 'text'}
          value={value}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setValue(event.target.value)}
        />
        <label className="vars-secret">
          <input type="checkbox" checked={secret} onChange={(event) => setSecret(event.target.checked)} /> Secret
        </label>
        <button type="submit" disabled={name.trim() === ''}>
          Add variable
        </button>
      </form>
    </>
  )
}

function VariableRow({ scope, variable, onError, onDelete }: { scope: VariableScope; variable: Variable; onError: (error: string | null) => void; onDelete: () => void }) {
  const [nameText, setNameText] = useState(variable.name)
  const [revealed, setRevealed] = useState(false)
  const secret = variable.secret === true
  const commitName = () => {
    if (nameText.trim() === variable.name) return setNameText(variable.name)
    const result = renameVariable(scope, variable.name, nameText)
    onError(result.ok ? null : result.error)
    // The row is keyed by name: a rename remounts it with the new name.
    if (!result.ok) setNameText(variable.name)
  }
  return (
    <tr>
      <td>
        <input
          className="mono"
          aria-label={`Name of variable ${variable.name}`}
          value={nameText}
          maxLength={LIMITS.nameChars}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setNameText(event.target.value)}
          onBlur={commitName}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault()
              commitName()
            }
          }}
        />
      </td>
      <td className="vars-value">
        <input
          className="mono"
          aria-label={`Value of ${variable.name}`}
          // A password field: the browser masks it, and never offers it to autofill or spell check.
          type={secret && !revealed ? 'password' : 'text'}
          value={variable.value}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            const result = setVariableValue(scope, variable.name, event.target.value)
            onError(result.ok ? null : result.error)
          }}
        />
        {secret && (
          <button type="button" aria-pressed={revealed} aria-label={`${revealed ? 'Hide' : 'Reveal'} value of ${variable.name}`} onClick={() => setRevealed((r) => !r)}>
            {revealed ? 'Hide' : 'Reveal'}
          </button>
        )}
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${variable.name} is secret`}
          checked={secret}
          onChange={(event) => {
            setRevealed(false)
            onError(null)
            setVariableSecret(scope, variable.name, event.target.checked)
          }}
        />
      </td>
      <td>
        <button type="button" aria-label={`Delete variable ${variable.name}`} onClick={onDelete}>
          Delete
        </button>
      </td>
    </tr>
  )
}
