/** A thrown value as one line for a message: the Error's message, else its name, else String(). */
export function describeError(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name
  // A DOMException is not an Error subclass in every environment (older jsdom, some workers).
  if (typeof DOMException !== 'undefined' && thrown instanceof DOMException) return thrown.message || thrown.name
  return String(thrown)
}
