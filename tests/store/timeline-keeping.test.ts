import { IDBFactory } from 'fake-indexeddb'
import { act } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createRecordingStorage } from '../../src/store/persistence/recording-storage.ts'
import { restoreRecordings, setRecordingStorage } from '../../src/store/recording-persistence.ts'
import { useRecordingsStore } from '../../src/store/recordings-store.ts'
import { saveChangedTimelines, setKeepTimelines, useKeepTimelinesStore } from '../../src/store/timeline-keeping.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'

afterEach(() => {
  setKeepTimelines(false)
  setRecordingStorage(undefined)
})

const frames = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ at: 1_700_000_000_000 + i, kind: 'message' as const, direction: 'in' as const, payload: `{"n":${i}}`, size: 8 }))

describe('keep timelines across reloads (opt-in)', () => {
  it('saves changed timelines only when turned on, and brings them back as recordings after a reload', async () => {
    const factory = new IDBFactory()
    setRecordingStorage(createRecordingStorage(factory))
    const client = installTestRuntime()
    const feed = addConnection({ name: 'Feed', url: 'ws://127.0.0.1:1/feed' })
    act(() => playNow(client, feed.id, frames(5)))
    expect(await saveChangedTimelines()).toBe(0)

    setKeepTimelines(true)
    expect(localStorage.getItem('frameline.ui.keepTimelines')).toBe('on')
    expect(await saveChangedTimelines()).toBe(1)
    // Nothing changed since: nothing is written again.
    expect(await saveChangedTimelines()).toBe(0)
    act(() => playNow(client, feed.id, frames(2)))
    expect(await saveChangedTimelines()).toBe(1)

    // A reload: the kept timeline opens as a recording with every frame.
    useRecordingsStore.setState(useRecordingsStore.getInitialState(), true)
    const next = installTestRuntime()
    expect(await restoreRecordings()).toEqual({ restored: 1, dropped: 0 })
    const restored = useRecordingsStore.getState().recordings[0]
    expect(restored?.name).toBe('Feed · before reload')
    const messages = next.runtime.log(restored?.id ?? '')?.toArray().filter((frame) => frame.kind === 'message') ?? []
    expect(messages).toHaveLength(7)
  })

  it('says when a timeline is over the budget instead of keeping it', async () => {
    setRecordingStorage(createRecordingStorage(new IDBFactory()))
    const client = installTestRuntime()
    const feed = addConnection({ name: 'Feed', url: 'ws://127.0.0.1:1/feed' })
    act(() => playNow(client, feed.id, frames(50)))
    setKeepTimelines(true)
    expect(await saveChangedTimelines({ perRecordingBytes: 100, totalBytes: 1000 })).toBe(0)
    expect(useKeepTimelinesStore.getState().problems[feed.id]).toContain('lower its retention to keep it')
  })
})
