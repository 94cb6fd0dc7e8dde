import type { ConnectionConfig } from '../engine/runtime/connection-runtime.ts'
import type { Connection, Preferences } from './model.ts'

const pairs = (list: readonly { name: string; value: string }[]) => list.filter((p) => p.name !== '').map((p) => [p.name, p.value] as const)

/**
 * A saved connection as the runtime's config: the spec of its transport. Socket.IO and SSE
 * reconnect by themselves (their transports say so), so the runtime's own retry is off for them.
 */
export function configOf(connection: Connection, preferences: Preferences): ConnectionConfig {
  const config = transportConfigOf(connection, preferences)
  return {
    ...config,
    // The views check frames against these (src/engine/contracts/); absent when there are none.
    ...(connection.schemas && connection.schemas.length > 0 ? { schemas: connection.schemas } : {}),
    // The pair index pairs by these paths instead of the decoder's ids (src/engine/view/pair-paths.ts).
    ...(connection.pairing ? { pairing: connection.pairing } : {}),
  }
}

function transportConfigOf(connection: Connection, preferences: Preferences): ConnectionConfig {
  const transport = connection.transport
  const connectTimeoutMs = preferences.connectTimeoutMs
  switch (transport?.kind) {
    case undefined:
    case 'websocket':
      return {
        spec: {
          transport: 'websocket',
          url: connection.url,
          protocols: connection.protocols,
          // Runner-only: a browser's socket ignores them (the UI says so).
          ...(connection.headers && connection.headers.length > 0 ? { headers: pairs(connection.headers) } : {}),
          connectTimeoutMs,
        },
        autoReconnect: connection.autoReconnect === true,
        decoder: connection.decoder ?? 'auto',
      }
    case 'websocketstream':
      return {
        spec: { transport: 'websocketstream', url: connection.url, protocols: connection.protocols, connectTimeoutMs },
        autoReconnect: connection.autoReconnect === true,
        decoder: connection.decoder ?? 'auto',
      }
    case 'socket.io':
      return {
        spec: {
          transport: 'socket.io',
          url: connection.url,
          namespace: transport.namespace,
          path: transport.path,
          query: pairs(transport.query),
          auth: transport.auth,
          transports: transport.transports,
          ackTimeoutMs: transport.ackTimeoutMs,
          reconnection: transport.reconnection,
          connectTimeoutMs,
        },
        autoReconnect: false,
        decoder: connection.decoder ?? 'auto',
      }
    case 'sse':
      return {
        spec: {
          transport: 'sse',
          url: connection.url,
          method: transport.method,
          headers: pairs(transport.headers),
          query: pairs(transport.query),
          body: transport.body,
          reconnect: transport.reconnect,
          connectTimeoutMs,
        },
        autoReconnect: false,
        decoder: connection.decoder ?? 'auto',
      }
  }
}

