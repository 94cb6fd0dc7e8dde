// Placeholder until the feature lands.
export function Timeline({ connectionId }: { connectionId: string }) {
  return <div className="muted">Timeline {connectionId}</div>
}
