import type { Frame, FrameInput } from '../engine/frame.ts'
import type { RetentionDrop } from '../engine/runtime/connection-runtime.ts'
import type { ReadControl } from '../engine/transport.ts'
import type { IndexedAnnotation } from '../engine/view/annotations.ts'
import { preparePayload } from '../lib/payload.ts'
import type { ConnectionId, PayloadMode } from '../workspace/model.ts'
import type { ActionResult } from './field-limits.ts'
import { checkRetentionLimits } from './retention-input.ts'
import { runtimeClient } from './runtime-binding.ts'
import { expandedConfig, expanderFor, forgetCounter } from './template-expansion.ts'
import { forgetTimelineUi } from './timeline-ui.ts'
import { selectRuntime, useSessionStore } from './session-store.ts'
import { getConnection, recordSent, setConnectionAutoReconnect, setPreferences } from './workspace-actions.ts'
import { useWorkspaceStore } from './workspace-store.ts'

export { MAX_OPEN_CONNECTIONS } from '../engine/runtime/limits.ts'
export type { ActionResult, RetentionDrop }

/**
 * The user's Connect. It also ends any automatic retry that was waiting and starts the attempt
 * count afresh: the user asked now, so the backoff from earlier failures no longer applies.
 */
export function connect(id: ConnectionId): Promise<ActionResult> {
  const connection = getConnection(id)
  if (!connection) return Promise.resolve({ ok: false, error: 'That connection no longer exists.' })
  // {{name}} placeholders are filled in now, with this connect's {{$counter}}: the runtime gets
  // (and checks, and retries with) the expanded URL and fields; the saved connection keeps the
  // template. An unknown variable stops the connect before anything is opened.
  const expander = expanderFor(id)
  const expanded = expandedConfig(connection, useWorkspaceStore.getState().preferences, expander)
  if (!expanded.ok) return Promise.resolve({ ok: false, error: `Not connected: ${expanded.error}` })
  expander.commit()
  const client = runtimeClient()
  // The same channel, in order: the runtime holds this config when the connect arrives.
  client.configure(id, expanded.value)
  return client.connect(id)
}

/**
 * The user's Disconnect: closes the socket, and no automatic retry follows it; a retry already
 * waiting is cancelled. An invalid close code or reason changes nothing.
 */
export function disconnect(id: ConnectionId, code?: number, reason?: string): Promise<ActionResult> {
  return runtimeClient().disconnect(id, code, reason)
}

/** The header's Cancel: the waiting retry does not run, and the connection stays closed. */
export function cancelReconnect(id: ConnectionId): void {
  runtimeClient().cancelReconnect(id)
}

/** The Options checkbox. Turning it off also cancels a retry that is waiting (the runtime follows the setting). */
export function setAutoReconnect(id: ConnectionId, on: boolean): void {
  setConnectionAutoReconnect(id, on)
}

/** Sends composer text in the given mode; invalid JSON or hex is refused with the reason. */
export async function sendPayload(id: ConnectionId, text: string, mode: PayloadMode): Promise<ActionResult> {
  // The timeline gets what is sent (expanded); history keeps the template the user wrote.
  const expander = expanderFor(id)
  const expanded = expander.expand(text)
  if (!expanded.ok) return { ok: false, error: `Not sent: ${expanded.error}` }
  // JSON and hex are checked after expansion: `{"n":{{$counter}}}` is only JSON once filled in.
  const prepared = preparePayload(expanded.text, mode)
  if (!prepared.ok) return prepared
  // Before the await: a second send started meanwhile must get the next number, not the same one.
  expander.commit()
  const result = await runtimeClient().send(id, prepared.payload)
  if (!result.ok) return result
  // Sent either way; a payload too long to keep is left out of history, and the user is told.
  const recorded = recordSent(id, { text, mode, at: Date.now() })
  return recorded.ok ? result : { ok: true, note: recorded.error }
}

/**
 * Slow-consumer mode (WebSocketStream): pause reading, so the server's sends back up in its own
 * buffers, and/or wait `delayMs` after each received message. Refused for other kinds, or when closed.
 */
export function setReading(id: ConnectionId, control: ReadControl): Promise<ActionResult> {
  return runtimeClient().setReading(id, control)
}

/** The event names a connection has seen (Socket.IO events, SSE types), for the timeline's event filter. */
export function fetchEventNames(id: ConnectionId): Promise<string[]> {
  return runtimeClient().eventNames(id)
}

/**
 * Plays frames into a connection's timeline (a recording, an import) through the list transport;
 * `annotations` pin or note played frames by their index in `frames` (a file's timeline).
 */
export function playFrames(id: ConnectionId, frames: readonly FrameInput[], source?: string, annotations?: readonly IndexedAnnotation[]): Promise<ActionResult> {
  return runtimeClient().play(id, frames, source, annotations)
}

export function clearTimeline(id: ConnectionId): void {
  runtimeClient().clear(id)
}

/** Puts back the frames the last Clear removed (shortly after it), before those received since. */
export function undoClearTimeline(id: ConnectionId): Promise<ActionResult> {
  return runtimeClient().undoClear(id)
}

/** Per connection, how many retained frames these limits would drop now (only those that lose some). */
export function previewRetention(maxFrames: number, maxBytes: number): Promise<RetentionDrop[]> {
  return runtimeClient().previewRetention({ maxFrames, maxBytes })
}

/**
 * The user's new retention limits: saved as preferences (so connections opened later and other
 * tabs use them too) and applied at once to every timeline, including frames already captured.
 */
export function setRetention(maxFrames: number, maxBytes: number): ActionResult {
  const error = checkRetentionLimits(maxFrames, maxBytes)
  if (error) return { ok: false, error }
  // The runtime binding forwards the new preferences to the runtime.
  setPreferences({ maxFramesPerConnection: maxFrames, maxBytesPerConnection: maxBytes })
  return { ok: true }
}

/** Closes a connection's socket and forgets its timeline, e.g. when the connection is deleted. */
export function forgetConnection(id: ConnectionId): void {
  runtimeClient().forget(id)
  forgetCounter(id)
  forgetTimelineUi(id)
  // Gone from the page at once, not at the runtime's next tick: nothing may show a deleted connection.
  if (!Object.hasOwn(useSessionStore.getState().runtimeById, id)) return
  useSessionStore.setState((state) => {
    const runtimeById = { ...state.runtimeById }
    delete runtimeById[id]
    return { runtimeById }
  })
}

/** One frame in full, for the detail pane: by its position since the last clear. */
export function fetchFrame(id: ConnectionId, seq: number): Promise<Frame | null> {
  return runtimeClient().frame(id, seq)
}

/** One frame as the connection's codec reads it, decoded next to the log; null without a codec. */
export function fetchDecoding(id: ConnectionId, seq: number) {
  return runtimeClient().decode(id, seq)
}

/** Every retained frame of a connection that ever ran here; none for one that never did. */
export function fetchFrames(id: ConnectionId): Promise<Frame[]> {
  if (selectRuntime(useSessionStore.getState(), id).status === 'idle' && selectRuntime(useSessionStore.getState(), id).retained === 0) {
    return Promise.resolve([])
  }
  return runtimeClient().frames(id)
}

/** Connections open or opening in this page, as the runtime last reported. */
export function openConnectionCount(): number {
  let open = 0
  for (const runtime of Object.values(useSessionStore.getState().runtimeById)) {
    if (runtime.status === 'open' || runtime.status === 'connecting') open += 1
  }
  return open
}
