import { describe, expect, it } from 'vitest'
import type { Decoding } from '../../../src/engine/codecs/codec.ts'
import { detectCodec, resolveCodec } from '../../../src/engine/codecs/codecs.ts'
import { engineIoCodec } from '../../../src/engine/codecs/engine-io.ts'
import { graphqlLegacyWsCodec, graphqlTransportWsCodec } from '../../../src/engine/codecs/graphql.ts'
import { jsonRpcCodec } from '../../../src/engine/codecs/json-rpc.ts'
import { signalrCodec } from '../../../src/engine/codecs/signalr.ts'
import { stompCodec } from '../../../src/engine/codecs/stomp.ts'

const summaries = (decoding: Decoding) => (decoding.ok ? decoding.messages.map((m) => m.summary) : `error: ${decoding.error}`)
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer

describe('JSON-RPC 2.0', () => {
  it('names requests, notifications, results, errors and batches, with pair keys', () => {
    expect(summaries(jsonRpcCodec.decode('{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":17}', 'out'))).toEqual(['rpc request #17 subtract'])
    expect(summaries(jsonRpcCodec.decode('{"jsonrpc":"2.0","method":"update","params":[1]}', 'in'))).toEqual(['rpc notification update'])
    expect(summaries(jsonRpcCodec.decode('{"jsonrpc":"2.0","result":19,"id":17}', 'in'))).toEqual(['rpc result #17'])
    expect(summaries(jsonRpcCodec.decode('{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"1"}', 'in'))).toEqual([
      'rpc error #1 -32601 Method not found',
    ])
    const batch = jsonRpcCodec.decode('[{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":"1"},{"jsonrpc":"2.0","method":"notify_hello","params":[7]}]', 'out')
    expect(summaries(batch)).toEqual(['rpc batch of 2: rpc request #1 sum', 'rpc notification notify_hello'])
    const result = jsonRpcCodec.decode('{"jsonrpc":"2.0","result":19,"id":17}', 'in')
    expect(result.ok && result.messages[0]?.pairKey).toBe('rpc:17')
  })

  it('says why a frame is not JSON-RPC', () => {
    expect(summaries(jsonRpcCodec.decode('{"jsonrpc":"1.0","method":"x","id":1}', 'in'))).toBe('error: "jsonrpc" must be "2.0"')
    expect(summaries(jsonRpcCodec.decode('[]', 'in'))).toBe('error: an empty batch is not a valid JSON-RPC message')
    expect(summaries(jsonRpcCodec.decode('[{"jsonrpc":"2.0","result":1,"id":1}, 5]', 'in'))).toBe('error: batch item 2: a JSON-RPC message is an object')
    expect(summaries(jsonRpcCodec.decode('{"jsonrpc":', 'in'))).toMatch(/^error: not JSON/)
    expect(summaries(jsonRpcCodec.decode(bytes('{"jsonrpc":"2.0","result":[],"id":3}'), 'in'))).toEqual(['rpc result #3'])
  })
})

describe('GraphQL over WebSocket', () => {
  it('graphql-transport-ws: operations by id and name', () => {
    expect(summaries(graphqlTransportWsCodec.decode('{"type":"connection_init","payload":{}}', 'out'))).toEqual(['graphql connection_init'])
    expect(
      summaries(graphqlTransportWsCodec.decode('{"id":"3","type":"subscribe","payload":{"query":"subscription OnPrice { price }"}}', 'out')),
    ).toEqual(['graphql subscribe #3 subscription OnPrice'])
    expect(summaries(graphqlTransportWsCodec.decode('{"id":"3","type":"next","payload":{"data":{"price":1}}}', 'in'))).toEqual(['graphql next #3'])
    expect(summaries(graphqlTransportWsCodec.decode('{"id":"3","type":"error","payload":[{"message":"bad"}]}', 'in'))).toEqual(['graphql error #3 (1 error)'])
    expect(summaries(graphqlTransportWsCodec.decode('{"type":"next","payload":{}}', 'in'))).toBe('error: "next" needs an "id"')
    expect(summaries(graphqlTransportWsCodec.decode('{"type":"data","id":"1"}', 'in'))).toBe('error: unknown message type "data"')
  })

  it('legacy graphql-ws (subscriptions-transport-ws): start, data, ka', () => {
    expect(summaries(graphqlLegacyWsCodec.decode('{"id":"1","type":"start","payload":{"query":"{ hello }"}}', 'out'))).toEqual(['graphql start #1 query'])
    expect(summaries(graphqlLegacyWsCodec.decode('{"id":"1","type":"data","payload":{"data":{"hello":"world"}}}', 'in'))).toEqual(['graphql data #1'])
    expect(summaries(graphqlLegacyWsCodec.decode('{"type":"ka"}', 'in'))).toEqual(['graphql ka'])
  })
})

