import { act, fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FrameInput } from '../../src/engine/frame.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { App } from '../../src/app.tsx'
import { readTrafficFile } from '../../src/engine/traffic/read-traffic.ts'
import { ROW_HEIGHT } from '../../src/features/timeline/row-layout.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

type Download = { name: string; text: Promise<string> }
let downloads: Download[] = []
let lastBlob: Blob | null = null
let client: InProcessClient
let connectionId = ''
let restoreSize: () => void = () => {}

const AT = Date.parse('2026-11-30T10:00:00Z')
const frames: FrameInput[] = [
  { at: AT, kind: 'connecting', url: 'wss://feed.example/?token=abc123secret', protocols: [] },
  { at: AT + 1, kind: 'message', direction: 'out', payload: '{"login":"ann","password":"hunter22"}', size: 37 },
  { at: AT + 2, kind: 'message', direction: 'in', payload: '{"welcome":"ann"}', size: 17 },
  { at: AT + 3, kind: 'message', direction: 'in', payload: new Uint8Array([1, 2, 3]).buffer, size: 3 },
]

beforeEach(() => {
  downloads = []
  URL.createObjectURL = vi.fn((blob: Blob) => {
    lastBlob = blob
    return 'blob:test'
  })
  URL.revokeObjectURL = vi.fn()
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (lastBlob) downloads.push({ name: this.download, text: lastBlob.text() })
  })
  client = installTestRuntime({ schedule: () => {} })
  connectionId = addConnection({ name: 'Secret feed', url: 'wss://feed.example/?token=abc123secret' }).id
  restoreSize = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
})

afterEach(() => {
  restoreSize()
  vi.restoreAllMocks()
})

async function exportWith(choose: (dialog: HTMLElement) => Promise<void>) {
  const user = userEvent.setup()
  await user.click(screen.getByRole('button', { name: 'Export…' }))
  const dialog = await screen.findByRole('dialog', { name: 'Export timeline of “Secret feed”' })
  await choose(dialog)
  await user.click(within(dialog).getByRole('button', { name: 'Export' }))
  await within(dialog).findByText(/^Saved /, {}, { timeout: 5_000 })
  return dialog
}

describe('Export timeline', () => {
  it('is off while the timeline is empty', () => {
    render(<App />)
    expect(screen.getByRole('button', { name: 'Export…' })).toBeDisabled()
  })

  it('exports NDJSON with secrets redacted by default, says what was replaced, and the file imports back', async () => {
    render(<App />)
    act(() => playNow(client, connectionId, frames))
    const dialog = await exportWith(async () => {})
    expect(within(dialog).getByText(/Saved 4 frames to Secret feed\.timeline\.ndjson/)).toBeInTheDocument()
    expect(within(dialog).getByText(/3 secret-looking values replaced/)).toHaveTextContent('field "password"')
    expect(downloads.map((d) => d.name)).toEqual(['Secret feed.timeline.ndjson'])
    const text = await (downloads[0] as Download).text
    expect(text).not.toContain('hunter22')
    expect(text).not.toContain('abc123secret')
    const read = readTrafficFile(text)
    if (!read.ok) throw new Error(read.message)
    expect(read.recordings[0]?.frames.map((f) => f.kind)).toEqual(['connecting', 'message', 'message', 'message'])
  })

  it('exports HAR with secrets when asked, and only the filtered frames when asked', async () => {
    const user = userEvent.setup()
    render(<App />)
    act(() => playNow(client, connectionId, frames))
    await user.click(screen.getByRole('button', { name: 'Sent' }))
    await exportWith(async (dialog) => {
      await user.click(within(dialog).getByRole('radio', { name: /HAR 1\.2/ }))
      expect(within(dialog).getByRole('checkbox', { name: /Only the frames the current filter shows \(sent messages\)/ })).toBeChecked()
      await user.click(within(dialog).getByRole('checkbox', { name: 'Include secrets' }))
    })
    const har = JSON.parse(await (downloads[0] as Download).text)
    expect(downloads[0]?.name).toBe('Secret feed.har')
    expect(har.log.entries[0].request.url).toBe('wss://feed.example/?token=abc123secret')
    expect(har.log.entries[0]._webSocketMessages).toEqual([{ type: 'send', time: (AT + 1) / 1000, opcode: 1, data: '{"login":"ann","password":"hunter22"}' }])
  })

  it('says so when the export fails, and Escape closes the dialog', async () => {
    const user = userEvent.setup()
    render(<App />)
    act(() => playNow(client, connectionId, frames))
    await user.click(screen.getByRole('button', { name: 'Export…' }))
    const dialog = await screen.findByRole('dialog')
    // The timeline is cleared while the export waits for its first slice.
    // fireEvent is synchronous: the first slice is still waiting for its task when the clear comes.
    act(() => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }))
      client.runtime.clear(connectionId)
    })
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('the timeline was cleared')
    expect(downloads).toEqual([])
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })
})
