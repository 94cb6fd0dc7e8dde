import {
  isSecretParameterName,
  isTemplateReference,
  REDACTED,
  redactPayload,
  redactProtocols,
  redactText,
  redactUrl,
  type Finding,
  type Redaction,
  type Scan,
} from '../engine/redact-text.ts'
import type { FileConnection, FileWorkspace, TimelineEntry } from './file-schema.ts'
import type { EmitDraft, KeyValue, TransportOptions, Variable } from './model.ts'

// The single-value rules live in the engine, so timeline exports in the Worker redact the same way.
export {
  isSecretFieldName,
  isSecretParameterName,
  REDACTED,
  redactPayload,
  redactProtocols,
  redactText,
  redactUrl,
  type Redaction,
  type RedactionKind,
} from '../engine/redact-text.ts'

/** Query parameters or headers kept as pairs: a secret-named one loses its value; JWTs anywhere. */
export function redactPairs(pairs: readonly KeyValue[], kind: 'query-parameter' | 'header', isSecret: (name: string) => boolean): { pairs: KeyValue[]; findings: Finding[] } {
  const findings: Finding[] = []
  const out = pairs.map((pair) => {
    if (pair.value === '' || pair.value === REDACTED || isTemplateReference(pair.value)) return { name: pair.name, value: pair.value }
    if (isSecret(pair.name)) {
      findings.push({ kind, description: `${kind === 'header' ? 'header' : 'query parameter'} "${pair.name}"` })
      return { name: pair.name, value: REDACTED }
    }
    const jwt = redactText(pair.value)
    findings.push(...jwt.findings)
    return { name: pair.name, value: jwt.text }
  })
  return { pairs: out, findings }
}

// Headers that carry credentials whatever their words say.
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-auth-token', 'x-access-token'])

export function isSecretHeaderName(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase()) || isSecretParameterName(name)
}

/**
 * A Socket.IO auth payload exists to carry credentials: every string and number value in it is
 * redacted, whatever its name; text that is not a JSON object is redacted whole.
 */
export function redactAuth(text: string): Scan {
  if (text.trim() === '' || text === REDACTED) return { text, findings: [] }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { text: REDACTED, findings: [{ kind: 'auth', description: 'auth payload' }] }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { text: REDACTED, findings: [{ kind: 'auth', description: 'auth payload' }] }
  const findings: Finding[] = []
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if ((typeof field === 'string' && field !== '' && field !== REDACTED) || typeof field === 'number' || (typeof field === 'object' && field !== null)) {
      findings.push({ kind: 'auth', description: `auth field "${key}"` })
      Object.defineProperty(out, key, { value: REDACTED, enumerable: true, writable: true, configurable: true })
    } else {
      Object.defineProperty(out, key, { value: field, enumerable: true, writable: true, configurable: true })
    }
  }
  return { text: findings.length > 0 ? JSON.stringify(out) : text, findings }
}

function redactTransport(transport: TransportOptions, note: (path: string, scan: { findings: Finding[] }, where: string) => void): TransportOptions {
  switch (transport.kind) {
    case 'websocket':
    case 'websocketstream':
      return transport
    case 'socket.io': {
      const query = redactPairs(transport.query, 'query-parameter', isSecretParameterName)
      note('.transport.query', query, 'Socket.IO query')
      const auth = redactAuth(transport.auth)
      note('.transport.auth', auth, 'Socket.IO auth')
      return { ...transport, query: query.pairs, auth: auth.text }
    }
    case 'sse': {
      const headers = redactPairs(transport.headers, 'header', isSecretHeaderName)
      note('.transport.headers', headers, 'request headers')
      const query = redactPairs(transport.query, 'query-parameter', isSecretParameterName)
      note('.transport.query', query, 'query')
      const body = redactPayload(transport.body)
      note('.transport.body', body, 'request body')
      return { ...transport, headers: headers.pairs, query: query.pairs, body: body.text }
    }
  }
}

function redactEmit(emit: EmitDraft | undefined, path: string, where: string, note: (path: string, scan: { findings: Finding[] }, where: string) => void): { emit?: EmitDraft } {
  if (!emit) return {}
  const args = emit.args.map((arg, a) => {
    if (arg.type === 'binary') return arg
    const scan = redactPayload(arg.text)
    note(`${path}.emit.args[${a}].text`, scan, `${where} argument ${a + 1}`)
    return { ...arg, text: scan.text }
  })
  return { emit: { ...emit, args } }
}


export type RedactionResult = { workspace: FileWorkspace; redactions: Redaction[] }

/**
 * Finds every secret-looking value in a file workspace and, when `apply` is true, returns a copy
 * with each replaced by "<redacted>". With `apply` false the workspace comes back unchanged and
 * the list says what an import or an unredacted export carries.
 */
