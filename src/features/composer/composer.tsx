// Placeholder until the feature lands.
export function Composer({ connectionId }: { connectionId: string }) {
  return <div className="muted">Composer {connectionId}</div>
}
