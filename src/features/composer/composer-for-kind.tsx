import { transportKindOf } from '../../store/transport-actions.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { ConnectionId } from '../../workspace/model.ts'
import { Composer } from './composer.tsx'
import { SocketIoComposer, SseComposerNote } from './socket-io-composer.tsx'

/** The composer of the connection's kind: WebSocket payloads, Socket.IO emits, or none for SSE. */
export function ComposerForKind({ connectionId }: { connectionId: ConnectionId }) {
  const kind = useWorkspaceStore((state) => {
    const connection = selectConnection(state, connectionId)
    return connection ? transportKindOf(connection) : 'websocket'
  })
  if (kind === 'socket.io') return <SocketIoComposer key={`${connectionId}-sio`} connectionId={connectionId} />
  if (kind === 'sse') return <SseComposerNote />
  return <Composer key={`${connectionId}-ws`} connectionId={connectionId} />
}
