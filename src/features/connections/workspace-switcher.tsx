// Placeholder until the workspace switcher lands.
export function WorkspaceSwitcher() {
  return null
}
