// Placeholder until the feature lands.
export function ConnectionHeader({ connectionId }: { connectionId: string }) {
  return <div className="muted">ConnectionHeader {connectionId}</div>
}
