import { useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react'
import { formatBytes, formatCount, plural } from '../../lib/format.ts'
import {
  framesFieldText,
  MEBIBYTE,
  megabytesFieldText,
  RETENTION_BOUNDS,
  readFramesLimit,
  readMegabytesLimit,
} from '../../store/retention-input.ts'
import { previewRetention, setRetention, type RetentionDrop } from '../../store/session-actions.ts'
import { DEFAULT_PREFERENCES } from '../../workspace/model.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { KEEP_INTERVAL_MS, setKeepTimelines, useKeepTimelinesStore } from '../../store/timeline-keeping.ts'

type Limits = { maxFrames: number; maxBytes: number }
type Pending = Limits & { drops: RetentionDrop[]; total: number }
type Notice = { tone: 'ok' | 'error'; text: string }

function describeDrops(drops: readonly RetentionDrop[], connectionId: string, total: number): string {
  const here = drops.find((drop) => drop.connectionId === connectionId)?.frames ?? 0
  const others = drops.filter((drop) => drop.connectionId !== connectionId)
  const otherFrames = others.reduce((sum, drop) => sum + drop.frames, 0)
  const parts: string[] = []
  if (here > 0) parts.push(`${formatCount(here)} from this connection`)
  if (others.length > 0) {
    parts.push(`${formatCount(otherFrames)} from ${others.length === 1 ? 'another connection' : `${formatCount(others.length)} other connections`}`)
  }
  return (
    `These limits drop ${plural(total, 'frame')} retained now: ${parts.join(' and ')}. ` +
    'The oldest go first and are counted as dropped; they cannot be brought back.'
  )
}

type RetentionPanelProps = { id: string; connectionId: string; onClose: () => void }

/** Mounted on open, so the fields start from the limits in force each time. */
export function RetentionPanel({ id, connectionId, onClose }: RetentionPanelProps) {
  const fieldId = useId()
  const maxFrames = useWorkspaceStore((state) => state.preferences.maxFramesPerConnection)
  const maxBytes = useWorkspaceStore((state) => state.preferences.maxBytesPerConnection)
  const [framesText, setFramesText] = useState(() => framesFieldText(maxFrames))
  const [megabytesText, setMegabytesText] = useState(() => megabytesFieldText(maxBytes))
  const [pending, setPending] = useState<Pending | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  const firstField = useRef<HTMLInputElement>(null)
  const frames = readFramesLimit(framesText)
  const megabytes = readMegabytesLimit(megabytesText)
  const next: Limits | null = frames.ok && megabytes.ok ? { maxFrames: frames.value, maxBytes: megabytes.value * MEBIBYTE } : null
  const large =
    next !== null && (next.maxFrames > DEFAULT_PREFERENCES.maxFramesPerConnection || next.maxBytes > DEFAULT_PREFERENCES.maxBytesPerConnection)

  // In the commit that shows the panel (it loads on first use): focus never lags its first paint.
  useLayoutEffect(() => {
    firstField.current?.focus()
  }, [])

  // The confirmation's buttons go away with it: keep keyboard focus inside the panel.
  const leaveConfirmation = () => {
    setPending(null)
    firstField.current?.focus()
  }

  const apply = (limits: Limits) => {
    const result = setRetention(limits.maxFrames, limits.maxBytes)
    leaveConfirmation()
    setNotice(
      result.ok
        ? { tone: 'ok', text: `Applied: every connection keeps at most ${plural(limits.maxFrames, 'frame')} or ${formatBytes(limits.maxBytes)}.` }
        : { tone: 'error', text: result.error },
    )
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (next === null) return
    // Counted when the user asks, not per keystroke: a byte limit means walking the old frames.
    const drops = await previewRetention(next.maxFrames, next.maxBytes)
    const total = drops.reduce((sum, drop) => sum + drop.frames, 0)
    if (total > 0) setPending({ ...next, drops, total })
    else apply(next)
  }

  const edit = (setText: (text: string) => void) => (text: string) => {
    setText(text)
    // What was counted no longer matches the fields.
    setPending(null)
    setNotice(null)
  }

  const onKeyDown = (event: KeyboardEvent) => {
    // Escape steps back from the confirmation first; otherwise the popover closes it (above).
    if (event.key !== 'Escape' || !pending) return
    event.stopPropagation()
    leaveConfirmation()
  }

  return (
    <form id={id} className="tl-retention-panel" aria-labelledby={`${fieldId}-title`} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <h3 id={`${fieldId}-title`}>Timeline retention</h3>
      <p className="muted">
        Applies to every connection, and to the timelines already captured. When a timeline reaches either limit, its oldest frames are
        dropped and counted.
      </p>
      <LimitField
        id={`${fieldId}-frames`}
        label="Keep at most (frames)"
        inputRef={firstField}
        value={framesText}
        onChange={edit(setFramesText)}
        error={frames.ok ? null : frames.error}
        help={`${formatCount(RETENTION_BOUNDS.minFrames)} to ${formatCount(RETENTION_BOUNDS.maxFrames)}, counting every row: messages and events.`}
      />
      <LimitField
        id={`${fieldId}-megabytes`}
        label="Keep at most (MB)"
        value={megabytesText}
        onChange={edit(setMegabytesText)}
        error={megabytes.ok ? null : megabytes.error}
        help={`${formatCount(RETENTION_BOUNDS.minMegabytes)} to ${formatCount(RETENTION_BOUNDS.maxMegabytes)} MB of message payloads.`}
      />
      {large && <p className="tl-retention-warning">Large limits on several busy connections can use up the tab's memory.</p>}
      {pending ? (
        <div className="tl-retention-confirm" role="alert">
          <p>{describeDrops(pending.drops, connectionId, pending.total)}</p>
          <div className="tl-retention-actions">
            <button type="button" className="danger" onClick={() => apply(pending)}>
              Drop {plural(pending.total, 'frame')} and apply
            </button>
            <button type="button" onClick={leaveConfirmation}>
              Back
            </button>
          </div>
        </div>
      ) : (
        <div className="tl-retention-actions">
          <button type="submit" className="primary" disabled={next === null}>
            Apply
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
      {notice && (
        <p role="status" className={notice.tone === 'error' ? 'field-error' : 'tl-retention-applied'}>
          {notice.text}
        </p>
      )}
      <KeepTimelinesOption connectionId={connectionId} />
    </form>
  )
}

/** Opt-in: timelines written to this browser's storage every few seconds, back as recordings after a reload. */
function KeepTimelinesOption({ connectionId }: { connectionId: string }) {
  const on = useKeepTimelinesStore((state) => state.on)
  const problem = useKeepTimelinesStore((state) => (Object.hasOwn(state.problems, connectionId) ? state.problems[connectionId] : undefined))
  const hintId = useId()
  return (
    <div className="tl-keep-timelines">
      <label>
        <input type="checkbox" checked={on} aria-describedby={hintId} onChange={(event) => setKeepTimelines(event.target.checked)} /> Keep timelines across reloads
      </label>
      <p id={hintId} className="muted">
        Every {KEEP_INTERVAL_MS / 1000} s, changed timelines are saved in this browser (up to 32 MB each, 128 MB with kept recordings) and come back as recordings after a reload.
      </p>
      {on && problem && <p className="tl-retention-warning">{problem}</p>}
    </div>
  )
}

type LimitFieldProps = {
  id: string
  label: string
  value: string
  onChange: (text: string) => void
  error: string | null
  help: string
  inputRef?: Ref<HTMLInputElement>
}

function LimitField({ id, label, value, onChange, error, help, inputRef }: LimitFieldProps) {
  return (
    <div className="tl-retention-field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        className="mono"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-help`}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={`${id}-help`} className={error ? 'field-error' : 'muted'}>
        {error ?? help}
      </span>
    </div>
  )
}
