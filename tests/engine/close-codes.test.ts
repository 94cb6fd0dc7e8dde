import { describe, expect, it } from 'vitest'
import { describeCloseCode, MAX_CLOSE_REASON_BYTES, validateCloseRequest } from '../../src/engine/transports/websocket/close-codes.ts'

describe('describeCloseCode', () => {
  it.each([
    [1000, /^Normal closure$/],
    [1001, /^Going away/],
    [1002, /^Protocol error/],
    [1003, /^Unsupported data/],
    [1005, /^No status code/],
    [1007, /not valid UTF-8/],
    [1008, /^Policy violation/],
    [1009, /^Message too big/],
    [1010, /extension/],
    [1011, /^Internal server error/],
    [1012, /^Service restart/],
    [1013, /^Try again later/],
    [1014, /^Bad gateway/],
    [1015, /^TLS handshake failure/],
  ])('names registered code %i', (code, meaning) => {
    expect(describeCloseCode(code)).toMatch(meaning)
  })

  it('explains 1006 honestly: the browser hides the cause, and the usual causes are listed', () => {
    const meaning = describeCloseCode(1006)
    expect(meaning).toMatch(/^Closed without a close frame — the server may be unreachable or refused the handshake/)
    for (const cause of ['nothing listening', 'not a WebSocket', 'handshake rejected', 'TLS', 'subprotocol']) {
      expect(meaning).toContain(cause)
    }
  })

  it.each([
    [1004, 'Reserved by the WebSocket protocol'],
    [1016, 'Reserved by the WebSocket protocol'],
    [2999, 'Reserved by the WebSocket protocol'],
    [3000, 'Registered for libraries, frameworks and applications (IANA)'],
    [3999, 'Registered for libraries, frameworks and applications (IANA)'],
    [4000, 'Application-defined (private use)'],
    [4999, 'Application-defined (private use)'],
    [999, 'Not a valid close code'],
    [5000, 'Not a valid close code'],
    [0, 'Not a valid close code'],
  ])('classifies %i by range', (code, meaning) => {
    expect(describeCloseCode(code)).toBe(meaning)
  })
})

describe('validateCloseRequest', () => {
  it.each([1000, 3000, 3500, 4000, 4999])('accepts code %i', (code) => {
    expect(validateCloseRequest(code, 'ok', 2)).toEqual({ ok: true, value: { code, reason: 'ok' } })
  })

  it.each([0, 999, 1001, 1005, 1006, 1015, 2999, 5000, 4000.5, Number.NaN])('refuses code %d', (code) => {
    const result = validateCloseRequest(code, '', 0)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toBe(`Close code must be 1000 or between 3000 and 4999 (got ${String(code)}).`)
  })

  it('allows a reason of exactly 123 bytes and refuses 124', () => {
    expect(MAX_CLOSE_REASON_BYTES).toBe(123)
    expect(validateCloseRequest(1000, 'x', 123).ok).toBe(true)
    expect(validateCloseRequest(1000, 'x', 124)).toEqual({
      ok: false,
      error: 'Close reason is 124 bytes in UTF-8; the limit is 123.',
    })
  })
})
