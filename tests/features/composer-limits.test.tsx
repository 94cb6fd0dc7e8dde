import { fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Composer } from '../../src/features/composer/composer.tsx'
import { ConnectionHeader } from '../../src/features/connections/connection-header.tsx'
import { getComposerDraft } from '../../src/store/composer-store.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import { LIMITS } from '../../src/workspace/limits.ts'

const originalCreate = URL.createObjectURL

afterEach(() => {
  URL.createObjectURL = originalCreate
  vi.restoreAllMocks()
})

const overCap = 'x'.repeat(LIMITS.payloadChars + 1)

describe('limits the composer and the connection header enforce', () => {
  it('keeps a draft over the payload limit in memory, says it will not be saved, and offers a file', async () => {
    const user = userEvent.setup()
    const { id } = addConnection({ name: 'Big draft', url: 'ws://127.0.0.1:9/x', draft: { text: 'small', mode: 'text' } })
    render(<Composer key={id} connectionId={id} />)
    const editor = await screen.findByRole('textbox', { name: /^Payload/ })

    fireEvent.change(editor, { target: { value: overCap } })
    const warning = await screen.findByText(/This draft is over 5 MiB \(5,242,880 characters\): it is kept in memory but will not be saved/)
    expect(warning).toHaveAttribute('role', 'alert')
    expect(getConnection(id)?.draft.text).toBe('small')
    expect(getComposerDraft(id)?.text).toBe(overCap)

    const blobs: Blob[] = []
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob)
      return 'blob:draft'
    })
    const names: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download)
    })
    await user.click(within(warning).getByRole('button', { name: 'Save to a file' }))
    expect(names).toEqual([`draft-${id}.txt`])
    expect((await blobs[0]?.text())?.length).toBe(overCap.length)

    // Saving it as a saved message is refused with the reason, not cut short.
    await user.click(screen.getByRole('button', { name: 'Save current' }))
    expect(await screen.findByText(/^Not saved: the payload is 5,242,881 characters/)).toBeInTheDocument()
    expect(getConnection(id)?.savedMessages).toEqual([])

    fireEvent.change(editor, { target: { value: 'fits again' } })
    expect(screen.queryByText(/kept in memory but will not be saved/)).not.toBeInTheDocument()
    expect(getConnection(id)?.draft.text).toBe('fits again')
  })

  it('refuses a pasted URL over the URL limit and keeps the stored one', async () => {
    const { id } = addConnection({ name: 'Long URL', url: 'ws://127.0.0.1:9/x' })
    render(<ConnectionHeader key={id} connectionId={id} />)
    const url = screen.getByLabelText('URL')
    fireEvent.change(url, { target: { value: `ws://127.0.0.1:9/?t=${'t'.repeat(LIMITS.urlChars)}` } })
    expect(await screen.findByRole('alert')).toHaveTextContent(/^URLs are at most 8,192 characters \(this one has 8,212\); the URL was not changed\.$/)
    expect(url).toHaveValue('ws://127.0.0.1:9/x')
    expect(getConnection(id)?.url).toBe('ws://127.0.0.1:9/x')
  })

  it('refuses a subprotocol over its limit, keeps the typed text and disables Connect', async () => {
    const { id } = addConnection({ name: 'Long token', url: 'ws://127.0.0.1:9/x' })
    render(<ConnectionHeader key={id} connectionId={id} />)
    const field = screen.getByLabelText('Subprotocols')
    const token = 'a'.repeat(LIMITS.protocolChars + 1)
    fireEvent.change(field, { target: { value: token } })
    expect(field).toHaveValue(token)
    expect(screen.getByText(/^Subprotocol 1 is 4,097 characters/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Connect' })).toBeDisabled()
    expect(getConnection(id)?.protocols).toEqual([])
  })
})
