import { parseHex } from '../../engine/payload.ts'
import { transportKindOf, type Connection, type EmitDraft, type PayloadMode } from '../model.ts'

/*
 * "Copy as code": the current connection and message as a snippet for another client, so a user
 * can reproduce what Frameline does in their own code or terminal. Variables are either expanded
 * (secrets only when asked) or left as environment variables of the target language.
 */

export type CodeTarget = 'browser' | 'node' | 'wscat' | 'websocat' | 'socket.io-client' | 'curl'

export const CODE_TARGETS: readonly { id: CodeTarget; label: string; kinds: readonly string[] }[] = [
  { id: 'browser', label: 'Browser JavaScript', kinds: ['websocket', 'websocketstream'] },
  { id: 'node', label: 'Node (built-in WebSocket)', kinds: ['websocket', 'websocketstream'] },
  { id: 'wscat', label: 'wscat', kinds: ['websocket', 'websocketstream'] },
  { id: 'websocat', label: 'websocat', kinds: ['websocket', 'websocketstream'] },
  { id: 'socket.io-client', label: 'socket.io-client', kinds: ['socket.io'] },
  { id: 'curl', label: 'curl -N (Server-Sent Events)', kinds: ['sse'] },
]

export type CodeMessage = { text: string; mode: PayloadMode; emit?: EmitDraft }

export type CodeOptions = {
  /** 'expand': values written in; 'env': every variable read from the environment. */
  variables: 'expand' | 'env'
  values: ReadonlyMap<string, string>
  /** Names of secret variables: read from the environment unless includeSecrets. */
  secrets: ReadonlySet<string>
  includeSecrets?: boolean
}

export type CodeResult = { ok: true; text: string } | { ok: false; error: string }

type Env = 'js' | 'shell'

export function copyAsCode(connection: Connection, message: CodeMessage | null, target: CodeTarget, options: CodeOptions): CodeResult {
  const kind = transportKindOf(connection)
  const entry = CODE_TARGETS.find((item) => item.id === target)
  if (!entry?.kinds.includes(kind)) return { ok: false, error: `${entry?.label ?? target} does not speak ${kind}.` }
  switch (target) {
    case 'browser':
    case 'node':
      return jsWebSocket(connection, message, target, options)
    case 'wscat':
    case 'websocat':
      return shellWebSocket(connection, message, target, options)
    case 'socket.io-client':
      return socketIo(connection, message, options)
    case 'curl':
      return curl(connection, options)
  }
}

/** `{{name}}` → the value, or an environment reference of the target language. */
function substitute(text: string, options: CodeOptions, env: Env): { text: string; dynamic: boolean } {
  let dynamic = false
  const out = text.replace(/\{\{\s*(\$?[A-Za-z_][\w.-]*)((?:\s+[^\s{}]+)*)\s*\}\}/g, (whole, name: string) => {
    if (name.startsWith('$')) return whole
    const secret = options.secrets.has(name)
    if (options.variables === 'expand' && options.values.has(name) && (!secret || options.includeSecrets)) return options.values.get(name) ?? ''
    dynamic = true
    const envName = name.replace(/[^\w]/g, '_').toUpperCase()
    return env === 'js' ? `\${process.env.${envName}}` : `\${${envName}}`
  })
  return { text: out, dynamic }
}

/** A JavaScript string literal; a template literal when it reads environment variables. */
function jsString(text: string, options: CodeOptions): string {
  const { text: substituted, dynamic } = substitute(text, options, 'js')
  if (!dynamic) return JSON.stringify(substituted)
  return `\`${substituted.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{(?!process\.env\.)/g, '\\${')}\``
}

/** A shell word: single quotes, or double quotes when it expands environment variables. */
function shellWord(text: string, options: CodeOptions): string {
  const { text: substituted, dynamic } = substitute(text, options, 'shell')
  if (!dynamic) return `'${substituted.replace(/'/g, `'\\''`)}'`
  return `"${substituted.replace(/(["\\`])/g, '\\$1').replace(/\$(?!\{[A-Z0-9_]+\})/g, '\\$')}"`
}

function jsPayload(message: CodeMessage, options: CodeOptions): CodeResult {
  if (message.mode !== 'binary') return { ok: true, text: jsString(message.text, options) }
  const bytes = parseHex(message.text)
  if (!bytes.ok) return { ok: false, error: `The message is not valid hex: ${bytes.error}` }
  return { ok: true, text: `new Uint8Array([${[...bytes.value].map((byte) => `0x${byte.toString(16).padStart(2, '0')}`).join(', ')}])` }
}