describe('STOMP 1.2', () => {
  it('decodes frames byte-exact: command, escaped headers, body up to the NUL', () => {
    const message = 'MESSAGE\nsubscription:sub-0\nmessage-id:007\ndestination:/topic/prices\ncontent-type:application/json\nx-note:a\\cb\\nc\n\n{"price":1.5}\0'
    const decoding = stompCodec.decode(message, 'in')
    expect(summaries(decoding)).toEqual(['STOMP MESSAGE /topic/prices'])
    expect(decoding.ok && decoding.messages[0]?.value).toEqual({
      command: 'MESSAGE',
      headers: { subscription: 'sub-0', 'message-id': '007', destination: '/topic/prices', 'content-type': 'application/json', 'x-note': 'a:b\nc' },
      body: '{"price":1.5}',
    })
  })

  it('takes content-length bodies that contain NUL, several frames per message and heart-beats', () => {
    const withNul = 'SEND\ndestination:/queue/a\ncontent-length:5\n\nab\0cd\0'
    expect(stompCodec.decode(withNul, 'out')).toMatchObject({ ok: true, messages: [{ value: { body: 'ab\0cd' } }] })
    const two = 'RECEIPT\nreceipt-id:77\n\n\0\nMESSAGE\ndestination:/q\n\nhi\0'
    expect(summaries(stompCodec.decode(two, 'in'))).toEqual(['STOMP RECEIPT 77', 'STOMP heart-beat', 'STOMP MESSAGE /q'])
    expect(summaries(stompCodec.decode('\n', 'in'))).toEqual(['STOMP heart-beat'])
    expect(summaries(stompCodec.decode('CONNECTED\r\nversion:1.2\r\nheart-beat:0,0\r\n\r\n\0', 'in'))).toEqual(['STOMP CONNECTED'])
    // CONNECT headers are not escaped: a backslash stays a backslash.
    expect(stompCodec.decode('CONNECT\naccept-version:1.2\nlogin:a\\b\n\n\0', 'out')).toMatchObject({ ok: true, messages: [{ value: { headers: { login: 'a\\b' } } }] })
  })

  it('says why a frame is not STOMP', () => {
    expect(summaries(stompCodec.decode('SEND\ndestination:/a\n\nno terminator', 'out'))).toBe('error: the frame does not end with a NUL byte')
    expect(summaries(stompCodec.decode('HELLO\n\n\0', 'out'))).toBe('error: unknown command "HELLO"')
    expect(summaries(stompCodec.decode('SEND\nbroken header\n\n\0', 'out'))).toBe('error: header line without a colon: "broken header"')
    expect(summaries(stompCodec.decode('SEND\nx:\\t\n\n\0', 'out'))).toBe('error: undefined escape in header "x:\\t"')
    expect(summaries(stompCodec.decode('SEND\ncontent-length:10\n\nab\0', 'out'))).toBe('error: the body is shorter than its content-length (10)')
  })
})

