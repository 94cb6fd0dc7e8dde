import { lazy, Suspense, useDeferredValue, useEffect, useId, useState } from 'react'
import { TemplateMenu } from './template-menu.tsx'
import type { PayloadEditorProps } from '../../editor/payload-editor-props.ts'
import { formatHex, formatJson, jsonError, parseHex, payloadByteLength } from '../../lib/payload.ts'
import { downloadText } from '../../lib/download-file.ts'
import { describeError } from '../../lib/describe-error.ts'
import {
  editDraft,
  getComposerDraft,
  loadIntoComposer,
  selectLoadCounter,
  selectUnsavedDraft,
  toggleTabMovesFocus,
  useComposerStore,
} from '../../store/composer-store.ts'
import { sendPayload } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore, type ConnectionStatus } from '../../store/session-store.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { DRAFT_TOO_LONG } from '../../store/field-limits.ts'
import type { ConnectionId, Draft, PayloadMode } from '../../workspace/model.ts'
import { ComposerLibrary } from './composer-library.tsx'
import './composer.css'
import { EditorBoundary } from './editor-boundary.tsx'
import { formatByteCount, isMacPlatform, MODE_LABELS } from './payload-text.ts'
import { PlainPayloadEditor } from './plain-payload-editor.tsx'
import { SchemaPicker, SchemaProblems } from './schema-picker.tsx'
import { useChosenSchema } from '../../store/schema-actions.ts'
import { ScheduleControl } from './schedule-control.tsx'

// Monaco is megabytes: loading it lazily lets the app paint (and connect) before it arrives.
const PayloadEditor = lazy(() =>
  import('../../editor/payload-editor.tsx').then((module) => ({ default: module.PayloadEditor })),
)

const MODES: readonly PayloadMode[] = ['json', 'text', 'binary']

const PLACEHOLDERS: Record<PayloadMode, string> = {
  json: 'Write a JSON payload, e.g. {"type": "ping"}',
  text: 'Any text; it is sent exactly as written',
  binary: 'Hex bytes, e.g. de ad be ef',
}

type Notice = { kind: 'error' | 'ok'; text: string }

/** Why Send is unavailable, or null when the connection is open. */
function notOpenReason(status: ConnectionStatus): string | null {
  switch (status) {
    case 'open':
      return null
    case 'connecting':
      return 'Still connecting — Send works once the connection is open.'
    case 'closing':
      return 'The connection is closing — connect again to send.'
    case 'idle':
    case 'closed':
      return 'Not connected — press Connect above to send.'
  }
}

/** Sends what the composer holds, or says why not; the Send button and every shortcut use this. */
async function sendDraft(connectionId: ConnectionId, setNotice: (notice: Notice) => void): Promise<void> {
  const draft = getComposerDraft(connectionId)
  if (!draft) return
  const { text, mode } = draft
  const reason = notOpenReason(selectRuntime(useSessionStore.getState(), connectionId).status)
  if (reason) {
    setNotice({ kind: 'error', text: `Not sent: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}` })
    return
  }
  const result = await sendPayload(connectionId, text, mode)
  if (!result.ok) {
    setNotice({ kind: 'error', text: result.error })
    return
  }
  const bytes = payloadByteLength(text, mode) ?? 0
  setNotice({ kind: 'ok', text: `Sent ${formatByteCount(bytes)}.${result.note ? ` ${result.note}` : ''}` })
}

/**
 * Ctrl/Cmd+Enter anywhere in the connection's view (the <main> the composer is in: URL field,
 * timeline, saved messages) sends, not only inside the editor. Editors that handle it themselves
 * mark the event handled (defaultPrevented), so nothing is sent twice; dialogs are left alone.
 */
function useSendShortcut(connectionId: ConnectionId, setNotice: (notice: Notice) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return
      if (event.defaultPrevented) return
      const target = event.target instanceof Element ? event.target : null
      if (!target?.closest('main') || target.closest('[role="dialog"]')) return
      event.preventDefault()
      void sendDraft(connectionId, setNotice)
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [connectionId, setNotice])
}

