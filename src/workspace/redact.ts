import {
  REDACTED,
  redactPayload,
  redactProtocols,
  redactText,
  redactUrl,
  type Finding,
  type Redaction,
} from '../engine/redact-text.ts'
import type { FileConnection, FileWorkspace, TimelineEntry } from './file-schema.ts'

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
    const savedMessages = connection.savedMessages.map((message, m) => {
      const messageName = redactText(message.name)
      note(`.savedMessages[${m}].name`, messageName, `saved message ${m + 1} name`)
      const text = redactPayload(message.text)
      note(`.savedMessages[${m}].text`, text, `saved message "${messageName.text}"`)
      return { ...message, name: messageName.text, text: text.text }
    })
    const result: FileConnection = {
      id: connection.id,
      name: name.text,
      url: url.text,
      protocols: protocols.protocols,
      ...(connection.autoReconnect === true ? { autoReconnect: true } : {}),
      ...(connection.decoder === undefined ? {} : { decoder: connection.decoder }),
      draft: { ...connection.draft, text: draft.text },
      savedMessages,
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
  if (!apply) return { workspace, redactions }
  return { workspace: { name: workspaceName.text, connections }, redactions }
}

function redactEntry(entry: TimelineEntry, note: (scan: { findings: Finding[] }, field: string) => void): TimelineEntry {
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
      const protocol = redactText(entry.protocol)
      note(protocol, 'protocol')
      return { ...entry, protocol: protocol.text }
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
    for (const message of connection.savedMessages) scan(message.text)
  }
  return count
}
