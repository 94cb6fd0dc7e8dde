// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { createInProcessClient, type InProcessClient } from '../../../src/engine/host/in-process-client.ts'
import { DETAIL_HEAD_UNITS, DETAIL_WHOLE_LIMIT_BYTES } from '../../../src/engine/host/runtime-server.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'

let client: InProcessClient | undefined
afterEach(() => client?.dispose())

describe('the detail frame', () => {
  it('sends small frames whole, and a large one as its head plus a Blob of every byte', async () => {
    client = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void setTimeout(run, 0) })
    const big = 'x'.repeat(DETAIL_WHOLE_LIMIT_BYTES + 10)
    const bytes = new Uint8Array(3 * 1024 * 1024)
    for (let i = 0; i < bytes.length; i++) bytes[i] = i & 0xff
    client.runtime.play('c', [
      { at: 1, kind: 'message', direction: 'in', payload: 'small', size: 5 },
      { at: 2, kind: 'message', direction: 'in', payload: big, size: big.length },
      { at: 3, kind: 'message', direction: 'in', payload: bytes.buffer, size: bytes.byteLength },
    ])
    const small = await client.detailFrame('c', 0)
    expect(small).toMatchObject({ frame: { payload: 'small', size: 5 }, whole: null })

    const text = await client.detailFrame('c', 1)
    expect(text?.frame).toMatchObject({ kind: 'message', size: big.length })
    expect(text?.frame.kind === 'message' && typeof text.frame.payload === 'string' && text.frame.payload.length).toBe(DETAIL_HEAD_UNITS)
    expect(await text?.whole?.text()).toBe(big)
    // The log keeps the whole frame: only the copy for the page was cut.
    expect(client.runtime.log('c')?.at(1)).toMatchObject({ payload: big })

    const binary = await client.detailFrame('c', 2)
    expect(binary?.frame.kind === 'message' && binary.frame.payload instanceof ArrayBuffer && binary.frame.payload.byteLength).toBe(DETAIL_HEAD_UNITS)
    // Compared as buffers: a deep equality over 3 MB of numbers would take seconds.
    expect(Buffer.compare(Buffer.from(await binary!.whole!.arrayBuffer()), Buffer.from(bytes))).toBe(0)
    expect(await client.detailFrame('c', 99)).toBeNull()
  })
})