export function Composer({ connectionId }: { connectionId: ConnectionId }) {
  const storedDraft = useWorkspaceStore((state) => selectConnection(state, connectionId)?.draft)
  // A draft over the payload limit lives in memory only (composer-store.ts); it wins while it exists.
  const unsavedDraft = useComposerStore((state) => selectUnsavedDraft(state, connectionId))
  const draft = storedDraft && (unsavedDraft ?? storedDraft)
  const status = useSessionStore((state) => selectRuntime(state, connectionId).status)
  const loadCounter = useComposerStore((state) => selectLoadCounter(state, connectionId))
  const tabMovesFocus = useComposerStore((state) => state.tabMovesFocus)
  const [notice, setNotice] = useState<Notice | null>(null)
  const modeGroupId = useId()
  const chosenSchema = useChosenSchema(connectionId)
  // Null until the editor reports (the plain fallback editor never does, so nothing is claimed).
  const [problems, setProblems] = useState<string[] | null>(null)
  useSendShortcut(connectionId, setNotice)

  if (!draft) return null

  const blockedReason = notOpenReason(status)

  const currentDraft = (): Draft => getComposerDraft(connectionId) ?? draft

  const handleChange = (text: string) => {
    editDraft(connectionId, { text, mode: currentDraft().mode })
    if (notice) setNotice(null)
  }

  const send = () => void sendDraft(connectionId, setNotice)

  const format = () => {
    const { text, mode } = currentDraft()
    const formatted = mode === 'binary' ? formatHex(text) : formatJson(text)
    if (!formatted.ok) {
      setNotice({ kind: 'error', text: formatted.error })
      return
    }
    setNotice(null)
    // Goes through the editor as one edit, so Ctrl+Z restores the unformatted text.
    if (formatted.text !== text) loadIntoComposer(connectionId, { text: formatted.text, mode })
  }

  const changeMode = (mode: PayloadMode) => {
    editDraft(connectionId, { text: currentDraft().text, mode })
    setNotice(null)
  }

  const saveToFile = () => {
    const { text, mode } = currentDraft()
    const fileName = `draft-${connectionId}.${mode === 'json' ? 'json' : 'txt'}`
    try {
      downloadText(fileName, text, mode === 'json' ? 'application/json' : 'text/plain;charset=utf-8')
      setNotice({ kind: 'ok', text: `Downloading ${fileName}.` })
    } catch (thrown) {
      setNotice({ kind: 'error', text: `Download failed: ${describeError(thrown)}` })
    }
  }

  const editorProps: PayloadEditorProps = {
    path: `draft/${connectionId}.json`,
    language: draft.mode === 'json' ? 'json' : 'plaintext',
    // Read only when the editor mounts; later edits come from the editor itself.
    initialText: draft.text,
    replacementRevision: loadCounter,
    replacementText: draft.text,
    onChange: handleChange,
    onSubmit: send,
    ariaLabel: `Payload (${MODE_LABELS[draft.mode]})`,
    placeholder: PLACEHOLDERS[draft.mode],
    tabMovesFocus,
    onToggleTabMovesFocus: toggleTabMovesFocus,
    // One schema id per connection and message: Monaco keeps every composer's schema apart.
    schema:
      chosenSchema && draft.mode === 'json'
        ? { uri: `frameline-schema://${encodeURIComponent(connectionId)}/${encodeURIComponent(chosenSchema.name)}.json`, schema: chosenSchema.schema }
        : null,
    onProblems: setProblems,
  }

  const shortcut = isMacPlatform() ? '⌘↵' : 'Ctrl+Enter'

  return (
    <div className="composer">
      <div className="composer-toolbar">
        <div className="composer-modes" role="radiogroup" aria-label="Payload mode">
          {MODES.map((mode) => (
            <label key={mode} className={mode === draft.mode ? 'composer-mode selected' : 'composer-mode'}>
              <input
                type="radio"
                name={`${modeGroupId}-mode`}
                value={mode}
                checked={mode === draft.mode}
                onChange={() => changeMode(mode)}
              />
              {MODE_LABELS[mode]}
            </label>
          ))}
        </div>
        <button
          type="button"
          onClick={format}
          disabled={draft.mode === 'text'}
          title={draft.mode === 'binary' ? 'Tidy hex into rows of 16 bytes' : 'Pretty-print the JSON'}
        >
          Format
        </button>
        <TemplateMenu connectionId={connectionId} />
        <SchemaPicker connectionId={connectionId} />
        <span className="composer-toolbar-spacer" />
        <span className="composer-send-group">
          {/* Beside Send, not in it: inside, the hint became part of what Send visibly says but not
              of its name (WCAG 2.5.3). aria-keyshortcuts tells assistive technology. */}
          <kbd className="composer-send-shortcut" aria-hidden="true">
            {shortcut}
          </kbd>
          <button
            type="button"
            className="primary composer-send"
            aria-label="Send"
            aria-keyshortcuts={isMacPlatform() ? 'Meta+Enter' : 'Control+Enter'}
            onClick={send}
            disabled={blockedReason !== null}
            title={blockedReason ?? `Send (${shortcut})`}
          >
            Send
          </button>
        </span>
      </div>
      {unsavedDraft && (
        <p className="composer-message error composer-unsaved" role="alert">
          {DRAFT_TOO_LONG}{' '}
          <button type="button" className="link-button" onClick={saveToFile}>
            Save to a file
          </button>
        </p>
      )}
      <ComposerMessage notice={notice} blockedReason={blockedReason} />
      <div className="composer-editor">
        <EditorBoundary fallback={(error) => <FallbackEditor error={error} editorProps={editorProps} />}>
          <Suspense
            fallback={
              <div className="payload-editor-loading" role="status">
                Loading editor…
              </div>
            }
          >
            <PayloadEditor {...editorProps} />
          </Suspense>
        </EditorBoundary>
      </div>
      {chosenSchema && draft.mode === 'json' && problems !== null && <SchemaProblems schemaName={chosenSchema.name} problems={problems} />}
      <DraftStatus draft={draft} tabMovesFocus={tabMovesFocus} />
      <ScheduleControl connectionId={connectionId} canSend={blockedReason === null} />
      <ComposerLibrary connectionId={connectionId} canSend={blockedReason === null} />
    </div>
  )
}

