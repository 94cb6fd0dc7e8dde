import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import type { Connection } from '../../workspace/model.ts'

// The fields of Socket.IO and SSE connections load with the first such connection shown.
const TransportFieldsFor = lazyNamed(() => import('./transport-fields.tsx'), 'TransportFieldsFor')

/** The options only some kinds have (Socket.IO, Server-Sent Events); nothing for the others. */
export function TransportFields({ connection, active }: { connection: Connection; active: boolean }) {
  const kind = connection.transport?.kind
  if (kind !== 'socket.io' && kind !== 'sse') return null
  return (
    <LazyPart what="the connection's options">
      <TransportFieldsFor connection={connection} active={active} />
    </LazyPart>
  )
}
