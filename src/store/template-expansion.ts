import { BUILTIN_NAMES, createTemplateScope, expandTemplate, hasPlaceholders, referencedVariables, type Expansion } from '../engine/template/template.ts'
import { maskSecrets, resolveVariables, secretValues, type Variable, type VariableSources } from '../engine/template/variables.ts'
import type { ConnectionConfig } from '../engine/runtime/connection-runtime.ts'
import { expandSpec } from '../engine/template/expand-spec.ts'
import { configOf } from '../workspace/connection-config.ts'
import { DEFAULT_PREFERENCES, type Connection, type ConnectionId, type EmitDraft, type Preferences, type Workspace } from '../workspace/model.ts'
import { selectCurrentWorkspace } from './workspace-selectors.ts'
import { create } from 'zustand'
import { useWorkspaceStore, type WorkspaceState } from './workspace-store.ts'

/*
 * `{{name}}` expansion on the page, where the user connects and sends. The template module
 * (src/engine/template/) does the parsing; this module decides what is expanded against which
 * variables: those of the workspace that holds the connection, with its active environment.
 * The stored connection, draft, saved messages and history always keep the template; only what
 * goes to the runtime (and so onto the timeline) is expanded.
 */

/**
 * Each connection's `{{$counter}}`: 1, 2, 3, … across its connects and sends, until the page
 * reloads. Runtime state, never persisted: a counter in a workspace file would change the file on
 * every send.
 */
const counters = new Map<ConnectionId, number>()

/** Bumped whenever a counter moves, so a preview showing the next `{{$counter}}` follows along. */
export const useCounterRevision = create<{ revision: number }>()(() => ({ revision: 0 }))

const bump = () => useCounterRevision.setState((state) => ({ revision: state.revision + 1 }))

export function forgetCounter(id: ConnectionId): void {
  if (counters.delete(id)) bump()
}

/** Every counter starts from 1 again (tests; a fresh page does this by itself). */
export function resetCounters(): void {
  counters.clear()
  bump()
}

export function workspaceOf(state: WorkspaceState, id: ConnectionId | null): Workspace | undefined {
  if (id == null) return selectCurrentWorkspace(state)
  return state.workspaces.find((w) => w.connections.some((c) => c.id === id)) ?? selectCurrentWorkspace(state)
}

export function variableSources(workspace: Workspace | undefined): VariableSources {
  if (!workspace) return {}
  return {
    ...(workspace.variables ? { variables: workspace.variables } : {}),
    ...(workspace.environments ? { environments: workspace.environments } : {}),
    ...(workspace.activeEnvironmentId === undefined ? {} : { activeEnvironmentId: workspace.activeEnvironmentId }),
  }
}

type Resolved = { variables: Map<string, string>; secrets: string[] }
type CacheEntry = { from: Pick<Workspace, 'variables' | 'environments' | 'activeEnvironmentId'>; resolved: Resolved }

// Resolved once per change of the workspace's variables, not on every preview keystroke; the
// same Map comes back while they are unchanged, so callers can compare it by identity.
const resolvedCache = new Map<string, CacheEntry>()
const EMPTY: Resolved = { variables: new Map(), secrets: [] }

function resolvedOf(workspace: Workspace | undefined): Resolved {
  if (!workspace) return EMPTY
  const cached = resolvedCache.get(workspace.id)
  if (
    cached &&
    cached.from.variables === workspace.variables &&
    cached.from.environments === workspace.environments &&
    cached.from.activeEnvironmentId === workspace.activeEnvironmentId
  ) {
    return cached.resolved
  }
  const sources = variableSources(workspace)
  const resolved = { variables: resolveVariables(sources), secrets: secretValues(sources) }
  resolvedCache.set(workspace.id, { from: { variables: workspace.variables, environments: workspace.environments, activeEnvironmentId: workspace.activeEnvironmentId }, resolved })
  return resolved
}

/** The variables a connection's templates expand against (environment over workspace). */
export function variablesFor(id: ConnectionId | null, state: WorkspaceState = useWorkspaceStore.getState()): Map<string, string> {
  return resolvedOf(workspaceOf(state, id)).variables
}

