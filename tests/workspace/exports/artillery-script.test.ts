import { describe, expect, it } from 'vitest'
import { exportArtilleryScript } from '../../../src/workspace/exports/artillery-script.ts'
import { automationWorkspace } from '../sample-workspaces.ts'

/*
 * Artillery's own rules for a WebSocket script (artilleryio/artillery, packages/types/schema/
 * engines/websocket.js): each flow item is exactly one of send (text or object), think (number or
 * text), connect, loop, log or function. Artillery itself is not installed in CI (its package pulls
 * in the AWS and Azure SDKs and a Playwright browser), so the script is checked against those rules.
 */
const FLOW_KEYS = new Set(['send', 'think', 'connect', 'loop', 'log', 'function'])

describe('export a scenario as an Artillery script', () => {
  it('turns sends, expectations, captures and waits into an Artillery ws flow, and lists what has no equivalent', () => {
    const result = exportArtilleryScript(automationWorkspace(), 'Login works')
    if (!result.ok) throw new Error(result.error)
    expect(result.fileName).toBe('Login-works.artillery.yml')
    const text = result.text
    // Secrets come from the environment, other variables are written in.
    expect(text).toContain('"{\\"type\\":\\"login\\",\\"token\\":\\"{{ $processEnvironment.token }}\\"}"')
    expect(text).toContain('target: "wss://staging.example/demo/echo"')
    expect(text).not.toContain('staging-secret')
    expect(result.skipped).toEqual([
      'step 7 (expect): an expectation not right after a send has no equivalent in Artillery\'s ws engine.',
      'step 8 (close): Artillery closes the socket when the scenario ends.',
      'step 9 (expectClose): Artillery closes the socket when the scenario ends.',
    ])
    expect(text).toContain('# Not exported: step 8 (close)')
    const flow = text.slice(text.indexOf('    flow:')).split('\n').filter((line) => /^ {6}- /.test(line))
    expect(flow.map((line) => line.trim().split(':')[0]?.replace('- ', ''))).toEqual(['send', 'send', 'think'])
    for (const line of flow) expect(FLOW_KEYS.has(line.trim().slice(2).split(':')[0] ?? '')).toBe(true)
    expect(text).toContain('match:\n            json: "$.type"\n            value: "login"')
    expect(text).toContain('capture:\n            json: "$.type"\n            as: "echoedType"')
    expect(text).toContain('payload: "{\\"type\\":\\"{{ echoedType }}-again\\"}"')
    expect(text).toContain('think: 0.01')
    expect(text).toContain('engine: "ws"')
  })

  it('refuses what Artillery cannot run and names the scenario', () => {
    expect(exportArtilleryScript(automationWorkspace(), 'Nope')).toEqual({ ok: false, error: 'No scenario named "Nope".' })
    const sse = automationWorkspace()
    const first = sse.connections[0]
    if (first) first.transport = { kind: 'sse', method: 'GET', headers: [], query: [], body: '', reconnect: true }
    expect(exportArtilleryScript(sse, 's_login')).toMatchObject({ ok: false, error: expect.stringContaining('Only WebSocket scenarios') })
  })
})
