/**
 * Close codes and what they mean, from RFC 6455 section 7.4 and the IANA "WebSocket Close Code
 * Number Registry". The 1006 text is deliberately honest: browsers must not reveal why a
 * connection failed (WHATWG WebSockets, "fail the WebSocket connection"), so we list causes.
 */

const KNOWN_CODES: Readonly<Record<number, string>> = {
  1000: 'Normal closure',
  1001: 'Going away — the server is shutting down or the page navigated away',
  1002: 'Protocol error',
  1003: 'Unsupported data — e.g. binary sent to an endpoint that only accepts text',
  1005: 'No status code — the close frame carried no code',
  1006:
    'Closed without a close frame — the server may be unreachable or refused the handshake. ' +
    'The browser hides the cause; usual ones: nothing listening on that port, not a WebSocket ' +
    'endpoint, handshake rejected (e.g. HTTP 401/403/404), TLS certificate not trusted, or no ' +
    'offered subprotocol accepted. Check the server log or DevTools → Network.',
  1007: 'Invalid payload data — e.g. a text message that is not valid UTF-8',
  1008: 'Policy violation — often an authentication or authorization failure',
  1009: 'Message too big',
  1010: 'Mandatory extension missing (the client expected the server to negotiate an extension)',
  1011: 'Internal server error',
  1012: 'Service restart',
  1013: 'Try again later',
  1014: 'Bad gateway',
  1015: 'TLS handshake failure',
}

export function describeCloseCode(code: number): string {
  const known = KNOWN_CODES[code]
  if (known) return known
  if (code >= 3000 && code <= 3999) return 'Registered for libraries, frameworks and applications (IANA)'
  if (code >= 4000 && code <= 4999) return 'Application-defined (private use)'
  if (code >= 1000 && code <= 2999) return 'Reserved by the WebSocket protocol'
  return 'Not a valid close code'
}

/** RFC 6455 section 5.5: control frame payloads are at most 125 bytes, 2 of which hold the code. */
export const MAX_CLOSE_REASON_BYTES = 123

export type CloseRequest = { code: number; reason: string }

export type CloseValidation = { ok: true; value: CloseRequest } | { ok: false; error: string }

/**
 * The browser's close() throws InvalidAccessError unless the code is 1000 or 3000–4999, and
 * SyntaxError when the reason is over 123 bytes; we check first and answer with a message.
 */
export function validateCloseRequest(code: number, reason: string, reasonByteLength: number): CloseValidation {
  if (!Number.isInteger(code) || (code !== 1000 && (code < 3000 || code > 4999))) {
    return { ok: false, error: `Close code must be 1000 or between 3000 and 4999 (got ${String(code)}).` }
  }
  if (reasonByteLength > MAX_CLOSE_REASON_BYTES) {
    return {
      ok: false,
      error: `Close reason is ${reasonByteLength} bytes in UTF-8; the limit is ${MAX_CLOSE_REASON_BYTES}.`,
    }
  }
  return { ok: true, value: { code, reason } }
}
