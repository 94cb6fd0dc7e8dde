import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/workspace/limits.ts'
import type { Workspace } from '../../src/workspace/model.ts'
import { validatePreferences, validateWorkspace } from '../../src/workspace/workspace-schema.ts'

function sampleWorkspace(): Workspace {
  return {
    id: 'w_1',
    name: 'Team',
    connections: [
      {
        id: 'c_1',
        name: 'Echo',
        url: 'ws://localhost:5173/demo/echo',
        protocols: ['chat.v1'],
        draft: { text: '{"a":1}', mode: 'json' },
        savedMessages: [{ id: 'm_1', name: 'Ping', text: 'ping', mode: 'text' }],
        history: [{ text: 'ping', mode: 'text', at: 1_700_000_000_000 }],
      },
      {
        id: 'c_2',
        name: 'Half typed',
        url: 'localhost:80',
        protocols: [],
        draft: { text: '', mode: 'binary' },
        savedMessages: [],
        history: [],
      },
    ],
  }
}

function errorsOf(value: unknown): string[] {
  const result = validateWorkspace(value)
  if (result.ok) throw new Error('expected the value to be rejected')
  return result.errors
}

describe('validateWorkspace', () => {
  it('accepts a valid workspace and returns a fresh copy with unknown keys dropped', () => {
    const input = { ...sampleWorkspace(), extra: 'dropped' }
    const result = validateWorkspace(input)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toEqual(sampleWorkspace())
    expect(result.value).not.toBe(input)
    expect(result.value.connections[0]).not.toBe(input.connections[0])
    expect('extra' in result.value).toBe(false)
  })

  it('keeps a half-typed URL: stored work is never refused for an unfinished field', () => {
    expect(validateWorkspace(sampleWorkspace()).ok).toBe(true)
  })

  it('keeps autoReconnect when present and accepts workspaces stored before it existed', () => {
    const stored = sampleWorkspace()
    stored.connections[0] = { ...stored.connections[0]!, autoReconnect: true }
    const result = validateWorkspace(stored)
    expect(result.ok && result.value.connections.map((c) => c.autoReconnect)).toEqual([true, undefined])
    expect(result.ok && 'autoReconnect' in result.value.connections[1]!).toBe(false)

    const bad = sampleWorkspace() as unknown as { connections: Record<string, unknown>[] }
    bad.connections[1]!.autoReconnect = 1
    expect(errorsOf(bad)).toEqual(['connections[1].autoReconnect: must be true or false'])
  })

  it('names the path of a wrong type', () => {
    const bad = sampleWorkspace() as unknown as { connections: { url: unknown }[] }
    ;(bad.connections[1] as { url: unknown }).url = 42
    expect(errorsOf(bad)).toEqual(['connections[1].url: must be text'])
  })

  it('says which required field is missing', () => {
    const bad = sampleWorkspace() as unknown as { connections: Record<string, unknown>[] }
    delete bad.connections[0]?.draft
    expect(errorsOf(bad)).toEqual(['connections[0].draft: is missing'])
  })

  it('names a bad mode deep inside a saved message', () => {
    const bad = structuredClone(sampleWorkspace()) as unknown as { connections: { savedMessages: { mode: string }[] }[] }
    ;(bad.connections[0]?.savedMessages[0] as { mode: string }).mode = 'xml'
    expect(errorsOf(bad)).toEqual(['connections[0].savedMessages[0].mode: must be "json", "text" or "binary"'])
  })

  it('enforces the name cap', () => {
    const bad = { ...sampleWorkspace(), name: 'x'.repeat(LIMITS.nameChars + 1) }
    expect(errorsOf(bad)).toEqual([`name: must be at most ${LIMITS.nameChars} characters`])
  })

  it('rejects duplicate connection and message ids, naming both places', () => {
    const bad = sampleWorkspace()
    const second = bad.connections[1]
    if (!second) throw new Error('fixture')
    second.id = 'c_1'
    second.savedMessages = [{ id: 'm_1', name: 'Again', text: '', mode: 'json' }]
    expect(errorsOf(bad)).toEqual([
      'connections[1].id: duplicate connection id "c_1" (also used by connections[0])',
      'connections[1].savedMessages[0].id: duplicate saved message id "m_1" (also used by connections[0].savedMessages[0])',
    ])
  })

  it.each(['__proto__', 'constructor', 'prototype'])('rejects the unsafe key %s at any depth without polluting', (key) => {
    const top = JSON.parse(`{"${key}":{"polluted":true},"id":"w","name":"n","connections":[]}`)
    expect(errorsOf(top)).toEqual([`${key}: unsafe key "${key}" is not allowed`])
    const deep = JSON.parse(JSON.stringify(sampleWorkspace()).replace('"mode":"text"', `"mode":"text","${key}":{"polluted":true}`))
    expect(errorsOf(deep)).toEqual([`connections[0].savedMessages[0].${key}: unsafe key "${key}" is not allowed`])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses hostile nesting without a stack overflow', () => {
    const deep = JSON.parse(`{"id":"w","name":"n","connections":[],"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
    expect(errorsOf(deep)[0]).toMatch(/^x(\[0\])+: nested more than 32 levels deep$/)
  })

  it('rejects non-objects', () => {
    expect(errorsOf(null)).toEqual(['must be an object'])
    expect(errorsOf([])).toEqual(['must be an object'])
  })
})

describe('validatePreferences', () => {
  it('accepts positive integers and refuses nonsense with the field path', () => {
    expect(validatePreferences({ connectTimeoutMs: 10_000, maxFramesPerConnection: 5, maxBytesPerConnection: 1024 }).ok).toBe(true)
    // The Options field offers 0 ("no timeout of our own"): storage must read back what the UI saved.
    expect(validatePreferences({ connectTimeoutMs: 0, maxFramesPerConnection: 5, maxBytesPerConnection: 1024 }).ok).toBe(true)
    expect(validatePreferences({ connectTimeoutMs: 10_000, maxFramesPerConnection: 0, maxBytesPerConnection: 1024 })).toEqual({
      ok: false,
      errors: ['maxFramesPerConnection: must be at least 1'],
    })
    const result = validatePreferences({ connectTimeoutMs: -1, maxFramesPerConnection: 1.5, maxBytesPerConnection: '1' })
    expect(result).toEqual({
      ok: false,
      errors: ['connectTimeoutMs: must be at least 0', 'maxFramesPerConnection: must be a whole number', 'maxBytesPerConnection: must be a number'],
    })
  })
})
