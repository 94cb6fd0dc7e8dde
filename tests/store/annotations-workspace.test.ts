import { readFileSync } from 'node:fs'
import { act } from '@testing-library/react'
import { IDBFactory } from 'fake-indexeddb'
import { createRecordingStorage } from '../../src/store/persistence/recording-storage.ts'
import { restoreRecordings, setRecordingStorage } from '../../src/store/recording-persistence.ts'
import { useRecordingsStore } from '../../src/store/recordings-store.ts'
import { saveChangedTimelines, setKeepTimelines } from '../../src/store/timeline-keeping.ts'
import { describe, expect, it } from 'vitest'
import type { Frame } from '../../src/engine/frame.ts'
import { importTrafficFile } from '../../src/store/traffic-actions.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { WORKSPACE_SCHEMA_PATH } from '../../src/workspace/file-schema.ts'
import { parseWorkspaceFile, prepareConnectionExport } from '../../src/workspace/workspace-file.ts'
import { validateAgainstSchema } from '../workspace/mini-json-schema.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'

const captured: Frame[] = [
  { id: 1, at: 1_700_000_000_000, kind: 'message', direction: 'in', payload: 'tick', size: 4 },
  { id: 2, at: 1_700_000_000_001, kind: 'message', direction: 'out', payload: new Uint8Array([9, 8, 255]).buffer, size: 3 },
  { id: 3, at: 1_700_000_000_002, kind: 'close', code: 1000, reason: '', wasClean: true, meaning: 'Normal closure' },
]
const annotations = new Map([
  [1, { pinned: true, note: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2ln here' }],
  [3, { pinned: true, note: '' }],
])

describe('pins and notes in workspace files with timelines', () => {
  it('writes them with each entry (redacted like the payloads), validates against the schema, and reads them back as a recording’s pins', async () => {
    const client = installTestRuntime()
    const connection = addConnection({ name: 'Feed', url: 'wss://feed.example/' })
    const clear = prepareConnectionExport(connection, { redact: false, timelines: () => captured, annotations: () => annotations }).text
    const entries = JSON.parse(clear).workspace.connections[0].timeline
    expect(entries[0]).toMatchObject({ payload: 'tick', pinned: true, note: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2ln here' })
    expect(entries[1].pinned).toBeUndefined()
    expect(entries[2]).toMatchObject({ kind: 'close', pinned: true })
    expect(entries[2].note).toBeUndefined()
    const schema = JSON.parse(readFileSync(`public/${WORKSPACE_SCHEMA_PATH}`, 'utf8'))
    expect(validateAgainstSchema(schema, JSON.parse(clear))).toEqual([])

    const redacted = prepareConnectionExport(connection, { timelines: () => captured, annotations: () => annotations })
    expect(redacted.text).not.toContain('eyJhbGciOiJIUzI1NiJ9')
    expect(redacted.redactions.map((r) => r.path).join(' ')).toContain('.note')

    const outcome = await importTrafficFile(new Blob([clear]), 'feed.frameline.json')
    if (!outcome.ok) throw new Error(outcome.message)
    const id = outcome.recordings[0]?.id ?? ''
    const pinned = await client.pinnedFrames(id)
    expect(pinned.frames.map((f) => [f.seq, f.kind, f.note])).toEqual([
      [0, 'message', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2ln here'],
      [2, 'close', ''],
    ])
    // The payloads are the bytes captured.
    const frames = client.runtime.log(id)?.toArray() ?? []
    expect(frames[1]?.kind === 'message' && frames[1].payload instanceof ArrayBuffer ? [...new Uint8Array(frames[1].payload)] : null).toEqual([9, 8, 255])
  })

  it('refuses a file whose note is over 2,000 characters, naming where', () => {
    const connection = addConnection({ name: 'Feed', url: 'wss://feed.example/' })
    const text = prepareConnectionExport(connection, { redact: false, timelines: () => captured, annotations: () => new Map([[1, { pinned: false, note: 'x'.repeat(2_001) }]]) }).text
    const parsed = parseWorkspaceFile(text)
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? '' : parsed.details.join('\n')).toMatch(/timeline\[0\]\.note.*2000/)
  })
})

describe('pins and notes of kept timelines', () => {
  it('a pin or note counts as a change to keep, and comes back with the timeline after a reload', async () => {
    setRecordingStorage(createRecordingStorage(new IDBFactory()))
    try {
      const client = installTestRuntime()
      const feed = addConnection({ name: 'Feed', url: 'ws://127.0.0.1:1/feed' })
      act(() => playNow(client, feed.id, [0, 1, 2].map((i) => ({ at: 1_700_000_000_000 + i, kind: 'message' as const, direction: 'in' as const, payload: `m${i}`, size: 2 }))))
      setKeepTimelines(true)
      expect(await saveChangedTimelines()).toBe(1)
      await act(async () => {
        await client.annotate(feed.id, 1, { pinned: true, note: 'kept across the reload' })
        client.runtime.flush()
      })
      // Only the pin changed: that is a change worth keeping.
      expect(await saveChangedTimelines()).toBe(1)

      useRecordingsStore.setState(useRecordingsStore.getInitialState(), true)
      const next = installTestRuntime()
      expect(await restoreRecordings()).toEqual({ restored: 1, dropped: 0 })
      const restored = useRecordingsStore.getState().recordings[0]
      const pinned = await next.pinnedFrames(restored?.id ?? '')
      expect(pinned.frames.map((f) => [f.preview, f.note])).toEqual([['m1', 'kept across the reload']])
    } finally {
      setKeepTimelines(false)
      setRecordingStorage(undefined)
    }
  })
})
