// Placeholder until the import/export feature lands.
export function WorkspaceMenu() {
  return null
}
