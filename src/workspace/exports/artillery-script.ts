import type { JsonPredicate, Matcher } from '../../engine/match/matcher.ts'
import type { Scenario, ScenarioStep } from '../../engine/scenario/model.ts'
import { resolveVariables, secretNames } from '../../engine/template/variables.ts'
import { transportKindOf, type Connection } from '../model.ts'
import type { WorkspaceContent } from '../workspace-file.ts'
import { toYaml } from './yaml-text.ts'

/*
 * A scenario as an Artillery script (https://www.artillery.io/docs/reference/engines/websocket),
 * so a user who outgrows one machine takes the same steps to an existing load engine. Artillery's
 * WebSocket flow has send (optionally waiting for the next message with match/capture), think,
 * connect and loop; what has no equivalent there (expectations on pushed frames, close checks,
 * several connections) is left out and listed at the top of the script.
 */

export type ArtilleryExport = { ok: true; text: string; fileName: string; skipped: string[] } | { ok: false; error: string }

type FlowItem = Record<string, unknown>

export function exportArtilleryScript(workspace: WorkspaceContent & { activeEnvironmentId?: string }, scenarioIdOrName: string): ArtilleryExport {
  const scenario = workspace.scenarios?.find((item) => item.id === scenarioIdOrName || item.name === scenarioIdOrName)
  if (!scenario) return { ok: false, error: `No scenario named "${scenarioIdOrName}".` }
  const connection = workspace.connections.find((item) => item.id === scenario.connection)
  if (!connection) return { ok: false, error: `Scenario "${scenario.name}" uses a connection that is not in the workspace.` }
  if (transportKindOf(connection) !== 'websocket') return { ok: false, error: `Only WebSocket scenarios export to Artillery's ws engine; "${connection.name}" is ${transportKindOf(connection)}.` }

  const sources = { variables: workspace.variables ?? [], environments: workspace.environments ?? [], ...(workspace.activeEnvironmentId ? { activeEnvironmentId: workspace.activeEnvironmentId } : {}) }
  const secrets = secretNames(sources)
  const values = resolveVariables(sources)
  const skipped: string[] = []
  const target = toArtilleryTemplate(connection.url, values, secrets, true)
  const flow = toFlow(scenario, connection, workspace, secrets, values, skipped)
  const used = new Set<string>()
  for (const item of flow) collectNames(JSON.stringify(item), used)
  const variables: Record<string, string> = {}
  for (const name of [...used].sort()) if (!secrets.has(name) && values.has(name)) variables[name] = values.get(name) ?? ''

  const ws: Record<string, unknown> = {}
  if (connection.protocols.length > 0) ws.subprotocols = connection.protocols.map((protocol) => toArtilleryTemplate(protocol, values, secrets, true))
  if (connection.headers && connection.headers.length > 0) {
    const headers: Record<string, string> = {}
    for (const header of connection.headers) Object.defineProperty(headers, header.name, { value: toArtilleryTemplate(header.value, values, secrets, true), enumerable: true, writable: true, configurable: true })
    ws.headers = headers
  }
  const script = {
    config: {
      target,
      // One virtual user per second for a minute: a starting point to adjust, not a recommendation.
      phases: [{ duration: 60, arrivalRate: 1, name: 'Adjust to your load profile' }],
      ...(Object.keys(ws).length > 0 ? { ws } : {}),
      ...(Object.keys(variables).length > 0 ? { variables } : {}),
    },
    scenarios: [{ name: scenario.name, engine: 'ws', flow }],
  }
  const comments = [
    `Artillery script exported by Frameline from the scenario "${scenario.name}".`,
    'Run it with: npx artillery run <this file>',
    'Secret variables are read from the environment: {{ $processEnvironment.NAME }}.',
    "Artillery's send + match waits for the next message only; Frameline's expectations look at every frame in their window.",
    ...skipped.map((note) => `Not exported: ${note}`),
  ]
  return { ok: true, text: toYaml(script, comments), fileName: `${safeName(scenario.name)}.artillery.yml`, skipped }
}