function jsWebSocket(connection: Connection, message: CodeMessage | null, target: 'browser' | 'node', options: CodeOptions): CodeResult {
  const url = jsString(connection.url, options)
  const protocols = connection.protocols.map((protocol) => jsString(protocol, options))
  const headers = target === 'node' ? (connection.headers ?? []).filter((header) => header.name !== '') : []
  const lines: string[] = []
  if (target === 'node') lines.push('// Node 22 or later (Node 20: node --experimental-websocket).')
  if (headers.length > 0) {
    lines.push(`const socket = new WebSocket(${url}, {`, `  protocols: [${protocols.join(', ')}],`, '  headers: {')
    for (const header of headers) lines.push(`    ${JSON.stringify(header.name)}: ${jsString(header.value, options)},`)
    lines.push('  },', '})')
  } else lines.push(`const socket = new WebSocket(${url}${protocols.length > 0 ? `, [${protocols.join(', ')}]` : ''})`)
  if (message) {
    const payload = jsPayload(message, options)
    if (!payload.ok) return payload
    lines.push(`socket.addEventListener('open', () => socket.send(${payload.text}))`)
  }
  lines.push("socket.addEventListener('message', (event) => console.log(event.data))")
  lines.push("socket.addEventListener('close', (event) => console.log('closed', event.code, event.reason))")
  return { ok: true, text: `${lines.join('\n')}\n` }
}

function shellWebSocket(connection: Connection, message: CodeMessage | null, target: 'wscat' | 'websocat', options: CodeOptions): CodeResult {
  if (message?.mode === 'binary') return { ok: false, error: `${target} sends text typed on the terminal; a binary message cannot be copied for it.` }
  const headers = (connection.headers ?? []).filter((header) => header.name !== '').map((header) => `-H ${shellWord(`${header.name}: ${header.value}`, options)}`)
  const url = shellWord(connection.url, options)
  if (target === 'wscat') {
    const protocols = connection.protocols.map((protocol) => `-s ${shellWord(protocol, options)}`)
    const send = message ? [`-x ${shellWord(message.text, options)}`, '-w 5'] : []
    return { ok: true, text: `${['wscat', '-c', url, ...protocols, ...headers, ...send].join(' ')}\n` }
  }
  const protocols = connection.protocols.length > 0 ? [`--protocol ${shellWord(connection.protocols.join(', '), options)}`] : []
  const command = ['websocat', ...protocols, ...headers, url].join(' ')
  return { ok: true, text: `${message ? `printf '%s\\n' ${shellWord(message.text, options)} | ` : ''}${command}\n` }
}

function socketIo(connection: Connection, message: CodeMessage | null, options: CodeOptions): CodeResult {
  const transport = connection.transport
  if (transport?.kind !== 'socket.io') return { ok: false, error: 'Not a Socket.IO connection.' }
  const base = connection.url.replace(/\/+$/, '')
  const namespace = transport.namespace === '/' ? '' : transport.namespace
  const settings: string[] = [`  path: ${JSON.stringify(transport.path)},`, `  transports: ${transport.transports === 'websocket' ? "['websocket']" : "['polling', 'websocket']"},`]
  if (transport.auth.trim() !== '') settings.push(`  auth: JSON.parse(${jsString(transport.auth, options)}),`)
  const query = transport.query.filter((pair) => pair.name !== '')
  if (query.length > 0) settings.push(`  query: { ${query.map((pair) => `${JSON.stringify(pair.name)}: ${jsString(pair.value, options)}`).join(', ')} },`)
  const lines = ["import { io } from 'socket.io-client'", '', `const socket = io(${jsString(`${base}${namespace}`, options)}, {`, ...settings, '})']
  lines.push("socket.onAny((event, ...args) => console.log(event, ...args))")
  if (message?.emit) {
    const args: string[] = []
    for (const arg of message.emit.args) {
      if (arg.type === 'json') args.push(`JSON.parse(${jsString(arg.text, options)})`)
      else if (arg.type === 'text') args.push(jsString(arg.text, options))
      else {
        const bytes = jsPayload({ text: arg.text, mode: 'binary' }, options)
        if (!bytes.ok) return bytes
        args.push(bytes.text)
      }
    }
    const emit = `socket.${message.emit.ack ? `timeout(${message.emit.ackTimeoutMs ?? transport.ackTimeoutMs}).` : ''}emit(${[JSON.stringify(message.emit.event), ...args].join(', ')}${message.emit.ack ? ', (error, ...reply) => console.log(error ?? reply)' : ''})`
    lines.push(`socket.on('connect', () => ${emit})`)
  }
  return { ok: true, text: `${lines.join('\n')}\n` }
}

function curl(connection: Connection, options: CodeOptions): CodeResult {
  const transport = connection.transport
  if (transport?.kind !== 'sse') return { ok: false, error: 'Not a Server-Sent Events connection.' }
  let url = connection.url
  const query = transport.query.filter((pair) => pair.name !== '')
  if (query.length > 0) url += `${url.includes('?') ? '&' : '?'}${query.map((pair) => `${encodeURIComponent(pair.name)}=${pair.value.includes('{{') ? pair.value : encodeURIComponent(pair.value)}`).join('&')}`
  const parts = ['curl', '-N', `-H ${shellWord('Accept: text/event-stream', options)}`]
  for (const header of transport.headers.filter((item) => item.name !== '')) parts.push(`-H ${shellWord(`${header.name}: ${header.value}`, options)}`)
  if (transport.method === 'POST') parts.push('-X POST', `--data-binary ${shellWord(transport.body, options)}`)
  parts.push(shellWord(url, options))
  return { ok: true, text: `${parts.join(' ')}\n` }
}
