import { describe, expect, it } from 'vitest'
import { expandTemplate, hasPlaceholders, referencedVariables, type TemplateScope } from '../../../src/engine/template/template.ts'
import { findEnvironment, maskSecrets, resolveVariables, secretValues } from '../../../src/engine/template/variables.ts'

function scope(variables: Record<string, string> = {}): TemplateScope & { counter: number } {
  const state = {
    counter: 0,
    variables: new Map(Object.entries(variables)),
    now: () => 1_700_000_000_123,
    uuid: () => '00000000-0000-4000-8000-000000000000',
    random: () => 0.5,
    nextCounter: () => {
      state.counter += 1
      return state.counter
    },
  }
  return state
}

describe('expandTemplate', () => {
  it('replaces variables, with or without spaces inside the braces', () => {
    const result = expandTemplate('{"user":"{{user}}","room":"{{ room }}"}', scope({ user: 'ada', room: 'lobby' }))
    expect(result).toEqual({ ok: true, text: '{"user":"ada","room":"lobby"}', used: ['user', 'room'] })
  })

  it('evaluates every built-in', () => {
    const s = scope()
    const result = expandTemplate('{{$uuid}} {{$timestamp}} {{$isoTimestamp}} {{$randomInt 1 10}} {{$counter}} {{$counter}}', s)
    expect(result.ok && result.text).toBe('00000000-0000-4000-8000-000000000000 1700000000123 2023-11-14T22:13:20.123Z 6 1 2')
  })

  it('stops on an unknown variable, names it, and consumes no counter', () => {
    const s = scope({ known: 'x' })
    const result = expandTemplate('{{$counter}} {{known}} {{token}} {{other}} {{token}}', s)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.missing).toEqual(['token', 'other'])
    expect(result.error).toContain('{{token}}')
    expect(result.error).toContain('{{other}}')
    expect(s.counter).toBe(0)
  })

  it('explains a bad built-in', () => {
    expect(expandTemplate('{{$randomInt 5}}', scope())).toMatchObject({ ok: false, error: expect.stringContaining('two whole numbers') })
    expect(expandTemplate('{{$randomInt 9 2}}', scope())).toMatchObject({ ok: false, error: expect.stringContaining('greater') })
    expect(expandTemplate('{{$nope}}', scope())).toMatchObject({ ok: false, error: expect.stringContaining('Unknown built-in {{$nope}}') })
  })

  it('leaves text that is not a placeholder alone', () => {
    const text = '{"a":"{{ not a name }}","b":"{{","c":"}}","d":"{{}}"}'
    expect(expandTemplate(text, scope())).toEqual({ ok: true, text, used: [] })
    expect(hasPlaceholders(text)).toBe(false)
    expect(hasPlaceholders('ws://{{host}}/x')).toBe(true)
  })

  it('lists the variables a template uses', () => {
    expect(referencedVariables('{{a}}{{$uuid}}{{b.c}}{{a}}')).toEqual(['a', 'b.c'])
  })
})

describe('variables', () => {
  const sources = {
    variables: [
      { name: 'host', value: 'localhost' },
      { name: 'token', value: 'workspace-token', secret: true },
    ],
    environments: [
      { id: 'e1', name: 'staging', variables: [{ name: 'host', value: 'staging.example' }, { name: 'token', value: 'staging-secret-token', secret: true }] },
    ],
  }

  it('the active environment wins over the workspace, overrides over both', () => {
    expect(resolveVariables(sources).get('host')).toBe('localhost')
    expect(resolveVariables({ ...sources, activeEnvironmentId: 'e1' }).get('host')).toBe('staging.example')
    expect(resolveVariables({ ...sources, activeEnvironmentId: 'e1', overrides: new Map([['host', 'cli']]) }).get('host')).toBe('cli')
  })

  it('masks the secrets in effect', () => {
    const secrets = secretValues({ ...sources, activeEnvironmentId: 'e1' })
    expect(secrets).toEqual(['staging-secret-token'])
    expect(maskSecrets('Bearer staging-secret-token!', secrets)).toBe('Bearer ••••••!')
  })

  it('finds an environment by id or name', () => {
    expect(findEnvironment(sources.environments, 'staging')?.id).toBe('e1')
    expect(findEnvironment(sources.environments, 'e1')?.name).toBe('staging')
    expect(findEnvironment(sources.environments, 'prod')).toBeUndefined()
  })
})
