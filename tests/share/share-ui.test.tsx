import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src/app.tsx'
import { closeIncomingShare, readShareLinkFromAddress, useIncomingShare } from '../../src/features/workspace-io/incoming-share.ts'
import { ShareDialog } from '../../src/features/workspace-io/share-dialog.tsx'
import { createShareLink, readShareData, shareDataFromHash } from '../../src/share/share-link.ts'
import { useSessionStore } from '../../src/store/session-store.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import type { Connection } from '../../src/workspace/model.ts'

const connection: Connection = {
  id: 'c_orders',
  name: 'Orders',
  url: 'wss://api.example.test/orders?token=s3cr3t-t0ken',
  protocols: [],
  draft: { text: '{"type":"hello"}', mode: 'json' },
  savedMessages: [
    { id: 'm_sub', name: 'Subscribe', text: '{"type":"subscribe"}', mode: 'json' },
    { id: 'm_ping', name: 'Ping', text: 'ping', mode: 'text' },
  ],
  history: [],
}

afterEach(() => {
  closeIncomingShare()
  window.history.replaceState(null, '', '/')
})

/** The connection a link in the dialog's link box carries. */
async function linkedConnection(): Promise<Connection | undefined> {
  const url = (screen.getByRole('textbox', { name: /^Link/ }) as HTMLTextAreaElement).value
  const read = await readShareData(shareDataFromHash(new URL(url).hash) ?? '')
  if (!read.ok) throw new Error(read.message)
  return read.value.workspace.connections[0]
}

describe('the share dialog', () => {
  it('makes a link without secrets, saved messages or draft unless each is ticked, and copies it', async () => {
    const copied: string[] = []
    render(<ShareDialog connection={connection} pageUrl="http://127.0.0.1:4173/tools/" onClose={() => undefined} writeClipboard={async (text) => void copied.push(text)} />)
    const dialog = screen.getByRole('dialog', { name: 'Share “Orders” as a link' })
    await within(dialog).findByText(/1 value is left out/)
    expect((await linkedConnection())?.url).toBe('wss://api.example.test/orders?token=<redacted>')
    expect((await linkedConnection())?.savedMessages).toEqual([])
    expect((await linkedConnection())?.draft.text).toBe('')

    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Ping' }))
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Include the composer’s draft' }))
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Include secrets' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The link will carry 1 secret-looking value in clear text')
    await vi.waitFor(async () => expect((await linkedConnection())?.url).toBe(connection.url))
    const shared = await linkedConnection()
    expect(shared?.savedMessages.map((m) => m.name)).toEqual(['Ping'])
    expect(shared?.draft.text).toBe('{"type":"hello"}')

    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy link' }))
    expect(copied).toEqual([(screen.getByRole('textbox', { name: /^Link/ }) as HTMLTextAreaElement).value])
    expect(copied[0]?.startsWith('http://127.0.0.1:4173/tools/#share=v1.')).toBe(true)
    expect(within(dialog).getByRole('status')).toHaveTextContent('Link copied.')
  })

  it('says when copying fails, so the user can copy by hand', async () => {
    render(<ShareDialog connection={connection} onClose={() => undefined} writeClipboard={() => Promise.reject(new Error('denied'))} />)
    await screen.findByText(/1 value is left out/)
    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }))
    expect(screen.getByRole('status')).toHaveTextContent('Could not copy (denied): select the link above and copy it yourself.')
  })
})

describe('opening a share link', () => {
  async function open(hash: string) {
    window.history.replaceState(null, '', `/tools/frameline/?lang=en${hash}`)
    render(<App />)
    await act(async () => {
      readShareLinkFromAddress()
      // The fragment leaves the address bar at once, before the link is even read.
      expect(window.location.hash).toBe('')
      expect(window.location.pathname + window.location.search).toBe('/tools/frameline/?lang=en')
      await vi.waitFor(() => expect(useIncomingShare.getState().incoming.kind).not.toBe('reading'))
    })
  }

  it('previews, imports on Merge without connecting, and can be undone', async () => {
    const { url } = await createShareLink({ ...connection, name: 'Orders <img src=x onerror=alert(1)>' }, 'http://x/', {
      savedMessageIds: ['m_sub'],
      includeDraft: false,
      includeSecrets: true,
    })
    const before = selectCurrentWorkspace(useWorkspaceStore.getState())?.connections.length ?? 0
    await open(new URL(url).hash)
    const preview = await screen.findByRole('dialog', { name: 'Import “Orders <img src=x onerror=alert(1)>”' })
    expect(preview).toHaveTextContent('From a share link')
    expect(preview).toHaveTextContent('1 secret-looking value in clear text')
    expect(preview.querySelector('img')).toBeNull()
    // Nothing changed before the choice.
    expect(selectCurrentWorkspace(useWorkspaceStore.getState())?.connections).toHaveLength(before)
    expect(within(preview).queryByRole('button', { name: 'Choose another file' })).not.toBeInTheDocument()

    await userEvent.click(within(preview).getByRole('button', { name: 'Merge' }))
    const names = selectCurrentWorkspace(useWorkspaceStore.getState())?.connections.map((c) => c.name) ?? []
    expect(names).toHaveLength(before + 1)
    expect(names.at(-1)).toBe('Orders <img src=x onerror=alert(1)>')
    expect(useSessionStore.getState().runtimeById).toEqual({})
    expect(screen.getByText(/from the share link into “My workspace”\. It connects only when you press Connect\./)).toBeInTheDocument()

    await userEvent.click(screen.getByRole('button', { name: 'Undo import' }))
    expect(selectCurrentWorkspace(useWorkspaceStore.getState())?.connections).toHaveLength(before)
  })

  it('refuses a damaged link with a clear message, changing nothing', async () => {
    const before = useWorkspaceStore.getState().workspaces
    await open('#share=v1.bm90IGRlZmxhdGU')
    const dialog = await screen.findByRole('dialog', { name: 'This share link cannot be opened' })
    expect(within(dialog).getByRole('alert')).toHaveTextContent('This share link is damaged or incomplete')
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Nothing was changed.')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(useWorkspaceStore.getState().workspaces).toBe(before)
  })

  it('leaves an ordinary fragment alone', async () => {
    window.history.replaceState(null, '', '/#section')
    readShareLinkFromAddress()
    expect(window.location.hash).toBe('#section')
  })
})
