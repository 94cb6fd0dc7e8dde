import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Frame } from '../../src/engine/frame.ts'
import { TRAFFIC_LIMITS } from '../../src/engine/traffic/limits.ts'
import { useRecordingsStore } from '../../src/store/recordings-store.ts'
import { useSessionStore } from '../../src/store/session-store.ts'
import { closeRecording, importTrafficFile, MAX_RECORDINGS } from '../../src/store/traffic-actions.ts'
import { addConnection, setPreferences } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { prepareConnectionExport } from '../../src/workspace/workspace-file.ts'
import { installTestRuntime } from '../support/test-runtime.ts'

const fixture = (name: string) => readFileSync(`tests/engine/traffic/fixtures/${name}`, 'utf8')
const file = (text: string | Uint8Array<ArrayBuffer>) => new Blob([text])

function snapshotOfState() {
  return { recordings: useRecordingsStore.getState(), workspaces: useWorkspaceStore.getState().workspaces, runtimes: Object.keys(useSessionStore.getState().runtimeById) }
}

describe('importing traffic files as recordings', () => {
  it('opens each WebSocket entry of a HAR as a recording played into its own timeline, and selects the first', async () => {
    const client = installTestRuntime()
    const workspaces = useWorkspaceStore.getState().workspaces
    const outcome = await importTrafficFile(file(fixture('devtools-seconds.har')), 'capture.har')
    if (!outcome.ok) throw new Error(outcome.message)
    expect(outcome).toMatchObject({ format: 'har', warnings: ['1 entry that is not WebSocket (HTTP requests and the like) skipped.'] })
    const [recording] = outcome.recordings
    expect(recording).toMatchObject({ name: 'localhost:4173/demo/echo', url: 'ws://localhost:4173/demo/echo', frames: 6, fileName: 'capture.har' })
    expect(useRecordingsStore.getState()).toMatchObject({ selectedId: recording?.id, recordings: [recording] })
    const frames = client.runtime.log(recording?.id ?? '')?.toArray() ?? []
    expect(frames.map((f) => f.kind)).toEqual(['connecting', 'open', 'message', 'message', 'message', 'message'])
    expect((frames[2] as Frame & { kind: 'message' }).payload).toBe('{"op":"subscribe","channel":"ticks"}')
    // A recording is not a workspace connection: nothing about the workspace changed.
    expect(useWorkspaceStore.getState().workspaces).toBe(workspaces)
  })

  it('opens the timelines inside a workspace file, one recording per connection that has one', async () => {
    const client = installTestRuntime()
    const connection = { ...(useWorkspaceStore.getState().workspaces[0]?.connections[0] ?? {}), ...addConnection({ name: 'Feed', url: 'wss://feed.example/' }) }
    const captured: Frame[] = [
      { id: 1, at: 1_700_000_000_000, kind: 'message', direction: 'in', payload: 'tick', size: 4 },
      { id: 2, at: 1_700_000_000_001, kind: 'message', direction: 'out', payload: new Uint8Array([9, 8]).buffer, size: 2 },
    ]
    const text = prepareConnectionExport(connection, { timelines: () => captured }).text
    const outcome = await importTrafficFile(file(text), 'feed.frameline.json')
    if (!outcome.ok) throw new Error(outcome.message)
    expect(outcome.format).toBe('workspace')
    expect(outcome.recordings.map((r) => [r.name, r.frames])).toEqual([['Feed', 2]])
    const frames = client.runtime.log(outcome.recordings[0]?.id ?? '')?.toArray() ?? []
    expect(frames.map((f) => (f.kind === 'message' ? (typeof f.payload === 'string' ? f.payload : [...new Uint8Array(f.payload)]) : f.kind))).toEqual(['tick', [9, 8]])
  })

  it('refuses a workspace file without timelines, and says where to import it instead', async () => {
    installTestRuntime()
    const connection = addConnection({ name: 'Feed', url: 'wss://feed.example/' })
    const outcome = await importTrafficFile(file(prepareConnectionExport(connection).text), 'feed.frameline.json')
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('Import it from the workspace menu') })
  })

  it('says when a recording is longer than the timeline keeps', async () => {
    installTestRuntime()
    setPreferences({ maxFramesPerConnection: 3 })
    const outcome = await importTrafficFile(file(fixture('playwright-milliseconds.har')), 'pw.har')
    if (!outcome.ok) throw new Error(outcome.message)
    expect(outcome.recordings[0]?.warnings.at(-1)).toContain('the timeline keeps the newest 3')
  })

  it('changes nothing for hostile or malformed files and says why', async () => {
    installTestRuntime()
    await importTrafficFile(file(fixture('playwright-milliseconds.har')), 'first.har')
    const before = snapshotOfState()
    const cases: [Blob, string][] = [
      [file(fixture('devtools-seconds.har').slice(0, 1000)), 'ends too early'],
      [file(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00])), 'not UTF-8 text'],
      [file('{"log":{"entries":[{"_resourceType":"websocket","__proto__":{"x":1}}]}}'), '"__proto__" is not allowed'],
      [file('{"format":"frameline.timeline","version":1}\n{"time":1,"kind":"message","direction":"in","text":7}'), 'line 2'],
      [{ size: TRAFFIC_LIMITS.fileBytes + 1, arrayBuffer: () => Promise.reject(new Error('must not be read')) } as unknown as Blob, 'too large'],
    ]
    for (const [blob, expected] of cases) {
      const outcome = await importTrafficFile(blob, 'bad.har')
      expect(outcome.ok).toBe(false)
      if (!outcome.ok) expect(`${outcome.message} ${outcome.details.join(' ')}`).toContain(expected)
      expect(snapshotOfState()).toEqual(before)
    }
  })

  it('caps how many recordings are open, and closing one forgets its timeline', async () => {
    const client = installTestRuntime()
    const first = await importTrafficFile(file(fixture('devtools-seconds.har')), 'a.har')
    if (!first.ok) throw new Error(first.message)
    const id = first.recordings[0]?.id ?? ''
    closeRecording(id)
    expect(useRecordingsStore.getState()).toEqual({ recordings: [], selectedId: null })
    expect(client.runtime.log(id)).toBeUndefined()
    const entries = Array.from({ length: MAX_RECORDINGS + 1 }, (_, i) => ({ _resourceType: 'websocket', request: { url: `wss://h/${i}` }, _webSocketMessages: [] }))
    const tooMany = await importTrafficFile(file(JSON.stringify({ log: { entries } })), 'many.har')
    expect(tooMany).toMatchObject({ ok: false })
    expect(useRecordingsStore.getState().recordings).toEqual([])
  })
})

it('sets the workspace selection aside while a recording shows, and restores it when the recording closes', async () => {
  installTestRuntime()
  const before = useWorkspaceStore.getState().selectedConnectionId
  expect(before).not.toBeNull()
  const outcome = await importTrafficFile(file(fixture('devtools-seconds.har')), 'a.har')
  if (!outcome.ok) throw new Error(outcome.message)
  expect(useWorkspaceStore.getState().selectedConnectionId).toBeNull()
  closeRecording(outcome.recordings[0]?.id ?? '')
  expect(useWorkspaceStore.getState().selectedConnectionId).toBe(before)
})