export function redactWorkspace(workspace: FileWorkspace, apply: boolean): RedactionResult {
  const redactions: Redaction[] = []
  const connections = workspace.connections.map((connection, index) => {
    const base = `connections[${index}]`
    const note = (path: string, scan: { findings: Finding[] }, where: string) => {
      for (const finding of scan.findings) {
        redactions.push({
          path: `${base}${path}`,
          connectionName: connection.name,
          kind: finding.kind,
          description: where === '' ? finding.description : `${where}: ${finding.description}`,
        })
      }
    }
    const name = redactText(connection.name)
    note('.name', name, 'name')
    const url = redactUrl(connection.url)
    note('.url', url, 'URL')
    const protocols = redactProtocols(connection.protocols)
    note('.protocols', protocols, '')
    const draft = redactPayload(connection.draft.text)
    note('.draft.text', draft, 'draft')
    const draftEmit = redactEmit(connection.draft.emit, '.draft', 'draft', note)
    const transport = connection.transport ? { transport: redactTransport(connection.transport, note) } : {}
    const savedMessages = connection.savedMessages.map((message, m) => {
      const messageName = redactText(message.name)
      note(`.savedMessages[${m}].name`, messageName, `saved message ${m + 1} name`)
      const text = redactPayload(message.text)
      note(`.savedMessages[${m}].text`, text, `saved message "${messageName.text}"`)
      return { ...message, name: messageName.text, text: text.text, ...redactEmit(message.emit, `.savedMessages[${m}]`, `saved message "${messageName.text}"`, note) }
    })
    const automation = redactConnectionAutomation(connection, note)
    const result: FileConnection = {
      id: connection.id,
      name: name.text,
      url: url.text,
      protocols: protocols.protocols,
      ...(connection.autoReconnect === true ? { autoReconnect: true } : {}),
      ...transport,
      draft: { ...connection.draft, text: draft.text, ...draftEmit },
      ...(connection.decoder === undefined ? {} : { decoder: connection.decoder }),
      // JSON paths name fields, never values: nothing to redact.
      ...(connection.pairing ? { pairing: connection.pairing } : {}),
      ...automation,
      savedMessages,
      // Schemas describe messages; they carry no values of the user's to redact.
      ...(connection.schemas && connection.schemas.length > 0 ? { schemas: connection.schemas } : {}),
    }
    if (connection.timeline) {
      result.timeline = connection.timeline.map((entry, f) => redactEntry(entry, (scan, field) => note(`.timeline[${f}].${field}`, scan, `timeline frame ${f + 1}`)))
    }
    return result
  })
  const workspaceName = redactText(workspace.name)
  for (const finding of workspaceName.findings) {
    redactions.push({ path: 'name', connectionName: '', kind: finding.kind, description: `workspace name: ${finding.description}` })
  }
  const workspaceLevel = redactWorkspaceAutomation(workspace, (path, scan, where) => {
    for (const finding of scan.findings) redactions.push({ path, connectionName: '', kind: finding.kind, description: where === '' ? finding.description : `${where}: ${finding.description}` })
  })
  if (!apply) return { workspace, redactions }
  return { workspace: { ...workspace, name: workspaceName.text, connections, ...workspaceLevel }, redactions }
}

type Note = (path: string, scan: { findings: Finding[] }, where: string) => void

/** Runner headers, auto-responder replies, the heartbeat and on-open texts: redacted like payloads and headers. */
function redactConnectionAutomation(connection: FileConnection, note: Note): Pick<FileConnection, 'headers' | 'autoResponders' | 'heartbeat' | 'onOpen'> {
  const out: Pick<FileConnection, 'headers' | 'autoResponders' | 'heartbeat' | 'onOpen'> = {}
  if (connection.headers) {
    const headers = redactPairs(connection.headers, 'header', isSecretHeaderName)
    note('.headers', headers, 'runner headers')
    out.headers = headers.pairs
  }
  if (connection.autoResponders) {
    out.autoResponders = connection.autoResponders.map((rule, r) => {
      const reply = redactPayload(rule.reply.text)
      note(`.autoResponders[${r}].reply.text`, reply, `auto-responder "${rule.name}"`)
      return { ...rule, reply: { ...rule.reply, text: reply.text } }
    })
  }
  if (connection.heartbeat) {
    const text = redactPayload(connection.heartbeat.text)
    note('.heartbeat.text', text, 'heartbeat')
    out.heartbeat = { ...connection.heartbeat, text: text.text }
  }
  if (connection.onOpen) {
    out.onOpen = connection.onOpen.map((step, s) => {
      if (!('text' in step)) return step
      const text = redactPayload(step.text)
      note(`.onOpen[${s}].text`, text, `on-open step ${s + 1}`)
      return { ...step, text: text.text }
    })
  }
  return out
}

/** A secret variable's value never leaves unless the user includes secrets; others lose JWTs only. */
function redactVariables(variables: readonly Variable[], path: string, where: string, note: Note): Variable[] {
  return variables.map((variable, i) => {
    if (variable.value === '' || variable.value === REDACTED) return { ...variable }
    if (variable.secret) {
      note(`${path}[${i}].value`, { findings: [{ kind: 'secret-variable', description: `secret variable "${variable.name}"` }] }, where)
      return { ...variable, value: REDACTED }
    }
    const scan = redactText(variable.value)
    note(`${path}[${i}].value`, scan, where)
    return { ...variable, value: scan.text }
  })
}

