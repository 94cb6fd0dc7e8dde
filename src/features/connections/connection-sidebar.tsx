// Placeholder until the feature lands.
export function ConnectionSidebar() {
  return <div className="muted">ConnectionSidebar {''}</div>
}
