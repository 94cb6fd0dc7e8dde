import { create } from 'zustand'
import { takeShareData } from '../../share/share-fragment.ts'
import type { ParsedWorkspaceFile } from '../../workspace/workspace-file.ts'

/** A share link this tab was opened with (or that was pasted into its address bar later). */
export type IncomingShare =
  | { kind: 'none' }
  | { kind: 'reading' }
  | { kind: 'ready'; parsed: ParsedWorkspaceFile }
  | { kind: 'failed'; message: string; details: string[] }

export const useIncomingShare = create<{ incoming: IncomingShare }>(() => ({ incoming: { kind: 'none' } }))

export function closeIncomingShare(): void {
  useIncomingShare.setState({ incoming: { kind: 'none' } })
}

let reads = 0

/**
 * Takes a share link's data out of the address bar (at once, before anything else runs) and reads
 * it; the preview opens when it is ready. Reading never imports and never connects.
 */
export function readShareLinkFromAddress(location: Location = window.location, history: History = window.history): void {
  const data = takeShareData(location, history)
  if (data === null) return
  const read = ++reads
  useIncomingShare.setState({ incoming: { kind: 'reading' } })
  // The decoder and the file format's validator load only when a link is there.
  void import('../../share/share-link.ts')
    .then(({ readShareData }) => readShareData(data))
    .then(
    (result) => {
      // A newer link (pasted while this one was being read) wins.
      if (read !== reads) return
      useIncomingShare.setState({ incoming: result.ok ? { kind: 'ready', parsed: result.value } : { kind: 'failed', message: result.message, details: result.details } })
    },
    () => read === reads && useIncomingShare.setState({ incoming: { kind: 'failed', message: 'This share link could not be read.', details: [] } }),
  )
}

/** At startup: the link the tab was opened with, then any share link pasted into the address bar. */
export function watchShareLinks(): () => void {
  readShareLinkFromAddress()
  const onHashChange = () => readShareLinkFromAddress()
  window.addEventListener('hashchange', onHashChange)
  return () => window.removeEventListener('hashchange', onHashChange)
}
