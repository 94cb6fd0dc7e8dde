import { useEffect, useId, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { plural } from '../../lib/format.ts'
import { applyImport, planImport, type ImportMode, type ImportOutcome } from '../../store/import-actions.ts'
import { selectCurrentWorkspace } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { REDACTED } from '../../workspace/redact.ts'
import type { ParsedWorkspaceFile, ParseFailure } from '../../workspace/workspace-file.ts'
import { Modal } from './modal.tsx'
import { readImportFile, readImportText, type ImportRead } from './read-import.ts'

type Stage =
  | { kind: 'choose'; failure: ParseFailure | null }
  | { kind: 'reading'; source: string }
  | { kind: 'preview'; parsed: ParsedWorkspaceFile; source: string; notes: string[] }

type ImportDialogProps = {
  /** A file dropped onto the window: read at once instead of asking for one. */
  initialFile?: File
  onClose: () => void
  onImported: (outcome: Extract<ImportOutcome, { ok: true }>) => void
}

/** Choose a file or paste JSON, see what it holds, then merge or replace. Nothing changes before that. */
export function ImportDialog({ initialFile, onClose, onImported }: ImportDialogProps) {
  const [stage, setStage] = useState<Stage>(initialFile ? { kind: 'reading', source: initialFile.name } : { kind: 'choose', failure: null })
  const [pasted, setPasted] = useState('')
  const fileId = useId()
  const pasteId = useId()

  const readFile = async (file: File) => {
    setStage({ kind: 'reading', source: file.name })
    setStage(stageOf(await readImportFile(file), file.name, `${file.name}: `))
  }

  useEffect(() => {
    if (!initialFile) return
    let cancelled = false
    void readImportFile(initialFile).then((result) => {
      if (!cancelled) setStage(stageOf(result, initialFile.name, `${initialFile.name}: `))
    })
    return () => {
      cancelled = true
    }
  }, [initialFile])

  const readPasted = async () => {
    setStage({ kind: 'reading', source: 'the pasted text' })
    const result = await readImportText(pasted)
    setStage(stageOf(result, result.ok && result.describedAs ? 'pasted text' : 'pasted JSON', ''))
  }

  if (stage.kind === 'preview') {
    return (
      <ImportPreview
        parsed={stage.parsed}
        source={stage.source}
        notes={stage.notes}
        onClose={onClose}
        onBack={() => setStage({ kind: 'choose', failure: null })}
        onImported={onImported}
      />
    )
  }

  return (
    <Modal title="Import workspace" onClose={onClose}>
      <p className="muted">
        A Frameline workspace file (.json), or an AsyncAPI document (2.0 to 2.6 or 3.0, YAML or JSON): its servers and channels become
        connections, with their messages and schemas. You will see what it holds before anything changes.
      </p>
      <div className="wio-field">
        <label htmlFor={fileId}>Choose a file</label>
        <input
          id={fileId}
          type="file"
          accept=".json,application/json,.yaml,.yml,application/yaml"
          data-autofocus
          onChange={(event) => {
            const file = event.target.files?.[0]
            event.target.value = ''
            if (file) void readFile(file)
          }}
        />
      </div>
      <div className="wio-field">
        <label htmlFor={pasteId}>Or paste JSON</label>
        <textarea id={pasteId} className="mono" rows={6} value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} />
      </div>
      <p className="muted">You can also drop a file anywhere on the window.</p>
      {stage.kind === 'reading' && <p role="status">Reading {stage.source}…</p>}
      {stage.kind === 'choose' && stage.failure && (
        <div className="wio-error" role="alert">
          <p>
            <strong>{stage.failure.message}</strong> Nothing was changed.
          </p>
          {stage.failure.details.length > 0 && (
            <ul className="wio-list mono">
              {stage.failure.details.map((detail, index) => (
                <li key={index}>{detail}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="wio-actions">
        <button type="button" className="primary" onClick={() => void readPasted()} disabled={pasted.trim() === '' || stage.kind === 'reading'}>
          Read pasted JSON
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}

/** A read file as the next stage: its preview, or the choice again with the reason. */
function stageOf(result: ImportRead, source: string, prefix: string): Stage {
  if (!result.ok) return { kind: 'choose', failure: { ...result, message: `${prefix}${result.message}` } }
  return { kind: 'preview', parsed: result.value, source: result.describedAs ? `${source} (${result.describedAs})` : source, notes: result.notes ?? [] }
}

type PreviewProps = {
  parsed: ParsedWorkspaceFile
  source: string
  /** What an AsyncAPI import left out or leaves to the user. */
  notes?: readonly string[]
  onClose: () => void
  /** "Choose another file"; left out where there is no file to choose (a share link). */
  onBack?: () => void
  onImported: (outcome: Extract<ImportOutcome, { ok: true }>) => void
}

export function ImportPreview({ parsed, source, notes = [], onClose, onBack, onImported }: PreviewProps) {
  const workspaceName = useWorkspaceStore((state) => selectCurrentWorkspace(state)?.name ?? '')
  const existing = useWorkspaceStore((state) => selectCurrentWorkspace(state)?.connections.length ?? 0)
  const renamed = useWorkspaceStore((state) => planImport(state, parsed, 'merge')?.renamedIds ?? 0)
  // Plans are rebuilt from the store: memoised on the fields they read, so the render stays stable.
  const mergeRenames = useWorkspaceStore(useShallow((state) => (planImport(state, parsed, 'merge')?.renamedConnections ?? []).map((r) => `${r.from}\u0000${r.to}`)))
  const newName = useWorkspaceStore((state) => planImport(state, parsed, 'new')?.workspaceName ?? parsed.workspace.name)
  const [failure, setFailure] = useState<{ error: string; details: string[] } | null>(null)
  const { connections } = parsed.workspace
  const messages = connections.reduce((sum, c) => sum + c.savedMessages.length, 0)
  const schemas = connections.reduce((sum, c) => sum + (c.schemas?.length ?? 0), 0)
  const frames = [...parsed.timelines.values()].reduce((sum, t) => sum + t.length, 0)

  const run = (mode: ImportMode) => {
    const outcome = applyImport(parsed, mode)
    if (outcome.ok) onImported(outcome)
    else setFailure(outcome)
  }

  return (
    <Modal title={`Import “${parsed.workspace.name}”`} onClose={onClose}>
      <p className="muted">
        From {source}
        {parsed.exportedAt ? `, exported ${parsed.exportedAt}` : ''}.
        {parsed.migratedFrom !== null && ` Written in file format version ${parsed.migratedFrom}; converted to the current version.`}
      </p>
      <p>
        Adds {plural(connections.length, 'connection')} with {plural(messages, 'saved message')}
        {schemas > 0 && ` and ${plural(schemas, 'message schema')}`}:
      </p>
      <ul className="wio-list" aria-label="Connections in the file">
        {connections.map((connection) => (
          <li key={connection.id}>
            <strong>{connection.name === '' ? '(no name)' : connection.name}</strong>{' '}
            <span className="mono muted">{connection.url === '' ? '(no URL)' : connection.url}</span>
            {connection.savedMessages.length > 0 && ` — ${plural(connection.savedMessages.length, 'saved message')}`}
            {(connection.schemas?.length ?? 0) > 0 && ` — checked against ${connection.schemas?.map((s) => s.name).join(', ')}`}
          </li>
        ))}
      </ul>
      {notes.length > 0 && (
        <div className="wio-note">
          <p>Good to know:</p>
          <ul className="wio-list" aria-label="Notes on the import">
            {notes.map((note, index) => (
              <li key={index}>{note}</li>
            ))}
          </ul>
        </div>
      )}
      {parsed.secrets.length > 0 && (
        <div className="wio-warning">
          <p>This file carries {plural(parsed.secrets.length, 'secret-looking value')} in clear text:</p>
          <ul className="wio-list">
            {parsed.secrets.map((secret, index) => (
              <li key={`${secret.path}-${index}`}>{secret.connectionName === '' ? secret.description : `${secret.connectionName} — ${secret.description}`}</li>
            ))}
          </ul>
        </div>
      )}
      {parsed.redactedMarkers > 0 && (
        <p className="wio-note">
          {plural(parsed.redactedMarkers, 'value was', 'values were')} redacted when this file was exported (shown as{' '}
          <span className="mono">{REDACTED}</span>); fill them in before connecting.
        </p>
      )}
      {frames > 0 && <p className="muted">The file includes timelines ({plural(frames, 'frame')}); they are not loaded into the app.</p>}
      {renamed > 0 && <p className="muted">{plural(renamed, 'id')} already used here will get new ones; nothing is overwritten.</p>}
      {mergeRenames.length > 0 && (
        <div className="wio-note">
          <p>On Merge, names already in “{workspaceName}” get a number, so the rows can be told apart:</p>
          <ul className="wio-list" aria-label="Renamed on merge">
            {mergeRenames.map((pair) => {
              const [from = '', to = ''] = pair.split('\u0000')
              return <li key={pair}>{`“${from}” → “${to}”`}</li>
            })}
          </ul>
        </div>
      )}
      <p className="muted">Importing never connects. You can undo it.</p>
      {failure && (
        <div className="wio-error" role="alert">
          <p>
            <strong>{failure.error}</strong> Nothing was changed.
          </p>
          {failure.details.length > 0 && (
            <ul className="wio-list mono">
              {failure.details.map((detail, index) => (
                <li key={index}>{detail}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="wio-choices">
        <button type="button" className="primary" onClick={() => run('merge')} data-autofocus>
          Merge
        </button>
        <span className="muted">Add these to “{workspaceName}”, next to its {plural(existing, 'connection')}.</span>
        <button type="button" className="danger" onClick={() => run('replace')}>
          Replace
        </button>
        <span className="muted">
          Remove the {plural(existing, 'connection')} in “{workspaceName}” and put these in their place.
        </span>
        <button type="button" onClick={() => run('new')}>
          New workspace
        </button>
        <span className="muted">Open these as a workspace of their own, “{newName}”; “{workspaceName}” stays as it is.</span>
      </div>
      <div className="wio-actions">
        {onBack && (
          <button type="button" onClick={onBack}>
            Choose another file
          </button>
        )}
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}