function redactWorkspaceAutomation(workspace: FileWorkspace, note: Note): Pick<FileWorkspace, 'variables' | 'environments' | 'scenarios'> {
  const out: Pick<FileWorkspace, 'variables' | 'environments' | 'scenarios'> = {}
  if (workspace.variables) out.variables = redactVariables(workspace.variables, 'variables', 'workspace variables', note)
  if (workspace.environments) {
    out.environments = workspace.environments.map((environment, e) => ({ ...environment, variables: redactVariables(environment.variables, `environments[${e}].variables`, `environment "${environment.name}"`, note) }))
  }
  if (workspace.scenarios) {
    out.scenarios = workspace.scenarios.map((scenario, s) => ({
      ...scenario,
      steps: scenario.steps.map((step, i) => {
        if (step.type !== 'send' || !('text' in step)) return step
        const text = redactPayload(step.text)
        note(`scenarios[${s}].steps[${i}].text`, text, `scenario "${scenario.name}" step ${i + 1}`)
        return { ...step, text: text.text }
      }),
    }))
  }
  return out
}

function redactEntry(entry: TimelineEntry, note: (scan: { findings: Finding[] }, field: string) => void): TimelineEntry {
  const redacted = redactEntryFields(entry, note)
  // The user's note on a frame is scanned like the frame's own text.
  if (redacted.note === undefined) return redacted
  const scan = redactText(redacted.note)
  note(scan, 'note')
  return { ...redacted, note: scan.text }
}

function redactEntryFields(entry: TimelineEntry, note: (scan: { findings: Finding[] }, field: string) => void): TimelineEntry {
  switch (entry.kind) {
    case 'message': {
      if (entry.payload === undefined) return entry
      const payload = redactPayload(entry.payload)
      note(payload, 'payload')
      return { ...entry, payload: payload.text }
    }
    case 'connecting': {
      const url = redactUrl(entry.url)
      note(url, 'url')
      const protocols = redactProtocols(entry.protocols)
      note(protocols, 'protocols')
      return { ...entry, url: url.text, protocols: protocols.protocols }
    }
    case 'open': {
      // The protocol the server chose is one of those offered, so it can be a token too.
      const protocol = redactProtocols([entry.protocol])
      note(protocol, 'protocol')
      return { ...entry, protocol: protocol.protocols[0] ?? entry.protocol }
    }
    case 'error': {
      const message = redactText(entry.message)
      note(message, 'message')
      return { ...entry, message: message.text }
    }
    case 'close': {
      const reason = redactText(entry.reason)
      note(reason, 'reason')
      return { ...entry, reason: reason.text }
    }
  }
}

/**
 * Whether any text in the workspace (names and timelines included) still holds a "<redacted>"
 * marker. A file re-exported after importing a redacted one has nothing left to replace, yet it is
 * still a redacted file: its `redacted` flag must say so, or a round trip would not be identical.
 */
export function holdsRedactedMarker(workspace: FileWorkspace): boolean {
  // Iterative: the schema bounds the depth, but a walk over plain data needs no recursion anyway.
  const stack: unknown[] = [workspace]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') {
      if (value.includes(REDACTED)) return true
    } else if (Array.isArray(value)) {
      stack.push(...value)
    } else if (typeof value === 'object' && value !== null) {
      stack.push(...Object.values(value))
    }
  }
  return false
}

/** Counts "<redacted>" markers, so an import preview can say which values must be filled in again. */
export function countRedactedMarkers(workspace: FileWorkspace): number {
  let count = 0
  const scan = (text: string) => {
    for (let at = text.indexOf(REDACTED); at >= 0; at = text.indexOf(REDACTED, at + REDACTED.length)) count += 1
  }
  for (const connection of workspace.connections) {
    scan(connection.url)
    connection.protocols.forEach(scan)
    scan(connection.draft.text)
    for (const message of connection.savedMessages) {
      scan(message.text)
      for (const arg of message.emit?.args ?? []) scan(arg.text)
    }
    for (const arg of connection.draft.emit?.args ?? []) scan(arg.text)
    const transport = connection.transport
    if (transport?.kind === 'socket.io') {
      scan(transport.auth)
      for (const pair of transport.query) scan(pair.value)
    } else if (transport?.kind === 'sse') {
      for (const pair of [...transport.headers, ...transport.query]) scan(pair.value)
      scan(transport.body)
    }
    for (const pair of connection.headers ?? []) scan(pair.value)
    for (const rule of connection.autoResponders ?? []) scan(rule.reply.text)
    if (connection.heartbeat) scan(connection.heartbeat.text)
    for (const step of connection.onOpen ?? []) if ('text' in step) scan(step.text)
  }
  for (const variable of [...(workspace.variables ?? []), ...(workspace.environments ?? []).flatMap((environment) => environment.variables)]) scan(variable.value)
  for (const scenario of workspace.scenarios ?? []) for (const step of scenario.steps) if (step.type === 'send' && 'text' in step) scan(step.text)
  return count
}
