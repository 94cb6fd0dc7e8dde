import { describe, expect, it } from 'vitest'
import { configOf } from '../../src/store/runtime-binding.ts'
import { chooseSchema, removeSchema, useSchemaChoiceStore } from '../../src/store/schema-actions.ts'
import { attachSchema, readSchemaText } from '../../src/store/schema-attach.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { validateWorkspace } from '../../src/workspace/workspace-schema.ts'

describe('message schemas attached by hand', () => {
  it('attaches, replaces by name and removes; the last removal drops the key', () => {
    const { id } = addConnection({ name: 'Schemas', url: 'ws://127.0.0.1:9/x' })
    expect(attachSchema(id, ' ping ', '{"type":"object","required":["type"]}')).toEqual({ ok: true })
    expect(attachSchema(id, 'pong', 'true')).toEqual({ ok: true })
    expect(attachSchema(id, 'ping', '{"type":"object"}')).toEqual({ ok: true, note: 'Replaced the schema “ping”.' })
    expect(getConnection(id)?.schemas).toEqual([
      { name: 'ping', schema: { type: 'object' } },
      { name: 'pong', schema: true },
    ])
    // The runtime gets them with the connection's settings; the stored workspace stays valid.
    expect(configOf(getConnection(id)!, useWorkspaceStore.getState().preferences).schemas).toEqual(getConnection(id)?.schemas)
    const state = useWorkspaceStore.getState()
    expect(validateWorkspace(state.workspaces.find((w) => w.id === state.currentWorkspaceId)).ok).toBe(true)

    chooseSchema(id, 'pong')
    removeSchema(id, 'pong')
    expect(useSchemaChoiceStore.getState().byConnection.has(id)).toBe(false)
    removeSchema(id, 'ping')
    expect(getConnection(id)).not.toHaveProperty('schemas')
    expect(configOf(getConnection(id)!, useWorkspaceStore.getState().preferences)).not.toHaveProperty('schemas')
  })

  it('refuses what is not a self-contained JSON Schema, and says why', () => {
    const { id } = addConnection({ name: 'Refusals', url: 'ws://127.0.0.1:9/x' })
    expect(attachSchema(id, '', '{}')).toEqual({ ok: false, error: 'Give the schema a name (the message it describes).' })
    expect(attachSchema(id, 'x', '{"type":')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not JSON: /) })
    expect(attachSchema(id, 'x', '[1]')).toEqual({ ok: false, error: 'Not a schema Frameline can keep: it must be a JSON Schema (an object, true or false).' })
    expect(attachSchema(id, 'x', '{"properties":{"a":{"$ref":"https://example.com/a.json"}}}')).toMatchObject({ ok: false, error: expect.stringContaining('refers to another file or URL') })
    expect(readSchemaText('{"definitions":{"A":{}},"$ref":"#/definitions/A"}')).toMatchObject({ ok: true })
    expect(getConnection(id)).not.toHaveProperty('schemas')
  })
})