function ComposerMessage({ notice, blockedReason }: { notice: Notice | null; blockedReason: string | null }) {
  if (notice) {
    return (
      <p className={`composer-message ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
        {notice.text}
      </p>
    )
  }
  return (
    <p className="composer-message hint" role="status">
      {blockedReason ?? ''}
    </p>
  )
}

function FallbackEditor({ error, editorProps }: { error: Error; editorProps: PayloadEditorProps }) {
  return (
    <div className="composer-fallback">
      <p className="composer-message error" role="alert">
        The code editor could not load ({error.message}); a plain text box is used instead.
      </p>
      <PlainPayloadEditor {...editorProps} />
    </div>
  )
}

/** Size and validity of the draft, computed from a deferred copy so typing never waits for it. */
const TAB_TOGGLE_KEYS = isMacPlatform() ? 'Ctrl+Shift+M' : 'Ctrl+M'

function DraftStatus({ draft, tabMovesFocus }: { draft: Draft; tabMovesFocus: boolean }) {
  const deferred = useDeferredValue(draft)
  const bytes = payloadByteLength(deferred.text, deferred.mode)
  let validity: { ok: boolean; text: string }
  if (deferred.text.trim() === '') {
    // An empty editor is a starting point, not a mistake; Send still explains why it refuses.
    validity = { ok: true, text: 'Empty — write a payload to send' }
  } else if (deferred.mode === 'json') {
    const error = jsonError(deferred.text)
    validity = error ? { ok: false, text: `Invalid JSON: ${error}` } : { ok: true, text: 'Valid JSON' }
  } else if (deferred.mode === 'binary') {
    const parsed = parseHex(deferred.text)
    validity = parsed.ok ? { ok: true, text: 'Binary frame' } : { ok: false, text: `Invalid hex: ${parsed.error}` }
  } else {
    validity = { ok: true, text: 'Text frame, sent as written' }
  }
  return (
    <div className="composer-status">
      <span className={validity.ok ? 'composer-validity ok' : 'composer-validity bad'} title={validity.text}>
        {validity.text}
      </span>
      {/* Said on screen, so a keyboard user knows Tab leaves the editor and how to indent. */}
      <button
        type="button"
        className="link-button composer-tab-mode"
        aria-keyshortcuts={isMacPlatform() ? 'Control+Shift+M' : 'Control+M'}
        onClick={toggleTabMovesFocus}
      >
        {tabMovesFocus ? `Tab: leave editor · ${TAB_TOGGLE_KEYS}: indent` : `Tab: indent · ${TAB_TOGGLE_KEYS}: leave editor`}
      </button>
      <span className="composer-size" aria-label="Payload size">
        {bytes == null ? '— bytes' : formatByteCount(bytes)}
      </span>
    </div>
  )
}
