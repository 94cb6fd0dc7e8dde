import { act, cleanup, render, screen, waitFor as waitForDom } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { stompCodec } from '../../src/engine/codecs/stomp.ts'
import { Composer } from '../../src/features/composer/composer.tsx'
import { connect } from '../../src/store/session-actions.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../support/ws-server.ts'

beforeEach(() => {
  installTestRuntime({ createSocket: createNodeSocket })
})

afterEach(async () => {
  cleanup()
  await closeAllServers()
})

describe('protocol templates in the composer', () => {
  it('loads a STOMP SEND with its NUL and sends it byte-exact to a real server', async () => {
    const user = userEvent.setup()
    const server = await startWsServer()
    const { id } = addConnection({ name: 'Broker', url: server.url('/echo') })
    render(<Composer connectionId={id} />)
    await screen.findByRole('textbox', { name: /^Payload/ })
    act(() => void connect(id))
    await waitForDom(() => expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled(), { timeout: 5000 })

    await user.selectOptions(screen.getByLabelText('Insert a protocol template'), 'STOMP SEND')
    const draft = getConnection(id)?.draft
    expect(draft?.mode).toBe('text')
    expect(draft?.text.endsWith('\n\n{"hello":"world"}\u0000')).toBe(true)
    expect(draft?.text).toMatch(/^SEND\ndestination:\/topic\/example\ncontent-type:application\/json\nreceipt:r-\d+\n\n/)
    await user.click(screen.getByRole('button', { name: 'Send' }))
    const got = await waitFor(() => server.received[0], 'the frame at the server')
    expect(got.data.at(-1)).toBe(0)
    expect(got.text).toBe(draft?.text)
    expect(stompCodec.decode(got.text, 'out')).toMatchObject({ ok: true, messages: [{ summary: 'STOMP SEND /topic/example' }] })
  })

  it('gives each JSON-RPC request a fresh id', async () => {
    const user = userEvent.setup()
    const { id } = addConnection({ name: 'RPC', url: 'ws://127.0.0.1:9/x' })
    render(<Composer connectionId={id} />)
    await screen.findByRole('textbox', { name: /^Payload/ })
    const menu = screen.getByLabelText('Insert a protocol template')
    await user.selectOptions(menu, 'JSON-RPC request')
    const first = JSON.parse(getConnection(id)?.draft.text ?? '') as { id: number; jsonrpc: string }
    await user.selectOptions(menu, 'JSON-RPC request')
    const second = JSON.parse(getConnection(id)?.draft.text ?? '') as { id: number }
    expect(first.jsonrpc).toBe('2.0')
    expect(second.id).toBeGreaterThan(first.id)
    expect(getConnection(id)?.draft.mode).toBe('json')
  })
})
