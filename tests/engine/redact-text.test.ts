import { describe, expect, it } from 'vitest'
import { REDACTED, redactProtocols } from '../../src/engine/redact-text.ts'
import { redactProtocols as workspaceRedactProtocols } from '../../src/workspace/redact.ts'

describe('subprotocol redaction in the engine (used by timeline exports in the Worker)', () => {
  it('redacts everything after a credential marker, whatever the token looks like', () => {
    expect(redactProtocols(['bearer.x', 'chat.v1', 'Bearer.tok~en!#$', 'base64url.bearer.authorization.k8s.io.abc']).protocols).toEqual([
      `bearer.${REDACTED}`,
      'chat.v1',
      `Bearer.${REDACTED}`,
      `base64url.bearer.authorization.k8s.io.${REDACTED}`,
    ])
  })

  it('is the same rule workspace files use', () => {
    const list = ['access_token', 'abc', 'bearer.y', 'graphql-ws']
    expect(workspaceRedactProtocols(list)).toEqual(redactProtocols(list))
  })
})
