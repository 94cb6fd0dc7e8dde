import { createId } from '../lib/create-id.ts'
import type { ConnectionId, Draft, SavedMessage } from '../workspace/model.ts'
import { loadIntoComposer } from './composer-store.ts'
import { sendPayload, type ActionResult } from './session-actions.ts'
import { getConnection, updateConnection } from './workspace-actions.ts'

const MAX_NAME_LENGTH = 120
const AUTO_NAME_LENGTH = 40

/** A name from the payload itself when the user gave none: its first non-blank line, shortened. */
export function suggestMessageName(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && l !== '{' && l !== '[')
  if (!line) return 'Untitled message'
  return line.length > AUTO_NAME_LENGTH ? `${line.slice(0, AUTO_NAME_LENGTH - 1)}…` : line
}

function cleanName(name: string): string {
  return name.trim().slice(0, MAX_NAME_LENGTH)
}

/** Saves a payload (text and mode) under a name, at the end of the connection's list. */
export function saveMessage(connectionId: ConnectionId, name: string, draft: Draft): SavedMessage | undefined {
  if (!getConnection(connectionId)) return undefined
  const message: SavedMessage = {
    id: createId('m_'),
    name: cleanName(name) || suggestMessageName(draft.text),
    text: draft.text,
    mode: draft.mode,
  }
  updateConnection(connectionId, (c) => ({ ...c, savedMessages: [...c.savedMessages, message] }))
  return message
}

function updateMessage(connectionId: ConnectionId, messageId: string, change: (m: SavedMessage) => SavedMessage): void {
  updateConnection(connectionId, (c) =>
    c.savedMessages.some((m) => m.id === messageId)
      ? { ...c, savedMessages: c.savedMessages.map((m) => (m.id === messageId ? change(m) : m)) }
      : c,
  )
}

/** Renames a saved message; a blank name is refused (returns false) so nothing ends up nameless. */
export function renameSavedMessage(connectionId: ConnectionId, messageId: string, name: string): boolean {
  const cleaned = cleanName(name)
  if (!cleaned) return false
  updateMessage(connectionId, messageId, (m) => ({ ...m, name: cleaned }))
  return true
}

/** Moves a saved message to `toIndex` (clamped), shifting the others. */
export function moveSavedMessage(connectionId: ConnectionId, messageId: string, toIndex: number): void {
  updateConnection(connectionId, (c) => {
    const from = c.savedMessages.findIndex((m) => m.id === messageId)
    const to = Math.max(0, Math.min(toIndex, c.savedMessages.length - 1))
    if (from < 0 || from === to) return c
    const savedMessages = [...c.savedMessages]
    const [moved] = savedMessages.splice(from, 1)
    if (!moved) return c
    savedMessages.splice(to, 0, moved)
    return { ...c, savedMessages }
  })
}

export type RemovedSavedMessage = { connectionId: ConnectionId; message: SavedMessage; index: number }

/** Deletes a saved message and returns what `restoreSavedMessage` needs to undo it. */
export function deleteSavedMessage(connectionId: ConnectionId, messageId: string): RemovedSavedMessage | undefined {
  const connection = getConnection(connectionId)
  const index = connection?.savedMessages.findIndex((m) => m.id === messageId) ?? -1
  const message = connection?.savedMessages[index]
  if (!message) return undefined
  updateConnection(connectionId, (c) => ({ ...c, savedMessages: c.savedMessages.filter((m) => m.id !== messageId) }))
  return { connectionId, message, index }
}

export function restoreSavedMessage(removed: RemovedSavedMessage): void {
  updateConnection(removed.connectionId, (c) => {
    if (c.savedMessages.some((m) => m.id === removed.message.id)) return c
    const savedMessages = [...c.savedMessages]
    savedMessages.splice(Math.min(removed.index, savedMessages.length), 0, removed.message)
    return { ...c, savedMessages }
  })
}

function findMessage(connectionId: ConnectionId, messageId: string): SavedMessage | undefined {
  return getConnection(connectionId)?.savedMessages.find((m) => m.id === messageId)
}

/** Puts a saved message (text and mode) into the composer; the draft it replaces stays undoable there. */
export function loadSavedMessage(connectionId: ConnectionId, messageId: string): boolean {
  const message = findMessage(connectionId, messageId)
  if (!message) return false
  loadIntoComposer(connectionId, { text: message.text, mode: message.mode })
  return true
}

/** Sends a saved message as it is, without touching the composer's draft. */
export function sendSavedMessage(connectionId: ConnectionId, messageId: string): ActionResult {
  const message = findMessage(connectionId, messageId)
  if (!message) return { ok: false, error: 'That saved message no longer exists.' }
  return sendPayload(connectionId, message.text, message.mode)
}

/** Case-insensitive match on name or content; an empty query keeps everything. */
export function filterSavedMessages(messages: readonly SavedMessage[], query: string): readonly SavedMessage[] {
  const needle = query.trim().toLowerCase()
  if (!needle) return messages
  return messages.filter((m) => m.name.toLowerCase().includes(needle) || m.text.toLowerCase().includes(needle))
}

/** Puts the history item at `index` (0 = newest) back into the composer. */
export function recallHistoryItem(connectionId: ConnectionId, index: number): boolean {
  const item = getConnection(connectionId)?.history[index]
  if (!item) return false
  loadIntoComposer(connectionId, { text: item.text, mode: item.mode })
  return true
}

export function clearHistory(connectionId: ConnectionId): void {
  updateConnection(connectionId, (c) => (c.history.length === 0 ? c : { ...c, history: [] }))
}