function toFlow(scenario: Scenario, connection: Connection, workspace: WorkspaceContent, secrets: ReadonlySet<string>, values: ReadonlyMap<string, string>, skipped: string[]): FlowItem[] {
  const flow: FlowItem[] = []
  let lastSend: { send: Record<string, unknown> } | null = null
  let lastSendMatched = false
  scenario.steps.forEach((step, index) => {
    const label = `step ${index + 1} (${step.type})`
    if ('connection' in step && step.connection && step.connection !== connection.id) {
      skipped.push(`${label}: it uses another connection; Artillery's ws engine keeps one socket per virtual user.`)
      return
    }
    switch (step.type) {
      case 'connect':
        if (flow.length > 0) skipped.push(`${label}: Artillery connects once, at the start of the scenario.`)
        return
      case 'send': {
        const text = sendText(step, workspace)
        if (text === null) {
          skipped.push(`${label}: its saved message is not in the workspace.`)
          return
        }
        lastSend = { send: { payload: toArtilleryTemplate(text, values, secrets, false) } }
        lastSendMatched = false
        flow.push(lastSend)
        return
      }
      case 'wait':
        lastSend = null
        flow.push({ think: step.ms / 1000 })
        return
      case 'expect': {
        const match = lastSend && !lastSendMatched && (step.times === undefined || (step.times.mode === 'atLeast' && step.times.count <= 1)) ? toMatch(step.match) : null
        if (!lastSend || !match) {
          skipped.push(`${label}: ${lastSend ? 'this kind of expectation' : 'an expectation not right after a send'} has no equivalent in Artillery's ws engine.`)
          return
        }
        lastSend.send.match = match
        lastSendMatched = true
        return
      }
      case 'capture': {
        if (!lastSend || !lastSendMatched) {
          skipped.push(`${label}: a capture must follow a send and its expectation.`)
          return
        }
        lastSend.send.capture = step.path ? { json: jsonPath(step.path), as: step.variable } : { regexp: step.regex ?? '', as: step.variable }
        return
      }
      case 'close':
      case 'expectClose':
        skipped.push(`${label}: Artillery closes the socket when the scenario ends.`)
        return
    }
  })
  return flow
}

function sendText(step: Extract<ScenarioStep, { type: 'send' }>, workspace: WorkspaceContent): string | null {
  if (!('savedMessageId' in step)) return step.text
  for (const connection of workspace.connections) {
    const message = connection.savedMessages.find((item) => item.id === step.savedMessageId)
    if (message) return message.text
  }
  return null
}

/** Artillery's ws match: a JSON path compared with a value, or a regular expression on the text. */
function toMatch(matcher: Matcher): Record<string, unknown> | null {
  if (matcher.jsonSubset !== undefined || matcher.event || matcher.binary !== undefined || (matcher.kind && matcher.kind !== 'message') || matcher.direction === 'out') return null
  const predicates = matcher.json ?? []
  const conditions = (predicates.length > 0 ? 1 : 0) + (matcher.regex ? 1 : 0) + (matcher.contains ? 1 : 0)
  if (conditions !== 1 || predicates.length > 1) return null
  const predicate: JsonPredicate | undefined = predicates[0]
  if (predicate) return predicate.op === 'equals' ? { json: jsonPath(predicate.path), value: predicate.value } : null
  if (matcher.regex) {
    const literal = /^\/(.*)\/([a-z]*)$/s.exec(matcher.regex)
    return { regexp: literal ? (literal[1] ?? '') : matcher.regex }
  }
  // Artillery's regexp has no flags: a case-insensitive contains is exported case-sensitive.
  if (matcher.contains) return { regexp: escapeRegExp(matcher.contains) }
  return null
}

function jsonPath(path: string): string {
  const trimmed = path.trim()
  return trimmed.startsWith('$') ? trimmed : `$.${trimmed}`
}

/**
 * Frameline's {{name}} becomes Artillery's {{ name }}; secrets come from the environment; in
 * `expand` mode (URL, headers, subprotocols, which Artillery does not template) other variables are
 * replaced by their values. Built-ins map to Artillery's functions where one exists.
 */
function toArtilleryTemplate(text: string, values: ReadonlyMap<string, string>, secrets: ReadonlySet<string>, expand: boolean): string {
  return text.replace(/\{\{\s*(\$?[A-Za-z_][\w.-]*)((?:\s+[^\s{}]+)*)\s*\}\}/g, (whole, name: string, args: string) => {
    if (name === '$randomInt') {
      const [min, max] = args.trim().split(/\s+/)
      return `{{ $randomNumber(${min ?? 0}, ${max ?? 0}) }}`
    }
    if (name === '$timestamp') return '{{ $timestamp }}'
    if (name === '$uuid') return '{{ $uuid }}'
    if (name.startsWith('$')) return whole
    if (secrets.has(name)) return `{{ $processEnvironment.${name} }}`
    if (expand && values.has(name)) return values.get(name) ?? whole
    return `{{ ${name} }}`
  })
}

function collectNames(text: string, into: Set<string>): void {
  for (const match of text.matchAll(/\{\{ ([A-Za-z_][\w.-]*) \}\}/g)) if (match[1]) into.add(match[1])
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario'
}
