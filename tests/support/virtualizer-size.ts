/**
 * jsdom does no layout: every element measures 0×0, so a virtual list computes an empty viewport
 * (TanStack/virtual#641; getsentry/sentry#119595 mocks offsetWidth/offsetHeight for the same
 * reason). This gives every element the same size until `restore()` runs.
 */
export function mockElementSize(size: { width: number; height: number }): () => void {
  const properties = {
    clientWidth: size.width,
    clientHeight: size.height,
    offsetWidth: size.width,
    offsetHeight: size.height,
  } as const
  const originals = new Map<string, PropertyDescriptor | undefined>()
  for (const [name, value] of Object.entries(properties)) {
    originals.set(name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name))
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value })
  }
  const originalRect = Element.prototype.getBoundingClientRect
  Element.prototype.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: size.width, height: size.height })
  return () => {
    for (const [name, descriptor] of originals) {
      if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor)
      else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name]
    }
    Element.prototype.getBoundingClientRect = originalRect
  }
}
