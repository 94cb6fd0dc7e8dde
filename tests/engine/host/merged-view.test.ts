// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { createInProcessClient, type InProcessClient } from '../../../src/engine/host/in-process-client.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import type { MergedWindow } from '../../../src/engine/view/merged-window.ts'
import { recordingConfig } from '../../../src/engine/host/recording-config.ts'

let client: InProcessClient | undefined
afterEach(() => client?.dispose())

const text = (payload: string, at: number, direction: 'in' | 'out' = 'in') => ({ at, kind: 'message' as const, direction, payload, size: payload.length })

describe('merged views through the protocol', () => {
  it('answers the interleaved rows, pushes new ones, follows window moves, and stops after close', async () => {
    const pending: (() => void)[] = []
    client = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void pending.push(run) })
    const flush = () => pending.splice(0).forEach((run) => run())
    client.runtime.play('a', [text('a hello', 10), text('a world', 30)])
    client.runtime.play('b', [text('b hello', 20), text('b other', 40, 'out')])
    flush()

    const windows: MergedWindow[] = []
    const latest = () => windows[windows.length - 1]!
    const rowsOf = (window: MergedWindow) => window.rows.map((row) => `${row.connectionId}:${row.preview}`)
    const view = client.openMergedView(['a', 'b'], { direction: 'all', query: 'hello' }, { follow: true, first: 0, count: 10, selected: null }, (w) => windows.push(w))
    // The in-process host answers at once.
    expect(rowsOf(latest())).toEqual(['a:a hello', 'b:b hello'])

    // A frame on one of the connections moves the merged view in the same flush.
    client.runtime.play('b', [text('b hello again', 15)])
    flush()
    expect(rowsOf(latest())).toEqual(['a:a hello', 'b:b hello again', 'b:b hello'])
    // Changes elsewhere do not push to this view.
    const seen = windows.length
    client.runtime.play('c', [text('c hello', 1)])
    flush()
    expect(windows).toHaveLength(seen)

    // A new configuration (another decoder) changes what rows say: the view reads again.
    client.configure('a', recordingConfig('ws://example.test/a', []))
    expect(windows).toHaveLength(seen + 1)
    client.configure('c', recordingConfig('ws://example.test/c', []))
    expect(windows).toHaveLength(seen + 1)

    view.setWindow({ follow: false, first: 1, count: 1, selected: { connectionId: 'b', seq: 0 } })
    expect(latest()).toMatchObject({ first: 1, count: 3, selectedRow: 2 })
    expect(rowsOf(latest())).toEqual(['b:b hello again'])
    // The row's seq fetches that connection's frame for the detail pane.
    const row = latest().rows[0]!
    expect((await client.detailFrame(row.connectionId, row.seq))?.frame).toMatchObject({ payload: 'b hello again' })

    view.close()
    client.runtime.play('a', [text('a hello late', 50)])
    flush()
    expect(windows).toHaveLength(seen + 2)
  })

  it('starts that connection over after a clear and keeps the rows of the others', () => {
    const pending: (() => void)[] = []
    client = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void pending.push(run) })
    const flush = () => pending.splice(0).forEach((run) => run())
    client.runtime.play('a', [text('a1', 1), text('a2', 3)])
    client.runtime.play('b', [text('b1', 2)])
    flush()
    let last: MergedWindow | undefined
    client.openMergedView(['a', 'b'], { direction: 'all', query: '' }, { follow: true, first: 0, count: 10, selected: null }, (w) => (last = w))
    const before = last!
    expect(before.rows.map((r) => r.preview)).toEqual(['a1', 'b1', 'a2'])
    client.clear('a')
    flush()
    expect(last!.epoch).not.toBe(before.epoch)
    expect(last!.rows.map((r) => `${r.connectionId}:${r.preview}`)).toEqual(['b:b1'])
  })
})