/** The secret values in effect for a connection, longest first, for maskSecrets. */
export function secretsFor(id: ConnectionId | null, state: WorkspaceState = useWorkspaceStore.getState()): string[] {
  return resolvedOf(workspaceOf(state, id)).secrets
}

/** Names whose value in effect is secret (the active environment's flag wins over the workspace's). */
export function secretNames(workspace: Workspace | undefined): Set<string> {
  const flags = new Map<string, boolean>()
  for (const variable of workspace?.variables ?? []) flags.set(variable.name, variable.secret === true)
  const active = workspace?.environments?.find((e) => e.id === workspace.activeEnvironmentId)
  for (const variable of active?.variables ?? []) flags.set(variable.name, variable.secret === true || flags.get(variable.name) === true)
  return new Set([...flags].filter(([, secret]) => secret).map(([name]) => name))
}

/** What Monaco offers inside `{{ }}`: the variables in effect for the current workspace, then the built-ins. */
export function completionNames(state: WorkspaceState = useWorkspaceStore.getState()): { name: string; detail: string }[] {
  const workspace = selectCurrentWorkspace(state)
  const { variables } = resolvedOf(workspace)
  const secret = secretNames(workspace)
  const names = [...variables.entries()].map(([name, value]) => ({
    name,
    // A secret's value never appears in the suggestion list.
    detail: secret.has(name) ? 'secret variable' : value.length > 60 ? `${value.slice(0, 59)}…` : value,
  }))
  for (const builtin of BUILTIN_NAMES) names.push({ name: builtin === '$randomInt' ? '$randomInt 1 100' : builtin, detail: 'built-in' })
  return names
}

/**
 * One round of expansion for one connection. Every field of a connect (URL, subprotocols, query,
 * …) or of an emit expands with the same counter, in order; the counter moves on only when the
 * whole round succeeded (`commit`), so a refused send leaves no gap in the numbering.
 */
export type Expander = {
  expand(text: string): Expansion
  commit(): void
}

export function expanderFor(id: ConnectionId, state: WorkspaceState = useWorkspaceStore.getState()): Expander {
  const local = new Map([[id, counters.get(id) ?? 0]])
  const scope = createTemplateScope(variablesFor(id, state), local, id)
  return {
    // Text without a placeholder is returned as it is, without a scan of a large payload twice.
    expand: (text) => (hasPlaceholders(text) ? expandTemplate(text, scope) : { ok: true, text, used: [] }),
    commit: () => {
      const next = local.get(id) ?? 0
      if (next === (counters.get(id) ?? 0)) return
      counters.set(id, next)
      bump()
    },
  }
}

export type Expanded<T> = { ok: true; value: T } | { ok: false; error: string }

/**
 * A connection's runtime config with `{{ }}` filled in, through the engine's expandSpec (the
 * headless runner expands the same spec the same way): every text of the spec, whatever its
 * transport. The first unknown variable or bad built-in stops it, naming the field.
 */
export function expandedConfig(connection: Connection, preferences: Preferences, expander: Expander): Expanded<ConnectionConfig> {
  const config = configOf(connection, preferences)
  if (!connectionHasPlaceholders(connection)) return { ok: true, value: config }
  const expanded = expandSpec(config.spec, expander.expand)
  return expanded.ok ? { ok: true, value: { ...config, spec: expanded.spec } } : expanded
}

/** Expands a Socket.IO emit: the event name and every argument. */
export function expandEmit(emit: EmitDraft, expander: Expander): Expanded<EmitDraft> {
  const event = expander.expand(emit.event)
  if (!event.ok) return { ok: false, error: `Event name: ${event.error}` }
  const args: EmitDraft['args'] = []
  for (const [i, arg] of emit.args.entries()) {
    const text = expander.expand(arg.text)
    if (!text.ok) return { ok: false, error: `Argument ${i + 1}: ${text.error}` }
    args.push({ type: arg.type, text: text.text })
  }
  return { ok: true, value: { ...emit, event: event.text, args } }
}

