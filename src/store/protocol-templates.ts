import { PROTOCOL_TEMPLATES, type ProtocolTemplate } from '../engine/codecs/templates.ts'
import type { ConnectionId } from '../workspace/model.ts'
import { loadIntoComposer } from './composer-store.ts'

export type { ProtocolTemplate }
export { PROTOCOL_TEMPLATES }

// Fresh per page and increasing: a template's request id never repeats one sent from this page.
let lastId = 0

/** Puts a protocol template into the composer (undoable there), with a fresh id where it has one. */
export function loadTemplate(connectionId: ConnectionId, templateId: string): boolean {
  const template = PROTOCOL_TEMPLATES.find((t) => t.id === templateId)
  if (!template) return false
  const text = template.build(() => {
    lastId += 1
    return lastId
  })
  return loadIntoComposer(connectionId, { text, mode: template.mode }).ok
}
