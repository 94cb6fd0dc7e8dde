import { create } from 'zustand'
import { createId } from '../lib/create-id.ts'
import { loadKeepTimelines, saveKeepTimelines } from './persistence/ui-preferences.ts'
import { RECORDING_BUDGET, recordingStorage } from './recording-persistence.ts'
import { runtimeClient } from './runtime-binding.ts'
import { openConnectionCount } from './session-actions.ts'
import { useSessionStore } from './session-store.ts'
import { transportKindOf } from '../workspace/model.ts'
import { useWorkspaceStore } from './workspace-store.ts'

/**
 * "Keep timelines across reloads" (opt-in, per browser): every few seconds, the timelines that
 * changed are written as NDJSON (made in the Worker by the sliced export job, so ingest goes on)
 * into the recordings database, within the recordings budget. After a reload they come back as
 * recordings named "… · before reload". Off by default: a flood connection would otherwise fill
 * the budget without the user asking for it.
 */

export type KeepState = {
  on: boolean
  /** Per connection: why its timeline is not kept now (too large), or null when it is. */
  problems: Record<string, string>
  lastSavedAt: number | null
}

export const useKeepTimelinesStore = create<KeepState>(() => ({ on: loadKeepTimelines(), problems: {}, lastSavedAt: null }))

export const KEEP_INTERVAL_MS = 10_000

// One page session: keys never collide with a copy an earlier visit left (restored as a recording).
const session = createId('page_')
const savedRevision = new Map<string, number>()
let saving = false

function keyFor(connectionId: string): string {
  return `live_${session}_${connectionId}`
}

export function setKeepTimelines(on: boolean): void {
  saveKeepTimelines(on)
  useKeepTimelinesStore.setState({ on, problems: {} })
  if (!on) {
    // Turning it off forgets what this page kept; copies from earlier visits are recordings now.
    const target = recordingStorage()
    for (const id of savedRevision.keys()) void target?.remove(keyFor(id))
    savedRevision.clear()
  }
}

/** Writes every connection whose timeline changed since it was last written. Never runs twice at once. */
export async function saveChangedTimelines(budget = RECORDING_BUDGET): Promise<number> {
  const target = recordingStorage()
  if (!useKeepTimelinesStore.getState().on || !target || saving) return 0
  saving = true
  let written = 0
  try {
    const runtimes = useSessionStore.getState().runtimeById
    const problems: Record<string, string> = {}
    // Sizes of what is kept, read once per round (facts only) and updated as this round writes.
    const sizes = new Map((await target.list()).map((item) => [item.key, item.size]))
    for (const workspace of useWorkspaceStore.getState().workspaces) {
      for (const connection of workspace.connections) {
        const snapshot = Object.hasOwn(runtimes, connection.id) ? runtimes[connection.id] : undefined
        if (!snapshot || snapshot.retained === 0 || savedRevision.get(connection.id) === snapshot.revision) continue
        const outcome = await runtimeClient().exportTimeline(connection.id, {
          format: 'ndjson',
          filter: null,
          redact: false,
          source: { name: connection.name, url: connection.url, transport: transportKindOf(connection) },
          exportedAt: Date.now(),
        }).done
        if (!outcome.ok) continue
        savedRevision.set(connection.id, snapshot.revision)
        const key = keyFor(connection.id)
        if (outcome.blob.size > budget.perRecordingBytes) {
          problems[connection.id] = `Its timeline (${(outcome.blob.size / 1048576).toFixed(1)} MB) is over the ${(budget.perRecordingBytes / 1048576).toFixed(0)} MB a kept timeline may use: lower its retention to keep it.`
          await target.remove(key)
          sizes.delete(key)
          continue
        }
        let others = 0
        for (const [kept, size] of sizes) if (kept !== key) others += size
        if (others + outcome.blob.size > budget.totalBytes) {
          problems[connection.id] = 'Kept recordings and timelines already fill the storage budget: close kept recordings to make room.'
          continue
        }
        const saved = await target.save({
          key,
          name: `${connection.name} · before reload`,
          url: connection.url,
          transport: transportKindOf(connection),
          fileName: `${connection.name}.ndjson`,
          format: 'ndjson',
          frames: snapshot.retained,
          warnings: [`Kept from an earlier visit (${new Date().toLocaleString('en-GB')}).`],
          workspaceId: workspace.id,
          savedAt: Date.now(),
          bytes: await outcome.blob.arrayBuffer(),
        })
        if (saved.ok) {
          written += 1
          sizes.set(key, outcome.blob.size)
        } else problems[connection.id] = `Not kept: ${saved.message}.`
      }
    }
    useKeepTimelinesStore.setState({ problems, lastSavedAt: Date.now() })
  } finally {
    saving = false
  }
  return written
}

let started = false

/** The periodic save, and a warning before a reload or close while connections are open. */
export function startTimelineKeeping(): void {
  if (started || typeof window === 'undefined') return
  started = true
  window.setInterval(() => void saveChangedTimelines(), KEEP_INTERVAL_MS)
  window.addEventListener('beforeunload', (event) => {
    if (openConnectionCount() === 0) return
    // Browsers show their own words; this only asks them to ask.
    event.preventDefault()
    event.returnValue = ''
  })
}
