// Placeholder until the storage feature lands.
export function StorageBanner() {
  return null
}
