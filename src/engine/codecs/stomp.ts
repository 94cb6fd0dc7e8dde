import { codecLabel, codecSubprotocols } from './catalog.ts'
import { decoded, failed, payloadText, type Codec, type DecodedMessage } from './codec.ts'

// https://stomp.github.io/stomp-specification-1.2.html
const COMMANDS = new Set([
  'CONNECT', 'STOMP', 'CONNECTED', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT',
  'MESSAGE', 'RECEIPT', 'ERROR',
])

/** Header values are escaped in every frame but CONNECT and CONNECTED (spec: "Value Encoding"). */
function unescapeHeader(value: string): string | null {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const char = value[i]
    if (char !== '\\') {
      out += char
      continue
    }
    const next = value[i + 1]
    i += 1
    if (next === 'r') out += '\r'
    else if (next === 'n') out += '\n'
    else if (next === 'c') out += ':'
    else if (next === '\\') out += '\\'
    else return null
  }
  return out
}

type Parsed = { message: DecodedMessage; rest: string } | { error: string }

function parseFrame(text: string): Parsed {
  const blank = /\r?\n\r?\n/.exec(text)
  if (!blank) return { error: 'no blank line after the headers' }
  const head = text.slice(0, blank.index).split(/\r?\n/)
  const command = head[0] ?? ''
  if (!COMMANDS.has(command)) return { error: `unknown command "${command.slice(0, 40)}"` }
  const escaped = command !== 'CONNECT' && command !== 'CONNECTED'
  const headers: [string, string][] = []
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':')
    if (colon < 0) return { error: `header line without a colon: "${line.slice(0, 60)}"` }
    const name = escaped ? unescapeHeader(line.slice(0, colon)) : line.slice(0, colon)
    const value = escaped ? unescapeHeader(line.slice(colon + 1)) : line.slice(colon + 1)
    if (name === null || value === null) return { error: `undefined escape in header "${line.slice(0, 60)}"` }
    headers.push([name, value])
  }
  const bodyStart = blank.index + blank[0].length
  // Repeated headers: the first one counts (spec: "Repeated Header Entries").
  const header = (name: string) => headers.find(([key]) => key === name)?.[1]
  const lengthHeader = header('content-length')
  let bodyEnd: number
  if (lengthHeader !== undefined) {
    const length = Number(lengthHeader)
    if (!Number.isInteger(length) || length < 0) return { error: `content-length "${lengthHeader}" is not a byte count` }
    // content-length counts UTF-8 octets: walk characters until that many bytes are covered.
    let bytes = 0
    bodyEnd = bodyStart
    while (bodyEnd < text.length && bytes < length) {
      const code = text.charCodeAt(bodyEnd)
      const pair = code >= 0xd800 && code <= 0xdbff && bodyEnd + 1 < text.length
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3
      bodyEnd += pair ? 2 : 1
    }
    if (bytes < length) return { error: `the body is shorter than its content-length (${length})` }
    if (text[bodyEnd] !== '\0') return { error: 'no NUL after the body of the given content-length' }
  } else {
    bodyEnd = text.indexOf('\0', bodyStart)
    if (bodyEnd < 0) return { error: 'the frame does not end with a NUL byte' }
  }
  const body = text.slice(bodyStart, bodyEnd)
  const target = header('destination') ?? header('receipt-id') ?? header('message') ?? header('id') ?? ''
  const summary = `STOMP ${command}${target ? ` ${target}` : ''}`
  const receipt = header('receipt')
  const receiptId = header('receipt-id')
  const pairKey = receipt !== undefined ? `stomp-receipt:${receipt}` : receiptId !== undefined ? `stomp-receipt:${receiptId}` : undefined
  return {
    message: {
      type: command,
      summary,
      value: { command, headers: Object.fromEntries(headers.map(([k, v]) => [k, v])), body },
      // A frame asking for a receipt opens a pair; the RECEIPT answers it.
      ...(pairKey ? { pairKey, role: command === 'RECEIPT' ? ('reply' as const) : ('request' as const) } : {}),
    },
    rest: text.slice(bodyEnd + 1),
  }
}

/**
 * STOMP 1.2 over WebSocket: one or more frames per message, each ending in NUL; a bare end of line
 * is a heart-beat. The body is shown as it was sent, NUL excluded.
 */
export const stompCodec: Codec = {
  id: 'stomp',
  label: codecLabel('stomp'),
  subprotocols: codecSubprotocols('stomp'),
  decode(payload) {
    let text = payloadText(payload)
    const messages: DecodedMessage[] = []
    while (text.length > 0) {
      const beat = /^(\r?\n)+/.exec(text)
      if (beat) {
        messages.push({ type: 'heart-beat', summary: 'STOMP heart-beat', value: { heartBeat: true } })
        text = text.slice(beat[0].length)
        continue
      }
      const parsed = parseFrame(text)
      if ('error' in parsed) return failed('stomp', messages.length > 0 ? `frame ${messages.length + 1}: ${parsed.error}` : parsed.error)
      messages.push(parsed.message)
      text = parsed.rest
    }
    if (messages.length === 0) return failed('stomp', 'an empty message is not a STOMP frame')
    return decoded('stomp', messages)
  },
}
