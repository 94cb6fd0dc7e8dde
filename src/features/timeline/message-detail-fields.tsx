import type { MessageDetail } from '../../engine/frame.ts'
import { hexDump, prettyJson } from './payload-format.ts'

/** What a Socket.IO event or a Server-Sent Event adds to a message: each argument, or its event fields. Text only. */
export function MessageDetailFields({ detail }: { detail: MessageDetail | undefined }) {
  if (!detail || detail.transport === 'list') return null
  if (detail.transport === 'sse') {
    return (
      <dl className="tl-detail-fields" aria-label="Server-Sent Event" tabIndex={0}>
        <dt>Event</dt>
        <dd className="mono">{detail.event}</dd>
        <dt>Last event id</dt>
        <dd className="mono">{detail.id === '' ? '(none)' : detail.id}</dd>
        {detail.retry !== undefined && (
          <>
            <dt>Retry</dt>
            <dd className="mono">{detail.retry} ms</dd>
          </>
        )}
      </dl>
    )
  }
  return (
    <div className="tl-detail-socketio" aria-label="Socket.IO event">
      <dl className="tl-detail-fields" tabIndex={0}>
        <dt>Event</dt>
        <dd className="mono">{detail.event}</dd>
        {detail.ackId !== undefined && (
          <>
            <dt>Ack</dt>
            <dd>awaited as #{detail.ackId}</dd>
          </>
        )}
        {detail.ackOf !== undefined && (
          <>
            <dt>Ack of</dt>
            <dd>
              emit #{detail.ackOf}, round trip {detail.roundTripMs ?? '?'} ms
            </dd>
          </>
        )}
      </dl>
      {detail.args.length === 0 ? (
        <p className="muted">No arguments.</p>
      ) : (
        <ol className="tl-detail-args">
          {detail.args.map((arg, index) => (
            <li key={index}>
              <span className="muted">
                Argument {index + 1} · {arg.type === 'binary' ? `binary, ${arg.bytes.byteLength} bytes` : 'JSON'}
              </span>
              <pre className={arg.type === 'binary' ? 'tl-detail-body tl-detail-body--hex' : 'tl-detail-body'} tabIndex={0}>
                {arg.type === 'binary' ? hexDump(new Uint8Array(arg.bytes)) : (prettyJson(arg.json) ?? arg.json)}
              </pre>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
