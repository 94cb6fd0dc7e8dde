// Placeholder until the editor feature lands.
export function PayloadEditor() {
  return null
}
