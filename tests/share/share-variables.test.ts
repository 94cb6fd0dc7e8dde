// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createShareLink, readShareData, SHARE_FRAGMENT_PREFIX } from '../../src/share/share-link.ts'
import { variablesUsedBy } from '../../src/store/template-expansion.ts'
import { addEnvironment, addVariable, setActiveEnvironment } from '../../src/store/variable-actions.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'

const PAGE = 'https://example.test/frameline/'

async function open(url: string) {
  const read = await readShareData(url.slice(url.indexOf(SHARE_FRAGMENT_PREFIX) + SHARE_FRAGMENT_PREFIX.length))
  if (!read.ok) throw new Error(read.message)
  return read.value.workspace
}

describe('share links with variables', () => {
  it('carries the variables the shared parts use, with the values in effect; secret ones only with secrets', async () => {
    addVariable(null, 'base', 'wss://api.example.test')
    addVariable(null, 'token', 'hunter2', true)
    addVariable(null, 'unused', 'x')
    addVariable(null, 'room', 'lobby')
    const env = addEnvironment('Staging')
    if (!env.ok) throw new Error(env.error)
    addVariable(env.environment.id, 'base', 'wss://staging.example.test')
    setActiveEnvironment(env.environment.id)
    const connection = addConnection({
      name: 'Templated',
      url: '{{base}}/socket',
      protocols: ['bearer.{{token}}'],
      draft: { text: '{"room":"{{room}}"}', mode: 'json' },
    })

    // The draft is not shared, so {{room}} is not carried; {{unused}} never is.
    const used = variablesUsedBy(connection, { includeDraft: false, savedMessageIds: [] })
    expect(used).toEqual([
      { name: 'base', value: 'wss://staging.example.test' },
      { name: 'token', value: 'hunter2', secret: true },
    ])
    expect(variablesUsedBy(connection, { includeDraft: true, savedMessageIds: [] }).map((v) => v.name)).toEqual(['base', 'token', 'room'])

    const redacted = await createShareLink(connection, PAGE, { savedMessageIds: [], includeDraft: false, includeSecrets: false, variables: used })
    const received = await open(redacted.url)
    expect(received.variables).toEqual([
      { name: 'base', value: 'wss://staging.example.test' },
      { name: 'token', value: '<redacted>', secret: true },
    ])
    // The template itself is kept, never redacted.
    expect(received.connections[0]?.url).toBe('{{base}}/socket')
    expect(redacted.redactions.length).toBeGreaterThan(0)

    const withSecrets = await createShareLink(connection, PAGE, { savedMessageIds: [], includeDraft: false, includeSecrets: true, variables: used })
    expect((await open(withSecrets.url)).variables).toContainEqual({ name: 'token', value: 'hunter2', secret: true })

    const without = await createShareLink(connection, PAGE, { savedMessageIds: [], includeDraft: false, includeSecrets: false })
    expect((await open(without.url)).variables).toBeUndefined()
  })
})
