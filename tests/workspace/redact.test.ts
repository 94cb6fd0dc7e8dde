import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  isSecretParameterName,
  REDACTED,
  redactPayload,
  redactProtocols,
  redactUrl,
} from '../../src/workspace/redact.ts'
import { parseWorkspaceFile, prepareWorkspaceExport, type WorkspaceContent } from '../../src/workspace/workspace-file.ts'
import { connection, sampleFrames } from './sample-workspaces.ts'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'

describe('redactUrl', () => {
  it.each([
    'token', 'access_token', 'key', 'api_key', 'apiKey', 'X-API-KEY', 'auth', 'auth_token', 'password', 'pass', 'pwd',
    'secret', 'client_secret', 'jwt', 'sig', 'X-Amz-Signature', 'session', 'sessionId', 'credential', 'accesstoken', 'TOKEN',
  ])('redacts the query parameter %s', (name) => {
    const { text, findings } = redactUrl(`wss://h.test/s?room=7&${name}=s3cr3t-value&x=1`)
    expect(text).toBe(`wss://h.test/s?room=7&${name}=${REDACTED}&x=1`)
    expect(findings).toEqual([{ kind: 'query-parameter', description: `query parameter "${name}"` }])
  })

  it.each(['author', 'monkey', 'keyboard', 'passenger', 'design', 'room', 'q'])('keeps the innocent parameter %s', (name) => {
    const url = `ws://h/?${name}=value1`
    expect(redactUrl(url)).toEqual({ text: url, findings: [] })
  })

  it('redacts userinfo, percent-encoded names and JWTs in the path, and leaves the rest byte-for-byte', () => {
    expect(redactUrl('ws://alice:hunter2@h.test:81/a%20b?api%5Fkey=zz#frag').text).toBe(`ws://${REDACTED}@h.test:81/a%20b?api%5Fkey=${REDACTED}#frag`)
    expect(redactUrl(`wss://h/${JWT}/feed`).text).toBe(`wss://h/${REDACTED}/feed`)
    expect(redactUrl(`wss://h/?t=${JWT}`).text).toBe(`wss://h/?t=${REDACTED}`)
  })

  it('handles a half-typed URL without a scheme', () => {
    expect(redactUrl('localhost:8080/?token=abc').text).toBe(`localhost:8080/?token=${REDACTED}`)
  })

  it('does not count an empty or already redacted value', () => {
    expect(redactUrl(`ws://h/?token=&key=${REDACTED}`).findings).toEqual([])
  })

  it('matches names by word', () => {
    expect(isSecretParameterName('refreshToken')).toBe(true)
    expect(isSecretParameterName('tokenizer')).toBe(false)
  })
})

describe('redactProtocols', () => {
  it('redacts the entry after a credential marker, JWTs, and random segments after a marker', () => {
    const result = redactProtocols([
      'graphql-transport-ws',
      'access_token',
      'abc',
      `bearer.${JWT}`,
      'base64url.bearer.authorization.k8s.io.ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNklu',
      'mqttv3.1',
    ])
    expect(result.protocols).toEqual([
      'graphql-transport-ws',
      'access_token',
      REDACTED,
      `bearer.${REDACTED}`,
      `base64url.bearer.authorization.k8s.io.${REDACTED}`,
      'mqttv3.1',
    ])
    expect(result.findings.map((f) => f.description)).toEqual([
      'subprotocol 3 (after "access_token")',
      'JWT in subprotocol 4',
      'token in subprotocol 5',
    ])
  })
})

describe('redactProtocols: tokens inside an entry', () => {
  it.each([
    ['bearer.abc', `bearer.${REDACTED}`],
    ['bearer.x', `bearer.${REDACTED}`],
    ['Bearer.tok~en!#$', `Bearer.${REDACTED}`],
    ['bearer.part.two', `bearer.${REDACTED}`],
    ['access_token.abcdefghijklmnop', `access_token.${REDACTED}`],
    ['base64url.bearer.authorization.k8s.io.abc', `base64url.bearer.authorization.k8s.io.${REDACTED}`],
    ['base64url.bearer.authorization.k8s.io.YWJj', `base64url.bearer.authorization.k8s.io.${REDACTED}`],
  ])('redacts the token of %s whatever its length or alphabet', (entry, expected) => {
    const result = redactProtocols(['chat', entry])
    expect(result.protocols).toEqual(['chat', expected])
    expect(result.findings.map((f) => f.description)).toEqual(['token in subprotocol 2'])
  })

  it.each(['graphql-transport-ws', 'mqttv3.1', 'v12.stomp', 'bearer', 'chat.bearer', 'base64.binary.k8s.io'])('keeps %s', (entry) => {
    expect(redactProtocols([entry])).toEqual({ protocols: [entry], findings: [] })
  })

  it('redacts a token the server echoed as the negotiated protocol in a timeline', () => {
    const prepared = prepareWorkspaceExport(
      { name: 'T', connections: [connection({ id: 'c1', name: 'C', url: 'ws://h/', protocols: [], draft: { text: '', mode: 'text' }, savedMessages: [] })] },
      { timelines: () => [{ id: 1, at: 1, kind: 'open', protocol: 'bearer.abc', extensions: '' }] },
    )
    expect(prepared.text).not.toContain('bearer.abc')
    expect(prepared.redactions.map((r) => r.path)).toEqual(['connections[0].timeline[0].protocol'])
  })

  it('does not count an already redacted token again', () => {
    expect(redactProtocols([`bearer.${REDACTED}`]).findings).toEqual([])
  })
})

