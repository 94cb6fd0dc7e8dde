import { describe, expect, it } from 'vitest'
import { normalizeWebSocketUrl, parseProtocols, validateProtocols } from '../../src/engine/transports/websocket/ws-url.ts'

describe('normalizeWebSocketUrl', () => {
  it.each([
    ['ws://localhost:8080/socket', 'ws://localhost:8080/socket'],
    ['wss://example.com/feed?token=abc', 'wss://example.com/feed?token=abc'],
    ['  ws://127.0.0.1:4173/demo/echo  ', 'ws://127.0.0.1:4173/demo/echo'],
    ['ws://example.com', 'ws://example.com/'],
    ['WS://Example.COM/Path', 'ws://example.com/Path'],
    ['ws://[::1]:9000/x', 'ws://[::1]:9000/x'],
  ])('accepts %s', (input, expected) => {
    expect(normalizeWebSocketUrl(input)).toEqual({ ok: true, url: expected })
  })

  it.each([
    ['http://localhost:3000/ws', 'ws://localhost:3000/ws'],
    ['https://api.example.com/live', 'wss://api.example.com/live'],
    ['HTTPS://api.example.com:8443/live?x=1', 'wss://api.example.com:8443/live?x=1'],
  ])('turns %s into a WebSocket URL', (input, expected) => {
    expect(normalizeWebSocketUrl(input)).toEqual({ ok: true, url: expected })
  })

  it.each([
    ['', 'Enter a URL starting with ws:// or wss://.'],
    ['   ', 'Enter a URL starting with ws:// or wss://.'],
    ['localhost:8080', 'URL must start with ws:// or wss://; did you mean ws://localhost:8080?'],
    ['example.com/socket', 'URL must start with ws:// or wss://; did you mean ws://example.com/socket?'],
    ['ws://exa mple.com/', 'Not a valid URL. Expected something like ws://localhost:8080/socket.'],
    ['ftp://example.com/', 'URL must start with ws:// or wss:// (got ftp://).'],
    ['file:///etc/passwd', 'URL must start with ws:// or wss:// (got file://).'],
    ['ws://example.com/socket#part', 'WebSocket URLs cannot contain a #fragment; remove it.'],
    ['ws://example.com/socket#', 'WebSocket URLs cannot contain a #fragment; remove it.'],
    ['ws://', 'Not a valid URL. Expected something like ws://localhost:8080/socket.'],
  ])('rejects %j with a message', (input, error) => {
    expect(normalizeWebSocketUrl(input)).toEqual({ ok: false, error })
  })
})

describe('parseProtocols', () => {
  it('splits on commas and whitespace and drops empties', () => {
    expect(parseProtocols('graphql-ws, chat.v2')).toEqual(['graphql-ws', 'chat.v2'])
    expect(parseProtocols(' a ,, b\tc\n')).toEqual(['a', 'b', 'c'])
    expect(parseProtocols('')).toEqual([])
    expect(parseProtocols(' , ')).toEqual([])
  })
})

describe('validateProtocols', () => {
  it('accepts RFC 6455 tokens', () => {
    expect(validateProtocols([])).toBeNull()
    expect(validateProtocols(['graphql-transport-ws', 'v1.chat', "x!#$%&'*+-.^_`|~9"])).toBeNull()
  })

  it.each([
    [['a/b'], 'Subprotocol "a/b" has characters a subprotocol cannot contain.'],
    [['chat"'], 'Subprotocol "chat"" has characters a subprotocol cannot contain.'],
    [['é'], 'Subprotocol "é" has characters a subprotocol cannot contain.'],
    [['chat', 'chat'], 'Subprotocol "chat" is listed twice.'],
  ])('rejects %j', (protocols, error) => {
    expect(validateProtocols(protocols)).toBe(error)
  })
})
