import * as v from 'valibot'
import type { ScheduleSpec } from '../engine/automation/automation.ts'
import type { AutoResponder, Heartbeat, OnOpenStep } from '../engine/automation/model.ts'
import { compileMatcher } from '../engine/match/matcher.ts'
import { createId } from '../lib/create-id.ts'
import { autoRespondersSchema, heartbeatSchema, onOpenSchema } from '../workspace/automation-schema.ts'
import type { Connection, ConnectionId } from '../workspace/model.ts'
import { formatIssues } from '../workspace/workspace-schema.ts'
import { OK, refuse, type ActionResult } from './field-limits.ts'
import { runtimeClient } from './runtime-binding.ts'
import { getConnection, updateConnection } from './workspace-actions.ts'

/**
 * Editing a connection's automation (auto-responders, heartbeat, on-open sequence) and its
 * periodic sends. Every change is checked as storage checks it (the same schemas and matcher
 * compile), so a stored workspace never holds a rule that would refuse the whole workspace on
 * the next load; the runtime binding pushes what is stored to the runtime.
 */

/** Writes a field, or removes it when empty: files only carry automation that was set up. */
function setField<K extends 'autoResponders' | 'heartbeat' | 'onOpen'>(id: ConnectionId, key: K, value: Connection[K] | undefined): void {
  updateConnection(id, (connection) => {
    const next = { ...connection }
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key]
    else next[key] = value
    return next
  })
}

function issues(result: { success: false; issues: readonly v.BaseIssue<unknown>[] }, root: string): ActionResult {
  return refuse(`Not saved: ${formatIssues(result.issues, root).join('; ')}`)
}

export function newAutoResponder(count: number): AutoResponder {
  return { id: createId('r_'), name: `Rule ${count + 1}`, enabled: true, match: { contains: '' }, reply: { text: '', mode: 'text' }, delayMs: 0 }
}

/** Replaces the connection's rules (in order); a rule whose matcher does not compile is refused with the reason. */
export function setAutoResponders(id: ConnectionId, rules: readonly AutoResponder[]): ActionResult {
  if (!getConnection(id)) return refuse('That connection no longer exists.')
  const checked = v.safeParse(autoRespondersSchema, rules)
  if (!checked.success) return issues(checked, 'autoResponders')
  for (const rule of checked.output) {
    const compiled = compileMatcher(rule.match)
    if (!compiled.ok) return refuse(`Not saved: rule "${rule.name}": ${compiled.error}`)
  }
  setField(id, 'autoResponders', checked.output)
  return OK
}

export function addAutoResponder(id: ConnectionId): ActionResult {
  const rules = getConnection(id)?.autoResponders ?? []
  return setAutoResponders(id, [...rules, newAutoResponder(rules.length)])
}

export function updateAutoResponder(id: ConnectionId, rule: AutoResponder): ActionResult {
  const rules = getConnection(id)?.autoResponders ?? []
  if (!rules.some((r) => r.id === rule.id)) return refuse('That rule no longer exists.')
  return setAutoResponders(id, rules.map((r) => (r.id === rule.id ? rule : r)))
}

export function removeAutoResponder(id: ConnectionId, ruleId: string): ActionResult {
  return setAutoResponders(id, (getConnection(id)?.autoResponders ?? []).filter((r) => r.id !== ruleId))
}

/** Moves a rule up (-1) or down (+1): the first matching rule answers, so order matters. */
export function moveAutoResponder(id: ConnectionId, ruleId: string, by: -1 | 1): ActionResult {
  return setAutoResponders(id, moved(getConnection(id)?.autoResponders ?? [], (r) => r.id === ruleId, by))
}

export const DEFAULT_HEARTBEAT: Heartbeat = { enabled: false, intervalMs: 30_000, text: '{"type":"ping"}', mode: 'json' }

export function setHeartbeat(id: ConnectionId, heartbeat: Heartbeat | null): ActionResult {
  if (!getConnection(id)) return refuse('That connection no longer exists.')
  if (heartbeat === null) {
    setField(id, 'heartbeat', undefined)
    return OK
  }
  const checked = v.safeParse(heartbeatSchema, heartbeat)
  if (!checked.success) return issues(checked, 'heartbeat')
  setField(id, 'heartbeat', checked.output)
  return OK
}

/** Replaces the on-open sequence; a step naming a saved message this connection lacks is refused. */
export function setOnOpen(id: ConnectionId, steps: readonly OnOpenStep[]): ActionResult {
  const connection = getConnection(id)
  if (!connection) return refuse('That connection no longer exists.')
  const checked = v.safeParse(onOpenSchema, steps)
  if (!checked.success) return issues(checked, 'onOpen')
  for (const [index, step] of checked.output.entries()) {
    if ('savedMessageId' in step && !connection.savedMessages.some((m) => m.id === step.savedMessageId)) {
      return refuse(`Not saved: step ${index + 1} names a saved message this connection no longer has.`)
    }
  }
  setField(id, 'onOpen', checked.output)
  return OK
}

export function moveOnOpenStep(id: ConnectionId, index: number, by: -1 | 1): ActionResult {
  const steps = getConnection(id)?.onOpen ?? []
  const step = steps[index]
  return step ? setOnOpen(id, moved(steps, (s) => s === step, by)) : OK
}

function moved<T>(list: readonly T[], pick: (item: T) => boolean, by: -1 | 1): T[] {
  const from = list.findIndex(pick)
  const to = from + by
  if (from < 0 || to < 0 || to >= list.length) return [...list]
  const next = [...list]
  const [item] = next.splice(from, 1)
  if (item !== undefined) next.splice(to, 0, item)
  return next
}

/** "Send every N ms [× count]": starts sending the given text now; the runtime reports it in the snapshot. */
export async function startPeriodicSend(id: ConnectionId, spec: ScheduleSpec): Promise<ActionResult> {
  if (!getConnection(id)) return refuse('That connection no longer exists.')
  const started = await runtimeClient().startSchedule(id, spec)
  return started.ok ? OK : refuse(started.error)
}

export function stopPeriodicSend(id: ConnectionId, scheduleId: string): Promise<ActionResult> {
  return runtimeClient().stopSchedule(id, scheduleId)
}