describe('redactPayload', () => {
  it('redacts secret-named string fields and JWTs, keeping the formatting', () => {
    const text = '{\n  "type": "auth",\n  "password" : "hunter2",\n  "authToken": "t0k",\n  "apiKey":"k",\n  "note": "' + JWT + '"\n}'
    expect(redactPayload(text).text).toBe(
      `{\n  "type": "auth",\n  "password" : "${REDACTED}",\n  "authToken": "${REDACTED}",\n  "apiKey":"${REDACTED}",\n  "note": "${REDACTED}"\n}`,
    )
  })

  it('keeps common innocent fields such as key and session', () => {
    const text = '{"key":"ArrowUp","session":"morning","author":"me"}'
    expect(redactPayload(text)).toEqual({ text, findings: [] })
  })
})

const secretArb = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `S3c${s}`)

describe('export redaction', () => {
  function secretWorkspace(secrets: string[]): WorkspaceContent {
    const [a = 'a', b = 'b', c = 'c', d = 'd', e = 'e', f = 'f'] = secrets
    return {
      name: 'Secrets',
      connections: [
        connection({
          id: 'c1',
          name: 'Prod',
          url: `wss://${a}:${b}@api.test/socket?token=${c}&api_key=${d}&room=lobby`,
          protocols: ['access_token', e],
          draft: { text: `{"type":"auth","password":"${f}"}`, mode: 'json' },
          savedMessages: [{ id: 'm1', name: 'Login', text: `{"jwt":"${JWT}"}`, mode: 'json' }],
        }),
      ],
    }
  }

  it('lets no generated secret survive a default export; opting in keeps them all', () => {
    fc.assert(
      fc.property(fc.uniqueArray(secretArb, { minLength: 6, maxLength: 6 }), (secrets) => {
        const workspace = secretWorkspace(secrets)
        const redacted = prepareWorkspaceExport(workspace)
        for (const secret of [...secrets, JWT]) expect(redacted.text).not.toContain(secret)
        // The preview list names places, never values.
        for (const secret of [...secrets, JWT]) expect(JSON.stringify(redacted.redactions)).not.toContain(secret)
        expect(JSON.parse(redacted.text).redacted).toBe(true)

        const kept = prepareWorkspaceExport(workspace, { redact: false })
        for (const secret of [...secrets, JWT]) expect(kept.text).toContain(secret)
        expect(JSON.parse(kept.text).redacted).toBe(false)
        expect(kept.redactions).toEqual(redacted.redactions)
      }),
      { numRuns: 40 },
    )
  })

  it('lists every redaction for the preview, by connection and place', () => {
    const { redactions } = prepareWorkspaceExport(secretWorkspace([]))
    expect(redactions.map((r) => `${r.connectionName} | ${r.path} | ${r.description}`)).toEqual([
      'Prod | connections[0].url | URL: user name and password in the URL',
      'Prod | connections[0].url | URL: query parameter "token"',
      'Prod | connections[0].url | URL: query parameter "api_key"',
      'Prod | connections[0].protocols | subprotocol 2 (after "access_token")',
      'Prod | connections[0].draft.text | draft: field "password"',
      'Prod | connections[0].savedMessages[0].text | saved message "Login": field "jwt"',
    ])
  })

  it('redacts timelines too, and a redacted file imports with its markers counted', () => {
    const workspace = secretWorkspace([])
    const frames = [...sampleFrames(), { id: 9, at: 2, kind: 'message' as const, direction: 'in' as const, payload: `{"token":"zzz","t":"${JWT}"}`, size: 10 }]
    const prepared = prepareWorkspaceExport(workspace, { timelines: () => frames })
    expect(prepared.text).not.toContain('zzz')
    expect(prepared.text).not.toContain(JWT)
    const result = parseWorkspaceFile(prepared.text)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.redactedMarkers).toBe(6)
    expect(result.value.secrets).toEqual([])
  })

  it('re-exports an imported redacted file identically, still marked redacted', () => {
    const exportedAt = new Date('2026-01-02T03:04:05.000Z')
    const first = prepareWorkspaceExport(secretWorkspace([]), { exportedAt })
    expect(JSON.parse(first.text).redacted).toBe(true)
    const imported = parseWorkspaceFile(first.text)
    if (!imported.ok) throw new Error(imported.message)
    // Nothing is left to replace, but the file still holds the placeholders: it is a redacted file.
    for (const redact of [true, false]) {
      const again = prepareWorkspaceExport(imported.value.workspace, { exportedAt, redact })
      expect(again.redactions).toEqual([])
      expect(again.text).toBe(first.text)
    }
  })

  it('marks a file redacted when a placeholder sits only in a name or a timeline', () => {
    const workspace: WorkspaceContent = { name: `Team ${REDACTED}`, connections: [] }
    expect(JSON.parse(prepareWorkspaceExport(workspace).text).redacted).toBe(true)
    const timeline = prepareWorkspaceExport(
      { name: 'T', connections: [connection({ id: 'c1', name: 'C', url: 'ws://h/', protocols: [], draft: { text: '', mode: 'text' }, savedMessages: [] })] },
      { timelines: () => [{ id: 1, at: 1, kind: 'message', direction: 'in', payload: `{"token":"${REDACTED}"}`, size: 20 }] },
    )
    expect(JSON.parse(timeline.text).redacted).toBe(true)
    expect(JSON.parse(prepareWorkspaceExport({ name: 'redacted', connections: [] }).text).redacted).toBe(false)
  })

  it('flags secrets carried in clear text by an imported file', () => {
    const result = parseWorkspaceFile(prepareWorkspaceExport(secretWorkspace([]), { redact: false }).text)
    expect(result.ok && result.value.secrets.length).toBe(6)
  })
})
