import { createId } from '../lib/create-id.ts'
import type { ConnectionId, Draft, OnOpenStep, SavedMessage } from '../workspace/model.ts'
import { loadIntoComposer } from './composer-store.ts'
import {
  checkName,
  checkSavedMessageCount,
  checkSavedMessagePayload,
  OK,
  refuse,
  type ActionResult,
} from './field-limits.ts'
import { sendPayload } from './session-actions.ts'
import { getConnection, updateConnection } from './workspace-actions.ts'

const AUTO_NAME_LENGTH = 40
const NAMES = 'Saved message names'

/** A name from the payload itself when the user gave none: its first non-blank line, shortened. */
export function suggestMessageName(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && l !== '{' && l !== '[')
  if (!line) return 'Untitled message'
  return line.length > AUTO_NAME_LENGTH ? `${line.slice(0, AUTO_NAME_LENGTH - 1)}…` : line
}

export type SaveResult = { ok: true; message: SavedMessage } | { ok: false; error: string }

/**
 * Saves a payload (text and mode) under a name, at the end of the connection's list. A name, a
 * payload or a list over its limit is refused with the reason; nothing is cut short.
 */
export function saveMessage(connectionId: ConnectionId, name: string, draft: Draft): SaveResult {
  const connection = getConnection(connectionId)
  if (!connection) return { ok: false, error: 'That connection no longer exists.' }
  const trimmed = name.trim()
  const error =
    checkName(trimmed, NAMES) ??
    checkSavedMessagePayload(draft.text) ??
    checkSavedMessageCount(connection.savedMessages.length)
  if (error) return { ok: false, error }
  const message: SavedMessage = {
    id: createId('m_'),
    name: trimmed || suggestMessageName(draft.text),
    text: draft.text,
    mode: draft.mode,
    // A Socket.IO emit is kept with its event and arguments.
    ...(draft.emit ? { emit: draft.emit } : {}),
  }
  updateConnection(connectionId, (c) => ({ ...c, savedMessages: [...c.savedMessages, message] }))
  return { ok: true, message }
}

function updateMessage(connectionId: ConnectionId, messageId: string, change: (m: SavedMessage) => SavedMessage): void {
  updateConnection(connectionId, (c) =>
    c.savedMessages.some((m) => m.id === messageId)
      ? { ...c, savedMessages: c.savedMessages.map((m) => (m.id === messageId ? change(m) : m)) }
      : c,
  )
}

/** Renames a saved message; a blank or overlong name is refused, so nothing ends up nameless or cut. */
export function renameSavedMessage(connectionId: ConnectionId, messageId: string, name: string): ActionResult {
  const trimmed = name.trim()
  if (!trimmed) return refuse('A name cannot be blank.')
  const error = checkName(trimmed, NAMES)
  if (error) return refuse(error)
  updateMessage(connectionId, messageId, (m) => ({ ...m, name: trimmed }))
  return OK
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

export type RemovedSavedMessage = {
  connectionId: ConnectionId
  message: SavedMessage
  index: number
  /** The on-open sequence before the delete, when steps sent this message (they go with it). */
  onOpen?: OnOpenStep[]
}

/** Deletes a saved message and returns what `restoreSavedMessage` needs to undo it. */
export function deleteSavedMessage(connectionId: ConnectionId, messageId: string): RemovedSavedMessage | undefined {
  const connection = getConnection(connectionId)
  const index = connection?.savedMessages.findIndex((m) => m.id === messageId) ?? -1
  const message = connection?.savedMessages[index]
  if (!message) return undefined
  // Steps sending it go too: a step naming a missing saved message makes storage refuse the workspace.
  const onOpen = connection?.onOpen
  const uses = onOpen?.some((step) => 'savedMessageId' in step && step.savedMessageId === messageId) === true
  updateConnection(connectionId, (c) => {
    const next = { ...c, savedMessages: c.savedMessages.filter((m) => m.id !== messageId) }
    if (!uses) return next
    const steps = (c.onOpen ?? []).filter((step) => !('savedMessageId' in step && step.savedMessageId === messageId))
    if (steps.length > 0) next.onOpen = steps
    else delete next.onOpen
    return next
  })
  return { connectionId, message, index, ...(uses && onOpen ? { onOpen } : {}) }
}

/** Undoes a delete; refused when the list has filled up to its limit since. */
export function restoreSavedMessage(removed: RemovedSavedMessage): ActionResult {
  const connection = getConnection(removed.connectionId)
  if (!connection) return refuse('Not restored: that connection no longer exists.')
  const back = connection.savedMessages.some((m) => m.id === removed.message.id)
  const full = back ? null : checkSavedMessageCount(connection.savedMessages.length)
  if (full) return refuse(`Not restored: ${full}`)
  updateConnection(removed.connectionId, (c) => {
    if (c.savedMessages.some((m) => m.id === removed.message.id)) return c
    const savedMessages = [...c.savedMessages]
    savedMessages.splice(Math.min(removed.index, savedMessages.length), 0, removed.message)
    // The sequence comes back as it was, if every message it names is there again.
    const onOpen = removed.onOpen?.every((step) => !('savedMessageId' in step) || savedMessages.some((m) => m.id === step.savedMessageId)) ? removed.onOpen : undefined
    return { ...c, savedMessages, ...(onOpen ? { onOpen } : {}) }
  })
  return OK
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
export function sendSavedMessage(connectionId: ConnectionId, messageId: string): Promise<ActionResult> {
  const message = findMessage(connectionId, messageId)
  if (!message) return Promise.resolve({ ok: false, error: 'That saved message no longer exists.' })
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