describe('Engine.IO / Socket.IO packets on a plain WebSocket', () => {
  it('reads Engine.IO 4 packets and the Socket.IO packets inside them', () => {
    expect(summaries(engineIoCodec.decode('0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}', 'in'))).toEqual(['engine.io open sid abc'])
    expect(summaries(engineIoCodec.decode('2', 'in'))).toEqual(['engine.io ping'])
    expect(summaries(engineIoCodec.decode('3', 'out'))).toEqual(['engine.io pong'])
    expect(summaries(engineIoCodec.decode('40{"sid":"x"}', 'in'))).toEqual(['socket.io connect {sid}'])
    expect(summaries(engineIoCodec.decode('42["price",{"v":1}]', 'in'))).toEqual(['socket.io event price · 1 arg'])
    expect(summaries(engineIoCodec.decode('42/admin,12["hello","a","b"]', 'out'))).toEqual(['socket.io event hello /admin · 2 args · ack #12'])
    const ack = engineIoCodec.decode('43/admin,12["ok"]', 'in')
    expect(summaries(ack)).toEqual(['socket.io ack #12 /admin'])
    expect(ack.ok && ack.messages[0]?.pairKey).toBe('sio-ack:/admin:12')
    expect(summaries(engineIoCodec.decode('451-["file",{"_placeholder":true,"num":0}]', 'in'))).toEqual(['socket.io event file · 1 arg · 1 binary'])
    expect(summaries(engineIoCodec.decode(new Uint8Array([1, 2, 3]).buffer as ArrayBuffer, 'in'))).toEqual(['socket.io binary attachment · 3 B'])
    // Engine.IO 3: the client pings with "probe" during upgrade.
    expect(summaries(engineIoCodec.decode('2probe', 'out'))).toEqual(['engine.io ping probe'])
  })

  it('says why a packet is malformed', () => {
    expect(summaries(engineIoCodec.decode('9', 'in'))).toBe('error: unknown Engine.IO packet type "9"')
    expect(summaries(engineIoCodec.decode('42{"not":"an array"}', 'in'))).toBe('error: an event carries an array whose first item is the event name')
    expect(summaries(engineIoCodec.decode('42["a",', 'in'))).toMatch(/^error: the packet data is not JSON/)
    expect(summaries(engineIoCodec.decode('45["x"]', 'in'))).toBe('error: a binary packet starts with its attachment count ("1-")')
  })
})

describe('SignalR JSON hub protocol', () => {
  it('splits records on 0x1E and names each', () => {
    const rs = '\u001e'
    expect(summaries(signalrCodec.decode(`{"protocol":"json","version":1}${rs}`, 'out'))).toEqual(['signalr handshake json v1'])
    expect(summaries(signalrCodec.decode(`{}${rs}`, 'in'))).toEqual(['signalr handshake accepted'])
    expect(
      summaries(signalrCodec.decode(`{"type":1,"target":"ReceiveMessage","arguments":["a","b"]}${rs}{"type":6}${rs}`, 'in')),
    ).toEqual(['signalr invocation ReceiveMessage', 'signalr ping'])
    const completion = signalrCodec.decode(`{"type":3,"invocationId":"7","result":42}${rs}`, 'in')
    expect(summaries(completion)).toEqual(['signalr completion #7'])
    expect(completion.ok && completion.messages[0]?.pairKey).toBe('signalr:7')
    expect(summaries(signalrCodec.decode('{"type":1}', 'in'))).toBe('error: a SignalR message ends with the record separator 0x1E')
    expect(summaries(signalrCodec.decode(`{"type":99}${rs}`, 'in'))).toBe('error: unknown message type 99')
  })
})

describe('choosing a codec', () => {
  it('detects from the negotiated subprotocol, then from URL shapes; the user can choose or turn it off', () => {
    expect(detectCodec('graphql-transport-ws', 'ws://x/graphql')?.id).toBe('graphql-transport-ws')
    expect(detectCodec('graphql-ws', 'ws://x/graphql')?.id).toBe('graphql-ws')
    expect(detectCodec('v12.stomp', 'ws://x/')?.id).toBe('stomp')
    expect(detectCodec('', 'ws://x/socket.io/?EIO=4&transport=websocket')?.id).toBe('engine.io')
    expect(detectCodec('', 'wss://x/chathub?id=abc')?.id).toBe('signalr')
    expect(detectCodec('', 'ws://x/plain')).toBeNull()
    expect(resolveCodec('none', 'v12.stomp', 'ws://x/')).toBeNull()
    expect(resolveCodec('json-rpc', '', 'ws://x/')?.id).toBe('json-rpc')
  })
})
