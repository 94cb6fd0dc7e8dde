import './composer.css'

/** Server-Sent Events send nothing after the request: the composer says where the body is. */
export function SseComposerNote() {
  return (
    <div className="composer sse-note">
      <p className="muted">
        Server-Sent Events carry nothing from the client once the stream is open. The method, headers and request body are in the
        connection’s fields above; change them and connect again.
      </p>
    </div>
  )
}
