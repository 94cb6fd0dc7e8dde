import { transportKindOf } from '../../store/transport-actions.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { ConnectionId } from '../../workspace/model.ts'
import { Composer } from './composer.tsx'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import { SseComposerNote } from './sse-composer-note.tsx'

// Only Socket.IO connections need it: loaded when one is first shown.
const SocketIoComposer = lazyNamed(() => import('./socket-io-composer.tsx'), 'SocketIoComposer')

/** The composer of the connection's kind: WebSocket payloads, Socket.IO emits, or none for SSE. */
export function ComposerForKind({ connectionId }: { connectionId: ConnectionId }) {
  const kind = useWorkspaceStore((state) => {
    const connection = selectConnection(state, connectionId)
    return connection ? transportKindOf(connection) : 'websocket'
  })
  if (kind === 'socket.io')
    return (
      <LazyPart what="the Socket.IO composer">
        <SocketIoComposer key={`${connectionId}-sio`} connectionId={connectionId} />
      </LazyPart>
    )
  if (kind === 'sse') return <SseComposerNote />
  return <Composer key={`${connectionId}-ws`} connectionId={connectionId} />
}