// Per connection object (the store replaces what it changes): a sync over thousands of
// connections asks this for each, and only an edited connection is looked at again.
const templatedConnections = new WeakMap<Connection, boolean>()

/** True when anything a connect would send holds a placeholder (the cheap check expandSpec makes too). */
export function connectionHasPlaceholders(connection: Connection): boolean {
  let templated = templatedConnections.get(connection)
  if (templated === undefined) {
    templated = JSON.stringify(configOf(connection, DEFAULT_PREFERENCES).spec).includes('{{')
    templatedConnections.set(connection, templated)
  }
  return templated
}

export type Preview = { kind: 'none' } | { kind: 'ok'; text: string } | { kind: 'error'; error: string }

/**
 * What sending `text` now would send, with secret values masked, without moving the counter:
 * the composer's preview. `none` when the text holds no placeholder (nothing to preview).
 */
export function previewText(id: ConnectionId, text: string, state: WorkspaceState = useWorkspaceStore.getState()): Preview {
  if (!hasPlaceholders(text)) return { kind: 'none' }
  const result = expanderFor(id, state).expand(text)
  if (!result.ok) return { kind: 'error', error: result.error }
  return { kind: 'ok', text: maskSecrets(result.text, secretsFor(id, state)) }
}

/** The same for several texts expanded in one round (a Socket.IO emit, a URL with its fields). */
export function previewTexts(id: ConnectionId, texts: readonly string[], state: WorkspaceState = useWorkspaceStore.getState()): Preview[] {
  const expander = expanderFor(id, state)
  const secrets = secretsFor(id, state)
  return texts.map((text) => {
    if (!hasPlaceholders(text)) return { kind: 'none' }
    const result = expander.expand(text)
    return result.ok ? { kind: 'ok', text: maskSecrets(result.text, secrets) } : { kind: 'error', error: result.error }
  })
}

export { hasPlaceholders, maskSecrets }

/** The text as a send now would expand it, unmasked, to check it (JSON, hex); never for display. */
export function expansionForCheck(id: ConnectionId, text: string, state: WorkspaceState = useWorkspaceStore.getState()): Expansion {
  return expanderFor(id, state).expand(text)
}

/** Every text of a connection a `{{ }}` may sit in: connect fields, draft, saved messages (those chosen). */
function connectionTexts(connection: Connection, options: { includeDraft: boolean; savedMessageIds: readonly string[] }): string[] {
  // The connect fields as the runtime gets them, whatever the transport (placeholder names need no JSON escaping).
  const texts = [JSON.stringify(configOf(connection, DEFAULT_PREFERENCES).spec)]
  const emitTexts = (emit: EmitDraft | undefined) => (emit ? [emit.event, ...emit.args.map((a) => a.text)] : [])
  if (options.includeDraft) texts.push(connection.draft.text, ...emitTexts(connection.draft.emit))
  const chosen = new Set(options.savedMessageIds)
  for (const message of connection.savedMessages) if (chosen.has(message.id)) texts.push(message.text, ...emitTexts(message.emit))
  return texts
}

/**
 * The variables a shared connection refers to, with the values in effect (active environment
 * included) and their secret flag, so a share link can carry them: secret ones are then redacted
 * like any secret unless the user includes secrets.
 */
export function variablesUsedBy(connection: Connection, options: { includeDraft: boolean; savedMessageIds: readonly string[] }, state: WorkspaceState = useWorkspaceStore.getState()): Variable[] {
  const workspace = workspaceOf(state, connection.id)
  const { variables } = resolvedOf(workspace)
  const secret = secretNames(workspace)
  const names: string[] = []
  for (const text of connectionTexts(connection, options)) for (const name of referencedVariables(text)) if (!names.includes(name)) names.push(name)
  return names.flatMap((name) => {
    const value = variables.get(name)
    return value === undefined ? [] : [{ name, value, ...(secret.has(name) ? { secret: true } : {}) }]
  })
}
