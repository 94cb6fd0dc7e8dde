import type { Workspace } from '../../workspace/model.ts'

/**
 * Stand-in for `validateWorkspace` from src/workspace/workspace-schema.ts (being written in
 * parallel), with the same signature. Delete once that module lands.
 */
export function validateWorkspace(value: unknown): { ok: true; value: Workspace } | { ok: false; errors: string[] } {
  const errors: string[] = []
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  if (!isObject(value)) return { ok: false, errors: ['workspace: must be an object'] }
  if (typeof value.id !== 'string') errors.push('id: must be a string')
  if (typeof value.name !== 'string') errors.push('name: must be a string')
  if (!Array.isArray(value.connections)) errors.push('connections: must be an array')
  else
    value.connections.forEach((c: unknown, i) => {
      if (!isObject(c) || typeof c.id !== 'string' || typeof c.url !== 'string' || typeof c.name !== 'string')
        errors.push(`connections[${i}]: must have string id, name and url`)
      else if (!Array.isArray(c.protocols) || !isObject(c.draft) || !Array.isArray(c.savedMessages) || !Array.isArray(c.history))
        errors.push(`connections[${i}]: must have protocols, draft, savedMessages and history`)
    })
  return errors.length ? { ok: false, errors } : { ok: true, value: value as Workspace }
}
